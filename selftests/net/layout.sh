#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of switches another xsw build made, with another map
# layout: build/old/xswctl is this tree built with -DXSW_LAYOUT_OLD (layout
# version one less, and a map of another size; make check builds it). Until
# they are gone, this build lists them, refuses every other command on them
# in one line naming both layouts, and removes them leaving nothing.
#
#  internal switch $PFX-l (old build)         external switch $PFX-x (old build)
#  +------+------+------+------+              +------+--------+
#  | vm1  | vm2  | vm3  | host |              | vm4  | uplink |  $PFX-up 10.7.1.1/24
#  | tc   | tc   | xdp  |      |              | xdp  |        |  moved to the host vNIC
#  |cls_bpf tcx  |      |      |              +------+--------+
#  +------+------+------+------+
#  10.7.0.1 .2    .3

ALL_TESTS="old_listed old_refused old_removed external_given_back same_name_again"

source "$(dirname "$0")/lib.sh"
require_cmd ip tc jq ping bpftool python3
OLD=$(dirname "$XSWCTL")/old/xswctl
[ -x "$OLD" ] || { echo "FAIL: missing prerequisite: $OLD (run make check)"; exit 1; }

SW=${PFX}l
SWX=${PFX}x
NEW_LAYOUT=$(xsw -j -V | jq .map_layout)
OLD_LAYOUT=$("$OLD" -j -V | jq .map_layout)

old() { "$OLD" "$@"; }

setup()
{
	local i
	for i in 1 2 3; do
		vm_add vm$i 10.7.0.$i/24
	done
	old switch add "$SW" type internal &&
		XSW_TCX=off old port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
		old port add "$SW" vm2 dev "${PFX}vm2" mode tc &&
		old port add "$SW" vm3 dev "${PFX}vm3" mode xdp &&
		ping_ok vm1 10.7.0.2 && ping_ok vm1 10.7.0.3
}

old_listed()
{
	[ "$OLD_LAYOUT" -ne "$NEW_LAYOUT" ]
	check_err $? "the old build has this build's layout $NEW_LAYOUT"
	[ "$(jqx ".[] | select(.switch == \"$SW\") | .layout" switch show)" = "$OLD_LAYOUT" ] &&
		[ "$(jqx '.[0].type + " " + .[0].host_vnic' switch show "$SW")" = "internal $SW" ]
	check_err $? "switch show: $(xsw -j switch show "$SW" 2>&1)"
	xsw switch show "$SW" | grep -q "map layout $OLD_LAYOUT (this build: $NEW_LAYOUT): switch upgrade $SW moves it to this build, switch del $SW removes it"
	check_err $? "switch show says: $(xsw switch show "$SW" 2>&1)"
	log_test "a switch of another layout is listed, with what every layout keeps"
}

old_refused()
{
	local what="map layout $OLD_LAYOUT, this build has $NEW_LAYOUT"
	expect_err "port show" "$what" port show "$SW"
	expect_err "port add" "$what" port add "$SW" vm9 dev "${PFX}vm1"
	expect_err "fdb show" "$what" fdb show "$SW"
	expect_err "switch set" "$what" switch set "$SW" ageing 10
	ping_ok vm1 10.7.0.3
	check_err $? "the old switch stopped forwarding"
	log_test "every other command on it is refused in one line naming both layouts"
}

old_removed()
{
	local i
	xsw switch del "$SW"
	check_err $? "switch del of the old switch failed"
	[ ! -e "/sys/fs/bpf/xsw/$SW" ]
	check_err $? "its pins are left"
	ip link show "$SW" >/dev/null 2>&1
	check_fail $? "its host vNIC is left"
	for i in 1 2 3; do
		dev_clean "${PFX}vm$i"
		check_err $? "programs left on ${PFX}vm$i"
		ip -d link show "${PFX}vm$i" | grep -q "addrgenmode eui64"
		check_err $? "${PFX}vm$i has no IPv6 link-local address generation back"
	done
	log_test "switch del removes it: programs, links, filters, host vNIC, pins"
}

external_given_back()
{
	vm_add vm4 10.7.1.4/24
	ns_add phys
	ip link add "${PFX}up" type veth peer name eth0 netns "$PFX-phys"
	ip addr add 10.7.1.1/24 dev "${PFX}up" && ip link set "${PFX}up" up
	ip -n "$PFX-phys" link set eth0 up
	old switch add "$SWX" type external uplink "${PFX}up" host on &&
		old port add "$SWX" vm4 dev "${PFX}vm4" mode xdp
	check_err $? "the old build cannot make the external switch"
	ip -4 addr show dev "$SWX" | grep -q 10.7.1.1/24
	check_err $? "the old build did not move the uplink's address to the host vNIC"
	xsw switch del "$SWX"
	check_err $? "switch del of the old external switch failed"
	ip -4 addr show dev "${PFX}up" | grep -q 10.7.1.1/24 && dev_clean "${PFX}up" &&
		dev_clean "${PFX}vm4" && [ ! -e "/sys/fs/bpf/xsw/$SWX" ]
	check_err $? "the uplink's address is not back, or something is left"
	log_test "an old external switch: its uplink gets its address back"
}

same_name_again()
{
	xsw switch add "$SW" type internal &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
		xsw port add "$SW" vm3 dev "${PFX}vm3" mode xdp
	check_err $? "this build cannot make the switch again on the same devices"
	vm_exec vm1 ip neigh flush all
	ping_ok vm1 10.7.0.3
	check_err $? "the switch made again does not forward"
	log_test "the same switch made again by this build on the same devices"
}

setup || { echo "FAIL: the old build cannot make its switch"; exit 1; }
run_tests
