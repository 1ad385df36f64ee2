#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of extensions, capture, mirroring and port ACLs, driving
# the real xswctl and real traffic.
#
#  private switch $PFX-x
#  +--------+--------+--------+--------+
#  | vm1 tc | vm2 xdp| vm3 tc | vm4 xdp|
#  +--|-----+--|-----+--|-----+--|-----+
#   [vm1]    [vm2]    [vm3]    [vm4]
#  10.3.0.1  .2       .3       .4
#
# Every test starts from the same switch with no extension, ACL or mirror.

ALL_TESTS="ext_filter_example ext_forward_example ext_capture_example ext_order_show
	capture_pcap capture_pcapng capture_killed mirror_ports acl_deny_allow acl_meter ext_hitless bad_input"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping iperf3 tcpdump bpftool tshark

SW=${PFX}x
EXAMPLES=$(cd "$(dirname "$0")/../.." && pwd)/build/examples
TESTEXT=$(cd "$(dirname "$0")/../.." && pwd)/build/selftests/ext
for f in "$EXAMPLES"/filter_noping.bpf.o "$EXAMPLES"/forward_hub.bpf.o \
	 "$EXAMPLES"/capture_arpwatch.bpf.o "$TESTEXT"/badabi.bpf.o "$TESTEXT"/filter.bpf.o; do
	[ -f "$f" ] || { echo "FAIL: missing prerequisite: $f (run make check)"; exit 1; }
done

setup()
{
	local i
	for i in 1 2 3 4; do
		vm_add vm$i 10.3.0.$i/24
	done
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xsw port add "$SW" vm3 dev "${PFX}vm3" mode tc &&
	xsw port add "$SW" vm4 dev "${PFX}vm4" mode xdp
}

# back to a switch without extensions, ACLs or mirroring
reset()
{
	local e p
	for e in $(jqx '.[].extension' ext show "$SW"); do
		xsw ext detach "$SW" "$e"
	done
	for p in vm1 vm2 vm3 vm4; do
		xsw mirror set "$SW" $p mode none
	done
}

# drops of reason $3 counted at port $2 of switch $1
drops() { jqx ".[] | select(.port == \"$2\") | .stats.drops[\"$3\"] // 0" port show "$1"; }
ext_field() { jqx ".[] | select(.extension == \"$1\") | $2" ext show "$SW"; }

# tcpdump in VM $1 for $2 seconds, filter $3: prints the packet count
count_in_vm()
{
	# tcpdump ends with an empty line when stopped: count packet lines only
	vm_exec "$1" timeout "$2" tcpdump -nli eth0 "$3" 2>/dev/null | grep -c ' > '
}

ext_filter_example()
{
	local d d1 d2
	reset
	xsw ext attach "$SW" noping kind filter object "$EXAMPLES"/filter_noping.bpf.o
	check_err $? "cannot attach the filter example"
	ping_ok vm1 10.3.0.2
	check_err $? "an attached, not enabled filter must not act"
	xsw ext enable "$SW" noping
	ping_ok vm1 10.3.0.2
	check_fail $? "ping from a tc port passes the noping filter"
	ping_ok vm2 10.3.0.3
	check_fail $? "ping from an xdp port passes the noping filter"
	iperf3_server vm2 5201
	vm_exec vm1 iperf3 -c 10.3.0.2 -p 5201 -t 1 >/dev/null 2>&1
	check_err $? "TCP does not pass the noping filter"
	d=$(ext_field noping '.drops.ingress')
	d1=$(drops "$SW" vm1 extension)
	d2=$(drops "$SW" vm2 extension)
	[ "$d" -ge 2 ] && [ "$d1" -ge 1 ] && [ "$d2" -ge 1 ]
	check_err $? "the filter's drops: ext show $d, vm1 $d1, vm2 $d2; want >= 2, 1, 1"
	xsw ext disable "$SW" noping && ping_ok vm1 10.3.0.2
	check_err $? "ping still blocked after disable"
	# a new extension in the same table slot counts from zero
	xsw ext detach "$SW" noping &&
		xsw ext attach "$SW" noping2 kind filter object "$EXAMPLES"/filter_noping.bpf.o enable on
	check_err $? "cannot attach the filter again"
	[ "$(ext_field noping2 '"\(.packets.ingress) \(.drops.ingress)"')" = "0 0" ]
	check_err $? "a new extension starts with counts: $(ext_field noping2 '.packets, .drops')"
	ping_ok vm1 10.3.0.2 3
	[ "$(ext_field noping2 '.drops.ingress')" = 3 ]
	check_err $? "3 pings dropped, ext show counts $(ext_field noping2 '.drops.ingress')"
	log_test "example filter: enabled it drops pings at tc and xdp ports, TCP passes"
}

