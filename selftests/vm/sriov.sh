#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SR-IOV configuration (xswctl vf) against a real driver: netdevsim, built
# here for Debian's kernel (vm_netdevsim), in a guest of the kernel tier's
# kind (selftests/kernel/run.sh: the host's tools over 9p). In the guest:
# every vf set setting round-trips through ip -d link show and vf show -j;
# a setting the driver refuses leaves the VF as it was; numvfs follows the
# PCI rules. Then an external switch made with iov on, on the PF: its VM
# ports take VFs with their policy programmed in, are refused what a VF
# cannot enforce, and give the VFs back.
#
#  guest: netdevsim1 (1 port, its PF device) with up to 4 VFs
#         switch $PFX-sw (external, uplink the PF, iov on), ports vm1..vm4:
#         veths to namespaces

ALL_TESTS="numvfs_rules set_round_trip refused_input refused_by_driver many_vfs
	   iov_switch iov_assign iov_refused iov_release iov_save iov_failover"

source "$(dirname "$0")/../net/lib.sh"

if [ -z "${XSW_KERNEL_TIER:-}" ]; then
	# the host: netdevsim for the guest kernel, then this script in a guest
	source "$(dirname "$0")/lib.sh"
	vm_kernel && vm_netdevsim || { echo "0 passed, 1 failed"; exit 1; }
	export VM_EXTRA_KO
	KERNEL_MODULES="psample netdevsim" KERNEL_TIMEOUT=600 \
		KERNEL_CMD=selftests/vm/sriov.sh \
		exec "$(dirname "$0")/../kernel/run.sh"
fi

require_cmd ip jq devlink python3
[ -d /sys/bus/netdevsim ] || { echo "FAIL: no netdevsim in this kernel"; exit 1; }
DEV=netdevsim1

setup()
{
	echo "1 1" >/sys/bus/netdevsim/new_device || return 1
	for _ in $(seq 50); do
		PF=$(ls /sys/bus/netdevsim/devices/$DEV/net/ 2>/dev/null | head -1)
		[ -n "$PF" ] && break
		sleep 0.1
	done
	[ -n "$PF" ] && ip link set "$PF" up
}

# the VF line of `ip -d link show` for VF $1
ip_vf() { ip -d link show "$PF" | grep "^    vf $1 "; }
vfx() { jqx "$1" vf show "$PF" "$2"; }

numvfs_rules()
{
	local out
	xsw vf numvfs "$PF" 2 && [ "$(cat "/sys/class/net/$PF/device/sriov_numvfs")" = 2 ] &&
		[ "$(jqx length vf show "$PF")" = 2 ]
	check_err $? "vf numvfs $PF 2: $(cat "/sys/class/net/$PF/device/sriov_numvfs") VFs"
	out=$(xsw vf numvfs "$PF" 3 2>&1)
	check_fail $? "2 to 3 VFs accepted"
	[[ "$out" == *"has 2 VFs: set 0 first"* ]] && [ "$(echo "$out" | wc -l)" -eq 1 ]
	check_err $? "2 to 3 VFs: $out"
	xsw vf numvfs "$PF" 0 && [ "$(cat "/sys/class/net/$PF/device/sriov_numvfs")" = 0 ]
	check_err $? "vf numvfs $PF 0"
	# netdevsim's limit (max_vfs, 4)
	out=$(xsw vf numvfs "$PF" 5 2>&1)
	check_fail $? "5 VFs accepted"
	[[ "$out" == *"refused 5 VFs"* ]] && [ "$(cat "/sys/class/net/$PF/device/sriov_numvfs")" = 0 ]
	check_err $? "5 VFs: $out"
	out=$(xsw vf numvfs nosuch 1 2>&1)
	check_fail $? "numvfs of no device accepted"
	out=$(xsw vf numvfs lo 1 2>&1)
	[ $? -ne 0 ] && [[ "$out" == *'"lo" has no SR-IOV'* ]]
	check_err $? "numvfs on lo: $out"
	xsw vf numvfs "$PF" 2
	check_err $? "back to 2 VFs"
	log_test "vf numvfs: 0 to N and back, N to M refused, above the device's limit refused"
}

