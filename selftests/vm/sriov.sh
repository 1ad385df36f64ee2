#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SR-IOV configuration (xswctl vf) against a real driver: netdevsim, built
# here for Debian's kernel (vm_netdevsim), in a guest of the kernel tier's
# kind (selftests/kernel/run.sh: the host's tools over 9p). In the guest:
# every vf set setting round-trips through ip -d link show and vf show -j;
# a setting the driver refuses leaves the VF as it was; numvfs follows the
# PCI rules.
#
#  guest: netdevsim1 (1 port, its PF device) with up to 4 VFs

ALL_TESTS="numvfs_rules set_round_trip refused_input refused_by_driver many_vfs"

source "$(dirname "$0")/../net/lib.sh"

if [ -z "${XSW_KERNEL_TIER:-}" ]; then
	# the host: netdevsim for the guest kernel, then this script in a guest
	source "$(dirname "$0")/lib.sh"
	vm_kernel && vm_netdevsim || { echo "0 passed, 1 failed"; exit 1; }
	export VM_EXTRA_KO
	KERNEL_MODULES="psample netdevsim" KERNEL_TIMEOUT=600 \
		KERNEL_CMD="TESTS='${TESTS:-}' selftests/vm/sriov.sh" \
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

setup || { echo "FAIL: no netdevsim device"; echo "0 passed, 1 failed"; exit 1; }
run_tests
