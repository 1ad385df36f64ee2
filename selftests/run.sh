#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the test tiers (cmocka unit tests, BPF_PROG_RUN datapath tables,
# netns end-to-end scripts, QEMU guests) and ends with one line: "N passed, M failed".
# A tier that cannot run counts as failed, never as skipped.
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
passed=0
failed=0

# add the counts of one test program's output; no summary at all = 1 failure
tally()
{
	local out=$1 rc=$2 p f
	if grep -q '^\[==========\] .* test(s) run' <<<"$out"; then	# cmocka
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' <<<"$out" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' <<<"$out" | tail -1)
	else
		read -r p f < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' <<<"$out" | tail -1)
	fi
	if [ -z "$p" ] && [ -z "$f" ]; then
		echo "FAIL: no test summary (exit $rc)"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL: exit $rc with no failed test reported"
		failed=$((failed + 1))
	fi
}

# run PROGRAM: one test program, its output, its counts; one that runs past
# TEST_TIMEOUT seconds (default 1800) is killed and fails
run()
{
	local out rc
	echo "== $* ($(date +%T))"
	out=$(timeout -k 10 "${TEST_TIMEOUT:-1800}" "$@" 2>&1)
	rc=$?
	[ $rc -eq 124 ] && out+=$'\n'"FAIL: $* ran past ${TEST_TIMEOUT:-1800} s and was killed"
	printf '%s\n' "$out"
	tally "$out" "$rc"
}

# every test source must have its binary: a missing one is a failure
for src in selftests/unit/test_*.c selftests/prog/test_*.c; do
	tier=$(basename "$(dirname "$src")")
	t=$BUILD/selftests/$tier/$(basename "$src" .c)
	if [ -x "$t" ]; then
		run "$t"
	else
		echo "FAIL: $t was not built (run make check)"
		failed=$((failed + 1))
	fi
done
# in the kernel tier's guest (selftests/kernel/run.sh) the VM tier's guests
# would be guests in an emulated guest: they run in make check, on the host
vm=selftests/vm/*.sh
pkg=selftests/pkg/*.sh
if [ -n "${XSW_KERNEL_TIER:-}" ]; then
	echo "== selftests/vm: not in the kernel tier's guest; make check runs them"
	# the package tier compiles the tree again (10 minutes under TCG) and
	# runs the same xswctl as every script here
	echo "== selftests/pkg: not in the kernel tier's guest; make check runs it"
	vm= pkg=
fi
# The scripts that measure loss, TCP retransmissions and CPU load first,
# then a marker line: what follows does not mind a busy second CPU, and
# .ci/run starts the kernel tier beside it.
# SCRIPTS="switch vlan ...": only these scripts of net/, vm/ and pkg/
loaded="ext upgrade vmq xswd"
first= rest=
for t in selftests/net/*.sh; do
	n=${t##*/}
	if [[ " $loaded " == *" ${n%.sh} "* ]]; then first+=" $t"; else rest+=" $t"; fi
done
order="$first - $rest $vm $pkg"
# in the kernel tier's guest those scripts run last, and when .ci/run runs
# this tier beside make check, only after the host's tests end (TCG's vCPUs
# stall when the host is busy, and a stalled TCP flow retransmits)
[ -z "${XSW_KERNEL_TIER:-}" ] || order="$rest + $first"
for t in $order; do
	if [ "$t" = + ]; then
		# .ci/run's host make check runs while this file exists
		if [ -n "${XSW_HOST_BUSY:-}" ] && [ -e "$XSW_HOST_BUSY" ]; then
			echo "== waiting for the host's tests to end"
			while [ -e "$XSW_HOST_BUSY" ]; do sleep 5; done
		fi
		continue
	fi
	if [ "$t" = - ]; then
		echo "== loss and load measured: the tests below share the CPUs"
		continue
	fi
	n=${t##*/}
	[ "$n" = lib.sh ] && continue
	[ -z "${SCRIPTS:-}" ] || [[ " $SCRIPTS " == *" ${n%.sh} "* ]] || continue
	run "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
