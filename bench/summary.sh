#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Folds the benchmark's raw measurements (one JSON object per line, written
# by bench/run.sh) into results.json: per system the median and min-max of
# each measure, paired ratios (each repetition's systems against each other,
# then the median), and the targets of the benchmark issue.
#
#   bench/summary.sh RAW.jsonl SMOKE(0|1) > results.json
set -eu
raw=$1
smoke=$2

jq -s \
	--arg kernel "$(uname -r)" \
	--arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
	--argjson cpus "$(nproc)" \
	--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--arg ovs "$(ovs-vswitchd --version | head -1)" \
	--argjson smoke "$([ "$smoke" = 1 ] && echo true || echo false)" '
def median: sort | if length == 0 then null
	elif length % 2 == 1 then .[length / 2 | floor]
	else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def spread: { median: median, min: min, max: max, runs: . };
def of($test; $sys): map(select(.test == $test and .system == $sys));
# median over repetitions of a[rep] / b[rep]
def paired($a; $b): [ $a[] as $x | $b[] | select(.rep == $x.rep) | $x.v / .v ] | median;
def pps_of($sys): of("pps"; $sys) | map(select(.entries == null) | { rep, v: .result.pps });
def tcp_of($sys): of("tcp"; $sys) | map({ rep, v: .result.gbps });
def fdb_of($n): map(select(.test == "pps" and .entries == $n) | { rep, v: .result.pps });
def depth_of($n): map(select(.test == "depth" and .stages == $n) | { rep, v: .result.pps });
def vmq_of($on): map(select(.test == "vmq" and .vmq == $on) | { rep, v: .result.pps });
def policy_of($case): map(select(.test == "policy" and .case == $case) | { rep, v: .result.pps });
def xswd_of($on): map(select(.test == "xswd" and .xswd == $on) | { rep, v: .result.pps });
def vflood_of($sys): map(select(.test == "vlan_flood" and .system == $sys) | { rep, v: .result.pps });
def guest_of($sys; $dir): map(select(.test == "guest_tcp" and .system == $sys and .dir == $dir) |
	{ rep, v: .result.gbps });
def target($name; $value; $op; $limit):
	{ name: $name, value: $value, op: $op, limit: $limit,
	  met: (if $value == null then null elif $op == ">=" then $value >= $limit
		else $value <= $limit end) };

