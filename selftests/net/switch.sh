#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of the learning switch, driving the real xswctl and real
# traffic between network namespaces.
#
#  private switch $PFX-p        internal switch $PFX-i      external switch $PFX-e
#  +--------+--------+--------+  +--------+--------+          +--------+--------+
#  | vm1    | vm2    | vm3    |  | vm4    | host   |          | vm5    | uplink |
#  +--|-----+--|-----+--|-----+  +--|-----+--|-----+          +--|-----+--|-----+
#     |        |        |           |        | host vNIC         |        |
#   [vm1]    [vm2]    [vm3]       [vm4]    [host ns]           [vm5]   [phys ns]
#  10.1.0.1 .2       .3          10.1.0.4  10.1.0.254         10.2.0.5  10.2.0.100
#
# vm1-3 and the host vNIC share a subnet on purpose: the host reaches vm4 on
# the internal switch and must not reach vm1-3 on the private one.

ALL_TESTS="private_ping private_host_isolated running_flow internal_host external_uplink
	external_host fdb_learning unknown_unicast_flood vlan_tagged static_fdb
	ageing lifecycle_steps iperf_modes port_del switch_del_clean max_ports bad_input
	concurrent_ports device_gone"

source "$(dirname "$0")/lib.sh"
require_cmd ip tc jq ping iperf3 tcpdump mausezahn ethtool setpriv unshare

SWP=${PFX}p
SWI=${PFX}i
SWE=${PFX}e

setup_private()
{
	vm_add vm1 10.1.0.1/24
	vm_add vm2 10.1.0.2/24
	vm_add vm3 10.1.0.3/24
	xsw switch add "$SWP" type private &&
	xsw port add "$SWP" vm1 dev "${PFX}vm1" &&
	xsw port add "$SWP" vm2 dev "${PFX}vm2" mode xdp &&
	xsw port add "$SWP" vm3 dev "${PFX}vm3"
}

private_ping()
{
	setup_private
	check_err $? "cannot build the private switch"
	ping_ok vm1 10.1.0.2 && ping_ok vm1 10.1.0.3 && ping_ok vm2 10.1.0.3
	check_err $? "VMs on the private switch cannot ping each other"
	log_test "private switch: three VMs ping each other (tc and xdp ports)"
}

private_host_isolated()
{
	local ports
	ports=$(jqx '.[0].ports | join(" ")' switch show "$SWP")
	[ "$ports" = "vm1 vm2 vm3" ]
	check_err $? "private switch has ports \"$ports\", expected only the VMs"
	ip link show "$SWP" >/dev/null 2>&1
	check_fail $? "a private switch must not have a host vNIC"
	log_test "private switch: no host vNIC, only VM ports"
}

port_tx() { jqx ".[] | select(.port == \"$1\") | .stats.tx_packets" port show "$SWP"; }
# frames port $1 sends to its VM in the next 0.3 s
tx_in_window() { local a; a=$(port_tx "$1"); sleep 0.3; echo $(($(port_tx "$1") - a)); }

