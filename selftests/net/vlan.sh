#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of VLANs and private VLANs, in the style of the kernel's
# selftests/net/forwarding bridge_vlan scripts. Tagged frames are built with
# mausezahn: this kernel has no 8021q module.
#
#  private switch $PFX-v
#  +--------+--------+--------+--------+--------+--------+
#  | vm1 tc | vm2 xdp| vm3 tc | vm4 xdp| vm5 tc | vm6 xdp|
#  +--|-----+--|-----+--|-----+--|-----+--|-----+--|-----+
#   [vm1]    [vm2]    [vm3]    [vm4]    [vm5]    [vm6]
#  10.9.1.1  .2       .3       .4       .5       .6
#
#  internal switch $PFX-w: host vNIC, vm7 (xdp), vm8 (tc)

ALL_TESTS="access trunk trunk_native_prune hopping private_vlan host_vnic show_save \
bad_input forwarder_capability"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping tcpdump mausezahn

SW=${PFX}v
SWI=${PFX}w
EXT=$(cd "$(dirname "$0")/../.." && pwd)/build/selftests/ext

setup()
{
	local i mode
	xsw switch add "$SW" type private
	for i in 1 2 3 4 5 6; do
		mode=tc
		[ $((i % 2)) -eq 0 ] && mode=xdp
		vm_add vm$i 10.9.1.$i/24
		xsw port add "$SW" vm$i dev "${PFX}vm$i" mode $mode
	done
}

drops() { jqx ".[] | select(.port == \"$2\") | .stats.drops.$3" port show "$1"; }

# bcast_count FROM TO [TAG [FILTER]]: how many of 3 UDP broadcasts FROM sends
# (tagged TAG when given) TO receives (matching FILTER: its own capture filter)
bcast_count()
{
	local from=$1 to=$2 tag=$3 filter=${4:-udp port 4242} q=()
	[ -n "$tag" ] && q=(-Q "$tag")
	capture_count "$to" "$filter" vm_exec "$from" mausezahn eth0 -q -c 3 "${q[@]}" \
		-b ff:ff:ff:ff:ff:ff -A "10.9.1.${from#vm}" -B 10.9.1.255 -t udp "sp=4242,dp=4242"
}

reset_vlans()
{
	local i
	for i in 1 2 3 4 5 6; do
		xsw port set "$SW" vm$i vlan untagged
	done
}

# access ports reach their own VLAN only, in both port modes; a tagged frame
# from an access VM is dropped and counted
access()
{
	local d0 d1 n
	xsw port set "$SW" vm1 vlan access 10 && xsw port set "$SW" vm2 vlan access 10 &&
	xsw port set "$SW" vm3 vlan access 20 && xsw port set "$SW" vm4 vlan access 20
	check_err $? "port set vlan access failed"
	ping_ok vm1 10.9.1.2
	check_err $? "vm1 (tc) and vm2 (xdp) in VLAN 10 do not reach each other"
	ping_ok vm3 10.9.1.4
	check_err $? "vm3 (tc) and vm4 (xdp) in VLAN 20 do not reach each other"
	ping_ok vm1 10.9.1.3 1
	check_fail $? "vm1 in VLAN 10 reaches vm3 in VLAN 20"
	ping_ok vm4 10.9.1.2 1
	check_fail $? "vm4 in VLAN 20 reaches vm2 in VLAN 10"
	ping_ok vm1 10.9.1.5 1
	check_fail $? "vm1 in VLAN 10 reaches vm5, which has no VLAN"
	n=$(bcast_count vm2 vm3)
	[ "$n" -eq 0 ]
	check_err $? "vm3 in VLAN 20 got $n broadcasts of vm2 in VLAN 10"
	n=$(bcast_count vm2 vm1)
	[ "$n" -eq 3 ]
	check_err $? "vm1 got $n of 3 broadcasts of vm2, both in VLAN 10"
	# an xdp port's VLAN flood goes to the VLAN's ports only (its flood
	# set), which follows a port that leaves and comes back
	xsw port del "$SW" vm1 && xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
		xsw port set "$SW" vm1 vlan untagged && xsw port set "$SW" vm1 vlan access 10
	n=$(bcast_count vm2 vm1)
	[ "$n" -eq 3 ]
	check_err $? "after port del, add and set vm1 got $n of 3 broadcasts of vm2"
	for vm in vm1 vm2; do
		d0=$(drops "$SW" $vm vlan)
		n=$(bcast_count $vm vm2 10)
		d1=$(drops "$SW" $vm vlan)
		[ $((d1 - d0)) -eq 3 ]
		check_err $? "tagged frames from access $vm: vlan drops $d0 -> $d1, want 3 more"
	done
	reset_vlans
	log_test "vlan access: a VLAN's traffic and floods stay in it, tagged frames dropped"
}

