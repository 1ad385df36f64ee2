#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SR-IOV with real PCI VFs: QEMU's igb (an 82576 with 7 VFs), in a guest of
# the kernel tier's kind (selftests/kernel/run.sh) booted from Debian's
# kernel, on a QEMU from bookworm-backports (vm_qemu_new: Debian 12's QEMU
# has no igb). The VFs are igbvf netdevs. An external switch with iov on is
# made on the PF; vm1's port takes a VF with its MAC and VLAN, and the FDB
# sends its MAC to the uplink. With xswd, the VF taken from the port (its
# driver unbound, the PF's VFs removed) and given back. (No traffic through a
# VF is asserted, so a VM bonding its VF with its port is not shown: igbvf
# never completes its reset, "PF still in reset state". QEMU's emulated VF
# reset (igb_vf_reset in QEMU 10.0's hw/net/igb_core.c) only tells the PF
# (VFLRE), and only a PF reset sets the RSTD bit igbvf waits for, even with
# the VF bound after the PF is up. Without VFs the PF passes traffic.)
#
#  guest: PF (igb, on a QEMU hub)
#         switch $PFX-sw: uplink PF (iov on), port vm1: veth to vm1

ALL_TESTS="igb_vfs igb_assign igb_failover"

source "$(dirname "$0")/../net/lib.sh"

if [ -z "${XSW_KERNEL_TIER:-}" ]; then
	# the host: a QEMU with igb, then this script in a guest with one
	source "$(dirname "$0")/lib.sh"
	vm_kernel && vm_qemu_new || { echo "0 passed, 1 failed"; exit 1; }
	KERNEL_QEMU=$VM_QEMU KERNEL_QEMU_ARGS="-M q35 -device pcie-root-port,id=rp1,slot=1
		-netdev hubport,id=w0,hubid=0 -device igb,bus=rp1,netdev=w0,romfile=" \
		KERNEL_MODULES="igb igbvf" KERNEL_TIMEOUT=900 KERNEL_CPUS=1 \
		KERNEL_CMD=selftests/vm/igb.sh exec "$(dirname "$0")/../kernel/run.sh"
fi

require_cmd ip jq
SW=$PFX-sw
MAC1=02:00:00:00:09:01
# the NICs by driver
nic_of() { basename "$(dirname "$(dirname "$(grep -l "^DRIVER=$1$" /sys/class/net/*/device/uevent | head -1)")")"; }
PF=$(nic_of igb)
[ -n "$PF" ] || { echo "FAIL: no igb NIC"; exit 1; }

# until CMD... succeeds, for at most 10 s
wait_for() { for _ in $(seq 100); do "$@" && return 0; sleep 0.1; done; return 1; }
# the netdev of VF $1 in this namespace
vf_dev() { ls "/sys/class/net/$PF/device/virtfn$1/net/" 2>/dev/null | head -1; }
has_vf() { [ -n "$(vf_dev "$1")" ]; }
iov_is() { [ "$(jqx '.[0].iov | "\(.state) \(.vf)"' port show "$SW" vm1)" = "$1" ]; }
steered() { jqx '.[] | select(.iov) | "\(.mac) \(.vlan) \(.port) \(.iov)"' fdb show "$SW"; }

igb_vfs()
{
	# VFs before the PF is up: igb tells them the PF is ready (PFRSTD) when
	# it opens with VFs
	ip link set "$PF" down && xsw vf numvfs "$PF" 2 && ip link set "$PF" up &&
		wait_for has_vf 0 && wait_for has_vf 1
	check_err $? "igb made no VF netdevs: VF 0 \"$(vf_dev 0)\", VF 1 \"$(vf_dev 1)\""
	[ "$(jqx length vf show "$PF")" = 2 ]
	check_err $? "vf show: $(xsw -j vf show "$PF")"
	log_test "igb: numvfs 2 makes 2 PCI VFs with igbvf netdevs"
}

