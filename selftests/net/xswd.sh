#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of xswd: changes made outside xsw with the daemon running
# (repaired, recorded, shown by monitor), its FDB events and ageing, the
# rebalancer it hosts, the log of changes, and forwarding without it.
# (selftests/net/outside.sh has the same changes without xswd.)
#
#  private switch $PFX-d, xswd and `xswctl -j monitor` running
#  +------+------+------+
#  | vm1  | vm2  | vm3  |   vm3 is made again for each test, in the mode
#  | tc   | xdp  | tc/xdp   the test needs, and changed from outside
#  +--|---+--|---+--|---+
#  10.7.0.1  .2     .3

ALL_TESTS="monitor_needs_xswd changes_logged fdb_events device_deleted device_moved
	device_renamed device_down cls_bpf_qdisc_del xdp_link_detached rebalancer monitor_schema
	forwarding_without_xswd"

source "$(dirname "$0")/lib.sh"
require_cmd ip tc jq ping bpftool mausezahn taskset python3

SW=${PFX}d
XSWD=$(dirname "$XSWCTL")/xswd
LOG=/tmp/$PFX-xswd.log
MON=/tmp/$PFX-monitor.log
[ -x "$XSWD" ] || { echo "FAIL: missing prerequisite: $XSWD (run make)"; exit 1; }

xswd_start()
{
	"$XSWD" >>"$LOG" 2>&1 &
	XSWD_PID=$!
	for _ in $(seq 50); do
		[ -S /run/xsw/xswd.sock ] && break
		sleep 0.1
	done
	xsw -j monitor "$SW" >>"$MON" 2>&1 &
	MON_PID=$!
	sleep 0.3
}

xswd_stop()
{
	kill "$XSWD_PID" "$MON_PID" 2>/dev/null
	wait "$XSWD_PID" "$MON_PID" 2>/dev/null
}