# a trunk carries its allowed VLANs tagged, to and from access ports
trunk()
{
	local trunk n
	for trunk in vm5 vm6; do	# tc, then xdp
		xsw port set "$SW" vm1 vlan access 10 && xsw port set "$SW" vm2 vlan access 20 &&
		xsw port set "$SW" vm3 vlan access 30 &&
		xsw port set "$SW" $trunk vlan trunk allowed 10,20
		check_err $? "port set vlan trunk failed"
		n=$(bcast_count vm1 $trunk "" "vlan 10 and udp port 4242")
		[ "$n" -eq 3 ]
		check_err $? "trunk $trunk got $n of 3 broadcasts of access VLAN 10 tagged 10"
		n=$(bcast_count vm2 $trunk "" "vlan 20 and udp port 4242")
		[ "$n" -eq 3 ]
		check_err $? "trunk $trunk got $n of 3 broadcasts of access VLAN 20 tagged 20"
		n=$(bcast_count vm3 $trunk)
		[ "$n" -eq 0 ]
		check_err $? "trunk $trunk got $n broadcasts of VLAN 30, which it does not allow"
		n=$(bcast_count $trunk vm2 20 "udp port 4242 and not vlan")
		[ "$n" -eq 3 ]
		check_err $? "vm2 got $n of 3 broadcasts the trunk tagged 20, untagged"
		n=$(bcast_count $trunk vm1 20)
		[ "$n" -eq 0 ]
		check_err $? "vm1 in VLAN 10 got $n broadcasts the trunk tagged 20"
		reset_vlans
	done
	log_test "vlan trunk: allowed VLANs tagged both ways, in tc and xdp mode"
}

trunk_native_prune()
{
	local n
	xsw port set "$SW" vm1 vlan access 10 &&
	xsw port set "$SW" vm6 vlan trunk allowed 20 native 10
	n=$(bcast_count vm1 vm6 "" "udp port 4242 and not vlan")
	[ "$n" -eq 3 ]
	check_err $? "the trunk got $n of 3 broadcasts of its native VLAN untagged"
	n=$(bcast_count vm6 vm1 "" "udp port 4242")
	[ "$n" -eq 3 ]
	check_err $? "vm1 got $n of 3 untagged broadcasts of the trunk (native VLAN 10)"
	xsw port set "$SW" vm6 vlan trunk allowed 5-15 prune 10
	n=$(bcast_count vm1 vm6)
	[ "$n" -eq 0 ]
	check_err $? "the trunk got $n broadcasts of VLAN 10, which it prunes"
	reset_vlans
	log_test "vlan trunk: native VLAN untagged both ways, pruned VLAN kept out"
}

# a tag a VM without VLAN settings sends does not take it into a VLAN
hopping()
{
	local n
	xsw port set "$SW" vm1 vlan access 10 && xsw port set "$SW" vm2 vlan trunk allowed 10
	n=$(bcast_count vm3 vm1 10)
	[ "$n" -eq 0 ]
	check_err $? "vm1 in VLAN 10 got $n frames vm3 (no VLAN) tagged 10"
	n=$(bcast_count vm3 vm2 10)
	[ "$n" -eq 0 ]
	check_err $? "the trunk got $n frames vm3 (no VLAN) tagged 10"
	n=$(bcast_count vm3 vm4 10 "vlan 10 and udp port 4242")
	[ "$n" -eq 3 ]
	check_err $? "vm4 (no VLAN) got $n of 3 frames vm3 tagged 10: today's behaviour"
	reset_vlans
	log_test "no VLAN hopping: a tag from a port without VLAN settings stays among them"
}