# a change made while a flow runs applies to its next frames: vm2's XDP
# program sends the flow to vm3 by its fast path (a memoized
# unicast), which every change xswctl makes ends
running_flow()
{
	local pid n
	# one way (replies would take each CPU's memo in turn), to an address
	# vm3 does not have, so that vm3 sends nothing the switch could learn
	# (ip netns exec becomes mausezahn: $! is the sender itself)
	ip netns exec "$PFX-vm2" mausezahn eth0 -q -c 0 -d 2msec -b "$(vm_mac vm3)" -A 10.1.0.2 \
		-B 10.1.0.99 -t udp "sp=4343,dp=4343" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	n=$(tx_in_window vm3)
	[ "$n" -gt 20 ]
	check_err $? "vm3 got $n frames in 0.3 s of a frame every 2 ms"
	# (a frame the switch took while the command changed the maps may
	# still count: 2 at most, one on each CPU)
	xsw port set "$SWP" vm3 vlan access 10 && n=$(tx_in_window vm3) && [ "$n" -le 2 ]
	check_err $? "vm3 in VLAN 10 still got $n frames of untagged vm2's flow"
	xsw port set "$SWP" vm3 vlan untagged && n=$(tx_in_window vm3) && [ "$n" -gt 20 ]
	check_err $? "vm3 untagged again got $n frames"
	# the source's policy: a MAC that is not the one vm2 sends from
	xsw port set "$SWP" vm2 mac 02:00:00:00:99:99 && n=$(tx_in_window vm3) && [ "$n" -le 2 ]
	check_err $? "vm3 got $n frames from vm2 sending from another MAC than its own"
	xsw port set "$SWP" vm2 mac-spoofing on && n=$(tx_in_window vm3) && [ "$n" -gt 20 ]
	check_err $? "vm3 got $n frames with mac-spoofing on at vm2"
	# a change to a policy the port already has
	xsw port set "$SWP" vm2 mac-spoofing off && n=$(tx_in_window vm3) && [ "$n" -le 2 ]
	check_err $? "vm3 got $n frames from vm2 after mac-spoofing off at vm2"
	# vm2 sends from its own MAC again for the tests after this one
	xsw port set "$SWP" vm2 mac-spoofing on && n=$(tx_in_window vm3) && [ "$n" -gt 20 ]
	check_err $? "vm3 got $n frames with mac-spoofing on at vm2 again"
	kill "$pid"
	wait "$pid" 2>/dev/null
	log_test "a flow running through an xdp port: port set applies to its next frames"
}

internal_host()
{
	vm_add vm4 10.1.0.4/24
	ns_add host
	xsw switch add "$SWI" type internal && xsw port add "$SWI" vm4 dev "${PFX}vm4"
	check_err $? "cannot build the internal switch"
	# the host's stack: its vNIC moved into a namespace we own
	ip link set "$SWI" netns "$PFX-host" &&
	ip -n "$PFX-host" addr add 10.1.0.254/24 dev "$SWI" &&
	ip -n "$PFX-host" link set "$SWI" up
	check_err $? "cannot configure the host vNIC"
	ip netns exec "$PFX-host" ping -c 2 -i 0.2 -W 1 10.1.0.4 >/dev/null
	check_err $? "host cannot reach vm4 on the internal switch"
	ip netns exec "$PFX-host" ping -c 2 -i 0.2 -W 1 10.1.0.1 >/dev/null
	check_fail $? "host reached vm1 on the private switch"
	[ "$(jqx '.[] | select(.port=="host") | .nic' port show "$SWI")" = internal ]
	check_err $? "host port is not an internal NIC"
	log_test "internal switch: host <-> VM, host cannot reach the private switch"
}

# what xswctl may touch on the uplink: its link state, its peer's offloads
uplink_state()
{
	ip -j link show "${PFX}up" | jq -r '.[0].flags | "up \(index("UP") != null) promisc \(index("PROMISC") != null)"'
	ip netns exec "$PFX-phys" ethtool -k eth0 | grep -E '^(generic-receive|tx-checksumming)'
}

external_uplink()
{
	vm_add vm5 10.2.0.5/24
	ns_add phys
	ip link add "${PFX}up" type veth peer name eth0 netns "$PFX-phys"
	ip -n "$PFX-phys" addr add 10.2.0.100/24 dev eth0
	ip -n "$PFX-phys" link set eth0 up
	ip netns exec "$PFX-phys" ethtool -K eth0 gro off
	UPLINK_BEFORE=$(uplink_state)
	xsw switch add "$SWE" type external uplink "${PFX}up" host on &&
	xsw port add "$SWE" vm5 dev "${PFX}vm5" mode xdp
	check_err $? "cannot build the external switch"
	ping_ok vm5 10.2.0.100
	check_err $? "vm5 cannot reach the physical network"
	[ "$(jqx '.[] | select(.port=="uplink") | .nic' port show "$SWE")" = external ]
	check_err $? "uplink port is not an external NIC"
	# a NIC takes frames for its own MAC only, unless promiscuous
	ip link show "${PFX}up" | grep -q PROMISC
	check_err $? "the uplink is not promiscuous"
	log_test "external switch: VM <-> host behind the uplink"
}

