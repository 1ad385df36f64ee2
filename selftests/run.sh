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

run()
{
	local out rc
	echo "== $*"
	out=$("$@" 2>&1)
	rc=$?
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
for t in selftests/net/*.sh selftests/vm/*.sh selftests/pkg/*.sh; do
	[ "${t##*/}" = lib.sh ] || run "$t"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
