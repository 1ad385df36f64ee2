#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of VMQ, VMMQ and the rebalancer on this 2-CPU machine,
# driving the real xswctl and real traffic arriving through the uplink.
#
#  external switch $PFX-q, uplink in xdp mode
#  +-----------+--------+--------+--------+
#  | uplink    | vm1 xdp| vm2 xdp| vm3 tc |
#  +--|--------+--|-----+--|-----+--|-----+
#   [net]       [vm1]    [vm2]    [vm3]
#  10.5.0.100   .1       .2       .3
#
# The "physical network" sends from CPU 0 (taskset), so the uplink receives
# every frame on CPU 0; per-CPU counters show where each frame was switched.

ALL_TESTS="vmq_per_vm_cpu vmq_tc_port vmq_move_no_loss vmmq_spreads_flows vmq_rxq_default
	vmq_cap_and_weight vmq_balance bad_input"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping iperf3 mausezahn taskset
[ "$(nproc)" -ge 2 ] || { echo "FAIL: the VMQ tests need 2 CPUs"; exit 1; }

SW=${PFX}q
UP=${PFX}up

setup()
{
	local i
	ns_add net
	ip link add "$UP" type veth peer name eth0 netns "$PFX-net"
	ip -n "$PFX-net" addr add 10.5.0.100/24 dev eth0
	ip -n "$PFX-net" link set eth0 up
	for i in 1 2 3; do
		vm_add vm$i 10.5.0.$i/24
	done
	xsw switch add "$SW" type external uplink "$UP" mode xdp &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode xdp &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xsw port add "$SW" vm3 dev "${PFX}vm3" mode tc || return 1
	# the switch learns every VM
	for i in 1 2 3; do
		ping_ok vm$i 10.5.0.100 || return 1
	done
	# neighbour entries that never expire: no unicast ARP probe joins the
	# frames a test counts on a queue (a slow machine's tests outlast them)
	for i in 1 2 3; do
		ip -n "$PFX-net" neigh replace 10.5.0.$i lladdr "$(vm_mac vm$i)" dev eth0 nud permanent &&
			ip -n "$PFX-vm$i" neigh replace 10.5.0.100 dev eth0 nud permanent \
				lladdr "$(ip -n "$PFX-net" -j link show eth0 | jq -r '.[0].address')" || return 1
	done
}

net_exec() { ip netns exec "$PFX-net" taskset -c "${CPU:-0}" "$@"; }

# N UDP frames to VM $1 from the uplink, source ports $2 (mausezahn range)
send_udp()
{
	net_exec mausezahn eth0 -q -A 10.5.0.100 -B "10.5.0.${1#vm}" -b "$(vm_mac "$1")" \
		-t udp "sp=$2,dp=9" -c "${3:-1}" >/dev/null 2>&1
}

# frames of port $1's queue processed on CPU $2 (port "" = the default queue)
vmq_pkts()
{
	if [ -z "$1" ]; then
		jqx ".default.packets[$2]" vmq show "$SW"
	else
		jqx ".ports[] | select(.port == \"$1\") | .packets[$2]" vmq show "$SW"
	fi
}
vmq_field() { jqx ".ports[] | select(.port == \"$1\") | $2" vmq show "$SW"; }