# set SETTINGS -> what ip -d link shows (an ERE) and a jq test of vf show -j
check_set()
{
	local vf=$1 ip_re=$2 jq_test=$3
	shift 3
	xsw vf set "$PF" "$vf" "$@"
	check_err $? "vf set $PF $vf $*: failed"
	ip_vf "$vf" | grep -Eq "$ip_re"
	check_err $? "vf set $* : ip shows $(ip_vf "$vf")"
	[ "$(vfx ".[0] | $jq_test" "$vf")" = true ]
	check_err $? "vf set $* : vf show -j has $(xsw -j vf show "$PF" "$vf")"
}

set_round_trip()
{
	local out
	check_set 0 "link/ether 02:00:00:00:00:a1" '.mac == "02:00:00:00:00:a1"' mac 02:00:00:00:00:a1
	check_set 0 "vlan 100, qos 3" '.vlan == 100 and .qos == 3 and .vlan_proto == "802.1Q"' \
		vlan 100 qos 3
	check_set 1 "vlan 42, vlan protocol 802.1ad" '.vlan == 42 and .vlan_proto == "802.1ad"' \
		vlan 42 proto 802.1ad
	check_set 0 "max_tx_rate 500Mbps, min_tx_rate 100Mbps" '.rate == {"max": 500, "min": 100}' \
		rate max 500 min 100
	check_set 0 "spoof checking off" '.spoofchk == false' spoofchk off
	check_set 0 "trust on" '.trust == true' trust on
	check_set 0 "link-state enable" '.state == "enable"' state enable
	# several at once, and back
	check_set 1 "link/ether 02:00:00:00:00:b2 .*spoof checking on, link-state disable, trust off" \
		'.mac == "02:00:00:00:00:b2" and .vlan == 0 and .spoofchk and .state == "disable"' \
		mac 02:00:00:00:00:b2 vlan 0 spoofchk on trust off state disable
	# vlan 0: no VLAN left (ip shows none)
	! ip_vf 1 | grep -q vlan
	check_err $? "vlan 0 left a VLAN: $(ip_vf 1)"
	# VF 0 kept what it was given
	ip_vf 0 | grep -Eq "link/ether 02:00:00:00:00:a1 .*vlan 100, qos 3, .*trust on"
	check_err $? "VF 0 changed: $(ip_vf 0)"
	out=$(xsw -j vf show "$PF" | python3 "$(dirname "$0")/../net/json_check.py" "vf show")
	check_err $? "vf show -j: $out"
	out=$(xsw vf show "$PF" 1)
	[[ "$out" == *"vf 1: mac 02:00:00:00:00:b2 vlan 0 rate max 0 min 0 spoofchk on trust off state disable"* ]]
	check_err $? "vf show text: $out"
	log_test "vf set: every setting shown by ip -d link show and vf show -j"
}

# a MAC no VF may have, a VF that does not exist: one line, nothing changed
refused_input()
{
	local before out
	before=$(ip_vf 1)
	out=$(xsw vf set "$PF" 1 mac 01:00:5e:00:00:01 vlan 7 2>&1)
	check_fail $? "a multicast VF MAC accepted"
	[[ "$out" == *"must be unicast"* ]] && [ "$(echo "$out" | wc -l)" -eq 1 ]
	check_err $? "multicast MAC: $out"
	out=$(xsw vf set "$PF" 9 trust on 2>&1)
	[ $? -ne 0 ] && [[ "$out" == *"has no VF 9: its VFs are 0-1"* ]]
	check_err $? "VF 9: $out"
	[ "$(ip_vf 1)" = "$before" ]
	check_err $? "VF 1 changed: $(ip_vf 1)"
	log_test "vf set: bad input refused in one line, nothing changed"
}

# vf set VF 1 ARGS... in switchdev mode: refused in one line naming the
# rate, and VF 1 exactly as before
rate_refused()
{
	local out before
	before=$(ip_vf 1)
	out=$(xsw vf set "$PF" 1 "$@" 2>&1)
	check_fail $? "vf set $* accepted in switchdev mode"
	[[ "$out" == *'cannot set rate of a VF: Operation not supported'* ]] &&
		[ "$(echo "$out" | wc -l)" -eq 1 ]
	check_err $? "vf set $*: $out"
	[ "$(ip_vf 1)" = "$before" ]
	check_err $? "vf set $* changed VF 1: $(ip_vf 1), was $before"
}

