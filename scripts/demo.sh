#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: two switches, three "VMs" (network namespaces), the host.
#
#   private switch xswdemo-priv      internal switch xswdemo-int
#   +-----------+-----------+        +-----------+-----------+
#   | port vm1  | port vm2  |        | port vm3  | port host |
#   +-----|-----+-----|-----+        +-----|-----+-----|-----+
#        vm1         vm2                  vm3     host vNIC "xswdemo-int"
#      .0.1        .0.2                 .0.3     .0.254 (root namespace)
#
# All in 169.254.100.0/24 (link-local: nothing leaves this machine). The
# host shares the subnet with vm1 and vm2 yet cannot reach them: it has no
# port on the private switch.
set -u
cd "$(dirname "$0")/.." || exit 1
XSWCTL=./build/xswctl
NET=169.254.100

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

cleanup()
{
	$XSWCTL switch del xswdemo-priv 2>/dev/null
	$XSWCTL switch del xswdemo-int 2>/dev/null
	for vm in vm1 vm2 vm3; do
		ip netns del "xswdemo-$vm" 2>/dev/null
		ip link del "xswdemo-$vm" 2>/dev/null
	done
	return 0
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "demo: run as root"; exit 1; }
cleanup

vm()	# vm NAME ADDR: a namespace behind a veth; xswdemo-NAME is its switch end
{
	ip netns add "xswdemo-$1"
	ip link add "xswdemo-$1" type veth peer name eth0 netns "xswdemo-$1"
	ip -n "xswdemo-$1" addr add "$2/24" dev eth0
	ip -n "xswdemo-$1" link set eth0 up
}

step "Three VMs: network namespaces xswdemo-vm1..3"
vm vm1 $NET.1
vm vm2 $NET.2
vm vm3 $NET.3

step "A private switch for vm1 (tc mode) and vm2 (xdp mode)"
run $XSWCTL switch add xswdemo-priv type private || exit 1
run $XSWCTL port add xswdemo-priv vm1 dev xswdemo-vm1 || exit 1
run $XSWCTL port add xswdemo-priv vm2 dev xswdemo-vm2 mode xdp || exit 1

step "An internal switch for vm3 and the host"
run $XSWCTL switch add xswdemo-int type internal || exit 1
run $XSWCTL port add xswdemo-int vm3 dev xswdemo-vm3 || exit 1
run ip addr add $NET.254/24 dev xswdemo-int

step "vm1 pings vm2 across the private switch"
run ip netns exec xswdemo-vm1 ping -c 3 -i 0.2 $NET.2
step "The host pings vm3 across the internal switch"
run ping -c 3 -i 0.2 -I xswdemo-int $NET.3
step "The host cannot reach vm1: it has no port on the private switch"
run ping -c 2 -i 0.2 -W 1 -I xswdemo-int $NET.1 && echo "unexpected: reached vm1"

step "State"
run $XSWCTL switch show
run $XSWCTL port show xswdemo-priv
run $XSWCTL fdb show xswdemo-priv
run $XSWCTL stats show xswdemo-priv
run $XSWCTL -p port show xswdemo-int host

step "Cleaning up: switch del removes ports, host vNIC, programs and pins"
cleanup
run ls /sys/fs/bpf/xsw
