#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prints bench/run.sh's results.json as tables: systems side by side,
# scaling, control plane, ratios and targets.
#
#   bench/table.sh results.json
set -eu

jq -r '
def r($n): if . == null then "-" else (. * pow(10; $n) | round) / pow(10; $n) | tostring end;
def mpps: if . == null then "-" else (. / 1e6 | r(2)) end;
def pad($w): tostring | if length >= $w then . else . + " " * ($w - length) end;
def range3(f): "\(.median | f) (\(.min | f)-\(.max | f))";

"xsw benchmark: \(.machine.cpus) x \(.machine.cpu), kernel \(.machine.kernel), \(.repetitions) repetition(s)\(if .smoke == true then ", SMOKE RUN (numbers mean nothing)" else "" end)",
"median (min-max). Generator alone: \(.generator.pps | range3(mpps)) Mpps",
"",
"\("system" | pad(9)) \("Mpps, 64 B" | pad(20)) \("loss" | pad(6)) \("switch ns/frame" | pad(16)) \("TCP Gbit/s" | pad(20)) \("RTT median us" | pad(14)) RTT p99 us",
(.systems | to_entries[] |
	"\(.key | pad(9)) \(.value.pps | range3(mpps) | pad(20)) \(.value.loss.median | r(3) | pad(6)) \(.value.switch_ns_per_frame | r(0) | pad(16)) \(.value.tcp_gbps | range3(r(1)) | pad(20)) \(.value.rtt_median_us.median | r(0) | pad(14)) \(.value.rtt_p99_us.median | r(0))"),
"",
"FDB entries  Mpps (xsw xdp)",
(.fdb[] | "\(.entries | pad(12)) \(.pps | range3(mpps))"),
"",
"flood    ports  frames Mpps in       copies Mpps out",
(.fanout[] | "\(.system | pad(8)) \(.ports | pad(6)) \(.frames_pps | range3(mpps) | pad(20)) \(.copies_pps | range3(mpps))"),
"",
"extension stages  Mpps (xsw xdp, empty filter stages)",
(.depth[] | "\(.stages | pad(17)) \(.pps | range3(mpps))"),
"",
"port policies (xsw xdp)  Mpps",
(.policy[] | "  \(.case | pad(22)) \(.pps | range3(mpps))"),
(.vlan_flood[] | "  flood, VLAN of 8 (\(.system), \(.ports) ports): \(.copies_pps | range3(mpps)) copies Mpps"),
"",
"xswd and monitor (xsw xdp)",
"  without  \(.xswd.off | range3(mpps)) Mpps",
"  with     \(.xswd.on | range3(mpps)) Mpps",
"",
"virtio guest TCP (QEMU, tap port mode tc), Gbit/s",
(.guest_tcp_gbps[] | "  \(.system | pad(8)) \(.dir | pad(11)) \(.gbps | range3(r(2)))"),
"",
"VMQ (2 VMs, 4 costly stages, frames received on one CPU)",
(.left_out.vmq // empty | "  left out: \(.)"),
"  without  \(.vmq.off | range3(mpps)) Mpps",
"  with     \(.vmq.on | range3(mpps)) Mpps, loss \(.vmq.loss_on.median | r(4))",
"",
(.control | if . then
	"control plane: \(.ports) ports: port add \(.port_add_us / 1000 | r(1)) ms, port del \(.port_del_us / 1000 | r(1)) ms each; maps \(.bytes_per_port | r(0)) B per port, \(.bytes_per_fdb_entry | r(0)) B per FDB entry, \(.total_bytes / 1048576 | r(1)) MiB per switch"
	else empty end),
"",
"ratios (median of each repetition'"'"'s ratio)",
(.ratios | to_entries[] | "  \(.key | pad(22)) \(.value | r(2))"),
"",
"targets",
(.targets[] | "  \(if .met == null then "n/a " elif .met then "MET " else "MISS" end) \(.name): \(.value | r(3)) (\(.op) \(.limit))")
' "$1"