vmq_per_vm_cpu()
{
	local a0 a1 b0 b1
	xsw vmq set "$SW" vm1 cpu 0 && xsw vmq set "$SW" vm2 cpu 1
	check_err $? "vmq set failed"
	a0=$(vmq_pkts vm1 0); a1=$(vmq_pkts vm1 1)
	b0=$(vmq_pkts vm2 0); b1=$(vmq_pkts vm2 1)
	send_udp vm1 5000 200 && send_udp vm2 5000 200
	check_err $? "mausezahn failed"
	sleep 0.2
	[ $(($(vmq_pkts vm1 0) - a0)) -eq 200 ] && [ "$(vmq_pkts vm1 1)" -eq "$a1" ]
	check_err $? "vm1's frames: CPU 0 $(($(vmq_pkts vm1 0) - a0)), CPU 1 $(($(vmq_pkts vm1 1) - a1)); want 200 and 0"
	[ $(($(vmq_pkts vm2 1) - b1)) -eq 200 ] && [ "$(vmq_pkts vm2 0)" -eq "$b0" ]
	check_err $? "vm2's frames: CPU 0 $(($(vmq_pkts vm2 0) - b0)), CPU 1 $(($(vmq_pkts vm2 1) - b1)); want 0 and 200"
	[ "$(jqx '.[] | select(.port == "vm2") | .vmq + " " + (.vmq_cpus | map(tostring) | join(","))' port show "$SW")" = "queue 1" ]
	check_err $? "port show does not give vm2's queue on CPU 1"
	log_test "each VM's frames are switched on its own CPU"
}

