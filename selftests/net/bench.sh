#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke run of the benchmark harness (make bench): a few thousand frames per
# system, the smallest scaling points. Asserts that every system forwards and
# that results.json is well formed, not how fast anything is.
source "$(dirname "$0")/lib.sh"

BENCH_DIR=$(cd "$(dirname "$0")/../.." && pwd)
OUTDIR=$(mktemp -d /tmp/xsw-bench-smoke.XXXXXX)
RESULTS=$OUTDIR/results.json
SYSTEMS='["bare","bridge","ovs","xsw-tc","xsw-xdp"]'
# the VLAN flood row: xsw and the bridge flooding to 8, and a VLAN-filtering
# bridge where the kernel's bridge has VLAN filtering (Debian's 6.1 does)
VLAN_FLOODS='["bridge","xsw-xdp"]'
ip link add "${PFX}vt" type bridge vlan_filtering 1 2>/dev/null && ip link del "${PFX}vt" &&
	VLAN_FLOODS='["bridge","bridge-vlan","xsw-xdp"]'
# the VMQ row where BPF_PROG_RUN's frames may cross CPUs (bench/run.sh)
VMQ=false
printf '%s\n' 6.9 "$(uname -r | cut -d- -f1)" | sort -V -C && VMQ=true
ALL_TESTS="smoke_run every_system_forwards results_well_formed generator_varies"

smoke_run()
{
	# the guest row: selftests/vm/guests.sh
	"$BENCH_DIR/bench/run.sh" --smoke --without guest --out "$OUTDIR" >"$OUTDIR/table.txt" \
		2>"$OUTDIR/log.txt"
	check_err $? "bench/run.sh --smoke failed: $(tail -3 "$OUTDIR/log.txt")"
	[ -s "$RESULTS" ]
	check_err $? "no $RESULTS"
	grep -q '^xsw-xdp ' "$OUTDIR/table.txt" && grep -q '^targets' "$OUTDIR/table.txt"
	check_err $? "the table lacks the systems or the targets"
	log_test "the harness runs every system and prints the table"
}

every_system_forwards()
{
	local bad
	# every measurement of every system saw frames, bytes or answers
	bad=$(jq -r 'select(
		(.test == "pps" or .test == "fanout" or .test == "generator" or .test == "policy" or
		 .test == "vlan_flood") and .result.received == 0
		or (.test == "depth" or .test == "vmq") and .result.received == 0
		or .test == "tcp" and .result.gbps <= 0
		or .test == "latency" and .result.answered == 0) |
		"\(.test) \(.system // "")"' "$OUTDIR/raw.jsonl" 2>&1)
	[ -z "$bad" ]
	check_err $? "nothing forwarded in: $bad"
	[ "$(jq -c '.systems | keys' "$RESULTS")" = "$SYSTEMS" ]
	check_err $? "systems measured: $(jq -c '.systems | keys' "$RESULTS"), want $SYSTEMS"
	log_test "every system forwards frames, TCP and pings"
}

results_well_formed()
{
	jq -e --argjson floods "$VLAN_FLOODS" --argjson vmq "$VMQ" '
		(.machine | .kernel and .cpu and .cpus > 0) and .smoke == true and
		(.systems | to_entries | all(.value |
			(.pps.median > 0) and (.pps.min <= .pps.max) and
			(.tcp_gbps.median > 0) and (.rtt_median_us.median > 0) and
			(.rtt_p99_us.median >= .rtt_median_us.median))) and
		(.fdb | length > 0 and all(.entries > 0 and .pps.median > 0)) and
		(.fanout | length > 0 and all(.copies_pps.median >= .frames_pps.median)) and
		(.control | .ports > 0 and .port_add_us > 0 and .bytes_per_port > 0 and
			.bytes_per_fdb_entry > 0) and
		(.ratios.xdp_vs_bridge_pps > 0) and
		(.depth | length == 2 and all(.pps.median > 0)) and
		(if $vmq then .vmq.off.median > 0 and .vmq.on.median > 0 and
			.ratios.vmq_on_vs_off_pps > 0 and .left_out == {}
		 else .vmq.on.median == null and (.left_out.vmq | test("Linux 6.9")) end) and
		(.ratios.empty_stage_cost != null) and
		(.policy | length == 4 and all(.pps.median > 0)) and
		(.ratios.sources64k_vs_bridge_pps > 0) and
		([.vlan_flood[].system] == $floods and all(.vlan_flood[]; .copies_pps.median > 0)) and
		(.xswd.off.median > 0 and .xswd.on.median > 0 and .ratios.xswd_on_vs_off_pps > 0) and
		(.targets | length == 13 and all(has("name") and has("value") and has("met")))
	' "$RESULTS" >/dev/null
	check_err $? "results.json misses fields: $(jq -c '{systems: (.systems | keys), targets}' "$RESULTS" 2>&1 | head -c 300)"
	log_test "results.json holds every measure, ratio and target"
}

# the generator's frames take the destinations in turn and the source MACs
# in turn, as the many-destination and many-source rows need: seen by a
# switch that learns each source and counts each destination's frames
generator_varies()
{
	local sw=${PFX}g d1=02:00:20:00:00:01 d2=02:00:20:00:00:02 out learned
	vm_add gen 10.8.0.1/24
	ns_add snk
	ip link add "${PFX}s1" type veth peer name eth0 netns "$PFX-snk" &&
		ip link add "${PFX}s2" type veth peer name eth1 netns "$PFX-snk" &&
		ip -n "$PFX-snk" link set eth0 address $d1 up &&
		ip -n "$PFX-snk" link set eth1 address $d2 up &&
		xsw switch add "$sw" type private &&
		xsw port add "$sw" gen dev "${PFX}gen" mode xdp &&
		xsw port add "$sw" s1 dev "${PFX}s1" mode xdp &&
		xsw port add "$sw" s2 dev "${PFX}s2" mode xdp &&
		xsw fdb add "$sw" $d1 port s1 && xsw fdb add "$sw" $d2 port s2
	check_err $? "cannot build the switch"
	out=$("$BENCH_DIR/build/bench/xswpkt" rate gen "$PFX-gen:eth0" sink "$PFX-snk:eth0,eth1" \
		dmac $d1,$d2 smac 02:00:10:00:00:00 smacs 300 flows 4 count 1200)
	[ "$(jq -r .received <<<"$out")" = 1200 ]
	check_err $? "the sinks received: $out"
	learned=$(jqx '[.[] | select(.port == "gen" and (.mac | startswith("02:00:10:")))] | length' \
		fdb show "$sw")
	[ "$learned" = 300 ]
	check_err $? "the switch learned $learned source MACs, want 300"
	[ "$(jqx '[.[] | .stats.tx_packets] | join(" ")' port show "$sw")" = "0 600 600" ]
	check_err $? "frames sent per port: $(jqx '[.[] | "\(.port) \(.stats.tx_packets)"] | join(", ")' port show "$sw"), want 600 to each sink"
	xsw switch del "$sw"
	log_test "the generator takes the destinations and source MACs in turn"
}

trap 'rm -rf "$OUTDIR"' EXIT
run_tests