# in switchdev mode netdevsim refuses rates (EOPNOTSUPP): the setting is
# named, and whatever the command changed before it is undone
refused_by_driver()
{
	devlink dev eswitch set "netdevsim/$DEV" mode switchdev
	check_err $? "cannot set switchdev mode"
	rate_refused rate max 100 trust on
	rate_refused mac 02:00:00:00:00:c3 vlan 300 rate max 100
	devlink dev eswitch set "netdevsim/$DEV" mode legacy
	log_test "vf set: a setting the driver refuses is named; the command's others are undone"
}

# 40 VFs list in about 13 KB, more than a page: all of them read
many_vfs()
{
	local dbg=/sys/kernel/debug/netdevsim/$DEV
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	xsw vf numvfs "$PF" 0 && echo 40 >"$dbg/max_vfs" && xsw vf numvfs "$PF" 40
	check_err $? "cannot make 40 VFs"
	[ "$(jqx length vf show "$PF")" = 40 ] && [ "$(jqx '.[39].vf' vf show "$PF")" = 39 ]
	check_err $? "vf show lists $(jqx length vf show "$PF") VFs of 40"
	xsw vf set "$PF" 39 mac 02:00:00:00:00:39 && ip_vf 39 | grep -q 02:00:00:00:00:39
	check_err $? "VF 39: $(ip_vf 39)"
	xsw vf numvfs "$PF" 0 && echo 4 >"$dbg/max_vfs" && xsw vf numvfs "$PF" 2
	check_err $? "back to 2 VFs"
	log_test "vf show and set with 40 VFs (a reply larger than a page)"
}

# --- VFs for the ports of an IOV switch -------------------------------------

SW=$PFX-sw
UNSET="link/ether 00:00:00:00:00:00 .*spoof checking on, link-state auto, trust off"

# port_vf PORT: the VF port PORT holds, or "null"
port_vf() { jqx ".[0].iov.vf" port show "$SW" "$1"; }
# the ports' MACs in the PF's unicast filter, where xsw puts the MACs of
# the ports without a VF (so that the NIC hands frames from VFs to them)
pf_macs()
{
	bridge fdb show dev "$PF" self | awk '$1 ~ /^02:00:00:00:01:/ && /permanent/ { print $1 }' |
		sort | xargs
}
# the FDB entries that send a port's MAC to its VF: "MAC VLAN PORT" lines
steered() { jqx '.[] | select(.iov) | "\(.mac) \(.vlan) \(.port) \(.iov)"' fdb show "$SW"; }

iov_switch()
{
	local i
	xsw vf numvfs "$PF" 0 && xsw vf numvfs "$PF" 3
	check_err $? "cannot make 3 VFs"
	for i in 1 2 3 4; do
		vm_add "vm$i" "10.0.0.$i/24" "02:00:00:00:01:0$i"
	done
	expect_err "iov on a private switch" "iov on is for an external switch" \
		switch add "$PFX-p" type private iov on
	ip link add "${PFX}u0" type veth peer name "${PFX}u1"
	expect_err "iov on an uplink without SR-IOV" "\"${PFX}u0\" has no SR-IOV" \
		switch add "$PFX-l" type external uplink "${PFX}u0" mode tc host off iov on
	[ "$(jqx length switch show)" = 0 ]
	check_err $? "a refused switch add left $(jqx '.[].switch' switch show)"
	ip link set "$PF" promisc off
	xsw switch add "$SW" type external uplink "$PF" mode tc host off iov on
	check_err $? "switch add ... iov on failed"
	[ "$(jqx '.[0].iov' switch show "$SW")" = true ]
	check_err $? "switch show: iov $(jqx '.[0].iov' switch show "$SW")"
	# the NIC hands the switch frames for every MAC, not its own only
	ip link show "$PF" | grep -q PROMISC
	check_err $? "the uplink is not promiscuous: $(ip link show "$PF" | head -1)"
	for i in 1 2 3 4; do
		xsw port add "$SW" "vm$i" dev "${PFX}vm$i"
	done
	[ "$(jqx '.[0].iov | "\(.weight) \(.state) \(.vf)"' port show "$SW" vm1)" = "0 off null" ]
	check_err $? "a new port's iov: $(jqx '.[0].iov' port show "$SW" vm1)"
	log_test "switch add iov on: external on an SR-IOV PF only"
}

