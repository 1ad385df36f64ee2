#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of what an operator relies on: the refusals a production
# switch makes (devices that would hurt the host, built-in extensions, places
# where pins would vanish, bad MACs and names), a rule never listed without
# being enforced, iproute2's CLI habits, and several instances on one host.
#
#  private switch $PFX-o                  internal switch $PFX-i
#  +--------+--------+                    +--------+--------+
#  | vm1    | vm2    |                    | (none) | host   |--- host vNIC $PFX-i
#  +--|-----+--|-----+                    +--------+--------+
#   [vm1]    [vm2]      [vm3] [vm4]: spare devices for refused ports
#  10.7.0.1  .2

ALL_TESTS="refuse_devices refuse_builtin_ext refuse_places refuse_values acl_kill
	cli_habits two_roots other_netns uplink_ipconf"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping nsenter

SW=${PFX}o
SWI=${PFX}i

setup()
{
	local i
	for i in 1 2 3 4; do
		vm_add vm$i 10.7.0.$i/24
	done
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xsw switch add "$SWI" type internal
}

ports() { xsw -j port show "$1" | jq -r '[.[].port] | join(" ")'; }

# devices that would hurt the host are refused, and nothing is left behind
refuse_devices()
{
	local before=$(ports "$SW")
	expect_err "loopback" "is the loopback device" port add "$SW" p dev lo
	expect_err "own host vNIC" "is the host vNIC of switch \"$SWI\"" port add "$SWI" p dev "$SWI"
	expect_err "host vNIC of another switch" "is the host vNIC of switch \"$SWI\"" \
		port add "$SW" p dev "$SWI"
	expect_err "a switch's port device" "is already port \"host\" of switch \"$SWI\"" \
		port add "$SW" p dev "$SWI-sw"
	ip link add "${PFX}br" type bridge
	expect_err "bridge" "is a bridge" port add "$SW" p dev "${PFX}br"
	ip link set "${PFX}vm3" master "${PFX}br"
	expect_err "bridge member" "is enslaved to \"${PFX}br\"" port add "$SW" p dev "${PFX}vm3"
	expect_err "bridge member as uplink" "is enslaved to \"${PFX}br\"" \
		switch add "${PFX}u" type external uplink "${PFX}vm3"
	[ ! -e "/sys/fs/bpf/xsw/${PFX}u" ]
	check_err $? "a refused switch add left its pins"
	ip link set "${PFX}vm3" nomaster
	ip link del "${PFX}br"
	tc qdisc add dev "${PFX}vm4" clsact &&
		tc filter add dev "${PFX}vm4" egress bpf da obj "$(dirname "$XSWCTL")/bpf/tc_tx.bpf.o" sec tc
	check_err $? "cannot install another tool's TC program"
	expect_err "another tool's TC program" "already runs 1 TC BPF program of another tool" \
		port add "$SW" p dev "${PFX}vm4" mode xdp
	tc filter show dev "${PFX}vm4" egress | grep -q bpf
	check_err $? "the other tool's TC program was removed"
	tc qdisc del dev "${PFX}vm4" clsact
	[ "$(ports "$SW")" = "$before" ]
	check_err $? "refused ports left behind: $(ports "$SW")"
	log_test "refused: lo, host vNICs, ports, bridges and members, other tools' programs"
}

# the built-in acl extension belongs to acl: ext cannot turn a deny off
refuse_builtin_ext()
{
	xsw acl add "$SW" vm2 dir in action deny remote 10.7.0.1/32
	check_err $? "cannot add a deny rule"
	expect_err "ext disable acl" "it is in the chain while the switch has ACL rules" \
		ext disable "$SW" acl
	expect_err "ext detach acl" "acl add/del" ext detach "$SW" acl
	expect_err "ext set acl" "is built in" ext set "$SW" acl prio 5
	expect_err "ext attach acl" "is reserved" ext attach "$SW" acl kind filter object /dev/null
	[ "$(xsw -j ext show "$SW" | jq -r '.[] | select(.extension == "acl") | .state')" = enabled ]
	check_err $? "the acl extension is not enabled after the refused commands"
	ping_ok vm1 10.7.0.2 1
	check_fail $? "the deny rule stopped holding"
	xsw acl del "$SW" vm2 dir in remote 10.7.0.1/32
	ping_ok vm1 10.7.0.2
	check_err $? "no ping once the rule is gone"
	log_test "refused: disabling, detaching or moving the built-in acl extension"
}

