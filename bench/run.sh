#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: xsw next to the Linux bridge, Open vSwitch (userspace datapath,
# AF_XDP ports) and a bare XDP devmap redirect, on one host, in one run.
#
#   bench/run.sh [ --smoke ] [ --reps N ] [ --seconds S ] [ --out DIR ]
#                [ --systems "SYSTEM ..." ] [ --scaling "ROW ..." | --no-scaling ]
#                [ --without "ROW ..." ]
#
# Two "VMs" (network namespaces xbg, the generator, and xbs, the sink) hang
# off veths whose root ends, xb0 and xb1, are the two ports of each system in
# turn. Every measurement is one JSON line in DIR/raw.jsonl; the end of the
# run folds them into DIR/results.json (medians, min-max, ratios, targets)
# and prints a table. --smoke: a few thousand packets per system and the
# smallest scaling points, for make check. The guest row (bench/guest.sh)
# boots a QEMU guest.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
XSWCTL=$PWD/$BUILD/xswctl
XSWD=$PWD/$BUILD/xswd
XSWPKT=$PWD/$BUILD/bench/xswpkt
STAGE_EMPTY=$PWD/$BUILD/bench/stage_empty.bpf.o
STAGE_COSTLY=$PWD/$BUILD/bench/stage_costly.bpf.o
OUT=$BUILD/bench
SMOKE=0
REPS=5
SECONDS_PPS=3
SYSTEMS=(xsw-xdp xsw-tc bridge ovs bare)
SCALING="depth vmq fdb flood policy xswd guest control"	# the scaling rows to measure

while [ $# -gt 0 ]; do
	case $1 in
	--smoke) SMOKE=1 ;;
	--reps) REPS=$2; shift ;;
	--seconds) SECONDS_PPS=$2; shift ;;
	--out) OUT=$2; shift ;;
	--systems) read -ra SYSTEMS <<<"$2"; shift ;;
	--scaling) SCALING=$2; shift ;;
	--no-scaling) SCALING= ;;
	--without) for r in $2; do SCALING=" $SCALING "; SCALING=${SCALING/ $r / }; done; shift ;;
	*) echo "usage: bench/run.sh [ --smoke ] [ --reps N ] [ --seconds S ] [ --out DIR ] [ --systems \"SYSTEM ...\" ] [ --scaling \"ROW ...\" | --no-scaling ] [ --without \"ROW ...\" ]" >&2; exit 2 ;;
	esac
	shift
done

if [ "$SMOKE" = 1 ]; then
	REPS=1
	PPS_ARGS=(count 5000)
	TCP_SECONDS=1
	PINGS=20
	FDB_SIZES=(1000)
	FANOUTS=(3)
	DEPTHS=(0 1)
	CTL_PORTS=10
else
	PPS_ARGS=(seconds "$SECONDS_PPS")
	TCP_SECONDS=5
	PINGS=1000
	FDB_SIZES=(1000 65536 1048576)
	FANOUTS=(2 8 32)
	DEPTHS=(0 1 4 8)
	CTL_PORTS=1000
fi
FDB_CAPACITY=2097152	# one table size for every FDB point: only the fill changes

GEN_MAC=02:00:00:00:00:01
SINK_MAC=02:00:00:00:00:02
GEN_IP=198.18.0.1	# RFC 2544's benchmark range, inside our namespaces only
SINK_IP=198.18.0.2
GEN_CPU=0		# the generator and, through veth softirqs, the switch
OVS_PMD_MASK=0x2	# OVS polls on CPU 1
RAW=$OUT/raw.jsonl
OVS_DIR=

die() { echo "bench: $*" >&2; exit 1; }

# scaling ROW: ROW is one of the rows this run measures
scaling() { [[ " $SCALING " == *" $1 "* ]]; }