# isolated reaches promiscuous only, community its own and promiscuous
private_vlan()
{
	local n
	xsw port set "$SW" vm1 vlan private promiscuous primary 100 secondaries 101,102 &&
	xsw port set "$SW" vm2 vlan private isolated primary 100 secondary 101 &&
	xsw port set "$SW" vm3 vlan private isolated primary 100 secondary 101 &&
	xsw port set "$SW" vm4 vlan private community primary 100 secondary 102 &&
	xsw port set "$SW" vm5 vlan private community primary 100 secondary 102 &&
	xsw port set "$SW" vm6 vlan private community primary 100 secondary 103
	check_err $? "port set vlan private failed"
	ping_ok vm2 10.9.1.1
	check_err $? "isolated vm2 does not reach promiscuous vm1"
	ping_ok vm3 10.9.1.1
	check_err $? "isolated vm3 (tc) does not reach promiscuous vm1"
	ping_ok vm2 10.9.1.3 1
	check_fail $? "isolated vm2 reaches isolated vm3"
	ping_ok vm2 10.9.1.4 1
	check_fail $? "isolated vm2 reaches community vm4"
	ping_ok vm4 10.9.1.5
	check_err $? "community vm4 and vm5 do not reach each other"
	ping_ok vm5 10.9.1.1
	check_err $? "community vm5 does not reach promiscuous vm1"
	ping_ok vm4 10.9.1.6 1
	check_fail $? "community vm4 reaches vm6 of another community"
	ping_ok vm6 10.9.1.1 1
	check_fail $? "vm6, of a community vm1 does not list, reaches vm1"
	n=$(bcast_count vm2 vm3)
	[ "$n" -eq 0 ]
	check_err $? "isolated vm3 got $n broadcasts of isolated vm2"
	n=$(bcast_count vm1 vm3)
	[ "$n" -eq 3 ]
	check_err $? "isolated vm3 got $n of 3 broadcasts of promiscuous vm1"
	reset_vlans
	log_test "private VLAN: isolated, community and promiscuous reachability"
}

# VLAN settings apply to the host vNIC too
host_vnic()
{
	local host
	xsw switch add "$SWI" type internal
	host=$SWI
	ip addr add 10.9.2.254/24 dev "$host" && ip link set "$host" up
	vm_add vm7 10.9.2.7/24
	vm_add vm8 10.9.2.8/24
	xsw port add "$SWI" vm7 dev "${PFX}vm7" mode xdp &&
	xsw port add "$SWI" vm8 dev "${PFX}vm8" mode tc &&
	xsw port set "$SWI" host vlan access 10 &&
	xsw port set "$SWI" vm7 vlan access 10 && xsw port set "$SWI" vm8 vlan access 20
	check_err $? "setting up the internal switch failed"
	ping_ok vm7 10.9.2.254
	check_err $? "vm7 in VLAN 10 does not reach the host vNIC in VLAN 10"
	ping_ok vm8 10.9.2.254 1
	check_fail $? "vm8 in VLAN 20 reaches the host vNIC in VLAN 10"
	[ "$(jqx '.[] | select(.port == "host") | .vlan.access' port show "$SWI")" = 10 ]
	check_err $? "port show does not show the host vNIC's VLAN"
	xsw switch del "$SWI"
	log_test "vlan settings of the host vNIC"
}