# where pins would vanish, and names bpffs or a listing would hide
refuse_places()
{
	local n=$(xsw -j switch show | jq length)
	RUN=(ip netns exec "$PFX-vm1")
	expect_err "inside ip netns exec" "would vanish" switch add "${PFX}n" type private
	RUN=()
	[ "$(xsw -j switch show | jq length)" = "$n" ] && [ ! -e "/sys/fs/bpf/xsw/${PFX}n" ]
	check_err $? "a switch was made inside ip netns exec"
	expect_err "an existing port created again" "already exists" port create "$SW" vm1
	[ "$(xsw -j port show "$SW" vm1 | jq -r '.[0].state')" = connected ]
	check_err $? "a refused port create touched the existing port"
	expect_err "leading dot" "bad switch name" switch add ".${PFX}" type private
	expect_err "leading dot port" "bad port name" port add "$SW" .p dev "${PFX}vm3"
	expect_err "relative root" "bad root" -r relative switch show
	log_test "refused: ip netns exec, hidden names, a relative root"
}

refuse_values()
{
	expect_err "zero MAC" "not a station's address" fdb add "$SW" 00:00:00:00:00:00 port vm1
	expect_err "broadcast MAC" "broadcast" fdb add "$SW" ff:ff:ff:ff:ff:ff port vm1
	expect_err "multicast MAC" "multicast" fdb add "$SW" 33:33:00:00:00:01 port vm1
	expect_err "mixed separators" "bad MAC" fdb add "$SW" 02:00-00:00:00:01 port vm1
	[ "$(xsw -j fdb show "$SW" | jq '[.[] | select(.static)] | length')" = 0 ]
	check_err $? "a refused static entry is in the FDB"
	# libbpf's own error codes have words too
	echo "not an object" > /tmp/$PFX-bad.o
	expect_err "not a BPF object" "BPF object format invalid" \
		ext attach "$SW" bad kind filter object /tmp/$PFX-bad.o
	rm -f /tmp/$PFX-bad.o
	log_test "refused: zero, broadcast, multicast MACs, mixed separators; errors in words"
}

# acl add killed at any point: a listed rule is always an enforced one
acl_kill()
{
	local i bad=0 listed state
	for i in $(seq 1 25); do
		"$XSWCTL" acl add "$SW" vm2 dir in action deny remote 10.7.0.1/32 &
		sleep "0.0$((RANDOM % 10))"
		kill -9 $! 2>/dev/null
		wait $! 2>/dev/null
		listed=$(xsw -j acl show "$SW" | jq length)
		state=$(xsw -j ext show "$SW" | jq -r '.[] | select(.extension == "acl") | .state')
		if [ "$listed" -gt 0 ] && [ "$state" != enabled ]; then
			bad=$((bad + 1))
		fi
		xsw acl del "$SW" vm2 dir in remote 10.7.0.1/32 2>/dev/null
	done
	[ "$bad" -eq 0 ]
	check_err $? "$bad of 25 killed acl adds left a listed rule without the acl extension"
	log_test "acl add killed at random points never lists an unenforced rule"
}

cli_habits()
{
	local out
	[ "$(xsw -json sw sh "$SW" | jq -r '.[0].switch')" = "$SW" ]
	check_err $? "-json and prefixes: xswctl -json sw sh"
	[ "$(xsw -j switch | jq -r --arg s "$SW" '[.[].switch] | index($s) != null')" = true ]
	check_err $? "an object alone does not show"
	[ "$(xsw -j port list "$SW" | jq length)" = 2 ]
	check_err $? "list is not show"
	out=$(xsw switch help 2>/dev/null)
	[[ "$out" == *"Usage: xswctl switch add"* ]]
	check_err $? "help does not go to stdout"
	xsw -V | grep -q "map layout"
	check_err $? "-V does not print the map layout version"
	ping_ok vm1 10.7.0.2 1
	[ "$(xsw -j fdb show "$SW" port vm1 | jq -r '[.[].port] | unique | join(" ")')" = vm1 ]
	check_err $? "fdb show port vm1 lists other ports' entries"
	xsw mirror set "$SW" vm2 mode destination
	[ "$(xsw -j mirror show "$SW" vm2 | jq -r '.[0].mirror')" = destination ]
	check_err $? "mirror show does not show the mode"
	xsw mirror set "$SW" vm2 mode none
	# the bash completion made from the command tables
	out=$(source "$(dirname "$XSWCTL")/xswctl.bash"
	      COMP_WORDS=(xswctl swi); COMP_CWORD=1; _xswctl; echo "${COMPREPLY[*]}"
	      COMP_WORDS=(xswctl switch add s1 type ""); COMP_CWORD=5; _xswctl; echo "${COMPREPLY[*]}"
	      COMP_WORDS=(xswctl port add s1 p1 ""); COMP_CWORD=5; _xswctl; echo "${COMPREPLY[*]}"
	      COMP_WORDS=(xswctl port add "$SW"); COMP_CWORD=3; _xswctl; echo "${COMPREPLY[*]}"
	      COMP_WORDS=(xswctl capture "$SW" ""); COMP_CWORD=3; _xswctl; echo "${COMPREPLY[*]}")
	[ "$out" = "$(printf 'switch\nprivate internal external\ndev mode type state\n%s\nport dir count snaplen write filter' "$SW")" ]
	check_err $? "bash completion: $out"
	log_test "iproute2 habits: -json, prefixes, list, object alone, help, -V, filters, completion"
}

