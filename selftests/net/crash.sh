#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Crash safety: xswctl killed (SIGKILL) at varied points of switch add, port
# add, ext attach, acl add, switch upgrade (of a switch build/old/xswctl
# made) and switch del: at 10 %, 30 %, ... 90 % of the time the command
# takes here, unkilled (5 points each; 1 in the kernel tier), and at system
# calls.
# After every kill, the next command reports a state (show exits 0 with
# JSON), and switch del completes: no pins, no programs on the devices, no
# host vNIC; a port add or switch upgrade run again completes.
#
#  internal switch $PFX-k: vm1 (tc, tcx), vm2 (tc, cls_bpf), vm3 (xdp), host

ALL_TESTS="kill_switch_add kill_port_add kill_port_add_calls kill_ext_attach kill_acl_add
	kill_switch_upgrade kill_switch_del"

source "$(dirname "$0")/lib.sh"
require_cmd ip tc jq bpftool python3 timeout strace
EXAMPLES=$(cd "$(dirname "$0")/../.." && pwd)/build/examples
[ -f "$EXAMPLES/filter_noping.bpf.o" ] ||
	{ echo "FAIL: missing prerequisite: $EXAMPLES/filter_noping.bpf.o (run make check)"; exit 1; }

OLD=$(dirname "$XSWCTL")/old/xswctl
[ -x "$OLD" ] || { echo "FAIL: missing prerequisite: $OLD (run make check)"; exit 1; }

SW=${PFX}k
# kill points (% of the unkilled time)
POINTS="10 30 50 70 90"
# the kernel tier: one point, and 3 system calls of each command (each
# trial loads programs, seconds under TCG; crash safety is the
# controller's, the same on 6.1)
if [ -n "${XSW_KERNEL_TIER:-}" ]; then
	POINTS="55"
	MAX_CALLS=3
fi
NPOINTS=$(wc -w <<<"$POINTS")
DEVS=("${PFX}vm1" "${PFX}vm2" "${PFX}vm3" "${PFX}vm4")

# killed DELAY xswctl-args...: xswctl, killed with SIGKILL after DELAY s
killed() { local d=$1; shift; timeout -s KILL "$d" "$XSWCTL" "$@" >/dev/null 2>&1; }

switch_up()
{
	xsw switch add "$SW" type internal &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
		XSW_TCX=off xsw port add "$SW" vm2 dev "${PFX}vm2" mode tc &&
		xsw port add "$SW" vm3 dev "${PFX}vm3" mode xdp
}

# after a kill: the state is reported, and switch del leaves nothing
aftermath()
{
	local what=$1 d out
	xsw -j switch show | jq -e 'type == "array"' >/dev/null || { echo "$what: switch show"; return; }
	if [ -e "/sys/fs/bpf/xsw/$SW" ]; then
		# a port list, or one line saying what is wrong (a half-made switch)
		out=$(xsw -j port show "$SW" 2>&1)
		{ printf '%s' "$out" | jq -e 'type == "array"' >/dev/null 2>&1 ||
			[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]; } ||
			{ echo "$what: port show says: $out"; return; }
		xsw switch del "$SW" >/dev/null 2>&1 || { echo "$what: switch del failed"; return; }
	fi
	[ -e "/sys/fs/bpf/xsw/$SW" ] && { echo "$what: pins left"; return; }
	ls /sys/fs/bpf/xsw | grep -q "^$SW~" && { echo "$what: an upgrade's pins left"; return; }
	ip link show "$SW" >/dev/null 2>&1 && { echo "$what: host vNIC left"; return; }
	for d in "${DEVS[@]}"; do
		dev_clean "$d" || { echo "$what: programs left on $d"; return; }
	done
}

# trials NAME PREPARE xswctl-args...: the command once, timed, then killed
# at the POINTS of that time, each after PREPARE
trials()
{
	local name=$1 prepare=$2 t0 us f d bad="" out
	shift 2
	$prepare
	t0=$(date +%s%N)
	"$XSWCTL" "$@" >/dev/null 2>&1 || bad+="$name: fails unkilled; "
	us=$((($(date +%s%N) - t0) / 1000))
	out=$(aftermath "$name unkilled")
	[ -n "$out" ] && bad+="$out; "
	for f in $POINTS; do
		d=$(awk "BEGIN { printf \"%.4f\", $us * $f / 100 / 1000000 }")
		$prepare || { bad+="$name at $f %: setup failed; "; continue; }
		killed "$d" "$@" 2>/dev/null
		out=$(aftermath "$name killed at $f % (${d} s)")
		[ -n "$out" ] && bad+="$out; "
	done
	[ -z "$bad" ]
	check_err $? "$bad"
}

nothing() { :; }
# the switch as the build of the layout before makes it
old_switch_up()
{
	"$OLD" switch add "$SW" type internal &&
		"$OLD" port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
		XSW_TCX=off "$OLD" port add "$SW" vm2 dev "${PFX}vm2" mode tc &&
		"$OLD" port add "$SW" vm3 dev "${PFX}vm3" mode xdp &&
		"$OLD" acl add "$SW" vm1 dir in action deny remote 10.3.0.9/32 &&
		"$OLD" ext attach "$SW" noping kind filter object "$EXAMPLES/filter_noping.bpf.o"
}
bare_switch() { xsw switch add "$SW" type internal; }

kill_switch_add()
{
	trials "switch add" nothing switch add "$SW" type internal
	log_test "switch add killed at $NPOINTS points: reported, switch del leaves nothing"
}