# the VF carries the port's MAC and VLAN; the FDB sends the MAC to it
igb_assign()
{
	vm_add vm1 10.9.0.1/24 $MAC1
	xsw switch add "$SW" type external uplink "$PF" mode tc host off iov on &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" &&
		xsw port set "$SW" vm1 mac $MAC1 vlan access 10 iov weight 50
	check_err $? "cannot make the switch and vm1's port"
	ip link show "$PF" | grep -Eq "vf 0 .*link/ether $MAC1 .*vlan 10," &&
		[ "$(steered)" = "$MAC1 10 uplink vm1" ]
	check_err $? "VF 0: $(ip link show "$PF" | grep 'vf 0'), FDB: $(steered)"
	xsw port set "$SW" vm1 vlan untagged
	iov_is "assigned 0" && ip link show "$PF" | grep "vf 0 " | grep -q "link/ether $MAC1" &&
		! ip link show "$PF" | grep "vf 0 " | grep -q vlan && [ "$(steered)" = "$MAC1 0 uplink vm1" ]
	check_err $? "vm1 untagged: $(jqx '.[0].iov' port show "$SW" vm1), $(ip link show "$PF" | grep 'vf 0'), FDB: $(steered)"
	log_test "iov weight on igb: the VF takes the port's MAC and VLAN, the FDB sends the MAC to it"
}

# xswd: the VFs' driver unbound, then the PF's VFs removed: the port moves
# to a VF that works, or with none gives its VF back; the VFs back, it takes
# one again
igb_failover()
{
	local xswd_pid pci0 pci1
	"$(dirname "$XSWCTL")/xswd" >"/tmp/$PFX-xswd.log" 2>&1 &
	xswd_pid=$!
	wait_for test -S /run/xsw/xswd.sock
	pci0=$(basename "$(readlink "/sys/class/net/$PF/device/virtfn0")")
	pci1=$(basename "$(readlink "/sys/class/net/$PF/device/virtfn1")")
	echo "$pci0" >/sys/bus/pci/drivers/igbvf/unbind
	wait_for iov_is "assigned 1"
	check_err $? "VF 0 without a driver: vm1 $(jqx '.[0].iov' port show "$SW" vm1), not on VF 1"
	echo "$pci1" >/sys/bus/pci/drivers/igbvf/unbind
	wait_for iov_is "waiting null" && [ -z "$(steered)" ]
	check_err $? "no VF with a driver: vm1 $(jqx '.[0].iov' port show "$SW" vm1), FDB $(steered)"
	echo "$pci0" >/sys/bus/pci/drivers/igbvf/bind && echo "$pci1" >/sys/bus/pci/drivers/igbvf/bind
	wait_for iov_is "assigned 0" && [ "$(steered)" = "$MAC1 0 uplink vm1" ]
	check_err $? "VFs bound again: vm1 $(jqx '.[0].iov' port show "$SW" vm1), FDB $(steered)"
	xsw vf numvfs "$PF" 0
	wait_for iov_is "waiting null"
	check_err $? "VFs removed: vm1 $(jqx '.[0].iov' port show "$SW" vm1)"
	xsw vf numvfs "$PF" 2
	wait_for iov_is "assigned 0" && ip link show "$PF" | grep "vf 0 " | grep -q "link/ether $MAC1"
	check_err $? "VFs back: vm1 $(jqx '.[0].iov' port show "$SW" vm1), $(ip link show "$PF" | grep 'vf 0')"
	kill "$xswd_pid"
	wait "$xswd_pid" 2>/dev/null
	grep -q 'revoked.*no driver holds it' "/tmp/$PFX-xswd.log"
	check_err $? "xswd did not log why: $(grep iov "/tmp/$PFX-xswd.log")"
	rm -f "/tmp/$PFX-xswd.log"
	log_test "xswd on igb: a VF unbound or removed goes back, the port moves or waits, the VF comes back"
}

run_tests