# two instances with their own roots and namespaces, as two simulated hosts
two_roots()
{
	local r1=/sys/fs/bpf/${PFX}h1 r2=/sys/fs/bpf/${PFX}h2 h
	for h in h1 h2; do
		ns_add $h
		ip -n "$PFX-$h" link add d0 type veth peer name d1
		ip -n "$PFX-$h" link set d1 up
	done
	nsenter --net=/run/netns/$PFX-h1 "$XSWCTL" -r "$r1" switch add s type private &&
	nsenter --net=/run/netns/$PFX-h1 "$XSWCTL" -r "$r1" port add s p dev d0
	check_err $? "cannot add a switch and a port in the first root"
	# one root, devices of two namespaces with the same ifindex: not the same device
	[ "$(ip -n "$PFX-h1" -j link show d0 | jq '.[0].ifindex')" = \
	  "$(ip -n "$PFX-h2" -j link show d0 | jq '.[0].ifindex')" ]
	check_err $? "the two d0 do not share an ifindex: the test proves nothing"
	nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" -r "$r1" switch add s2 type private &&
	nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" -r "$r1" port add s2 p dev d0
	check_err $? "a device of another namespace with the same ifindex is taken for a port"
	nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" -r "$r1" switch del s2
	XSW_ROOT=$r2 nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" switch add s type private &&
	XSW_ROOT=$r2 nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" port add s p dev d0
	check_err $? "cannot add a switch and a port with the same names in two roots"
	[ "$("$XSWCTL" -r "$r1" -j port show s | jq -r '.[0].dev')" = d0 ] &&
		[ "$("$XSWCTL" -r "$r2" -j port show s | jq -r '.[0].state')" = connected ]
	check_err $? "the instances do not see their own ports"
	[ -e /run/xsw-sys-fs-bpf-${PFX}h1.lock ]
	check_err $? "the second root has no lock of its own"
	xsw -j switch show | jq -e '.[] | select(.switch == "s")' >/dev/null
	check_fail $? "the default root lists another root's switch"
	nsenter --net=/run/netns/$PFX-h1 "$XSWCTL" -r "$r1" switch del s &&
	nsenter --net=/run/netns/$PFX-h2 "$XSWCTL" -r "$r2" switch del s
	check_err $? "cannot delete the instances' switches"
	rmdir "$r1" "$r2"
	rm -f /run/xsw-sys-fs-bpf-${PFX}h1.lock /run/xsw-sys-fs-bpf-${PFX}h2.lock
	log_test "instances with their own roots; devices told apart by namespace"
}

# a port whose device is in another namespace is only changed from there:
# from here, its ifindex names one of our devices ($PFX-same, made to share it)
other_netns()
{
	local n
	ns_add h3
	ip link add "${PFX}same" type veth peer name "${PFX}same2"
	n=$(ip -j link show "${PFX}same" | jq '.[0].ifindex')
	ip -n "$PFX-h3" link add e0 index "$n" type veth peer name e1 &&
		ip -n "$PFX-h3" link set e1 up
	check_err $? "cannot make a device of ifindex $n in another namespace"
	nsenter --net=/run/netns/$PFX-h3 "$XSWCTL" port add "$SW" f dev e0 mode tc
	check_err $? "cannot add a port of another namespace through nsenter"
	expect_err "port del from another namespace" "is in another network namespace" port del "$SW" f
	expect_err "switch del from another namespace" "is in another network namespace" switch del "$SW"
	[ "$(xsw -j port show "$SW" f | jq -r '.[0] | "\(.state) \(.mac)"')" = "connected null" ]
	check_err $? "the refused commands changed the port, or show read another device's MAC: $(xsw -j port show "$SW" f)"
	ip -j link show "${PFX}same" | jq -e '.[0].flags | index("UP") == null' >/dev/null
	check_err $? "our device with the same ifindex was touched"
	nsenter --net=/run/netns/$PFX-h3 "$XSWCTL" port del "$SW" f
	check_err $? "cannot delete the port from its namespace"
	ip link del "${PFX}same" 2>/dev/null
	log_test "a port of another namespace is changed only from there"
}