external_host()
{
	ns_add host2
	ip link set "$SWE" netns "$PFX-host2" &&
	ip -n "$PFX-host2" addr add 10.2.0.254/24 dev "$SWE" &&
	ip -n "$PFX-host2" link set "$SWE" up
	check_err $? "external switch with host on has no host vNIC"
	ip netns exec "$PFX-host2" ping -c 2 -i 0.2 -W 1 10.2.0.100 >/dev/null &&
	ip netns exec "$PFX-host2" ping -c 2 -i 0.2 -W 1 10.2.0.5 >/dev/null
	check_err $? "host vNIC cannot reach the uplink side and the VM"
	log_test "external switch, host on: host vNIC reaches uplink and VM"
}

fdb_learning()
{
	local vm port
	ping_ok vm1 10.1.0.2 && ping_ok vm1 10.1.0.3
	for vm in vm1 vm2 vm3; do
		port=$(jqx ".[] | select(.mac==\"$(vm_mac $vm)\" and .vlan==0) | .port" fdb show "$SWP")
		[ "$port" = "$vm" ]
		check_err $? "MAC of $vm learned on \"$port\""
	done
	log_test "learning: fdb show maps each VM's MAC to its port"
}

unknown_unicast_flood()
{
	local n2 n3 before after
	before=$(jqx '.[] | select(.port=="vm1") | .stats.rx_unknown_unicast' stats show "$SWP")
	vm_exec vm1 ip neigh replace 10.1.0.99 lladdr 02:00:00:00:00:99 dev eth0
	n2=$(capture_count vm2 "ether dst 02:00:00:00:00:99" vm_exec vm1 ping -c 3 -i 0.2 -W 1 10.1.0.99)
	n3=$(capture_count vm3 "ether dst 02:00:00:00:00:99" vm_exec vm1 ping -c 3 -i 0.2 -W 1 10.1.0.99)
	[ "$n2" -ge 3 ] && [ "$n3" -ge 3 ]
	check_err $? "unknown unicast reached vm2 $n2 times, vm3 $n3 times (expected >= 3 each)"
	after=$(jqx '.[] | select(.port=="vm1") | .stats.rx_unknown_unicast' stats show "$SWP")
	[ $((after - before)) -ge 6 ]
	check_err $? "rx_unknown_unicast went from $before to $after"
	log_test "unknown unicast floods to every other port"
}

vlan_tagged()
{
	local n port
	n=$(capture_count vm3 "vlan 10" vm_exec vm1 mausezahn eth0 -q -c 3 -Q 10 \
		-a 02:00:00:00:0a:01 -b ff:ff:ff:ff:ff:ff -t udp "sp=1,dp=2")
	[ "$n" -ge 3 ]
	check_err $? "tagged broadcast reached vm3 $n times"
	port=$(jqx '.[] | select(.mac=="02:00:00:00:0a:01" and .vlan==10) | .port' fdb show "$SWP")
	[ "$port" = vm1 ]
	check_err $? "tagged source learned on \"$port\" (vlan 10), expected vm1"
	port=$(jqx '.[] | select(.mac=="02:00:00:00:0a:01" and .vlan==0) | .port' fdb show "$SWP")
	[ -z "$port" ]
	check_err $? "tagged source also learned on vlan 0"
	log_test "802.1Q frames are forwarded and learned per VLAN"
}