# left_out ROW WHY: the run does not measure ROW; results.json says why
left_out()
{
	SCALING=" $SCALING "
	SCALING=${SCALING/ $1 / }
	echo "bench: the $1 row is left out: $2" >&2
	LEFT_OUT+=("$(jq -nc --arg row "$1" --arg why "$2" '{ test: "left_out", row: $row, why: $why }')")
}
LEFT_OUT=()
# The VMQ row hands the generator's frames to another CPU (cpumap). Before
# Linux 6.9 each BPF_PROG_RUN call makes a page pool for its frames and
# destroys it at its end, while frames of it still wait on the other CPU:
# Debian's 6.1 locked up once returning one (cpu_map_kthread_run, veth_poll,
# page_pool_put_defragged_page spinning on the pool's lock). Upstream, 6.9
# takes them from the CPU's page pool, which lives on (6.18 runs the row).
scaling vmq && ! printf '%s\n' 6.9 "$(uname -r | cut -d- -f1)" | sort -V -C &&
	left_out vmq "it needs Linux 6.9: before, frames of the generator that cross CPUs can lock up the kernel"

# one measurement: record KEY=JSON-VALUE ...
record()
{
	local args=() kv
	for kv in "$@"; do
		args+=(--argjson "${kv%%=*}" "${kv#*=}")
	done
	jq -cn "${args[@]}" '$ARGS.named' >>"$RAW"
}

require()
{
	local cmd
	for cmd in jq iperf3 ping ethtool ip bpftool ovs-vswitchd ovsdb-server ovs-vsctl ovsdb-tool; do
		command -v "$cmd" >/dev/null || die "missing prerequisite: $cmd (run make deps)"
	done
	[ -x "$XSWCTL" ] && [ -x "$XSWPKT" ] && [ -f "$STAGE_EMPTY" ] && [ -f "$STAGE_COSTLY" ] ||
		die "missing $XSWCTL, $XSWPKT or the bench stages (run make bench)"
	[ "$(id -u)" -eq 0 ] || die "the benchmark needs root"
	[ "$(nproc)" -ge 2 ] || die "the benchmark needs 2 CPUs (the generator's and OVS's)"
	! scaling guest || command -v qemu-system-x86_64 >/dev/null ||
		die "missing prerequisite: qemu-system-x86_64 (run make deps)"
}

vm_exec() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# a namespace with eth0 whose root end is DEV
vm_add()
{
	local ns=$1 dev=$2 mac=$3 ip=$4
	ip netns add "$ns"
	ip link add "$dev" type veth peer name eth0 netns "$ns"
	vm_exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip -n "$ns" link set eth0 address "$mac" up
	ip -n "$ns" link set lo up
	[ -n "$ip" ] && ip -n "$ns" addr add "$ip/24" dev eth0
	sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
	ip link set "$dev" up
}

topo_up()
{
	vm_add xbg xb0 $GEN_MAC $GEN_IP
	vm_add xbs xb1 $SINK_MAC $SINK_IP
}

cleanup()
{
	local ns dev
	"$XSWCTL" switch del xb >/dev/null 2>&1
	ovs_stop
	ip link del xbbr 2>/dev/null
	for ns in $(ip netns list | awk '/^xb[a-z]/ {print $1}'); do
		ip netns del "$ns"
	done
	for dev in $(ip -o link show | awk -F'[ :@]+' '$2 ~ /^xb[0-9pqt]/ {print $2}'); do
		ip link del "$dev" 2>/dev/null
	done
}

# --- the systems: sys_up NAME, sys_down NAME --------------------------------

# an XDP redirect into a veth needs its peer to poll (GRO or XDP), and TCP
# across an XDP redirect needs the sender's checksum done in software
vm_xdp_ready()
{
	local on=$1 ns
	for ns in xbg xbs; do
		vm_exec $ns ethtool -K eth0 gro "$on" tx "$([ "$on" = on ] && echo off || echo on)" >/dev/null
	done
}

ovs() { ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout=10 "$@"; }