iov_assign()
{
	local out
	xsw port set "$SW" vm1 mac 02:00:00:00:01:01 vlan access 10 iov weight 50
	check_err $? "vm1: iov weight 50 failed"
	[ "$(port_vf vm1)" = 0 ] && ip_vf 0 |
		grep -Eq "link/ether 02:00:00:00:01:01 .*vlan 10, .*spoof checking on, link-state enable, trust off"
	check_err $? "vm1 holds VF $(port_vf vm1): $(ip_vf 0)"
	# mac-spoofing on: trust, no spoof checking; no VLAN
	xsw port set "$SW" vm2 mac 02:00:00:00:01:02 mac-spoofing on iov weight 100
	check_err $? "vm2: iov weight 100 failed"
	[ "$(port_vf vm2)" = 1 ] && ip_vf 1 |
		grep -Eq "link/ether 02:00:00:00:01:02 .*spoof checking off, link-state enable, trust on" &&
		! ip_vf 1 | grep -q vlan
	check_err $? "vm2 holds VF $(port_vf vm2): $(ip_vf 1)"
	# the policy changes: so does the VF
	xsw port set "$SW" vm1 vlan access 20
	ip_vf 0 | grep -q "vlan 20,"
	check_err $? "vlan access 20 on vm1: $(ip_vf 0)"
	[ "$(jqx '.[1] | "\(.switch) \(.port)"' vf show "$PF")" = "$SW vm2" ] &&
		[ "$(jqx '.[2].port' vf show "$PF")" = null ]
	check_err $? "vf show: $(xsw -j vf show "$PF")"
	out=$(xsw port show "$SW" vm1)
	[[ "$out" == *"iov weight 50 assigned pf $PF vf 0"* ]]
	check_err $? "port show: $out"
	# frames for the VFs' MACs leave by the uplink, where the NIC hands
	# them to the VFs; not saved, not deleted by hand
	[ "$(steered | xargs)" = "02:00:00:00:01:01 20 uplink vm1 02:00:00:00:01:02 0 uplink vm2" ]
	check_err $? "FDB entries for the VFs: $(steered | xargs)"
	out=$(xsw fdb show "$SW")
	[[ "$out" == *"02:00:00:00:01:01 vlan 20 port uplink static (the VF of port vm1)"* ]]
	check_err $? "fdb show: $out"
	expect_err "fdb del of a VF's MAC" "which its VF carries" fdb del "$SW" 02:00:00:00:01:02
	out=$(xsw save "$SW")
	[[ "$out" != *"fdb add"* ]]
	check_err $? "save keeps the VFs' FDB entries: $out"
	out=$(xsw -j fdb show "$SW" | python3 "$(dirname "$0")/../net/json_check.py" "fdb show")
	check_err $? "fdb show -j: $out"
	out=$(xsw -j port show "$SW" | python3 "$(dirname "$0")/../net/json_check.py" "port show")
	check_err $? "port show -j: $out"
	out=$(xsw -j vf show "$PF" | python3 "$(dirname "$0")/../net/json_check.py" "vf show")
	check_err $? "vf show -j: $out"
	[ -z "$(pf_macs)" ]
	check_err $? "the PF's unicast filter has the VFs' MACs: $(pf_macs)"
	log_test "iov weight: a port takes a free VF with its MAC, VLAN and spoofing setting"
}

