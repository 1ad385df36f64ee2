#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of save, -batch and autosave: a switch with every kind of
# setting is saved, deleted and made again from the file; the file applied to
# the running switch changes nothing under traffic; a port whose device does
# not exist yet waits for it.
#
#  private switch $PFX-s                                   internal switch $PFX-i
#  +------+------+--------------+----------+----------+    +-------+
#  | vm1  | vm2  | vm3          | p4       | p5       |    | host  |
#  | tc   | xdp  | xdp emulated | created  | teardown |    +-------+
#  |      |      | disconnected |          |          |
#  +--|---+--|---+--|-----------+----------+----------+
#   [vm1]  [vm2]  [vm3]
#  10.5.0.1  .2     .3

ALL_TESTS="save_restore restore_running waiting_port batch_errors autosave"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping iperf3
EXAMPLES=$(cd "$(dirname "$0")/../.." && pwd)/build/examples
for f in "$EXAMPLES"/filter_noping.bpf.o "$EXAMPLES"/capture_arpwatch.bpf.o; do
	[ -f "$f" ] || { echo "FAIL: missing prerequisite: $f (run make check)"; exit 1; }
done

SW=${PFX}s
SWI=${PFX}i
SAVED=/tmp/$PFX-saved.conf

setup()
{
	local i
	for i in 1 2 3; do
		vm_add vm$i 10.5.0.$i/24
	done
	xsw switch add "$SW" type private fdb-size 3000 max-ports 64 &&
	xsw switch set "$SW" ageing 100 &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xsw port add "$SW" vm3 dev "${PFX}vm3" mode xdp type emulated state disconnected &&
	xsw port create "$SW" p4 &&
	xsw port create "$SW" p5 state teardown &&
	xsw fdb add "$SW" 02:00:00:00:00:aa port vm1 vlan 10 &&
	xsw mirror set "$SW" vm2 mode source &&
	xsw mirror set "$SW" vm1 mode destination &&
	xsw acl add "$SW" vm2 dir in action deny remote 10.5.0.3/32 &&
	xsw acl add "$SW" vm1 dir out action meter remote 10.5.0.0/24 &&
	xsw ext attach "$SW" noping kind filter object "$EXAMPLES"/filter_noping.bpf.o prio 5 &&
	xsw ext attach "$SW" arpw kind capture object "$EXAMPLES"/capture_arpwatch.bpf.o enable on &&
	xsw vmq default "$SW" queues 8 interval 3 high 70 low 20 dwell 5 &&
	xsw vmq set "$SW" vm2 cpu 1 &&
	xsw switch add "$SWI" type internal
}

# what the switches look like, counters, ages and load aside
state()
{
	local s
	for s in "$SW" "$SWI"; do
		xsw -j switch show "$s"
		xsw -j port show "$s" | jq -c 'map(del(.stats, .index))'
		xsw -j fdb show "$s" | jq -c 'map(select(.static))'
		xsw -j acl show "$s" | jq -c 'map(del(.packets, .bytes))'
		xsw -j ext show "$s" | jq -c 'map(del(.packets, .drops))'
		xsw -j mirror show "$s"
		xsw -j vmq show "$s" | jq -c 'del(.cpus, .default.packets) |
			.ports |= map(del(.packets, .moves))'
	done
}

our_switches_del() { xsw switch del "$SW" && xsw switch del "$SWI"; }

save_restore()
{
	local before after
	before=$(state)
	xsw save > "$SAVED"
	check_err $? "save failed"
	grep -q "^port add $SW vm3 dev ${PFX}vm3 mode xdp type emulated state disconnected$" "$SAVED" &&
		grep -q "^ext attach $SW noping kind filter object $EXAMPLES/filter_noping.bpf.o prio 5 enable off$" "$SAVED" &&
		grep -q "^port create $SW p5 state teardown$" "$SAVED" &&
		grep -q "^switch add $SW type private fdb-size 4096 max-ports 64$" "$SAVED"
	check_err $? "the saved file lacks lines: $(head -c 2000 "$SAVED")"
	our_switches_del
	check_err $? "cannot delete the switches"
	xsw -batch "$SAVED"
	check_err $? "-batch of the saved file failed"
	after=$(state)
	[ "$before" = "$after" ]
	check_err $? "restored state differs: $(diff <(echo "$before") <(echo "$after") | head -20)"
	ping_ok vm1 10.5.0.2
	check_err $? "no traffic on the restored switch"
	log_test "save, delete everything, -batch: the same switches and traffic"
}