ovs_start()
{
	OVS_DIR=$(mktemp -d /tmp/xsw-bench-ovs.XXXXXX)
	export OVS_RUNDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR
	ovsdb-tool create "$OVS_DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema &&
	ovsdb-server "$OVS_DIR/conf.db" --remote="punix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovsdb-server.pid" --log-file="$OVS_DIR/ovsdb-server.log" \
		-vconsole:off --detach 2>>"$OVS_DIR/ovsdb-server.log" &&
	ovs --no-wait init &&
	ovs --no-wait set Open_vSwitch . other_config:pmd-cpu-mask=$OVS_PMD_MASK &&
	ovs-vswitchd "unix:$OVS_DIR/db.sock" --pidfile="$OVS_DIR/ovs-vswitchd.pid" \
		--log-file="$OVS_DIR/ovs-vswitchd.log" -vconsole:off --detach 2>>"$OVS_DIR/ovs-vswitchd.log" ||
		die "cannot start Open vSwitch (logs in $OVS_DIR)"
}

ovs_stop()
{
	local d
	[ -n "$OVS_DIR" ] || return 0
	for d in ovs-vswitchd ovsdb-server; do
		[ -f "$OVS_DIR/$d.pid" ] && kill "$(cat "$OVS_DIR/$d.pid")" 2>/dev/null
	done
	sleep 0.5
	ip link del xbovs 2>/dev/null
	rm -rf "$OVS_DIR"
	OVS_DIR=
}

ovs_port_ready()
{
	local dev=$1 i
	for i in $(seq 50); do
		[ "$(ovs get interface "$dev" ofport 2>/dev/null)" -gt 0 ] 2>/dev/null && return 0
		sleep 0.2
	done
	die "OVS did not take $dev: $(ovs get interface "$dev" error 2>&1)"
}

sys_up()
{
	local dev
	case $1 in
	xsw-xdp|xsw-tc)
		"$XSWCTL" switch add xb type private ${2:+fdb-size "$2"} || die "switch add failed"
		"$XSWCTL" port add xb vm0 dev xb0 mode "${1#xsw-}" &&
			"$XSWCTL" port add xb vm1 dev xb1 mode "${1#xsw-}" || die "port add failed"
		;;
	bridge)
		ip link add xbbr type bridge && ip link set xbbr up || die "cannot add a bridge"
		for dev in xb0 xb1; do ip link set "$dev" master xbbr; done
		;;
	ovs)
		ovs_start
		ovs add-br xbovs -- set bridge xbovs datapath_type=netdev || die "OVS add-br failed"
		for dev in xb0 xb1; do
			ovs add-port xbovs "$dev" -- set interface "$dev" type=afxdp \
				options:xdp-mode=native || die "OVS add-port $dev failed"
			ovs_port_ready "$dev"
		done
		vm_xdp_ready on
		;;
	bare)
		"$XSWPKT" redirect xb0 xb1 || die "bare redirect failed"
		vm_xdp_ready on
		;;
	esac
	# both VMs known to the switch before any measurement
	vm_exec xbs ping -c 3 -i 0.2 -W 1 $GEN_IP >/dev/null || die "$1: the VMs cannot reach each other"
}

sys_down()
{
	local dev
	case $1 in
	xsw-*) "$XSWCTL" switch del xb || die "switch del failed" ;;
	bridge) ip link del xbbr ;;
	ovs) ovs_stop; vm_xdp_ready off ;;
	bare)
		for dev in xb0 xb1; do ip link set "$dev" xdp off; done
		vm_xdp_ready off
		;;
	esac
}

# --- measurements ----------------------------------------------------------

# rate SINK DMACS [ xswpkt ARGS ]: 64-byte frames from gen on CPU GEN_CPU
rate()
{
	# the generator's frames need the switch port to poll, as a NIC would
	ethtool -K xb0 gro on >/dev/null
	"$XSWPKT" rate gen xbg:eth0 sink "$1" dmac "$2" smac $GEN_MAC "${PPS_ARGS[@]}" \
		cpu $GEN_CPU "${@:3}"
	ethtool -K xb0 gro off >/dev/null
}