static_fdb()
{
	local port mac3 drops rx0 rx1
	rx0=$(jqx '.[] | select(.port=="vm1") | .stats.rx_broadcast' stats show "$SWP")
	xsw fdb add "$SWP" 02:00:00:00:00:aa port vm2 &&
	vm_exec vm1 mausezahn eth0 -q -c 2 -a 02:00:00:00:00:aa -b ff:ff:ff:ff:ff:ff -t udp "sp=1,dp=2"
	rx1=$(jqx '.[] | select(.port=="vm1") | .stats.rx_broadcast' stats show "$SWP")
	[ $((rx1 - rx0)) -ge 2 ]
	check_err $? "vm1's frames from the static MAC did not reach the switch ($rx0 -> $rx1)"
	port=$(jqx '.[] | select(.mac=="02:00:00:00:00:aa") | "\(.port) \(.static)"' fdb show "$SWP")
	[ "$port" = "vm2 true" ]
	check_err $? "static entry became \"$port\" after vm1 sent from its MAC"

	# a static entry toward a port whose NIC is disconnected: dropped, counted
	mac3=$(vm_mac vm3)
	xsw nic disconnect "$SWP" vm3 && xsw fdb add "$SWP" "$mac3" port vm3
	check_err $? "cannot disconnect vm3 / add its static entry"
	vm_exec vm1 ip neigh replace 10.1.0.3 lladdr "$mac3" dev eth0
	vm_exec vm1 ping -c 2 -i 0.2 -W 1 10.1.0.3 >/dev/null
	check_fail $? "ping reached a disconnected NIC"
	drops=$(jqx '.[] | select(.port=="vm1") | .stats.drops.dst_not_connected' stats show "$SWP")
	[ "$drops" -ge 2 ]
	check_err $? "dst-not-connected drops: $drops, expected >= 2"
	xsw nic connect "$SWP" vm3 2>/dev/null
	check_fail $? "a disconnected NIC reconnected (spec: disconnect -> delete)"
	xsw fdb del "$SWP" "$mac3" && xsw fdb del "$SWP" 02:00:00:00:00:aa
	xsw nic delete "$SWP" vm3 && xsw nic create "$SWP" vm3 dev "${PFX}vm3" &&
	xsw nic connect "$SWP" vm3 && vm_exec vm1 ip neigh del 10.1.0.3 dev eth0
	check_err $? "cannot bring vm3 back"
	ping_ok vm1 10.1.0.3
	check_err $? "vm3 unreachable after a new NIC connected"
	log_test "static FDB entries stay; frames to a disconnected NIC are dropped"
}

