#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of changes made outside xsw, without xswd: port show says
# what the kernel has (oper), and teardown always succeeds and leaves
# nothing, whatever vanished underneath.
#
#  private switch $PFX-o
#  +------+------+------+
#  | vm1  | vm2  | vm3  |   one port per test is changed from outside:
#  | tc   | xdp  | tc/xdp   its qdisc or link removed, its device deleted,
#  +--|---+--|---+--|---+   renamed, set down, moved to another namespace
#   [vm1]  [vm2]  [vm3]
#  10.6.0.1  .2     .3

ALL_TESTS="tc_qdisc_del cls_bpf_qdisc_del xdp_link_detached device_deleted device_renamed
	device_down device_moved switch_del_leaves_nothing"

source "$(dirname "$0")/lib.sh"
require_cmd ip tc jq ping bpftool python3

SW=${PFX}o

setup()
{
	vm_add vm1 10.6.0.1/24
	vm_add vm2 10.6.0.2/24
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp
}

# vm3 MODE: a fresh VM on port vm3, in MODE, that vm1 reaches
vm3_add()
{
	xsw port del "$SW" vm3 >/dev/null 2>&1
	ip netns del "$PFX-vm3" 2>/dev/null
	ip link del "${PFX}vm3" 2>/dev/null
	vm_add vm3 10.6.0.3/24
	# the VM is new: so is its MAC
	vm_exec vm1 ip neigh flush all
	xsw port add "$SW" vm3 dev "${PFX}vm3" mode "$1" && ping_ok vm1 10.6.0.3
}

oper() { jqx '.[0].oper + (if .[0].missing then " " + .[0].missing else "" end)' port show "$SW" vm3; }

# no pin of port vm3 left in the switch's directory
no_pins() { ! ls "/sys/fs/bpf/xsw/$SW" | grep -qE '^(link|tcx_in|tcx_eg)_vm3$'; }

tc_qdisc_del()
{
	vm3_add tc
	check_err $? "vm3 (tc) cannot reach vm1"
	if [ "$(tcx_count "${PFX}vm3")" -eq 2 ]; then
		# tcx links: no qdisc holds them
		tc qdisc add dev "${PFX}vm3" clsact && tc qdisc del dev "${PFX}vm3" clsact
		check_err $? "cannot add and delete a clsact qdisc"
		ping_ok vm1 10.6.0.3 && [ "$(oper)" = up ]
		check_err $? "after tc qdisc del: oper $(oper), or vm3 unreachable"
		log_test "tcx: tc qdisc del cannot take a tc port's programs"
	else
		# this kernel has no tcx: the filters go with the qdisc
		tc qdisc del dev "${PFX}vm3" clsact
		[ "$(oper)" = "detached TC ingress program" ]
		check_err $? "after tc qdisc del: oper $(oper)"
		xsw port del "$SW" vm3 && no_pins
		check_err $? "port del failed after tc qdisc del"
		log_test "no tcx: tc qdisc del shows detached, port del works"
	fi
}

cls_bpf_qdisc_del()
{
	XSW_TCX=off vm3_add tc
	check_err $? "vm3 (tc, cls_bpf) cannot reach vm1"
	[ "$(tcx_count "${PFX}vm3")" -eq 0 ] && tc filter show dev "${PFX}vm3" ingress | grep -q xsw_tc_rx
	check_err $? "XSW_TCX=off did not attach cls_bpf filters"
	tc qdisc del dev "${PFX}vm3" clsact
	[ "$(oper)" = "detached TC ingress program" ]
	check_err $? "after tc qdisc del: oper \"$(oper)\""
	xsw port del "$SW" vm3
	check_err $? "port del failed after tc qdisc del"
	dev_clean "${PFX}vm3" && no_pins
	check_err $? "port del left programs or pins"
	log_test "cls_bpf: tc qdisc del shows detached, port del works and leaves nothing"
}

