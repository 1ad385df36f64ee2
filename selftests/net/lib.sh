#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for the netns end-to-end tests, after the kernel's
# selftests/net/forwarding/lib.sh: RET/check_err/log_test, unique names,
# a "VM" is a network namespace behind a veth whose root end is a port.

XSWCTL=${XSWCTL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/xswctl}
PFX=${PFX:-x$(($$ % 100000))}		# unique per run: namespaces, devices, switches
# every change autosaves the configuration: to a file of the run, not /etc
export XSW_CONF=${XSW_CONF:-/tmp/$PFX-xsw.conf}
RET=0
PASSED=0
FAILED=0
NETNS=()
SYSCTL_RESTORE=()

require_cmd()
{
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null ||
			{ echo "FAIL: missing prerequisite: $cmd (run make deps)"; exit 1; }
	done
	[ -x "$XSWCTL" ] || { echo "FAIL: missing prerequisite: $XSWCTL (run make)"; exit 1; }
	[ "$(id -u)" -eq 0 ] || { echo "FAIL: the netns tests need root"; exit 1; }
}

check_err()
{
	if [ "$RET" -eq 0 ] && [ "$1" -ne 0 ]; then
		RET=$1
		retmsg=$2
	fi
}

check_fail()
{
	if [ "$RET" -eq 0 ] && [ "$1" -eq 0 ]; then
		RET=1
		retmsg=$2
	fi
}

log_test()
{
	if [ "$RET" -ne 0 ]; then
		printf "TEST: %-60s [FAIL]\n\t%s\n" "$1" "$retmsg"
		FAILED=$((FAILED + 1))
	else
		printf "TEST: %-60s [ OK ]\n" "$1"
		PASSED=$((PASSED + 1))
	fi
	RET=0
}

xsw() { "$XSWCTL" "$@"; }

# expect_err WHAT TEXT xswctl-args...: the command fails with one line that
# contains TEXT; the RUN array, if set, wraps the command
expect_err()
{
	local what=$1 pat=$2 out rc
	shift 2
	out=$("${RUN[@]}" "$XSWCTL" "$@" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && [[ "$out" == *"$pat"* ]]
	check_err $? "$what: rc=$rc output: $out"
}

# vm_add NAME ADDR/PREFIX [MAC]: namespace $PFX-NAME with eth0 = ADDR; the
# root end of its veth is $PFX$NAME, ready to be a switch port.
vm_add()
{
	local ns=$PFX-$1 dev=$PFX$1
	ip netns add "$ns"
	NETNS+=("$ns")
	# no IPv6 autoconfiguration chatter: a VM is silent unless a test talks
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link add "$dev" type veth peer name eth0 netns "$ns"
	[ -n "$3" ] && ip -n "$ns" link set eth0 address "$3"
	ip -n "$ns" addr add "$2" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$ns" link set lo up
}

vm_exec() { local vm=$1; shift; ip netns exec "$PFX-$vm" "$@"; }

# iperf3_server VM PORT [ ARGS ]: a one-test iperf3 server in VM, once it
# listens (a slow machine's client would else find the port closed)
iperf3_server()
{
	local vm=$1 port=$2
	shift 2
	vm_exec "$vm" iperf3 -s -1 -D -p "$port" "$@" >/dev/null 2>&1 || return 1
	for _ in $(seq 100); do
		[ -n "$(vm_exec "$vm" ss -Hltn "sport = :$port")" ] && return 0
		sleep 0.1
	done
	return 1
}
# sockbuf_max BYTES: lets a socket ask for BYTES of buffer (iperf3 -w fails
# above net.core.{r,w}mem_max: 208 KB on a stock kernel); cleanup restores
sockbuf_max()
{
	local k v
	for k in net.core.rmem_max net.core.wmem_max; do
		v=$(sysctl -n "$k")
		[ "$v" -ge "$1" ] && continue
		SYSCTL_RESTORE+=("$k=$v")
		sysctl -qw "$k=$1"
	done
}
vm_mac() { ip -n "$PFX-$1" -j link show eth0 | jq -r '.[0].address'; }

# ns_add NAME: a bare namespace (the "host" or "physical network" side)
ns_add()
{
	ip netns add "$PFX-$1"
	NETNS+=("$PFX-$1")
	ip netns exec "$PFX-$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$PFX-$1" link set lo up
}

# wait_for SECONDS CMD...: runs CMD every 0.1 s until it succeeds or SECONDS
# pass (a slow guest may take a while to switch what a VM sent); CMD's status
wait_for()
{
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

ping_ok() { vm_exec "$1" ping -c "${3:-2}" -i 0.2 -W 1 "$2" >/dev/null 2>&1; }

# the number of programs on device $1 through tcx, which tc does not list
tcx_count() { python3 "$(dirname "${BASH_SOURCE[0]}")/tcx_count.py" "$1"; }

# no XDP or xsw TC program left on device $1 (root namespace)
dev_clean()
{
	ip -d link show dev "$1" 2>/dev/null | grep -q 'prog/xdp' && return 1
	tc filter show dev "$1" ingress 2>/dev/null | grep -q xsw_tc_rx && return 1
	tc filter show dev "$1" egress 2>/dev/null | grep -q xsw_tc_tx && return 1
	[ "$(tcx_count "$1")" -eq 0 ]
}

# capture_count VM FILTER cmd...: how many frames matching FILTER VM's eth0
# receives while cmd runs
capture_count()
{
	local vm=$1 filter=$2 pcap
	pcap=$(mktemp)
	shift 2
	vm_exec "$vm" timeout 5 tcpdump -i eth0 -nn --immediate-mode -U -w "$pcap" "$filter" 2>/dev/null &
	sleep 1
	"$@" >/dev/null 2>&1
	sleep 0.5
	kill %% 2>/dev/null; wait 2>/dev/null
	tcpdump -nn -r "$pcap" 2>/dev/null | wc -l
	rm -f "$pcap"
}

# JSON field of xswctl output: jqx FILTER xswctl-args...
jqx() { local f=$1; shift; xsw -j "$@" | jq -r "$f"; }

cleanup()
{
	local sw ns
	for sw in $(xsw -j switch show 2>/dev/null | jq -r '.[].switch' | grep "^$PFX"); do
		xsw switch del "$sw"
	done
	for ns in "${NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$PFX" |
		while read -r dev; do ip link del "$dev" 2>/dev/null; done
	rm -f "$XSW_CONF"
	[ ${#SYSCTL_RESTORE[@]} -eq 0 ] || sysctl -qw "${SYSCTL_RESTORE[@]}"
	return 0
}

run_tests()
{
	local t
	trap cleanup EXIT
	for t in ${TESTS:-$ALL_TESTS}; do
		$t
	done
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