# pps SYSTEM REP [ KEY=JSON ... ]: gen -> sink
pps()
{
	local out
	out=$(rate xbs:eth0 $SINK_MAC) || die "$1: the generator failed"
	record test='"pps"' system="\"$1\"" rep="$2" result="$out" "${@:3}"
}

# the generator's own rate: frames dropped at the first port, no switch
generator()
{
	local out
	out=$("$XSWPKT" rate gen xbg:eth0 sink :xb0 dmac $SINK_MAC smac $GEN_MAC \
		"${PPS_ARGS[@]}" cpu $GEN_CPU) || die "the generator failed"
	record test='"generator"' rep="$1" result="$out"
}

tcp()
{
	local out bps
	vm_exec xbs iperf3 -s -1 -D -I /tmp/xsw-bench-iperf.pid >/dev/null || die "iperf3 -s failed"
	sleep 0.3
	out=$(vm_exec xbg iperf3 -c $SINK_IP -t $TCP_SECONDS -J) || die "$1: iperf3 failed"
	bps=$(jq '.end.sum_received.bits_per_second' <<<"$out")
	record test='"tcp"' system="\"$1\"" rep="$2" result="{\"gbps\": $(jq -n "$bps / 1e9")}"
}

latency()
{
	local rtts
	rtts=$(vm_exec xbg ping -c $PINGS -i 0.002 -W 1 $SINK_IP |
		sed -n 's/.*time=\([0-9.]*\) ms/\1/p' | sort -n) || die "$1: ping failed"
	[ -n "$rtts" ] || die "$1: no ping answered"
	record test='"latency"' system="\"$1\"" rep="$2" result="$(awk '
		{ v[NR] = $1 * 1000 }
		END { printf "{\"median_us\": %.1f, \"p99_us\": %.1f, \"answered\": %d}",
			v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)], NR }' <<<"$rtts")"
}

# the kernel's bridge filters VLANs (Debian's 6.1 does; this host's 6.18
# build has no CONFIG_BRIDGE_VLAN_FILTERING)
bridge_vlans() { ip link add xbvt type bridge vlan_filtering 1 2>/dev/null && ip link del xbvt; }

# flood: a switch with N ports, broadcast frames from one port to the N-1 others;
# with vlan, only 8 of the N (the first) are in the generator's VLAN
fanout()
{
	local sys=$1 n=$2 rep=$3 vlan=${4:-} i dev sinks=() out test='"fanout"'
	[ -z "$vlan" ] || test='"vlan_flood"'
	for i in $(seq 2 "$n"); do
		ip link add "xbp$i" type veth peer name "f$i" netns xbf
		ip -n xbf link set "f$i" up
		sysctl -qw "net.ipv6.conf.xbp$i.disable_ipv6=1"
		ip link set "xbp$i" up
		sinks+=("f$i")
	done
	case $sys in
	xsw-*)
		"$XSWCTL" switch add xb type private || die "switch add failed"
		"$XSWCTL" port add xb vm0 dev xb0 mode "${sys#xsw-}" || die "port add failed"
		for i in $(seq 2 "$n"); do
			"$XSWCTL" port add xb "p$i" dev "xbp$i" mode "${sys#xsw-}" || die "port add failed"
			[ -z "$vlan" ] ||
				"$XSWCTL" port set xb "p$i" vlan access $((i <= 8 ? 10 : 20)) ||
				die "port set failed"
		done
		[ -z "$vlan" ] || "$XSWCTL" port set xb vm0 vlan access 10 || die "port set failed"
		;;
	bridge)
		ip link add xbbr type bridge && ip link set xbbr up
		ip link set xb0 master xbbr
		for i in $(seq 2 "$n"); do ip link set "xbp$i" master xbbr; done
		;;
	bridge-vlan)
		# the same VLANs as the xsw switch: access ports, untagged
		ip link add xbbr type bridge vlan_filtering 1 && ip link set xbbr up ||
			die "cannot add a VLAN-filtering bridge"
		for i in $(seq 1 "$n"); do
			dev=xbp$i
			[ "$i" = 1 ] && dev=xb0
			ip link set "$dev" master xbbr &&
				bridge vlan add dev "$dev" vid $((i <= 8 ? 10 : 20)) pvid untagged &&
				bridge vlan del dev "$dev" vid 1 || die "bridge vlan failed"
		done
		;;
	esac
	ethtool -K xb0 gro on >/dev/null
	out=$("$XSWPKT" rate gen xbg:eth0 sink "xbf:$(IFS=,; echo "${sinks[*]}")" \
		dmac ff:ff:ff:ff:ff:ff smac $GEN_MAC "${PPS_ARGS[@]}" cpu $GEN_CPU) ||
		die "$sys: the generator failed"
	ethtool -K xb0 gro off >/dev/null
	record test="$test" system="\"$sys\"" rep="$rep" ports="$n" result="$out"
	case $sys in
	xsw-*) "$XSWCTL" switch del xb ;;
	bridge*) ip link del xbbr ;;
	esac
	for i in $(seq 2 "$n"); do ip link del "xbp$i"; done
}