ext_forward_example()
{
	local seen
	reset
	xsw fdb flush "$SW"
	xsw ext attach "$SW" hub kind forward object "$EXAMPLES"/forward_hub.bpf.o enable on
	check_err $? "cannot attach the forwarding example"
	seen=$(count_in_vm vm3 3 'icmp and host 10.3.0.1' &
	       sleep 0.5; ping_ok vm1 10.3.0.2 3; wait)
	[ "$seen" -ge 6 ]
	check_err $? "vm3 saw $seen of vm1-vm2's ICMP packets, a hub floods all 6"
	[ "$(jqx 'length' fdb show "$SW")" -eq 0 ]
	check_err $? "the built-in learning switch ran behind the forwarding extension"
	[ "$(ext_field hub '.packets.egress')" -gt 0 ]
	check_err $? "the forwarder's egress entry saw no packet"
	xsw ext detach "$SW" hub
	ping_ok vm1 10.3.0.2 1	# learned again
	seen=$(count_in_vm vm3 3 'icmp and host 10.3.0.1' &
	       sleep 0.5; ping_ok vm1 10.3.0.2 3; wait)
	[ "$seen" -eq 0 ]
	check_err $? "vm3 still sees $seen of vm1-vm2 unicast packets after the hub left"
	log_test "example forwarder: a hub floods unicast and replaces learning; detach restores it"
}