# what a VF cannot do: refused in one line, the port and its VF unchanged
iov_refused()
{
	local before
	xsw port set "$SW" vm3 mac 02:00:00:00:01:03 dhcp-guard on
	[ "$(pf_macs)" = 02:00:00:00:01:03 ]
	check_err $? "vm3's MAC is not in the PF's unicast filter: $(pf_macs)"
	before=$(ip_vf 2)
	expect_err "a guarded port takes a VF" "a VF would bypass its dhcp-guard" \
		port set "$SW" vm3 iov weight 10
	[ "$(jqx '.[0].iov.weight' port show "$SW" vm3)" = 0 ] && [ "$(ip_vf 2)" = "$before" ]
	check_err $? "refused: vm3 $(jqx '.[0].iov' port show "$SW" vm3), VF 2 $(ip_vf 2)"
	# a port that holds a VF: a guard would be bypassed, the policy stays
	expect_err "a guard on a port with a VF" "a VF would bypass its router-guard" \
		port set "$SW" vm1 router-guard on
	[ "$(jqx '.[0].router_guard' port show "$SW" vm1)" = false ]
	check_err $? "router-guard set on vm1 anyway"
	expect_err "a trunk with a VF" "a VF takes one VLAN" \
		port set "$SW" vm1 vlan trunk allowed 10-20
	ip_vf 0 | grep -q "vlan 20,"
	check_err $? "VF 0 changed: $(ip_vf 0)"
	expect_err "a port without a MAC" "has no MAC for its VF" port set "$SW" vm4 iov weight 1
	expect_err "the uplink" "only a VM's port takes a VF" port set "$SW" uplink iov weight 1
	expect_err "force alone" "force goes with iov weight" port set "$SW" vm4 force
	# force: the VF, and what it bypasses shown
	xsw port set "$SW" vm3 iov weight 10 force
	check_err $? "iov weight 10 force refused"
	[ "$(jqx '.[0].iov | "\(.vf) \(.force) \(.bypassed)"' port show "$SW" vm3)" = \
		"2 true dhcp-guard" ]
	check_err $? "forced: $(jqx '.[0].iov' port show "$SW" vm3)"
	# every VF held: vm4 waits
	xsw port set "$SW" vm4 mac 02:00:00:00:01:04 iov weight 5 2>/dev/null
	check_err $? "iov weight with no VF free failed"
	[ "$(jqx '.[0].iov | "\(.state) \(.vf)"' port show "$SW" vm4)" = "waiting null" ]
	check_err $? "vm4: $(jqx '.[0].iov' port show "$SW" vm4)"
	# vm3's MAC went to its VF; waiting vm4's is the PF's
	[ "$(pf_macs)" = 02:00:00:00:01:04 ]
	check_err $? "the PF's unicast filter: $(pf_macs), want vm4's MAC alone"
	log_test "iov weight: trunks, ports without a MAC and bypassed policies refused unless forced"
}

# weight 0, port del, switch del: the VF unconfigured; a waiting port takes it
iov_release()
{
	xsw port set "$SW" vm1 iov weight 0
	check_err $? "iov weight 0 failed"
	[ "$(port_vf vm1)" = null ] && [ "$(port_vf vm4)" = 0 ] &&
		ip_vf 0 | grep -q "link/ether 02:00:00:00:01:04 "
	check_err $? "VF 0 did not go from vm1 to vm4: vm1 $(port_vf vm1), vm4 $(port_vf vm4), $(ip_vf 0)"
	# vm1's MAC is its own port's again, vm4's goes to its VF
	[ "$(steered | xargs)" = "02:00:00:00:01:02 0 uplink vm2 02:00:00:00:01:03 0 uplink vm3 02:00:00:00:01:04 0 uplink vm4" ]
	check_err $? "FDB entries for the VFs: $(steered | xargs)"
	[ "$(pf_macs)" = 02:00:00:00:01:01 ]
	check_err $? "the PF's unicast filter: $(pf_macs), want vm1's MAC alone"
	# a new MAC replaces the old; a MAC someone else put there stays theirs
	bridge fdb add 02:00:00:00:01:09 dev "$PF" self permanent &&
		xsw port set "$SW" vm1 mac 02:00:00:00:01:09
	check_err $? "vm1: mac 02:00:00:00:01:09 failed"
	[ "$(pf_macs)" = 02:00:00:00:01:09 ]
	check_err $? "the PF's unicast filter after vm1's new MAC: $(pf_macs)"
	xsw port set "$SW" vm1 mac 02:00:00:00:01:01
	[ "$(pf_macs)" = "02:00:00:00:01:01 02:00:00:00:01:09" ]
	check_err $? "the PF's unicast filter after vm1's MAC back: $(pf_macs)"
	xsw port del "$SW" vm2
	ip_vf 1 | grep -Eq "$UNSET" && ! ip_vf 1 | grep -q vlan
	check_err $? "port del left VF 1: $(ip_vf 1)"
	xsw switch del "$SW"
	ip_vf 0 | grep -Eq "$UNSET" && ip_vf 2 | grep -Eq "$UNSET"
	check_err $? "switch del left VF 0: $(ip_vf 0), VF 2: $(ip_vf 2)"
	! ip link show "$PF" | grep -q PROMISC
	check_err $? "switch del left the uplink promiscuous"
	[ "$(pf_macs)" = 02:00:00:00:01:09 ]
	check_err $? "switch del left the PF's unicast filter with $(pf_macs), want only 02:00:00:00:01:09"
	bridge fdb del 02:00:00:00:01:09 dev "$PF" self
	log_test "iov weight 0, port del and switch del give the VFs back unconfigured, the PF's filter the MACs"
}

