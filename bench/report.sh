#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-report: turns bench/run.sh's results.json into DIR/benchmarks.md
# and the chart DIR/benchmarks.png (gnuplot).
#
#   bench/report.sh results.json DIR
set -eu
results=$1
dir=$2
[ -s "$results" ] || { echo "bench-report: no $results (run make bench first)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "bench-report: missing gnuplot (run make deps)" >&2; exit 1; }
if jq -e '.smoke == true' "$results" >/dev/null; then
	echo "bench-report: $results is from a smoke run; run make bench" >&2
	exit 1
fi
mkdir -p "$dir"
data=$(mktemp)
trap 'rm -f "$data"' EXIT

# system, median, min, max for packet rate (Mpps) and TCP (Gbit/s)
jq -r '.systems | to_entries[] | [.key,
	(.value.pps | .median, .min, .max | . / 1e6),
	(.value.tcp_gbps | .median, .min, .max)] | @tsv' "$results" >"$data"

gnuplot <<GP
set terminal pngcairo size 1100,440 font "sans,10"
set output "$dir/benchmarks.png"
set multiplot layout 1,2 title "$(jq -r '"xsw, \(.machine.cpus) x \(.machine.cpu), kernel \(.machine.kernel), median of \(.repetitions) (bars: min-max)"' "$results")"
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.6 border -1
set boxwidth 0.8
set grid ytics
set yrange [0:*]
set xtics nomirror
set title "64-byte frames, one flow (Mpps)"
plot "$data" using 2:3:4:xtic(1) notitle lc rgb "#3060a0"
set title "TCP, iperf3 (Gbit/s)"
plot "$data" using 5:6:7:xtic(1) notitle lc rgb "#a06030"
unset multiplot
GP

{
	echo "# Benchmarks"
	echo
	jq -r '"Taken \(.machine.date) on \(.machine.cpus) x \(.machine.cpu), kernel \(.machine.kernel), " +
		"\(.machine.ovs); \(.repetitions) repetitions, the systems alternating. Produced by " +
		"`make bench` (bench/run.sh) and `make bench-report`; the raw numbers are in " +
		"build/bench/results.json of that run."' "$results"
	echo
	echo '![packet rate and TCP throughput per system](benchmarks.png)'
	echo
	cat bench/method.md
	echo
	echo '## Results'
	echo
	echo '```'
	bench/table.sh "$results"
	echo '```'
} >"$dir/benchmarks.md"
echo "bench-report: wrote $dir/benchmarks.md and $dir/benchmarks.png"