ext_capture_example()
{
	local mac port
	reset
	xsw ext attach "$SW" arpw kind capture object "$EXAMPLES"/capture_arpwatch.bpf.o enable on
	check_err $? "cannot attach the capture example"
	vm_exec vm1 ip neigh flush dev eth0
	ping_ok vm1 10.3.0.2
	check_err $? "traffic does not pass the capture extension"
	# the MAC as bpftool prints it: decimal bytes
	mac=$(vm_mac vm1 | tr ':' '\n' | while read -r b; do echo $((16#$b)); done | paste -sd,)
	port=$(bpftool -j map dump name arpwatch |
	       jq -r --arg m "$mac" '.[].formatted.value | select((.mac | map(tostring) | join(",")) == $m) | .port')
	[ "$port" = 1 ]
	check_err $? "arpwatch did not record vm1's MAC ($mac) on port 1 (got \"$port\")"
	log_test "example capture: arpwatch records the VMs' ARP announcements"
}

ext_order_show()
{
	local order
	reset
	xsw ext attach "$SW" f1 kind filter object "$TESTEXT"/filter.bpf.o enable on &&
	xsw ext attach "$SW" c1 kind capture object "$EXAMPLES"/capture_arpwatch.bpf.o enable on &&
	xsw ext attach "$SW" f2 kind filter object "$TESTEXT"/filter.bpf.o enable on &&
	xsw ext attach "$SW" hub kind forward object "$EXAMPLES"/forward_hub.bpf.o
	check_err $? "cannot attach four extensions"
	order=$(jqx '[.[] | select(.order.ingress > 0)] | sort_by(.order.ingress) | map(.extension) | join(" ")' ext show "$SW")
	[ "$order" = "c1 f2 f1" ]
	check_err $? "ingress order \"$order\", want captures, then filters latest first: c1 f2 f1"
	xsw ext set "$SW" f1 prio 0 && xsw ext set "$SW" f2 prio 10 && xsw ext enable "$SW" hub
	order=$(jqx '[.[] | select(.order.ingress > 0)] | sort_by(.order.ingress) | map(.extension) | join(" ")' ext show "$SW")
	[ "$order" = "c1 f1 f2 hub" ]
	check_err $? "ingress order \"$order\" after prio, want c1 f1 f2 hub"
	order=$(jqx '[.[] | select(.order.egress > 0)] | sort_by(.order.egress) | map(.extension) | join(" ")' ext show "$SW")
	[ "$order" = "hub f2 f1" ]
	check_err $? "egress order \"$order\", want the forwarder, then filters reversed: hub f2 f1"
	[ "$(ext_field hub .state)" = enabled ] && [ "$(ext_field c1 .kind)" = capture ]
	check_err $? "ext show lacks state or kind"
	log_test "ext show: Hyper-V order, latest first within a kind unless prio says otherwise"
}

capture_pcap()
{
	local pcap=/tmp/$PFX-cap.pcap n bad
	reset
	vm_exec vm1 ip neigh flush dev eth0
	(sleep 0.7; ping_ok vm1 10.3.0.2 3) &
	timeout 10 "$XSWCTL" capture "$SW" port vm1 dir ingress count 4 write "$pcap" 2>/dev/null
	check_err $? "capture did not stop after count packets"
	wait
	n=$(tcpdump -nr "$pcap" 2>/dev/null | wc -l)
	[ "$n" -eq 4 ]
	check_err $? "the pcap holds $n packets, want 4"
	n=$(tcpdump -nr "$pcap" 'icmp[icmptype] == icmp-echo and src 10.3.0.1 and dst 10.3.0.2' 2>/dev/null | wc -l)
	bad=$(tcpdump -nr "$pcap" 'not src 10.3.0.1 and not arp' 2>/dev/null | wc -l)
	[ "$n" -ge 3 ] && [ "$bad" -eq 0 ]
	check_err $? "the pcap has $n echo requests 10.3.0.1 > 10.3.0.2 (want 3) and $bad foreign packets"
	[ "$(jqx '[.[] | select(.extension == "capture")] | length' ext show "$SW")" -eq 0 ]
	check_err $? "the capture extension stayed attached after capture ended"
	ping_ok vm2 10.3.0.3 1	# ARP resolved: only the pings are captured
	(sleep 0.7; ping_ok vm2 10.3.0.3 4) &
	n=$(timeout 10 "$XSWCTL" capture "$SW" port vm3 dir egress count 4 2>/dev/null |
	    grep -c 'egress  vm3 .* IP 10.3.0.2 > 10.3.0.3: ICMP echo request')
	wait
	[ "$n" -ge 3 ]
	check_err $? "the text capture printed $n echo requests to vm3, want 4"
	rm -f "$pcap"
	log_test "capture: a ping exchange in a pcap tcpdump reads; text lines without write"
}

# pcapng: one interface per port, each packet's direction; a tcpdump filter
capture_pcapng()
{
	local f=/tmp/$PFX-cap.pcapng n fields
	reset
	ping_ok vm1 10.3.0.2 1	# ARP resolved
	(sleep 0.7; ping_ok vm1 10.3.0.2 3) &
	timeout 10 "$XSWCTL" capture "$SW" count 6 filter "icmp and host 10.3.0.2" write "$f" 2>/dev/null
	check_err $? "capture did not stop after count packets"
	wait
	n=$(tshark -r "$f" -Y '!icmp' 2>/dev/null | wc -l)
	[ "$(tshark -r "$f" 2>/dev/null | wc -l)" -eq 6 ] && [ "$n" -eq 0 ]
	check_err $? "the pcapng holds $(tshark -r "$f" 2>/dev/null | wc -l) packets ($n not icmp), want 6 icmp"
	fields=$(tshark -r "$f" -T fields -e frame.interface_name -e frame.packet_flags_direction \
		 -e icmp.type 2>/dev/null | sort -u | tr '\t\n' ' ,')
	# requests in (1) at vm1, out (2) at vm2; replies in at vm2, out at vm1
	[ "$fields" = "vm1 0x00000001 8,vm1 0x00000002 0,vm2 0x00000001 0,vm2 0x00000002 8," ]
	check_err $? "interfaces and directions (interface direction icmp-type): $fields"
	rm -f "$f"
	log_test "capture: pcapng with one interface per port and directions, a tcpdump filter"
}

capture_killed()
{
	local pid out n
	reset
	"$XSWCTL" capture "$SW" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	out=$("$XSWCTL" capture "$SW" count 1 2>&1)
	[ $? -ne 0 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "already running" <<<"$out"
	check_err $? "a second capture beside a running one: \"$out\", want one line: already running"
	kill -KILL $pid; wait $pid 2>/dev/null
	[ "$(jqx '[.[] | select(.extension == "capture")] | length' ext show "$SW")" -eq 1 ]
	check_err $? "the killed capture's extension is not attached (nothing to test)"
	(sleep 0.7; ping_ok vm1 10.3.0.2 2) &
	out=$(timeout 10 "$XSWCTL" capture "$SW" port vm1 dir ingress count 1 2>&1 >/dev/null)
	check_err $? "a capture after a killed one failed: $out"
	wait
	grep -q "a killed capture left" <<<"$out"
	check_err $? "the leftover was not reported: $out"
	n=$(jqx '[.[] | select(.extension == "capture")] | length' ext show "$SW")
	[ "$n" -eq 0 ]
	check_err $? "$n capture extensions stay attached after the second capture ended"
	log_test "capture: a killed capture's leftover goes with the next capture; a live one refuses a second"
}

mirror_ports()
{
	local seen3 seen4
	reset
	xsw mirror set "$SW" vm1 mode source && xsw mirror set "$SW" vm3 mode destination
	check_err $? "cannot set mirroring"
	[ "$(jqx '.[] | select(.port == "vm3") | .mirror' port show "$SW")" = destination ]
	check_err $? "port show does not show the mirror mode"
	ping_ok vm1 10.3.0.2 1	# learned first: the copies below are not floods
	seen3=$(count_in_vm vm3 3 'icmp and host 10.3.0.1' &
		sleep 0.5; ping_ok vm2 10.3.0.1 3; wait)
	seen4=$(count_in_vm vm4 3 'icmp and host 10.3.0.1' &
		sleep 0.5; ping_ok vm2 10.3.0.1 3; wait)
	[ "$seen3" -eq 6 ] && [ "$seen4" -eq 0 ]
	check_err $? "mirror destination vm3 saw $seen3 (want 6), non-destination vm4 $seen4 (want 0)"
	xsw mirror set "$SW" vm1 mode none && xsw mirror set "$SW" vm2 mode source
	seen3=$(count_in_vm vm3 3 'icmp and host 10.3.0.4' &
		sleep 0.5; ping_ok vm4 10.3.0.2 3; wait)
	[ "$seen3" -eq 6 ]
	check_err $? "mirror of xdp source port vm2: vm3 saw $seen3 of 6"
	log_test "mirror: a source port's traffic reaches the destination port only (tc and xdp)"
}

acl_deny_allow()
{
	reset
	xsw acl add "$SW" vm1 dir out action deny remote 10.3.0.0/24 &&
	xsw acl add "$SW" vm1 dir out action allow remote 10.3.0.3/32
	check_err $? "cannot add ACL rules"
	[ "$(ext_field acl .state)" = enabled ]
	check_err $? "the built-in acl extension is not in the chain"
	ping_ok vm1 10.3.0.2
	check_fail $? "vm1 -> vm2 passes a deny 10.3.0.0/24"
	ping_ok vm1 10.3.0.3 && ping_ok vm2 10.3.0.4
	check_err $? "allow /32 does not override the shorter deny, or other VMs are blocked"
	[ "$(drops "$SW" vm1 acl)" -ge 1 ]
	check_err $? "ACL drops are not counted as acl"
	xsw acl del "$SW" vm1 dir out remote 10.3.0.0/24 && ping_ok vm1 10.3.0.2
	check_err $? "vm1 -> vm2 still blocked after acl del"
	xsw acl del "$SW" vm1 dir out remote 10.3.0.3/32
	[ "$(jqx '[.[] | select(.extension == "acl")] | length' ext show "$SW")" -eq 0 ]
	check_err $? "the acl extension stays in the chain with no rule left"
	log_test "acl: deny blocks one VM-to-VM flow, a longer allow overrides it, del restores"
}

acl_meter()
{
	local pk by
	reset
	xsw acl add "$SW" vm2 dir in action meter remote 10.3.0.1
	check_err $? "cannot add a meter rule"
	ping_ok vm1 10.3.0.2 1
	xsw acl del "$SW" vm2 dir in remote 10.3.0.1 && xsw acl add "$SW" vm2 dir in action meter remote 10.3.0.1
	vm_exec vm1 ping -c 5 -i 0.2 -s 100 10.3.0.2 >/dev/null 2>&1
	check_err $? "a meter rule blocks traffic"
	pk=$(jqx '.[0].packets' acl show "$SW" vm2)
	by=$(jqx '.[0].bytes' acl show "$SW" vm2)
	[ "$pk" -eq 5 ] && [ "$by" -eq $((5 * (14 + 20 + 8 + 100))) ]
	check_err $? "meter counted $pk packets / $by bytes, want 5 / 710"
	xsw acl del "$SW" vm2 dir in remote 10.3.0.1
	log_test "acl: a meter rule counts exactly the packets and bytes sent to the VM"
}

# changes under a steady UDP flow in both port modes: nothing lost, no
# drop of any reason. The receivers get 4 MB socket buffers: a change loads
# and verifies programs, which on a 2-CPU host without kernel preemption can
# keep a receiver off its CPU longer than the default buffer (about 90
# datagrams, 15 ms) lasts; the loss was then the socket's, not the switch's.
ext_hitless()
{
	local out lost total i r before t b
	reset
	ping_ok vm1 10.3.0.2 1 && ping_ok vm4 10.3.0.3 1
	before=$(xsw -j port show "$SW" | jq -c 'map({(.port): .stats.drops}) | add')
	sockbuf_max 4194304
	iperf3_server vm2 5202
	iperf3_server vm3 5203
	sleep 0.3
	# the flows outlast the changes: in the kernel tier's emulated guest
	# each load takes seconds, and the guest's CPU carries less
	t=4 b=50M
	[ -n "${XSW_KERNEL_TIER:-}" ] && t=60 b=10M
	vm_exec vm1 iperf3 -c 10.3.0.2 -p 5202 -u -b $b -l 1000 -w 4M -t $t -J >/tmp/$PFX-u1.json 2>&1 &
	vm_exec vm4 iperf3 -c 10.3.0.3 -p 5203 -u -b $b -l 1000 -w 4M -t $t -J >/tmp/$PFX-u2.json 2>&1 &
	sleep 0.5
	for i in 1 2 3; do
		xsw ext attach "$SW" f$i kind filter object "$EXAMPLES"/filter_noping.bpf.o enable on
		xsw ext attach "$SW" c$i kind capture object "$EXAMPLES"/capture_arpwatch.bpf.o
		xsw ext enable "$SW" c$i
		xsw ext set "$SW" f$i prio $((10 - i))
		xsw acl add "$SW" vm2 dir in action meter remote 10.3.0.$i
	done
	for i in 1 2 3; do
		xsw ext disable "$SW" f$i
		xsw ext detach "$SW" c$i
		xsw ext detach "$SW" f$i
		xsw acl del "$SW" vm2 dir in remote 10.3.0.$i
	done
	wait
	for out in /tmp/$PFX-u1.json /tmp/$PFX-u2.json; do
		lost=$(jq '.end.sum.lost_packets' "$out")
		total=$(jq '.end.sum.packets' "$out")
		[ "$total" -gt 1000 ] && [ "$lost" -eq 0 ]
		check_err $? "$(basename "$out"): $lost of $total datagrams lost while extensions changed$([ "$total" = null ] && printf ' (iperf3: %s)' "$(head -c 200 "$out" | tr '\n' ' ')")"
	done
	r=$(xsw -j port show "$SW" | jq -r --argjson before "$before" '
		[.[] | .port as $p | .stats.drops | to_entries[] |
		 select(.value > $before[$p][.key]) |
		 "\($p) \(.key) \(.value - $before[$p][.key])"] | join(", ")')
	[ -z "$r" ]
	check_err $? "drops counted while extensions changed: $r"
	rm -f /tmp/$PFX-u1.json /tmp/$PFX-u2.json
	log_test "attach/enable/reorder/disable/detach under two UDP flows: 0 lost, 0 drops"
}

bad_input()
{
	local before after pins
	reset
	before=$(xsw -j ext show "$SW")
	pins=$(ls /sys/fs/bpf/xsw/"$SW" | wc -l)
	xsw ext attach "$SW" e1 kind filter object /nonexistent.o 2>/dev/null
	check_fail $? "a missing object was accepted"
	xsw ext attach "$SW" e1 kind capture object "$EXAMPLES"/filter_noping.bpf.o 2>/dev/null
	check_fail $? "a filter object was accepted as a capture extension"
	xsw ext attach "$SW" e1 kind filter object "$TESTEXT"/badabi.bpf.o 2>&1 | grep -q 'ABI'
	check_err $? "an object of another ABI version is not refused with an ABI error"
	xsw ext attach "$SW" e1 kind forward object "$EXAMPLES"/forward_hub.bpf.o &&
	{ xsw ext attach "$SW" e2 kind forward object "$EXAMPLES"/forward_hub.bpf.o 2>/dev/null; [ $? -ne 0 ]; }
	check_err $? "a second forwarding extension was accepted"
	xsw ext detach "$SW" e1
	xsw ext enable "$SW" nosuch 2>/dev/null
	check_fail $? "enable of an unknown extension succeeded"
	xsw acl add "$SW" nosuch dir in action deny remote 10.3.0.1 2>/dev/null
	check_fail $? "an ACL on an unknown port was accepted"
	xsw acl add "$SW" vm1 dir in action deny remote 10.3.0.300 2>/dev/null
	check_fail $? "a bad prefix was accepted"
	xsw mirror set "$SW" nosuch mode source 2>/dev/null
	check_fail $? "mirroring of an unknown port was accepted"
	timeout 5 "$XSWCTL" capture "$SW" port nosuch count 1 2>/dev/null
	check_fail $? "a capture on an unknown port was accepted"
	[ "$(xsw ext attach "$SW" e1 kind bogus object x.o 2>&1 | wc -l)" -eq 1 ]
	check_err $? "a bad kind does not give a one-line error"
	after=$(xsw -j ext show "$SW")
	[ "$before" = "$after" ] && [ "$(ls /sys/fs/bpf/xsw/"$SW" | wc -l)" -eq "$pins" ] &&
		[ "$(jqx 'length' acl show "$SW")" -eq 0 ]
	check_err $? "refused commands left extensions, rules or pins behind"
	log_test "bad input: missing object, wrong kind, ABI mismatch, second forwarder, unknown port"
}

setup || { echo "FAIL: cannot build the test switch"; cleanup; echo "0 passed, 1 failed"; exit 1; }
run_tests