# port policies, xsw xdp: access VLAN, MAC spoofing off and both guards on
# both ports; trunks of 100 VLANs with tagged frames; 64 K source MACs (no
# memo: an FDB lookup per frame), next to the bridge learning them; and a
# flood in a VLAN of 8 of 32 ports next to the bridge flooding to 8
policy()
{
	local rep=$1 p out
	sys_up xsw-xdp
	for p in vm0 vm1; do
		"$XSWCTL" port set xb $p vlan access 10 mac auto dhcp-guard on router-guard on ||
			die "port set failed"
	done
	vm_exec xbs ping -c 2 -i 0.2 -W 1 $GEN_IP >/dev/null || die "access VLAN: no ping"
	out=$(rate xbs:eth0 $SINK_MAC) || die "access: the generator failed"
	record test='"policy"' case='"access_guards"' rep="$rep" result="$out"
	for p in vm0 vm1; do
		"$XSWCTL" port set xb $p vlan trunk allowed 1-100 || die "port set failed"
	done
	# the sink cannot answer tagged (no 8021q here): its entry is static
	"$XSWCTL" fdb add xb $SINK_MAC port vm1 vlan 50 || die "fdb add failed"
	out=$(rate xbs:eth0 $SINK_MAC vlan 50) || die "trunk: the generator failed"
	record test='"policy"' case='"trunk100"' rep="$rep" result="$out"
	sys_down xsw-xdp
	# a table twice their number, as an operator would size it: what is
	# measured is lookups, not entries dropped; the bridge learns them too
	sys_up xsw-xdp 131072
	out=$(rate xbs:eth0 $SINK_MAC smacs 65536) || die "sources: the generator failed"
	record test='"policy"' case='"sources64k"' rep="$rep" result="$out"
	sys_down xsw-xdp
	sys_up bridge
	out=$(rate xbs:eth0 $SINK_MAC smacs 65536) || die "sources: the generator failed"
	record test='"policy"' case='"sources64k_bridge"' rep="$rep" result="$out"
	sys_down bridge
	ip netns add xbf
	fanout xsw-xdp 32 "$rep" vlan
	fanout bridge 8 "$rep" vlan
	! bridge_vlans || fanout bridge-vlan 32 "$rep" vlan
	ip netns del xbf
}