ageing()
{
	local M=02:00:00:00:0b:01 u0 u1
	# a source MAC nothing else uses, so nothing refreshes it
	xsw switch set "$SWP" ageing 1 &&
	vm_exec vm1 mausezahn eth0 -q -c 1 -a $M -b ff:ff:ff:ff:ff:ff -t udp "sp=1,dp=2"
	[ "$(jqx "map(select(.mac==\"$M\")) | .[0].port" fdb show "$SWP")" = vm1 ]
	check_err $? "$M not learned on vm1"
	sleep 2.5
	[ "$(jqx "map(select(.mac==\"$M\")) | length" fdb show "$SWP")" -eq 0 ]
	check_err $? "$M outlived an ageing time of 1 s"
	# the datapath agrees: a frame to it is unknown unicast again
	u0=$(jqx '.[] | select(.port=="vm2") | .stats.rx_unknown_unicast' stats show "$SWP")
	vm_exec vm2 mausezahn eth0 -q -c 1 -b $M -t udp "sp=1,dp=2"
	u1=$(jqx '.[] | select(.port=="vm2") | .stats.rx_unknown_unicast' stats show "$SWP")
	[ $((u1 - u0)) -eq 1 ]
	check_err $? "a frame to an aged-out MAC was not flooded ($u0 -> $u1)"
	xsw switch set "$SWP" ageing 300
	[ "$(jqx '.[0].ageing' switch show "$SWP")" -eq 300 ]
	check_err $? "ageing not shown as set"
	log_test "learned entries age out after the switch's ageing time"
}

lifecycle_steps()
{
	local out
	vm_add vm6 10.1.0.6/24
	xsw port create "$SWP" vm6
	out=$(xsw nic connect "$SWP" vm6 2>&1)
	check_fail $? "nic connect before nic create was accepted"
	[[ "$out" == *"is created"* ]]
	check_err $? "error does not name the current state: $out"
	xsw nic create "$SWP" vm6 dev "${PFX}vm6"
	[ "$(jqx '.[0].state' port show "$SWP" vm6)" = nic-created ]
	check_err $? "state after nic create"
	ping_ok vm6 10.1.0.1 1
	check_fail $? "a NIC that is not connected forwarded traffic"
	xsw nic connect "$SWP" vm6 && ping_ok vm6 10.1.0.1
	check_err $? "connected NIC cannot ping"
	xsw port teardown "$SWP" vm6 2>/dev/null
	check_fail $? "teardown of a port with a connected NIC was accepted"
	xsw nic disconnect "$SWP" vm6 && xsw nic delete "$SWP" vm6 &&
	xsw port teardown "$SWP" vm6 && xsw port delete "$SWP" vm6
	check_err $? "orderly teardown failed"
	dev_clean "${PFX}vm6"
	check_err $? "program left on vm6's device"
	log_test "lifecycle: steps in Hyper-V order, out-of-order refused"
}

iperf_pair()
{
	local from=$1 to=$2 addr=$3 bits
	iperf3_server "$to" 5201
	bits=$(vm_exec "$from" timeout 15 iperf3 -c "$addr" -t 2 -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second // 0')
	echo "${bits%.*}"
}

iperf_modes()
{
	local tc_tc xdp_xdp tc_xdp xdp_tc
	# vm1 and vm3 are tc, vm2 xdp; vm5 on the external switch is xdp too
	tc_tc=$(iperf_pair vm1 vm3 10.1.0.3)
	tc_xdp=$(iperf_pair vm1 vm2 10.1.0.2)
	xdp_tc=$(iperf_pair vm2 vm1 10.1.0.1)
	xsw port del "$SWP" vm3 && xsw port add "$SWP" vm3 dev "${PFX}vm3" mode xdp
	xdp_xdp=$(iperf_pair vm2 vm3 10.1.0.3)
	for r in "$tc_tc" "$tc_xdp" "$xdp_tc" "$xdp_xdp"; do
		[ "${r:-0}" -gt 1000000 ]
		check_err $? "TCP rates tc-tc $tc_tc tc-xdp $tc_xdp xdp-tc $xdp_tc xdp-xdp $xdp_xdp bit/s"
	done
	log_test "iperf3 TCP works in tc, xdp and mixed modes"
}

port_del()
{
	local left
	ping_ok vm1 10.1.0.3
	check_err $? "vm3 unreachable before port del"
	xsw port del "$SWP" vm3
	check_err $? "port del failed"
	ping_ok vm1 10.1.0.3 1
	check_fail $? "vm3 still reachable after port del"
	left=$(jqx "map(select(.mac==\"$(vm_mac vm3)\")) | length" fdb show "$SWP")
	[ "$left" -eq 0 ]
	check_err $? "FDB still has vm3's MAC"
	dev_clean "${PFX}vm3"
	check_err $? "program left on vm3's device"
	log_test "port del stops traffic to the VM and flushes its FDB entries"
}

switch_del_clean()
{
	local dev sw
	for sw in "$SWP" "$SWI" "$SWE"; do
		xsw switch del "$sw"
		check_err $? "switch del $sw failed"
		[ ! -e "/sys/fs/bpf/xsw/$sw" ]
		check_err $? "pins left under /sys/fs/bpf/xsw/$sw"
	done
	for dev in "${PFX}vm1" "${PFX}vm2" "${PFX}vm4" "${PFX}vm5" "${PFX}up"; do
		dev_clean "$dev"
		check_err $? "program left on $dev"
	done
	[ "$(uplink_state)" = "$UPLINK_BEFORE" ]
	check_err $? "uplink not left as it was: $(uplink_state | tr '\n' ' ')"
	ip link show "${SWI}-sw" >/dev/null 2>&1 || ip link show "${SWE}-sw" >/dev/null 2>&1
	check_fail $? "a host vNIC is left"
	log_test "switch del leaves no program, no pin, no host vNIC"
}

max_ports()
{
	local S=${PFX}m
	vm_add vm9 10.6.0.9/24
	vm_add vm10 10.6.0.10/24
	vm_add vm11 10.6.0.11/24
	xsw switch add "$S" type private && [ "$(jqx '.[0].max_ports' switch show "$S")" = 256 ]
	check_err $? "a switch added without max-ports does not take 256 ports"
	xsw switch del "$S" && xsw switch add "$S" type private max-ports 2 &&
		xsw port add "$S" vm9 dev "${PFX}vm9" mode xdp &&
		xsw port add "$S" vm10 dev "${PFX}vm10" mode xdp
	check_err $? "cannot set up a switch of 2 ports"
	ping_ok vm9 10.6.0.10
	check_err $? "no ping across a switch of 2 ports (ARP floods through its devmap)"
	expect_err "a third port" "is full: it takes 2 ports" port add "$S" vm11 dev "${PFX}vm11" mode xdp
	dev_clean "${PFX}vm11"
	check_err $? "the refused port add left a program on vm11's device"
	[ "$(jqx '"\(.[0].max_ports) \(.[0].ports | join(" "))"' switch show "$S")" = "2 vm9 vm10" ]
	check_err $? "switch show: $(jqx -c '.[0] | [.max_ports, .ports]' switch show "$S")"
	xsw port del "$S" vm9 && xsw port add "$S" vm11 dev "${PFX}vm11" mode xdp &&
		ping_ok vm11 10.6.0.10
	check_err $? "the port vm9 freed cannot be taken and used by vm11"
	xsw switch del "$S"
	log_test "max-ports bounds a switch's ports; a freed port is taken again"
}

bad_input()
{
	local S=${PFX}b json
	vm_add vm7 10.3.0.7/24
	vm_add vm8 10.3.0.8/24
	xsw switch add "$S" type private && xsw port add "$S" vm7 dev "${PFX}vm7"
	check_err $? "cannot set up"
	expect_err "unknown switch" "unknown switch" port add "${PFX}nope" p dev "${PFX}vm8"
	expect_err "unknown device" "does not exist" port add "$S" p8 dev "${PFX}nodev"
	expect_err "duplicate port" "already exists" port add "$S" vm7 dev "${PFX}vm8"
	expect_err "device used twice" "already port" port add "$S" p8 dev "${PFX}vm7"
	expect_err "bad MAC" "bad MAC" fdb add "$S" 02:00:00:00:00 port vm7
	expect_err "multicast MAC" "multicast" fdb add "$S" 01:00:5e:00:00:01 port vm7
	expect_err "VID out of range" "VID out of range" fdb add "$S" 02:00:00:00:00:01 port vm7 vlan 4095
	expect_err "unknown port" "unknown port" fdb add "$S" 02:00:00:00:00:01 port nope
	expect_err "wrong lifecycle step" "out of order" port delete "$S" vm7
	expect_err "uplink used" "already port" switch add "${PFX}u" type external uplink "${PFX}vm7"
	expect_err "second uplink" "\"uplink\" given twice" switch add "${PFX}u" type external uplink "${PFX}vm8" uplink "${PFX}vm7"
	expect_err "bad type" "bad switch type" switch add "${PFX}u" type bridge
	expect_err "duplicate switch" "already exists" switch add "$S" type private
	expect_err "bad ageing" "bad ageing" switch set "$S" ageing 0
	expect_err "bad mode" "bad mode" port add "$S" p8 dev "${PFX}vm8" mode dpdk
	expect_err "reserved port" "belongs to the switch" port add "$S" uplink dev "${PFX}vm8"
	# a device that already runs someone else's XDP program
	# (xsw's own programs, loaded by another tool: bpftool)
	bpftool prog loadall "$(dirname "$XSWCTL")/xsw.bpf.o" "/sys/fs/bpf/${PFX}foreign" &&
		ip link set dev "${PFX}vm8" xdp pinned "/sys/fs/bpf/${PFX}foreign/xsw_xdp_rx"
	check_err $? "cannot attach the foreign XDP program"
	expect_err "foreign XDP program" "already runs XDP program" port add "$S" p8 dev "${PFX}vm8" mode xdp
	ip link set dev "${PFX}vm8" xdp off
	RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	expect_err "not root" "not root" switch show
	# a private mount namespace where /sys/fs/bpf cannot exist
	RUN=(unshare -m sh -c 'mount -t tmpfs -o ro none /sys/fs && exec "$0" "$@"')
	expect_err "bpffs unavailable" "bpffs unavailable" switch show
	RUN=()
	# failures after the device was mapped: the attach itself is refused
	ip -n "$PFX-vm8" link set dev eth0 mtu 9000	# too big for XDP on a veth
	expect_err "XDP attach refused" "cannot attach XDP" port add "$S" p8 dev "${PFX}vm8" mode xdp
	ip -n "$PFX-vm8" link set dev eth0 mtu 1500
	tc qdisc add dev "${PFX}vm8" clsact &&
	tc filter add dev "${PFX}vm8" ingress prio 1 handle 0x5857 bpf da object-pinned "/sys/fs/bpf/${PFX}foreign/xsw_tc_rx"
	check_err $? "cannot install a foreign TC filter"
	expect_err "foreign TC program" "already runs 1 TC BPF program of another tool" port add "$S" p8 dev "${PFX}vm8" mode tc
	tc filter show dev "${PFX}vm8" ingress | grep -q "handle 0x5857"
	check_err $? "the foreign TC filter was removed"
	tc qdisc del dev "${PFX}vm8" clsact
	rm -rf "/sys/fs/bpf/${PFX}foreign"
	# the host vNIC's names are taken
	ip link add "${PFX}h-sw" type veth peer name "${PFX}h-x"
	expect_err "host vNIC name taken" "already exists" switch add "${PFX}h" type internal
	ip link show "${PFX}h-sw" >/dev/null 2>&1
	check_err $? "a refused switch add deleted a device it did not create"
	ip link show "${PFX}h" >/dev/null 2>&1
	check_fail $? "a refused switch add left a host vNIC"
	[ ! -e "/sys/fs/bpf/xsw/${PFX}h" ]
	check_err $? "a refused switch add left pins"
	ip link del "${PFX}h-sw"
	# a damaged switch (e.g. a killed switch add) does not break other commands
	mkdir "/sys/fs/bpf/xsw/${PFX}dmg"
	xsw switch show >/dev/null 2>&1
	check_err $? "switch show fails with a damaged switch present"
	expect_err "damaged switch is not a port owner" "does not exist" port add "$S" p9 dev "${PFX}nodev"
	xsw switch del "${PFX}dmg" 2>/dev/null && [ ! -e "/sys/fs/bpf/xsw/${PFX}dmg" ]
	check_err $? "switch del cannot remove a damaged switch"
	json=$(xsw -j port add "$S" p8 dev "${PFX}nodev" 2>/dev/null)
	[ "$(jq -r .error <<<"$json")" = 'device "'"${PFX}nodev"'" does not exist' ]
	check_err $? "-j error is not {\"error\": ...}: $json"

	# nothing left behind by any of the failures
	[ "$(jqx '[.[].port] | join(" ")' port show "$S")" = vm7 ]
	check_err $? "failed commands left ports behind"
	dev_clean "${PFX}vm8"
	check_err $? "failed port add left a program on vm8's device"
	[ "$(bpftool -j map dump pinned "/sys/fs/bpf/xsw/$S/xsw_ifports" | jq length)" -eq 1 ]
	check_err $? "failed port adds left device entries in xsw_ifports"
	[ "$(bpftool -j map dump pinned "/sys/fs/bpf/xsw/$S/xsw_tx" | jq length)" -eq 1 ]
	check_err $? "failed port adds left devmap entries"
	! ls "/sys/fs/bpf/xsw/$S/" | grep -q '^link_'
	check_err $? "failed port adds left link pins"
	[ ! -e "/sys/fs/bpf/xsw/${PFX}u" ]
	check_err $? "failed switch add left pins"
	xsw switch del "$S"
	log_test "bad input: one-line errors, non-zero exit, nothing left behind"
}

concurrent_ports()
{
	local S=${PFX}c i n
	xsw switch add "$S" type private
	for i in $(seq 1 8); do
		ip link add "${PFX}c$i" type veth peer name "${PFX}d$i"
	done
	for i in $(seq 1 8); do
		xsw port add "$S" "c$i" dev "${PFX}c$i" &
	done
	wait
	n=$(jqx '[.[] | select(.state=="connected") | .index] | unique | length' port show "$S")
	[ "$n" -eq 8 ]
	check_err $? "8 concurrent port adds left $n distinct connected ports"
	xsw switch del "$S"
	log_test "concurrent xswctl runs are serialized"
}

device_gone()
{
	local S=${PFX}g m
	xsw switch add "$S" type private
	for m in tc xdp; do
		vm_add "g$m" 10.4.0.1/24
		xsw port add "$S" "g$m" dev "${PFX}g$m" mode $m
		ip netns del "$PFX-g$m"		# the VM goes away, and its veth with it
		xsw port del "$S" "g$m"
		check_err $? "port del failed after the $m port's device disappeared"
	done
	[ "$(jqx 'length' port show "$S")" -eq 0 ]
	check_err $? "ports left"
	xsw switch del "$S" && [ ! -e "/sys/fs/bpf/xsw/$S" ]
	check_err $? "switch del failed"
	log_test "port del works after the VM's device disappeared"
}

run_tests