# An external switch's uplink that carries the host's addresses, in a
# namespace that plays the host ($PFX-hostA, its own pin root), wired to a
# "physical network" namespace ($PFX-phys):
#   hostA: up0 10.8.0.1/24, route 10.88.0.0/16 via 10.8.0.2  <->  phys: eth0 10.8.0.2/24, lo 10.88.0.1
uplink_ipconf()
{
	local r=/sys/fs/bpf/${PFX}ha H
	H=(nsenter --net=/run/netns/$PFX-hostA)
	ns_add hostA
	ns_add phys
	ip -n "$PFX-hostA" link add up0 type veth peer name eth0 netns "$PFX-phys"
	ip -n "$PFX-hostA" addr add 10.8.0.1/24 dev up0 && ip -n "$PFX-hostA" link set up0 up &&
	ip -n "$PFX-phys" addr add 10.8.0.2/24 dev eth0 && ip -n "$PFX-phys" link set eth0 up &&
	ip -n "$PFX-phys" addr add 10.88.0.1/32 dev lo &&
	ip -n "$PFX-hostA" route add 10.88.0.0/16 via 10.8.0.2
	check_err $? "cannot build the host and physical network"
	ipconf() { ip -n "$PFX-hostA" -j addr show dev "$1" | jq -r '[.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(" ")'; }
	reach() { ip netns exec "$PFX-hostA" ping -c 1 -W 1 10.8.0.2 >/dev/null && ip netns exec "$PFX-hostA" ping -c 1 -W 1 10.88.0.1 >/dev/null; }

	RUN=("${H[@]}")
	expect_err "uplink with addresses, host off" "carries IP addresses (10.8.0.1/24)" \
		-r "$r" switch add s type external uplink up0
	RUN=()
	[ ! -e "$r/s" ] && [ "$(ipconf up0)" = 10.8.0.1/24 ]
	check_err $? "a refused switch add left pins or took the address"

	"${H[@]}" "$XSWCTL" -r "$r" switch add s type external uplink up0 host on
	check_err $? "cannot add the external switch with host on"
	[ "$(ipconf s)" = 10.8.0.1/24 ] && [ -z "$(ipconf up0)" ]
	check_err $? "the address did not move to the host vNIC: vNIC \"$(ipconf s)\" uplink \"$(ipconf up0)\""
	ip -n "$PFX-hostA" route show 10.88.0.0/16 | grep -q "dev s "
	check_err $? "the route did not move: $(ip -n "$PFX-hostA" route show 10.88.0.0/16)"
	[ "$(ip -n "$PFX-hostA" -j link show s | jq -r '.[0].address')" = \
	  "$(ip -n "$PFX-hostA" -j link show up0 | jq -r '.[0].address')" ]
	check_err $? "the host vNIC does not have the uplink's MAC"
	reach
	check_err $? "the host cannot reach the network through the switch"

	"${H[@]}" "$XSWCTL" -r "$r" switch del s
	check_err $? "cannot delete the switch"
	[ "$(ipconf up0)" = 10.8.0.1/24 ] &&
		ip -n "$PFX-hostA" route show 10.88.0.0/16 | grep -q "dev up0 "
	check_err $? "switch del did not give the uplink its address and route back"
	reach
	check_err $? "the host cannot reach the network after switch del"

	"${H[@]}" "$XSWCTL" -r "$r" switch add s type external uplink up0 force &&
		"${H[@]}" "$XSWCTL" -r "$r" switch del s
	check_err $? "force does not take an uplink with addresses"
	rmdir "$r"
	rm -f "/run/xsw-sys-fs-bpf-${PFX}ha.lock"
	log_test "external uplink with addresses: refused with host off, moved to the host vNIC and back"
}

setup || { echo "FAIL: setup"; cleanup; echo "0 passed, 1 failed"; exit 1; }
run_tests