kill_port_add()
{
	local m
	for m in tc xdp; do
		trials "port add ($m)" bare_switch port add "$SW" vm1 dev "${PFX}vm1" mode $m
	done
	XSW_TCX=off trials "port add (cls_bpf)" bare_switch port add "$SW" vm2 dev "${PFX}vm2" mode tc
	log_test "port add (tcx, cls_bpf, xdp) killed at $NPOINTS points each: switch del leaves nothing"
}

# calls NAME PREPARE SYSCALL STEP xswctl-args...: the command killed at its
# 1st, (1+STEP)th, ... SYSCALL (strace's fault injection), each after PREPARE
calls()
{
	local name=$1 prepare=$2 call=$3 step=$4 n i bad="" out
	shift 4
	$prepare
	n=$(strace -f -c -e trace="$call" "$XSWCTL" "$@" 2>&1 >/dev/null |
		awk -v c="$call" '$NF == c { print $4 }')
	out=$(aftermath "$name unkilled")
	[ -n "$out" ] && bad+="$out; "
	[ "${n:-0}" -gt 0 ] || bad+="$name: no $call call counted; "
	[ -n "${MAX_CALLS:-}" ] && [ $(((${n:-0} + MAX_CALLS - 1) / MAX_CALLS)) -gt "$step" ] &&
		step=$(((${n:-0} + MAX_CALLS - 1) / MAX_CALLS))
	for ((i = 1; i <= ${n:-0}; i += step)); do
		$prepare || { bad+="$name at $call $i: setup failed; "; continue; }
		strace -f -o /dev/null -e trace="$call" -e inject="$call:signal=SIGKILL:when=$i" \
			"$XSWCTL" "$@" >/dev/null 2>&1
		# a port add cut short: run again, it completes (or it had); or the
		# port goes, and comes back on another device
		if [ "$1" = switch ] && [ "$2" = upgrade ] && [ $((i % 2)) -eq 0 ]; then
			"$XSWCTL" "$@" >/dev/null 2>&1 &&
				[ "$(xsw -j switch show "$3" | jq '.[0].layout')" = "$(xsw -j -V | jq .map_layout)" ] &&
				ping_ok vm1 10.3.0.3 1 ||
				bad+="$name killed at $call $i: switch upgrade run again does not complete it; "
		elif [ "$1" = switch ] && [ "$2" = upgrade ]; then
			# run again and killed again, later: switch del still finds all
			strace -f -o /dev/null -e trace="$call" \
				-e inject="$call:signal=SIGKILL:when=$((i + step / 2 + 1))" \
				"$XSWCTL" "$@" >/dev/null 2>&1
		elif [ "$1" = port ] && [ "$2" = add ] && [ $((i % 2)) -eq 0 ]; then
			! "$XSWCTL" "$@" >/dev/null 2>&1 &&
				! xsw -j port show "$3" "$4" 2>/dev/null |
				jq -e '.[0].state == "connected"' >/dev/null &&
				bad+="$name killed at $call $i: port add run again fails; "
		elif [ "$1" = port ] && [ "$2" = add ]; then
			{ ! xsw -j port show "$3" "$4" >/dev/null 2>&1 ||
				xsw port del "$3" "$4" >/dev/null 2>&1 ||
				bad+="$name killed at $call $i: port del fails; "; } &&
				{ dev_clean "$6" || bad+="$name killed at $call $i: port del leaves programs on $6; "; } &&
				{ xsw port add "$3" "$4" dev "${PFX}vm4" >/dev/null 2>&1 ||
					bad+="$name killed at $call $i: the port does not take another device; "; }
		fi
		out=$(aftermath "$name killed at $call $i of $n")
		[ -n "$out" ] && bad+="$out; "
	done
	[ -z "$bad" ]
	check_err $? "$bad"
}

# the points where a port is half attached: every netlink message, every 25th
# bpf() call
kill_port_add_calls()
{
	XSW_TCX=off calls "port add (cls_bpf)" bare_switch sendto 1 \
		port add "$SW" vm2 dev "${PFX}vm2" mode tc
	XSW_TCX=off calls "port add (cls_bpf)" bare_switch bpf 25 \
		port add "$SW" vm2 dev "${PFX}vm2" mode tc
	# before 6.6 there is no tcx: a tc port is a cls_bpf port, tested above
	printf '%s\n' 6.6 "$(uname -r | cut -d- -f1)" | sort -V -C &&
		calls "port add (tcx)" bare_switch bpf 25 port add "$SW" vm1 dev "${PFX}vm1" mode tc
	calls "port add (xdp)" bare_switch bpf 25 port add "$SW" vm3 dev "${PFX}vm3" mode xdp
	log_test "port add killed at its system calls: switch del leaves nothing"
}

kill_ext_attach()
{
	trials "ext attach" switch_up ext attach "$SW" noping kind filter \
		object "$EXAMPLES/filter_noping.bpf.o" enable on
	log_test "ext attach killed at $NPOINTS points: reported, switch del leaves nothing"
}

kill_acl_add()
{
	trials "acl add" switch_up acl add "$SW" vm1 dir in action deny remote 10.3.0.2/32
	log_test "acl add killed at $NPOINTS points: reported, switch del leaves nothing"
}

kill_switch_upgrade()
{
	trials "switch upgrade" old_switch_up switch upgrade "$SW"
	calls "switch upgrade" old_switch_up bpf 30 switch upgrade "$SW"
	log_test "switch upgrade killed at $NPOINTS points and at its bpf() calls: completes or goes"
}

kill_switch_del()
{
	trials "switch del" switch_up switch del "$SW"
	log_test "switch del killed at $NPOINTS points: a second switch del leaves nothing"
}

for i in 1 2 3 4; do
	vm_add vm$i 10.3.0.$i/24
done
run_tests