# until CMD... succeeds, for at most N tenths of a second (wait_for: 5 s)
wait_for_n()
{
	local i n=$1
	shift
	for i in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
wait_for() { wait_for_n 50 "$@"; }

# an event monitor printed since the last mon_mark (or prints within 5 s)
# that matches the jq filter $1
MARK=0
mon_mark() { MARK=$(wc -l <"$MON"); }
mon_seen() { tail -n +$((MARK + 1)) "$MON" | jq -c "select($1)" 2>/dev/null | grep -q .; }
mon_has() { wait_for mon_seen "$1"; }

setup()
{
	: >"$LOG"
	: >"$MON"
	vm_add vm1 10.7.0.1/24
	vm_add vm2 10.7.0.2/24
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xswd_start &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc
}

# vm3 MODE [MAC]: a fresh VM on port vm3, in MODE, that vm1 reaches
vm3_add()
{
	xsw port del "$SW" vm3 >/dev/null 2>&1
	ip netns del "$PFX-vm3" 2>/dev/null
	ip link del "${PFX}vm3" 2>/dev/null
	vm_add vm3 10.7.0.3/24 "$2"
	vm_exec vm1 ip neigh flush all
	xsw port add "$SW" vm3 dev "${PFX}vm3" mode "$1" && ping_ok vm1 10.7.0.3
}

state() { jqx '.[0].state + " " + (.[0].oper // "-")' port show "$SW" vm3; }
drops() { jqx ".[] | select(.port == \"$1\") | .stats.drops.$2" port show "$SW"; }
# until port vm3 is in state $1 (and oper $2), for at most 5 s
state_is() { [ "$(state)" = "$1" ]; }
wait_state() { wait_for state_is "$1"; }

monitor_needs_xswd()
{
	local out rc
	out=$(XSW_ROOT=/sys/fs/bpf/$PFX-none "$XSWCTL" monitor 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && [[ "$out" == *"xswd is not running"* ]]
	check_err $? "monitor without xswd: rc $rc: $out"
	log_test "monitor without xswd fails in one line saying so"
}

changes_logged()
{
	grep -q "^$SW: config port add args $SW vm1 dev ${PFX}vm1 mode tc$" "$LOG"
	check_err $? "the port add is not in xswd's log"
	mon_has ".kind == \"config\" and .event == \"port add\" and .switch == \"$SW\""
	check_err $? "monitor did not show the port add"
	log_test "every change made with xswctl is logged and shown by monitor"
}

fdb_events()
{
	local mac3
	mon_mark
	vm3_add tc
	check_err $? "vm3 cannot reach vm1"
	mac3=$(vm_mac vm3)
	mon_has ".event == \"learned\" and .mac == \"$mac3\" and .port == \"vm3\""
	check_err $? "no learned event for vm3's MAC"
	# vm2 takes vm3's MAC: the entry moves
	ip -n "$PFX-vm2" link set eth0 address "$mac3" && ping_ok vm2 10.7.0.1 1
	mon_has ".event == \"moved\" and .mac == \"$mac3\" and .port == \"vm2\" and .old_port == \"vm3\""
	check_err $? "no moved event when vm2 sent from vm3's MAC"
	ip -n "$PFX-vm2" link set eth0 address "$(ip -j link show "${PFX}vm2" | jq -r '.[0].address' |
		sed 's/^..:/02:/')"
	vm_exec vm1 ip neigh flush all
	# idle entries age out
	xsw switch set "$SW" ageing 1
	mon_has ".event == \"aged\" and .mac == \"$mac3\""
	check_err $? "no aged event with an ageing time of 1 s"
	xsw switch set "$SW" ageing 300
	log_test "monitor shows an entry learned, moved and aged"
}

device_deleted()
{
	local m
	for m in tc xdp; do
		vm3_add $m
		check_err $? "$m: vm3 cannot reach vm1"
		mon_mark
		ip link del "${PFX}vm3"
		wait_state "waiting -"
		check_err $? "$m: after its device was deleted: $(state)"
		[ "$(jqx '[.[] | select(.port == "vm3")] | length' fdb show "$SW")" -eq 0 ]
		check_err $? "$m: the gone port's FDB entries are left"
		mon_has ".kind == \"port\" and .event == \"gone\" and .port == \"vm3\""
		check_err $? "$m: monitor did not show the port going away"
		mon_has ".event == \"flushed\" and .port == \"vm3\" and .entries > 0"
		check_err $? "$m: monitor did not show the port's entries flushed"
		# its device comes back: the port is completed, in its mode
		ip netns del "$PFX-vm3"
		vm_add vm3 10.7.0.3/24
		vm_exec vm1 ip neigh flush all
		wait_state "connected up"
		check_err $? "$m: the device came back: $(state)"
		[ "$(jqx '.[0].mode' port show "$SW" vm3)" = $m ] && ping_ok vm1 10.7.0.3
		check_err $? "$m: the completed port does not forward in mode $m"
	done
	log_test "a deleted device: its port waits for it, flushed, and is completed"
}

device_moved()
{
	vm3_add tc
	ns_add away
	mon_mark
	ip link set dev "${PFX}vm3" netns "$PFX-away"
	wait_state "waiting -"
	check_err $? "device moved to another namespace: $(state)"
	# it comes back: the port is completed
	ip -n "$PFX-away" link set dev "${PFX}vm3" netns $$
	ip link set dev "${PFX}vm3" up
	vm_exec vm1 ip neigh flush all
	wait_state "connected up" && ping_ok vm1 10.7.0.3
	check_err $? "the device came back: $(state), or vm3 unreachable"
	log_test "a device moved away: its port waits, and is completed when it is back"
}

device_renamed()
{
	vm3_add tc
	mon_mark
	ip link set dev "${PFX}vm3" down && ip link set dev "${PFX}vm3" name "${PFX}vm3r" &&
		ip link set dev "${PFX}vm3r" up
	wait_for grep -q "port add $SW vm3 dev ${PFX}vm3r " "$XSW_CONF"
	check_err $? "the saved configuration does not have the new name"
	mon_has ".event == \"renamed\" and .port == \"vm3\" and .dev == \"${PFX}vm3r\""
	check_err $? "monitor did not show the rename"
	# xswd sees the device up again after the rename, then the port forwards
	wait_state "connected up"
	check_err $? "after the rename and link up: $(state)"
	ping_ok vm1 10.7.0.3
	check_err $? "vm3 unreachable after the rename"
	xsw port del "$SW" vm3
	ip link set dev "${PFX}vm3r" name "${PFX}vm3"
	log_test "a renamed device is recorded and saved under its new name"
}

device_down()
{
	local m before
	for m in tc xdp; do
		vm3_add $m
		before=$(($(drops vm1 dst_down) + $(drops vm3 dst_down)))
		mon_mark
		ip link set dev "${PFX}vm3" down
		wait_state "connected down"
		check_err $? "$m: port device down: $(state)"
		mon_has ".event == \"down\" and .port == \"vm3\""
		check_err $? "$m: monitor did not show the port going down"
		# a unicast (vm1 knows vm3's MAC) and floods (ARP) toward it
		ping_ok vm1 10.7.0.3
		vm_exec vm1 ip neigh flush all
		ping_ok vm1 10.7.0.3
		[ $(($(drops vm1 dst_down) + $(drops vm3 dst_down))) -gt "$before" ]
		check_err $? "$m: frames to the down port were not counted as dst_down"
		mon_mark
		ip link set dev "${PFX}vm3" up
		wait_for ping_ok vm1 10.7.0.3 1
		check_err $? "$m: vm3 unreachable once up again"
		mon_has ".event == \"up\" and .port == \"vm3\""
		check_err $? "$m: monitor did not show the port up again"
	done
	log_test "traffic to a port whose device is down is counted (dst_down)"
}

cls_bpf_qdisc_del()
{
	XSW_TCX=off vm3_add tc
	check_err $? "vm3 (tc, cls_bpf) cannot reach vm1"
	mon_mark
	tc qdisc del dev "${PFX}vm3" clsact
	wait_state "connected up"
	check_err $? "after tc qdisc del: $(state)"
	mon_has ".kind == \"repair\" and .event == \"reattached\" and .port == \"vm3\""
	check_err $? "monitor did not show the repair"
	grep -q "^$SW: repair reattached port vm3 dev ${PFX}vm3 missing TC" "$LOG"
	check_err $? "the repair is not in xswd's log"
	ping_ok vm1 10.7.0.3
	check_err $? "vm3 unreachable after the repair"
	log_test "a tc port's filters deleted with their qdisc are attached again"
}

xdp_link_detached()
{
	local link
	vm3_add xdp
	mon_mark
	link=$(bpftool -j link show pinned "/sys/fs/bpf/xsw/$SW/link_vm3" | jq -r .id)
	bpftool link detach id "$link"
	# nothing tells of a detach: the next audit (2 s) sees it
	wait_state "connected up" && wait_for ping_ok vm1 10.7.0.3 1
	check_err $? "after bpftool link detach: $(state), or vm3 unreachable"
	mon_has ".kind == \"repair\" and .port == \"vm3\" and .missing == \"XDP program\""
	check_err $? "monitor did not show the repair"
	log_test "an xdp port's link detached by someone is attached again"
}

rebalancer()
{
	local flow busy
	# VMQ steers what XDP ports receive
	vm3_add xdp
	# CPU 1 need only be below 80 %: in the kernel tier's emulated guest a
	# light flow and this test's own polling keep it about 70 % busy
	xsw vmq set "$SW" vm2 cpu 0 weight 100 &&
		xsw vmq default "$SW" interval 1 high 90 low 80 dwell 0
	check_err $? "cannot give vm2 a queue on CPU 0"
	# a light flow to vm2 while CPU 0 is saturated: xswd moves its queue
	# (within a few rounds: one may have begun before the load)
	vm_exec vm3 taskset -c 1 mausezahn eth0 -q -A 10.7.0.3 -B 10.7.0.2 -b "$(vm_mac vm2)" \
		-t udp "sp=1000,dp=9" -d 10msec -c 2000 >/dev/null 2>&1 &
	flow=$!
	mon_mark
	timeout 10 taskset -c 0 sh -c 'while :; do :; done' &
	busy=$!
	for _ in $(seq 20); do
		sleep 0.5
		mon_seen ".kind == \"vmq\" and .port == \"vm2\" and .from == 0 and .to == 1" && break
	done
	check_err $? "xswd did not move vm2's queue off the saturated CPU 0"
	kill "$busy" "$flow" 2>/dev/null
	wait "$busy" "$flow" 2>/dev/null
	xsw vmq set "$SW" vm2 weight 0
	xsw port del "$SW" vm3
	log_test "xswd runs the rebalancer of a switch with queues"
}

monitor_schema()
{
	local out
	MARK=0
	out=$(python3 "$(dirname "$0")/json_check.py" monitor <"$MON")
	check_err $? "monitor -j: $out"
	[ "$(jq -r .kind "$MON" | sort -u | xargs)" = "config fdb port repair vmq" ]
	check_err $? "monitor -j showed kinds $(jq -r .kind "$MON" | sort -u | xargs)"
	log_test "monitor -j: one object per line, every kind, as docs/json.md says"
}

forwarding_without_xswd()
{
	vm3_add xdp
	# a port xswd marked down, its device up again once xswd is gone
	ip link set dev "${PFX}vm3" down
	wait_state "connected down"
	xswd_stop
	ip link set dev "${PFX}vm3" up
	ping_ok vm1 10.7.0.2 && wait_for ping_ok vm1 10.7.0.3 1
	check_err $? "forwarding stopped with xswd"
	[ ! -e /run/xsw/xswd.sock ]
	check_err $? "xswd left its socket"
	xsw port del "$SW" vm3
	check_err $? "port del without xswd failed"
	log_test "the switch forwards without xswd (no port left marked down)"
}

cleanup_xswd()
{
	xswd_stop
	[ "$FAILED" -eq 0 ] && rm -f "$LOG" "$MON"
	cleanup
}

setup || { echo "FAIL: cannot build the switch"; cleanup_xswd; exit 1; }
trap cleanup_xswd EXIT
TESTS=${TESTS:-$ALL_TESTS}
for t in $TESTS; do
	$t
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