# xsw xdp with xswd and a monitor running, and without, in turns: what the
# daemon costs the datapath (its FDB events are written only when an entry
# changes; the generator's source is known)
xswd_row()
{
	local rep=$1 on out pid mon
	sys_up xsw-xdp
	for on in $(if [ $((rep % 2)) -eq 0 ]; then echo 1 0; else echo 0 1; fi); do
		if [ "$on" = 1 ]; then
			"$XSWD" >/dev/null 2>&1 &
			pid=$!
			for _ in $(seq 50); do [ -S /run/xsw/xswd.sock ] && break; sleep 0.1; done
			"$XSWCTL" -j monitor >/dev/null 2>&1 &
			mon=$!
			sleep 1
		fi
		out=$(rate xbs:eth0 $SINK_MAC) || die "xswd $on: the generator failed"
		record test='"xswd"' xswd="$on" rep="$rep" result="$out"
		if [ "$on" = 1 ]; then
			kill "$mon" "$pid"
			wait "$mon" "$pid" 2>/dev/null
		fi
	done
	sys_down xsw-xdp
}

# FDB scaling: one table of FDB_CAPACITY entries, filled to N
fdb_scaling()
{
	local n=$1 rep=$2
	sys_up xsw-xdp $FDB_CAPACITY
	"$XSWPKT" fdb-fill /sys/fs/bpf/xsw/xb "$n" 1 || die "fdb-fill failed"
	pps xsw-xdp "$rep" entries="$n"
	sys_down xsw-xdp
}

# extension chain depth: xsw xdp with N empty filter stages
ext_depth()
{
	local rep=$1 n i=0 out
	sys_up xsw-xdp
	for n in "${DEPTHS[@]}"; do
		while [ "$i" -lt "$n" ]; do
			i=$((i + 1))
			"$XSWCTL" ext attach xb "e$i" kind filter object "$STAGE_EMPTY" enable on ||
				die "ext attach failed"
		done
		out=$(rate xbs:eth0 $SINK_MAC) || die "depth $n: the generator failed"
		record test='"depth"' stages="$n" rep="$rep" result="$out"
	done
	sys_down xsw-xdp
}

# VMQ: every frame received on CPU GEN_CPU, for two VMs, through four
# costly extension stages; without VMQ, and with each VM's queue on its own
# CPU (vm1 on the receiving CPU, vm2 on the other)
vmq()
{
	local rep=$1 on i out
	ip netns add xbv
	for i in 1 2; do
		ip link add "xbq$i" type veth peer name "v$i" netns xbv
		ip -n xbv link set "v$i" address "02:00:00:00:00:1$i" up
		sysctl -qw "net.ipv6.conf.xbq$i.disable_ipv6=1"
		ip link set "xbq$i" up
	done
	for on in 0 1; do
		"$XSWCTL" switch add xb type private &&
			"$XSWCTL" port add xb gen dev xb0 mode xdp || die "switch add failed"
		for i in 1 2; do
			"$XSWCTL" port add xb "vm$i" dev "xbq$i" mode xdp &&
				"$XSWCTL" fdb add xb "02:00:00:00:00:1$i" port "vm$i" ||
				die "port vm$i failed"
			"$XSWCTL" ext attach xb "costly$i" kind filter object "$STAGE_COSTLY" enable on &&
				"$XSWCTL" ext attach xb "costly$((i + 2))" kind filter object "$STAGE_COSTLY" enable on ||
				die "ext attach failed"
		done
		if [ "$on" = 1 ]; then
			"$XSWCTL" vmq set xb vm1 cpu $GEN_CPU &&
				"$XSWCTL" vmq set xb vm2 cpu $((1 - GEN_CPU)) || die "vmq set failed"
		fi
		out=$(rate xbv:v1,v2 02:00:00:00:00:11,02:00:00:00:00:12 flows 16) ||
			die "vmq $on: the generator failed"
		record test='"vmq"' vmq="$on" rep="$rep" result="$out"
		"$XSWCTL" switch del xb || die "switch del failed"
	done
	ip netns del xbv
}