# save and -batch: the switch with iov on, the ports with their weights
iov_save()
{
	local conf
	xsw switch del "$SW" 2>/dev/null
	xsw switch add "$SW" type external uplink "$PF" mode tc host off iov on &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" && xsw port add "$SW" vm3 dev "${PFX}vm3" &&
		xsw port set "$SW" vm1 mac 02:00:00:00:01:01 iov weight 50 &&
		xsw port set "$SW" vm3 mac 02:00:00:00:01:03 storm-limit 100 iov weight 7 force
	check_err $? "setup failed"
	conf=$(xsw save "$SW")
	[[ "$conf" == *" iov on"* && "$conf" == *"port set $SW vm1 iov weight 50"$'\n'* &&
	   "$conf" == *"port set $SW vm3 iov weight 7 force"* ]]
	check_err $? "save: $conf"
	xsw switch del "$SW" && echo "$conf" | xsw -batch -
	check_err $? "-batch of the saved configuration failed"
	[ "$(port_vf vm1) $(port_vf vm3)" = "0 1" ] && ip_vf 1 | grep -q "02:00:00:00:01:03"
	check_err $? "restored: vm1 $(port_vf vm1) vm3 $(port_vf vm3), $(ip_vf 1)"
	xsw switch del "$SW"
	log_test "save: iov on and each port's iov weight come back"
}

# until CMD... succeeds, for at most 5 s
wait_for() { for _ in $(seq 50); do "$@" && return 0; sleep 0.1; done; return 1; }
pf_is() { [ "$(pf_macs)" = "$1" ]; }
iov_is() { [ "$(jqx ".[0].iov | \"\(.state) \(.vf)\"" port show "$SW" "$1")" = "$2" ]; }

# with xswd: the PF's VFs removed, the port gives its VF up and waits on its
# own device; VFs made again, it takes one, as monitor shows
iov_failover()
{
	local mon=/tmp/$PFX-monitor.log xswd_pid mon_pid out
	xsw switch del "$SW" 2>/dev/null
	xsw switch add "$SW" type external uplink "$PF" mode tc host off iov on &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" &&
		xsw port set "$SW" vm1 mac 02:00:00:00:01:01 vlan access 10 iov weight 50 &&
		iov_is vm1 "assigned 0"
	check_err $? "setup failed"
	"$(dirname "$XSWCTL")/xswd" >"/tmp/$PFX-xswd.log" 2>&1 &
	xswd_pid=$!
	wait_for test -S /run/xsw/xswd.sock
	"$XSWCTL" -j monitor "$SW" >"$mon" 2>&1 &
	mon_pid=$!
	sleep 0.5
	xsw vf numvfs "$PF" 0
	wait_for iov_is vm1 "waiting null" && [ -z "$(steered)" ] &&
		wait_for pf_is 02:00:00:00:01:01
	check_err $? "VFs removed: vm1 $(jqx '.[0].iov' port show "$SW" vm1), FDB $(steered), PF filter $(pf_macs)"
	xsw vf numvfs "$PF" 3
	wait_for iov_is vm1 "assigned 0" && ip_vf 0 | grep -Eq "link/ether 02:00:00:00:01:01 .*vlan 10," &&
		[ "$(steered)" = "02:00:00:00:01:01 10 uplink vm1" ] && wait_for pf_is ""
	check_err $? "VFs back: vm1 $(jqx '.[0].iov' port show "$SW" vm1), $(ip_vf 0), FDB $(steered), PF filter $(pf_macs)"
	sleep 0.3
	kill "$mon_pid" "$xswd_pid" 2>/dev/null
	wait "$mon_pid" "$xswd_pid" 2>/dev/null
	out=$(jq -c 'select(.kind == "iov") | [.event, .port, .pf, .vf, .why]' "$mon" | xargs)
	[ "$out" = "[revoked,vm1,$PF,0,the PF has no such VF now] [assigned,vm1,$PF,0,null]" ]
	check_err $? "monitor showed: $out"
	out=$(python3 "$(dirname "$0")/../net/json_check.py" monitor <"$mon")
	check_err $? "monitor -j: $out"
	xsw switch del "$SW"
	log_test "xswd: a port whose VF goes away waits on its own device, and takes one when there is one"
}

setup || { echo "FAIL: no netdevsim device"; echo "0 passed, 1 failed"; exit 1; }
run_tests