xdp_link_detached()
{
	local link
	vm3_add xdp
	check_err $? "vm3 (xdp) cannot reach vm1"
	link=$(bpftool -j link show pinned "/sys/fs/bpf/xsw/$SW/link_vm3" | jq -r .id)
	bpftool link detach id "$link"
	[ "$(oper)" = "detached XDP program" ]
	check_err $? "after bpftool link detach: oper \"$(oper)\""
	xsw port del "$SW" vm3 && no_pins && dev_clean "${PFX}vm3"
	check_err $? "port del failed or left something after the link was detached"
	log_test "xdp link detached by someone: shown detached, port del works"
}

device_deleted()
{
	local m
	for m in tc xdp; do
		vm3_add $m
		check_err $? "vm3 ($m) cannot reach vm1"
		ip link del "${PFX}vm3"
		[ "$(oper)" = gone ]
		check_err $? "$m: after its device was deleted: oper \"$(oper)\""
		xsw port del "$SW" vm3 && no_pins
		check_err $? "$m: port del failed or left pins after its device was deleted"
		# the same port on a new device
		vm3_add $m
		check_err $? "$m: a new device for the port does not work"
	done
	log_test "a port's device deleted: shown gone; the port takes a new device"
}

device_renamed()
{
	vm3_add tc
	ip link set dev "${PFX}vm3" down &&
		ip link set dev "${PFX}vm3" name "${PFX}vm3r" &&
		ip link set dev "${PFX}vm3r" up
	[ "$(jqx '.[0].dev' port show "$SW" vm3)" = "${PFX}vm3r" ] && [ "$(oper)" = up ]
	check_err $? "after a rename: dev $(jqx '.[0].dev' port show "$SW" vm3), oper $(oper)"
	ping_ok vm1 10.6.0.3
	check_err $? "vm3 unreachable after its device was renamed"
	xsw port del "$SW" vm3 && dev_clean "${PFX}vm3r"
	check_err $? "port del failed after the rename"
	ip link set dev "${PFX}vm3r" name "${PFX}vm3"
	log_test "a port's device renamed: shown by its new name, still forwards"
}

device_down()
{
	vm3_add xdp
	vm_exec vm3 ip link set eth0 down
	[ "$(oper)" = down ]
	check_err $? "VM end down: oper \"$(oper)\""
	vm_exec vm3 ip link set eth0 up
	sleep 0.5
	[ "$(oper)" = up ] && ping_ok vm1 10.6.0.3
	check_err $? "VM end up again: oper \"$(oper)\" or no ping"
	ip link set dev "${PFX}vm3" down
	[ "$(oper)" = down ]
	check_err $? "port device down: oper \"$(oper)\""
	log_test "a port's device or its VM end down: shown down, then up"
}

device_moved()
{
	vm3_add tc
	ns_add away
	ip link set dev "${PFX}vm3" netns "$PFX-away"
	[ "$(oper)" = gone ]
	check_err $? "device moved to another namespace: oper \"$(oper)\""
	xsw port del "$SW" vm3 && no_pins
	check_err $? "port del failed after the device moved"
	log_test "a port's device moved to another namespace: shown gone, port del works"
}

switch_del_leaves_nothing()
{
	local m dev
	# one port of each kind of damage
	XSW_TCX=off vm3_add tc && tc qdisc del dev "${PFX}vm3" clsact
	vm_add vm4 10.6.0.4/24
	xsw port add "$SW" vm4 dev "${PFX}vm4" mode xdp && ip link del "${PFX}vm4"
	xsw switch del "$SW"
	check_err $? "switch del failed"
	[ ! -e "/sys/fs/bpf/xsw/$SW" ]
	check_err $? "the switch's pins are left"
	for dev in "${PFX}vm1" "${PFX}vm2" "${PFX}vm3"; do
		dev_clean "$dev"
		check_err $? "programs left on $dev"
	done
	log_test "switch del with damaged ports succeeds and leaves nothing"
}

setup || { echo "FAIL: cannot build the switch"; exit 1; }
run_tests