# control plane: time to add and delete N ports; map memory from the kernel
control_plane()
{
	local n=$1 i t0 t1 t2 mem
	for i in $(seq "$n"); do
		echo "link add xbq$i type veth peer name q$i netns xbc"
	done | ip -batch - || die "cannot create $n veths"
	"$XSWCTL" switch add xb type private max-ports "$n" || die "switch add failed"
	t0=$(date +%s%N)
	for i in $(seq "$n"); do
		"$XSWCTL" port add xb "q$i" dev "xbq$i" mode xdp >/dev/null || die "port add q$i failed"
	done
	t1=$(date +%s%N)
	# the kernel's own accounting of every map of the switch (fdinfo memlock)
	mem=$(bpftool -j map show | jq --argjson ports "$(bpftool -j map show | jq '[.[] |
		select(.name == "xsw_ports")][-1].max_entries')" '
		[.[] | select(.name | startswith("xsw_"))] | unique_by(.name) |
		{ total_bytes: (map(.bytes_memlock) | add),
		  bytes_per_port: (map(select(.name | IN("xsw_ports", "xsw_ifports",
			"xsw_stats", "xsw_tx"))) | map(.bytes_memlock) | add / $ports),
		  bytes_per_fdb_entry: (map(select(.name == "xsw_fdb")) |
			.[0].bytes_memlock / (.[0].max_entries * 4)) }')	# buckets of 4
	for i in $(seq "$n"); do
		"$XSWCTL" port del xb "q$i" >/dev/null || die "port del q$i failed"
	done
	t2=$(date +%s%N)
	"$XSWCTL" switch del xb
	ip netns del xbc
	record test='"control"' ports="$n" result="$(jq -c --argjson add $(((t1 - t0) / n / 1000)) \
		--argjson del $(((t2 - t1) / n / 1000)) \
		'. + { port_add_us: $add, port_del_us: $del }' <<<"$mem")"
}

source bench/guest.sh

# --- the run ----------------------------------------------------------------

require
mkdir -p "$OUT"
: >"$RAW"
for rec in "${LEFT_OUT[@]}"; do echo "$rec" >>"$RAW"; done
cleanup
trap 'cleanup; vm_cleanup' EXIT
trap 'exit 1' INT TERM
topo_up

for rep in $(seq "$REPS"); do
	echo "== repetition $rep of $REPS" >&2
	generator "$rep"
	# alternate the order so that no system always runs first
	order=("${SYSTEMS[@]}")
	[ $((rep % 2)) -eq 0 ] && order=($(printf '%s\n' "${SYSTEMS[@]}" | tac))
	for sys in "${order[@]}"; do
		echo "   $sys" >&2
		sys_up "$sys"
		pps "$sys" "$rep"
		tcp "$sys" "$rep"
		latency "$sys" "$rep"
		sys_down "$sys"
	done
	if scaling depth; then
		echo "   extension depth ${DEPTHS[*]}" >&2
		ext_depth "$rep"
	fi
	if scaling vmq; then
		echo "   vmq" >&2
		vmq "$rep"
	fi
	if scaling fdb; then
		for n in "${FDB_SIZES[@]}"; do
			echo "   fdb $n" >&2
			fdb_scaling "$n" "$rep"
		done
	fi
	if scaling policy; then
		echo "   port policies" >&2
		policy "$rep"
	fi
	if scaling xswd; then
		echo "   xswd" >&2
		xswd_row "$rep"
	fi
	if scaling guest; then
		echo "   guest" >&2
		guest_row "$rep"
	fi
	if scaling flood; then
		ip netns add xbf
		for n in "${FANOUTS[@]}"; do
			for sys in xsw-xdp xsw-tc bridge; do
				echo "   flood $sys $n ports" >&2
				fanout "$sys" "$n" "$rep"
			done
		done
		ip netns del xbf
	fi
done
if scaling control; then
	echo "== control plane: $CTL_PORTS ports" >&2
	ip netns add xbc
	control_plane "$CTL_PORTS"
fi

bench/summary.sh "$RAW" "$SMOKE" >"$OUT/results.json" && [ -s "$OUT/results.json" ] ||
	die "cannot summarize $RAW"
bench/table.sh "$OUT/results.json"