show_save()
{
	local out
	xsw port set "$SW" vm1 vlan access 10 &&
	xsw port set "$SW" vm2 vlan trunk allowed 10,20,100-199 native 30 prune 150 &&
	xsw port set "$SW" vm3 vlan private promiscuous primary 300 secondaries 301-303 &&
	xsw port set "$SW" vm4 vlan private community primary 300 secondary 302
	out=$(xsw -j port show "$SW" | jq -c '[.[] | select(.port == "vm2") | .vlan][0]')
	[ "$out" = '{"mode":"trunk","access":null,"allowed":"10,20,100-199","native":30,"prune":"150","private":null,"primary":null,"secondary":null,"secondaries":null}' ]
	check_err $? "port show -j vlan of the trunk: $out"
	out=$(xsw save "$SW")
	for want in "port set $SW vm1 .* vlan access 10" \
		"port set $SW vm2 .* vlan trunk allowed 10,20,100-199 native 30 prune 150" \
		"port set $SW vm3 .* vlan private promiscuous primary 300 secondaries 301-303" \
		"port set $SW vm4 .* vlan private community primary 300 secondary 302"; do
		grep -q "$want" <<<"$out"
		check_err $? "save has no line like \"$want\""
	done
	reset_vlans
	xsw -batch - <<<"$out"
	check_err $? "the saved configuration does not apply"
	[ "$(xsw save "$SW")" = "$out" ]
	check_err $? "the configuration restored from save differs"
	reset_vlans
	log_test "vlan settings shown (JSON) and kept by save"
}

bad_input()
{
	local before
	xsw port set "$SW" vm1 vlan access 10
	before=$(xsw -j port show "$SW" vm1 | jq -c '.[0].vlan')
	expect_err "VID 0" "VID out of range" port set "$SW" vm1 vlan access 0
	expect_err "VID 4095" "VID out of range" port set "$SW" vm1 vlan access 4095
	expect_err "VID 4096" "VID out of range" port set "$SW" vm1 vlan access 4096
	expect_err "VID 4095 in a list" "bad VID list" port set "$SW" vm1 vlan trunk allowed 10,4095
	expect_err "list 10,,20" "bad VID list" port set "$SW" vm1 vlan trunk allowed 10,,20
	expect_err "list 20-10" "bad VID list" port set "$SW" vm1 vlan trunk allowed 20-10
	expect_err "list 0-5" "bad VID list" port set "$SW" vm1 vlan trunk allowed 0-5
	expect_err "trunk without allowed" "vlan trunk needs allowed" port set "$SW" vm1 vlan trunk
	expect_err "native without trunk" "go with vlan trunk" port set "$SW" vm1 vlan access 5 native 6
	expect_err "PVLAN without primary" "needs primary" \
		port set "$SW" vm1 vlan private isolated secondary 101
	expect_err "isolated with secondaries" "takes secondary VID" \
		port set "$SW" vm1 vlan private isolated primary 100 secondaries 101
	expect_err "primary as secondary" "both primary and secondary" \
		port set "$SW" vm1 vlan private community primary 100 secondary 100
	expect_err "two VLAN modes" "exclude each other" \
		port set "$SW" vm1 vlan access 5 vlan untagged
	expect_err "unknown port" "unknown port" port set "$SW" nosuch vlan access 5
	expect_err "bad allowed-ips" "bad address" port set "$SW" vm1 allowed-ips 10.0.0.1,10.0.0.300
	expect_err "learning-limit 0" "bad learning-limit" port set "$SW" vm1 learning-limit 0
	[ "$(xsw -j port show "$SW" vm1 | jq -c '.[0].vlan')" = "$before" ]
	check_err $? "a refused setting changed the port's VLAN"
	reset_vlans
	log_test "bad VLAN input refused in one line, nothing changed"
}

# a forwarding extension that does not declare VLAN capability and VLAN
# settings exclude each other (Hyper-V)
forwarder_capability()
{
	xsw port set "$SW" vm1 vlan access 10
	expect_err "forwarder on a switch with VLANs" "without VLAN capability" \
		ext attach "$SW" fwd kind forward object "$EXT/forward.bpf.o"
	reset_vlans
	xsw ext attach "$SW" fwd kind forward object "$EXT/forward.bpf.o"
	check_err $? "the forwarder does not attach once no port has a VLAN setting"
	expect_err "VLAN setting under a forwarder" "has no VLAN capability" \
		port set "$SW" vm1 vlan access 10
	xsw port set "$SW" vm1 vlan untagged
	check_err $? "vlan untagged refused under the forwarder"
	xsw ext detach "$SW" fwd
	log_test "a forwarder without VLAN capability refuses VLAN settings, and back"
}

setup
run_tests