# the saved file applied to the running switches: no change, no lost packet
restore_running()
{
	local before out lost total
	xsw save > "$SAVED"
	before=$(state)
	sockbuf_max 4194304
	iperf3_server vm2 5210
	vm_exec vm1 iperf3 -c 10.5.0.2 -p 5210 -u -b 20M -l 1000 -w 4M -t 3 -J >/tmp/$PFX-r.json 2>&1 &
	sleep 0.5
	xsw -batch "$SAVED" && xsw -batch "$SAVED"
	check_err $? "-batch of the running configuration failed"
	wait
	lost=$(jq '.end.sum.lost_packets' /tmp/$PFX-r.json)
	total=$(jq '.end.sum.packets' /tmp/$PFX-r.json)
	[ "$total" -gt 1000 ] 2>/dev/null && [ "$lost" -eq 0 ]
	check_err $? "$lost of $total datagrams lost while the configuration was applied$([ "$total" = null ] && printf ' (iperf3: %s)' "$(jq -r .error /tmp/$PFX-r.json)")"
	[ "$before" = "$(state)" ]
	check_err $? "applying the running configuration changed it: $(diff <(echo "$before") <(state) | head -20)"
	rm -f /tmp/$PFX-r.json
	log_test "the saved file applied to the running switches changes nothing, loses nothing"
}

# a port whose device is not there yet waits, is saved, and completes
waiting_port()
{
	printf 'port add %s w1 dev %svm9 mode tc\n' "$SW" "$PFX" > "$SAVED.w"
	xsw -batch "$SAVED.w"
	check_err $? "-batch of a port without its device failed"
	[ "$(xsw -j port show "$SW" w1 | jq -r '.[0] | "\(.state) \(.dev) \(.mode)"')" = "waiting ${PFX}vm9 tc" ]
	check_err $? "the port does not wait: $(xsw -j port show "$SW" w1)"
	xsw save "$SW" | grep -q "^port add $SW w1 dev ${PFX}vm9 mode tc$"
	check_err $? "save forgets the waiting port"
	xsw -batch "$SAVED.w"
	check_err $? "-batch of the waiting port again failed"
	expect_err "port add of a waiting port without its device" "waits for it" \
		port add "$SW" w1 dev "${PFX}vm9"
	expect_err "a step out of order on a waiting port" "is waiting: nic connect is out of order" \
		nic connect "$SW" w1
	printf 'port add %s w3 dev %svm8\n' "$SW" "$PFX" | xsw -batch - && xsw port teardown "$SW" w3
	[ "$(xsw -j port show "$SW" w3 | jq -r '.[0].state')" = teardown ]
	check_err $? "teardown of a waiting port does not show teardown"
	xsw port delete "$SW" w3
	vm_add vm9 10.5.0.9/24
	expect_err "a device another port waits for" "is awaited by port \"w1\"" \
		port add "$SW" w9 dev "${PFX}vm9"
	xsw port add "$SW" w1 dev "${PFX}vm9"
	check_err $? "port add does not complete the waiting port"
	[ "$(xsw -j port show "$SW" w1 | jq -r '.[0].state')" = connected ]
	check_err $? "the completed port is not connected"
	ping_ok vm9 10.5.0.2
	check_err $? "no traffic through the completed port"
	xsw port del "$SW" w1
	rm -f "$SAVED.w"
	log_test "a port waits for its device, is saved so, and port add completes it"
}

batch_errors()
{
	local out
	printf '# a comment\nswitch show %s\nport add %s x dev lo\nport create %s late\n' \
		"$SW" "$SW" "$SW" > "$SAVED.e"
	out=$(xsw -batch "$SAVED.e" 2>&1 >/dev/null)
	[ $? -ne 0 ] && [[ "$out" == "xswctl: line 3: port add: device \"lo\" is the loopback device"* ]] &&
		[ "$(wc -l <<<"$out")" = 1 ]
	check_err $? "a failing line is not named, or the batch did not fail: $out"
	xsw -j port show "$SW" late >/dev/null 2>&1
	check_fail $? "the batch went on after the failing line"
	xsw -force -batch "$SAVED.e" >/dev/null 2>&1
	check_fail $? "-force -batch with a failing line exited 0"
	[ "$(xsw -j port show "$SW" late | jq -r '.[0].state')" = created ]
	check_err $? "-force did not go on past the failing line"
	xsw port del "$SW" late
	rm -f "$SAVED.e"
	log_test "-batch names the failing line and stops; -force goes on"
}

autosave()
{
	xsw port create "$SW" a1
	grep -q "^port create $SW a1$" "$XSW_CONF"
	check_err $? "a change did not rewrite $XSW_CONF"
	XSW_AUTOSAVE=off xsw port del "$SW" a1
	grep -q "^port create $SW a1$" "$XSW_CONF"
	check_err $? "XSW_AUTOSAVE=off did not keep the file as it was"
	xsw fdb flush "$SW"
	grep -q "^port create $SW a1$" "$XSW_CONF"
	check_fail $? "the next change did not rewrite the file"
	log_test "every change rewrites the configuration file unless autosave is off"
}

setup || { echo "FAIL: setup"; cleanup; echo "0 passed, 1 failed"; exit 1; }
run_tests
