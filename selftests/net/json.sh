#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every show command's -j output against its schema in docs/json.md, on
# switches that have every kind of object: ports in several states (one
# waiting for its device), static and learned FDB entries, IP and MAC ACL
# rules, enabled and disabled extensions, mirroring, VMQ queues and a receive
# queue mapping; and -V, an error, a change, a rebalancer round.
#
#  private switch $PFX-j: vm1 (tc), vm2 (xdp), p3 (created), w4 (waiting)
#  internal switch $PFX-k: host

ALL_TESTS="schemas"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping python3
CHECK=$(dirname "$0")/json_check.py
python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "FAIL: missing prerequisite: python3-jsonschema (run make deps)"; exit 1; }
EXAMPLES=$(cd "$(dirname "$0")/../.." && pwd)/build/examples
[ -f "$EXAMPLES/filter_noping.bpf.o" ] ||
	{ echo "FAIL: missing prerequisite: $EXAMPLES/filter_noping.bpf.o (run make check)"; exit 1; }

SW=${PFX}j
SWK=${PFX}k

setup()
{
	vm_add vm1 10.6.0.1/24
	vm_add vm2 10.6.0.2/24
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	ping_ok vm2 10.6.0.1 1 &&
	xsw port create "$SW" p3 &&
	printf 'port add %s w4 dev %snone mode xdp\n' "$SW" "$PFX" | xsw -batch - &&
	xsw fdb add "$SW" 02:00:00:00:00:0a port vm1 vlan 7 &&
	xsw acl add "$SW" vm1 dir in action deny remote 10.6.9.0/24 &&
	xsw acl add "$SW" vm2 dir out action allow local 02:00:00:00:00:0b &&
	xsw ext attach "$SW" f1 kind filter object "$EXAMPLES/filter_noping.bpf.o" enable on &&
	xsw ext attach "$SW" f2 kind filter object "$EXAMPLES/filter_noping.bpf.o" &&
	xsw mirror set "$SW" vm1 mode destination &&
	xsw vmq set "$SW" vm2 cpu 1 &&
	xsw vmq rxq "$SW" "${PFX}vm2" queue 0 cpu 0 &&
	xsw switch add "$SWK" type internal
}

# check SCHEMA xswctl-args...: the command's -j output follows SCHEMA
check()
{
	local schema=$1 out msg
	shift
	out=$(xsw -j "$@" 2>/dev/null)
	msg=$(printf '%s\n' "$out" | python3 "$CHECK" "$schema" 2>&1)
	check_err $? "xswctl -j $*: $msg"
}

schemas()
{
	local s
	[ "$(xsw -j port show "$SW" w4 | jq -r '.[0].state')" = waiting ]
	check_err $? "the waiting port is not there"
	check "switch show" switch show
	for s in "$SW" "$SWK"; do
		check "port show" port show "$s"
		check "stats show" stats show "$s"
		check "fdb show" fdb show "$s"
		check "ext show" ext show "$s"
		check "acl show" acl show "$s"
		check "mirror show" mirror show "$s"
		check "vmq show" vmq show "$s"
	done
	check "vmq balance" vmq balance "$SW" interval 1 once
	check save save
	check version -V
	check error port show "$SW" nosuch
	check change fdb flush "$SW"
	log_test "every show command's JSON follows docs/json.md"
}

setup || { echo "FAIL: setup"; cleanup; echo "0 passed, 1 failed"; exit 1; }
run_tests