. as $all
# the systems of the main measures (the port policies row compares a
# VLAN-filtering bridge, bridge-vlan, in its own entries)
| ([ .[] | select(.test != "vlan_flood") | .system // empty ] | unique) as $systems
| (map(select(.test == "generator") | .result.pps) | median) as $gen
| {
	machine: { kernel: $kernel, cpu: $cpu, cpus: $cpus, date: $date, ovs: $ovs },
	smoke: $smoke,
	repetitions: (map(.rep // 0) | max),
	generator: { pps: (map(select(.test == "generator") | .result.pps) | spread) },
	# rows this kernel cannot measure safely (bench/run.sh), and why
	left_out: (map(select(.test == "left_out") | { key: .row, value: .why }) | from_entries),
	systems: ($systems | map(. as $s | { key: $s, value: {
		pps: ($all | pps_of($s) | map(.v) | spread),
		loss: ($all | of("pps"; $s) | map(select(.entries == null) | .result.loss) | spread),
		tcp_gbps: ($all | tcp_of($s) | map(.v) | spread),
		rtt_median_us: ($all | of("latency"; $s) | map(.result.median_us) | spread),
		rtt_p99_us: ($all | of("latency"; $s) | map(.result.p99_us) | spread),
		# the generator shares the CPU: what the switch itself adds per frame
		switch_ns_per_frame: ($all | pps_of($s) | map(.v) | median |
			if . == null or . == 0 or $gen == null then null else 1e9 / . - 1e9 / $gen end)
	} }) | map(select(.value.pps.median != null or .value.tcp_gbps.median != null)) |
		from_entries),
	fdb: ([ .[] | select(.test == "pps" and .entries != null) | .entries ] | unique |
		map(. as $n | { entries: $n, pps: ($all | fdb_of($n) | map(.v) | spread) })),
	fanout: ([ .[] | select(.test == "fanout") | { system, ports } ] | unique |
		map(. as $k | ($all | map(select(.test == "fanout" and .system == $k.system and
						   .ports == $k.ports))) as $r |
			$k + { copies_pps: ($r | map(.result.pps) | spread),
			       frames_pps: ($r | map(.result.pps / ($k.ports - 1)) | spread),
			       loss: ($r | map(.result.loss) | spread) })),
	control: (map(select(.test == "control")) | last | if . then { ports } + .result else null end),
	depth: ([ .[] | select(.test == "depth") | .stages ] | unique |
		map(. as $n | { stages: $n, pps: ($all | depth_of($n) | map(.v) | spread) })),
	policy: ([ .[] | select(.test == "policy") | .case ] | unique |
		map(. as $c | { case: $c, pps: ($all | policy_of($c) | map(.v) | spread) })),
	vlan_flood: ([ .[] | select(.test == "vlan_flood") | { system, ports } ] | unique |
		map(. as $k | $k + { copies_pps: ($all | vflood_of($k.system) | map(.v) | spread) })),
	xswd: { off: ($all | xswd_of(0) | map(.v) | spread), on: ($all | xswd_of(1) | map(.v) | spread) },
	guest_tcp_gbps: ([ .[] | select(.test == "guest_tcp") | { system, dir } ] | unique |
		map(. as $k | $k + { gbps: ($all | guest_of($k.system; $k.dir) | map(.v) | spread) })),
	vmq: { off: ($all | vmq_of(0) | map(.v) | spread), on: ($all | vmq_of(1) | map(.v) | spread),
	       loss_on: ($all | map(select(.test == "vmq" and .vmq == 1) | .result.loss) | spread) },
	ratios: {
		xdp_vs_bridge_pps: paired(pps_of("xsw-xdp"); pps_of("bridge")),
		xdp_vs_bare_pps: paired(pps_of("xsw-xdp"); pps_of("bare")),
		xdp_vs_ovs_pps: paired(pps_of("xsw-xdp"); pps_of("ovs")),
		tc_vs_bridge_pps: paired(pps_of("xsw-tc"); pps_of("bridge")),
		tc_vs_bridge_tcp: paired(tcp_of("xsw-tc"); tcp_of("bridge")),
		xdp_vs_bridge_tcp: paired(tcp_of("xsw-xdp"); tcp_of("bridge")),
		fdb_1m_vs_1k_pps: paired(fdb_of(1048576); fdb_of(1000)),
		vmq_on_vs_off_pps: paired(vmq_of(1); vmq_of(0)),
		access_guards_vs_bare_pps: paired(policy_of("access_guards"); pps_of("bare")),
		access_guards_vs_xdp_pps: paired(policy_of("access_guards"); pps_of("xsw-xdp")),
		trunk100_vs_bare_pps: paired(policy_of("trunk100"); pps_of("bare")),
		sources64k_vs_bare_pps: paired(policy_of("sources64k"); pps_of("bare")),
		sources64k_vs_bridge_pps: paired(policy_of("sources64k"); policy_of("sources64k_bridge")),
		vlan_flood_vs_bridge_pps: paired(vflood_of("xsw-xdp"); vflood_of("bridge")),
		vlan_flood_vs_vlan_bridge_pps: paired(vflood_of("xsw-xdp"); vflood_of("bridge-vlan")),
		xswd_on_vs_off_pps: paired(xswd_of(1); xswd_of(0)),
		guest_to_vs_bridge_tcp: paired(guest_of("xsw-tc"; "to_guest"); guest_of("bridge"; "to_guest")),
		guest_from_vs_bridge_tcp: paired(guest_of("xsw-tc"; "from_guest"); guest_of("bridge"; "from_guest"))
	}
}
# a frame'"'"'s time grows by this share of its no-stage time per empty stage
| .ratios.empty_stage_cost = (.depth | (map(select(.stages > 0)) | last) as $d |
	(map(select(.stages == 0)) | first | .pps.median) as $p0 |
	if $d == null or $p0 == null then null else ($p0 / $d.pps.median - 1) / $d.stages end)
| .targets = [
	target("xsw xdp packet rate / Linux bridge"; .ratios.xdp_vs_bridge_pps; ">="; 3.5),
	target("xsw xdp packet rate / bare XDP redirect"; .ratios.xdp_vs_bare_pps; ">="; 0.90),
	target("access VLAN, MAC spoofing off, both guards / bare"; .ratios.access_guards_vs_bare_pps; ">="; 0.85),
	target("trunk of 100 VLANs, tagged / bare"; .ratios.trunk100_vs_bare_pps; ">="; 0.85),
	target("flood in a VLAN of 8 of 32 ports / bridge flooding to 8"; .ratios.vlan_flood_vs_bridge_pps; ">="; 2.0),
	target("64 K source MACs / bare"; .ratios.sources64k_vs_bare_pps; ">="; 0.6),
	target("xsw tc TCP throughput / Linux bridge"; .ratios.tc_vs_bridge_tcp; ">="; 1.0),
	target("virtio guest TCP to the guest, xsw tc / Linux bridge"; .ratios.guest_to_vs_bridge_tcp; ">="; 1.0),
	target("virtio guest TCP from the guest, xsw tc / Linux bridge"; .ratios.guest_from_vs_bridge_tcp; ">="; 1.0),
	target("packet rate lost to a 1 M entry FDB (vs 1 K)";
	       (.ratios.fdb_1m_vs_1k_pps | if . then 1 - . else null end); "<="; 0.10),
	target("frame time added per empty extension stage (share)"; .ratios.empty_stage_cost; "<="; 0.05),
	target("VMQ packet rate / without (2 VMs, 4 costly stages, 1 receive CPU)";
	       .ratios.vmq_on_vs_off_pps; ">="; 1.5),
	target("xsw xdp packet rate with xswd and monitor running / without (2 % apart)";
	       .ratios.xswd_on_vs_off_pps; ">="; 0.98)
  ]
' "$raw"