# a tc port's queue: its frames from the uplink (an XDP port) are switched
# on its CPU, and all arrive
vmq_tc_port()
{
	local a0 a1 r0 r1
	xsw vmq set "$SW" vm3 cpu 1
	check_err $? "vmq set on the tc port failed"
	a0=$(vmq_pkts vm3 0); a1=$(vmq_pkts vm3 1)
	r0=$(ip -n "$PFX-vm3" -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	send_udp vm3 5000 200
	check_err $? "mausezahn failed"
	sleep 0.2
	r1=$(ip -n "$PFX-vm3" -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	[ $(($(vmq_pkts vm3 1) - a1)) -eq 200 ] && [ "$(vmq_pkts vm3 0)" -eq "$a0" ]
	check_err $? "vm3's frames: CPU 0 $(($(vmq_pkts vm3 0) - a0)), CPU 1 $(($(vmq_pkts vm3 1) - a1)); want 0 and 200"
	[ $((r1 - r0)) -ge 200 ]
	check_err $? "vm3 received $((r1 - r0)) of 200 frames"
	[ "$(jqx '.[] | select(.port == "vm3") | .vmq' port show "$SW")" = queue ]
	check_err $? "port show does not give vm3's queue"
	xsw vmq set "$SW" vm3 weight 0
	log_test "a tc port's queue: its frames from the uplink switched on its CPU"
}

vmq_move_no_loss()
{
	local out i lost sent c0 c1
	xsw vmq set "$SW" vm1 cpu 0
	c0=$(vmq_pkts vm1 0); c1=$(vmq_pkts vm1 1)
	iperf3_server vm1 5201 -I "/tmp/$PFX-iperf.pid"
	# 4 MB of socket buffer: a receiver kept off its CPU (no kernel preemption
	# on 2 CPUs) must not lose what the switch delivered
	sockbuf_max 4194304
	net_exec iperf3 -u -b 20M -l 1000 -w 4M -t 3 -c 10.5.0.1 -J >"/tmp/$PFX-iperf.json" &
	for i in 1 0 1 0 1; do
		sleep 0.5
		xsw vmq set "$SW" vm1 cpu $i || check_err 1 "vmq set vm1 cpu $i failed"
	done
	wait $!
	out=$(cat "/tmp/$PFX-iperf.json"); rm -f "/tmp/$PFX-iperf.json"
	lost=$(jq '.end.sum.lost_packets' <<<"$out")
	sent=$(jq '.end.sum.packets' <<<"$out")
	[ "$lost" = 0 ] && [ "$sent" -gt 1000 ]
	check_err $? "$lost of $sent datagrams lost while vm1's queue moved$([ "$sent" = null ] && printf ' (iperf3: %s)' "$(head -c 200 <<<"$out" | tr '\n' ' ')")"
	[ "$(vmq_pkts vm1 0)" -gt $((c0 + 500)) ] && [ "$(vmq_pkts vm1 1)" -gt $((c1 + 500)) ]
	check_err $? "vm1's processing did not follow its CPU: CPU 0 +$(($(vmq_pkts vm1 0) - c0)), CPU 1 +$(($(vmq_pkts vm1 1) - c1))"
	log_test "moving a VM's CPU under a 20 Mbit/s flow loses no datagram"
}

vmmq_spreads_flows()
{
	local c0 c1 d0 d1 a b
	xsw vmq set "$SW" vm2 cpus 0-1
	check_err $? "vmq set cpus 0-1 failed"
	c0=$(vmq_pkts vm2 0); c1=$(vmq_pkts vm2 1)
	send_udp vm2 1-64
	sleep 0.2
	d0=$(($(vmq_pkts vm2 0) - c0)); d1=$(($(vmq_pkts vm2 1) - c1))
	[ $((d0 + d1)) -eq 64 ] && [ "$d0" -gt 0 ] && [ "$d1" -gt 0 ]
	check_err $? "64 flows: CPU 0 $d0, CPU 1 $d1"
	# one flow never changes CPU
	c0=$(vmq_pkts vm2 0); c1=$(vmq_pkts vm2 1)
	send_udp vm2 4242 100
	sleep 0.2
	a=$(($(vmq_pkts vm2 0) - c0)); b=$(($(vmq_pkts vm2 1) - c1))
	[ $((a + b)) -eq 100 ] && [ $((a * b)) -eq 0 ]
	check_err $? "one flow split over CPUs: $a and $b"
	[ "$(vmq_field vm2 '.cpus | join(",")')" = "0,1" ]
	check_err $? "vmq show: vm2 cpus $(vmq_field vm2 '.cpus')"
	xsw vmq set "$SW" vm2 cpu 1
	log_test "VMMQ spreads 64 flows over 2 CPUs, one flow stays on one"
}

vmq_rxq_default()
{
	local c1
	xsw vmq rxq "$SW" "$UP" queue 0 cpu 1
	check_err $? "vmq rxq failed"
	c1=$(vmq_pkts "" 1)
	# broadcast: the default queue
	net_exec mausezahn eth0 -q -a 02:00:00:00:00:99 -b ff:ff:ff:ff:ff:ff -t udp \
		"sp=9,dp=9" -c 50 >/dev/null 2>&1
	sleep 0.2
	[ $(($(vmq_pkts "" 1) - c1)) -eq 50 ]
	check_err $? "default queue frames on CPU 1: $(($(vmq_pkts "" 1) - c1)), want 50"
	[ "$(jqx '.rxq[0] | "\(.dev) \(.queue) \(.cpu)"' vmq show "$SW")" = "$UP 0 1" ]
	check_err $? "vmq show lacks the mapping"
	xsw vmq rxq "$SW" "$UP" queue 0 cpu none
	[ "$(jqx '.rxq | length' vmq show "$SW")" = 0 ]
	check_err $? "cpu none left the mapping"
	log_test "the uplink's receive queue 0 mapped to CPU 1 takes default frames"
}

vmq_cap_and_weight()
{
	xsw vmq default "$SW" queues 1 && xsw vmq set "$SW" vm1 weight 0 &&
		xsw vmq set "$SW" vm2 weight 0
	check_err $? "setup failed"
	xsw vmq set "$SW" vm1 weight 100 && xsw vmq set "$SW" vm2 weight 100
	[ "$(vmq_field vm1 .state) $(vmq_field vm2 .state)" = "queue waiting" ]
	check_err $? "with 1 queue: vm1 $(vmq_field vm1 .state), vm2 $(vmq_field vm2 .state)"
	xsw vmq set "$SW" vm1 weight 0
	[ "$(vmq_field vm1 .state) $(vmq_field vm2 .state)" = "off queue" ]
	check_err $? "after weight 0: vm1 $(vmq_field vm1 .state), vm2 $(vmq_field vm2 .state)"
	[ "$(jqx '"\(.used) \(.queues)"' vmq show "$SW")" = "1 1" ]
	check_err $? "vmq show: $(jqx '"\(.used) of \(.queues)"' vmq show "$SW") queues"
	xsw vmq default "$SW" queues 64 && xsw vmq set "$SW" vm1 weight 100
	log_test "queues are capped first come first served; weight 0 frees one"
}

vmq_balance()
{
	local out busy flow
	xsw vmq set "$SW" vm1 cpu 0 && xsw vmq set "$SW" vm2 cpu 0
	# a light, steady flow to vm1 (1000 frames/s, 5 s): iperf3's UDP pacing
	# spins and would load the CPU the test needs idle; a count, as the kill
	# below reaches the shell, not what ip netns exec runs
	CPU=1 net_exec mausezahn eth0 -q -A 10.5.0.100 -B 10.5.0.1 -b "$(vm_mac vm1)" \
		-t udp "sp=1000,dp=9" -d 1msec -c 5000 >/dev/null 2>&1 &
	flow=$!
	timeout 2.5 taskset -c 0 sh -c 'while :; do :; done' &
	busy=$!
	sleep 0.3
	out=$(xsw -j vmq balance "$SW" interval 1 high 80 low 50 dwell 0 once)
	check_err $? "vmq balance failed"
	[ "$(jq -c '[.moves[] | "\(.port) \(.from) \(.to)"]' <<<"$out")" = '["vm1 0 1"]' ]
	check_err $? "CPU 0 saturated: $out; want vm1 (the queue with traffic) moved to CPU 1"
	[ "$(vmq_field vm1 '"\(.cpus[0]) \(.home) \(.moves)"')" = "1 0 1" ]
	check_err $? "vmq show: vm1 $(vmq_field vm1 '"cpu \(.cpus) home \(.home) moves \(.moves)"')"
	wait $busy
	out=$(xsw vmq balance "$SW" interval 1 once)
	grep -Eqx 'vm1: cpu 1 -> 0 \(cpu 0 busy [0-9]+% < low 50%\)' <<<"$out"
	check_err $? "load gone: \"$out\", want vm1 back home"
	[ "$(vmq_field vm1 '"\(.cpus[0]) \(.moves)"')" = "0 2" ]
	check_err $? "vmq show: vm1 $(vmq_field vm1 '"cpu \(.cpus) moves \(.moves)"')"
	kill $flow; wait $flow 2>/dev/null
	log_test "the rebalancer moves a queue off a saturated CPU and back"
}

bad_input()
{
	local before out
	before=$(jqx -c '[.queues, .default.cpus, .rxq, (.ports[] | [.port, .state, .cpus, .weight])]' vmq show "$SW")
	while IFS='|' read -r what args; do
		out=$(xsw vmq $args 2>&1)
		[ $? -ne 0 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "$what" <<<"$out"
		check_err $? "vmq $args: \"$out\", want one line with \"$what\""
	done <<EOF
not online|set $SW vm1 cpu 99
not online|set $SW vm1 cpus 0-7
tc mode|rxq $SW ${PFX}vm3 queue 0 cpu 1
unknown port|set $SW nosuch cpu 1
not a port|rxq $SW lo queue 0 cpu 1
1 receive queue|rxq $SW $UP queue 1 cpu 1
not online|default $SW cpus 0,5
not online|rxq $SW $UP queue 0 cpu 9
not below high|balance $SW high 40 low 60 once
unknown switch|set nosuch vm1 cpu 0
EOF
	[ "$(jqx -c '[.queues, .default.cpus, .rxq, (.ports[] | [.port, .state, .cpus, .weight])]' vmq show "$SW")" = "$before" ]
	check_err $? "refused commands changed the queues"
	log_test "bad input is refused with one line and changes nothing"
}

setup || { echo "FAIL: setup"; cleanup; exit 1; }
run_tests
