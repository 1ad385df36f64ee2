#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# QEMU guests on xsw ports, each on a tap that is a port of a private switch
# (mode tc, the only one a tap takes), next to namespace VMs: a virtio-net
# guest (synthetic NIC) and an e1000 guest (emulated NIC) ping each other and
# vm1 and send it 2 MB over TCP; mode xdp on a tap refused; a guest plugged
# in by qemu-ifup; a guest's DHCP client behind dhcp-guard; a guest on an
# access VLAN; a guest's VMQ queue fed from an XDP port (vm3); make bench's
# guest row.
#
#   [g1 virtio-net] 10.10.0.11 -- tap $PFX-t1 --+                  -- [vm1] 10.10.0.1
#   [g2 e1000]      10.10.0.12 -- tap $PFX-t2 --+-- switch $PFX-g  -- [vm2] 10.10.0.2
#                                                                  -- [vm3] 10.10.0.3 (xdp)

ALL_TESTS="virtio_and_e1000_guests tap_refuses_xdp qemu_ifup dhcp_guard_guest vlan_access_guest vmq_guest bench_guest_row"

source "$(dirname "$0")/../net/lib.sh"
source "$(dirname "$0")/lib.sh"
require_cmd ip qemu-system-x86_64 busybox objcopy apt-get dpkg-deb timeout

SW=${PFX}g
BYTES=2097152

# the guest's script: the other guest and vm1 reachable, 2 MB to vm1:PORT
guest_script()
{
	local other=$1 port=$2 f
	f=$(mktemp)
	cat >"$f" <<SCRIPT
n=0
until ping -c 1 -W 1 $other >/dev/null 2>&1; do
	n=\$((n + 1))
	[ \$n -ge 60 ] && { echo "no ping to $other"; exit 1; }
done
ping -c 3 -W 2 10.10.0.1 || exit 1
dd if=/dev/zero bs=1024 count=$((BYTES / 1024)) 2>/dev/null | nc -w 10 10.10.0.1 $port || exit 1
echo sent
SCRIPT
	echo "$f"
}

# the switch with vm1, and the taps, for any test run first
switch_up()
{
	local i
	for i in 1 2; do
		ip link show "$PFX-t$i" >/dev/null 2>&1 ||
			{ ip tuntap add "$PFX-t$i" mode tap && ip link set "$PFX-t$i" up; } || return 1
	done
	xsw switch show "$SW" >/dev/null 2>&1 ||
		{ xsw switch add "$SW" type private && xsw port add "$SW" vm1 dev "${PFX}vm1"; }
}

virtio_and_e1000_guests()
{
	local port s1 s2 got
	switch_up &&
		xsw port add "$SW" g1 dev "$PFX-t1" mode tc type synthetic &&
		xsw port add "$SW" g2 dev "$PFX-t2" mode tc type emulated
	check_err $? "cannot build the switch"
	for port in 5001 5002; do
		# (its stdin open: at EOF, busybox nc would end the connection)
		sleep $VM_TIMEOUT | vm_exec vm1 timeout $VM_TIMEOUT busybox nc -l -p $port \
			>"$VM_DIR/recv.$port" &
	done
	s1=$(guest_script 10.10.0.12 5001)
	s2=$(guest_script 10.10.0.11 5002)
	vm_start g1 "$PFX-t1" virtio-net-pci 52:54:00:10:00:11 10.10.0.11/24 "$s1" &&
		vm_start g2 "$PFX-t2" e1000 52:54:00:10:00:12 10.10.0.12/24 "$s2"
	check_err $? "cannot start the guests"
	vm_wait g1
	check_err $? "virtio-net guest failed"
	vm_wait g2
	check_err $? "e1000 guest failed"
	for port in 5001 5002; do
		got=$(stat -c %s "$VM_DIR/recv.$port" 2>/dev/null)
		[ "${got:-0}" -eq $BYTES ]
		check_err $? "vm1 received ${got:-0} of $BYTES bytes on port $port"
	done
	rm -f "$s1" "$s2"
	log_test "virtio-net and e1000 guests on tc ports: ping each other and vm1, 2 MB TCP"
}

# mode xdp on a tap is refused: native XDP never sees a guest's checksum
# offload (its TCP never connects) and generic XDP drops its TSO frames,
# larger than the MTU (measured: 1.6 Mbit/s against 1.1 Gbit/s in mode tc)
tap_refuses_xdp()
{
	local out rc
	switch_up
	xsw port del "$SW" g1 >/dev/null 2>&1
	out=$(xsw port add "$SW" g1 dev "$PFX-t1" mode xdp 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && [[ "$out" == *"is a tap"*"mode tc"* ]]
	check_err $? "port add mode xdp on a tap: exit $rc, \"$out\""
	! xsw port show "$SW" g1 >/dev/null 2>&1 && ! ip link show "$PFX-t1" | grep -q xdp
	check_err $? "the refused port add left a port or XDP on the tap"
	log_test "mode xdp on a tap is refused in one line naming mode tc, nothing left"
}

# QEMU creates the tap and plugs it in with scripts/qemu-ifup, as a user's
# guest would be; scripts/qemu-ifdown removes the port when QEMU stops
qemu_ifup()
{
	local s got tap=$PFX-q1
	switch_up
	sleep $VM_TIMEOUT | vm_exec vm1 timeout $VM_TIMEOUT busybox nc -l -p 5004 \
		>"$VM_DIR/recv.5004" &
	s=$(guest_script 10.10.0.1 5004)
	XSW_SWITCH=$SW XSW_NIC_TYPE=synthetic XSWCTL=$XSWCTL VM_IFUP=$TOP/scripts/qemu-ifup \
		VM_IFDOWN=$TOP/scripts/qemu-ifdown vm_start g4 "$tap" virtio-net-pci \
		52:54:00:10:00:14 10.10.0.14/24 "$s"
	check_err $? "cannot start the guest"
	for _ in $(seq 100); do
		[ "$(jqx '.[0].nic' port show "$SW" "$tap" 2>/dev/null)" = synthetic ] && break
		sleep 0.1
	done
	[ "$(jqx '.[0].nic' port show "$SW" "$tap" 2>/dev/null)" = synthetic ]
	check_err $? "qemu-ifup did not make the tap a synthetic NIC's port"
	vm_wait g4
	check_err $? "virtio-net guest failed"
	got=$(stat -c %s "$VM_DIR/recv.5004" 2>/dev/null)
	[ "${got:-0}" -eq $BYTES ]
	check_err $? "vm1 received ${got:-0} of $BYTES bytes from the guest"
	! xsw port show "$SW" "$tap" >/dev/null 2>&1 && ! ip link show "$tap" >/dev/null 2>&1
	check_err $? "qemu-ifdown left the port or the tap"
	rm -f "$s"
	log_test "qemu-ifup and qemu-ifdown plug a guest in and out, as a user's"
}

# udhcpd VM FIRST LAST: a DHCP server in namespace VM leasing 10.10.0.FIRST-LAST
udhcpd()
{
	local conf=$VM_DIR/udhcpd-$1.conf
	printf 'start 10.10.0.%s\nend 10.10.0.%s\ninterface eth0\nlease_file %s\npidfile %s\nopt subnet 255.255.255.0\n' \
		"$2" "$3" "$VM_DIR/leases-$1" "$VM_DIR/udhcpd-$1.pid" >"$conf"
	vm_exec "$1" busybox udhcpd -f "$conf" >/dev/null 2>&1 &
}

# namespace VM vm2 (10.10.0.2) on the switch, for the tests that need it
vm2_up()
{
	ip netns list | grep -qw "$PFX-vm2" || vm_add vm2 10.10.0.2/24 || return 1
	xsw port show "$SW" vm2 >/dev/null 2>&1 || xsw port add "$SW" vm2 dev "${PFX}vm2"
}

# the guest's own DHCP client gets its lease from the trusted server (vm1),
# not from the rogue one (vm2) behind dhcp-guard
dhcp_guard_guest()
{
	local s lease
	switch_up
	xsw port del "$SW" g1 >/dev/null 2>&1
	vm2_up && xsw port set "$SW" vm2 dhcp-guard on &&
		xsw port add "$SW" g1 dev "$PFX-t1" mode tc type synthetic
	check_err $? "cannot set the rogue's port up"
	udhcpd vm1 100 110
	udhcpd vm2 200 210
	s=$(mktemp)
	cat >"$s" <<'SCRIPT'
printf '#!/bin/sh\n[ "$1" = bound ] && echo "lease $ip"\nexit 0\n' >/tmp/lease.sh
chmod +x /tmp/lease.sh
udhcpc -i eth0 -n -q -f -t 5 -T 2 -s /tmp/lease.sh
SCRIPT
	vm_start g5 "$PFX-t1" virtio-net-pci 52:54:00:10:00:15 "" "$s"
	check_err $? "cannot start the guest"
	vm_wait g5
	check_err $? "the guest's DHCP client failed"
	lease=$(sed -n 's/^lease //p' "$VM_DIR/g5.out" | tr -d '\r')
	[[ "$lease" == 10.10.0.10[0-9] || "$lease" == 10.10.0.110 ]]
	check_err $? "the guest's lease is \"$lease\", not from the trusted server"
	[ "$(jqx '.[] | select(.port == "vm2") | .stats.drops.dhcp_guard' port show "$SW")" -gt 0 ]
	check_err $? "dhcp-guard dropped nothing from the rogue server"
	xsw port set "$SW" vm2 dhcp-guard off
	rm -f "$s"
	log_test "a guest's DHCP client: a lease from the trusted server, none from the rogue"
}

# a guest on an access port of VLAN 10 reaches vm1 (VLAN 10), not vm2
# (VLAN 20); frames it tags for VLAN 20 itself are dropped
vlan_access_guest()
{
	local s d0 d1
	switch_up
	xsw port del "$SW" g1 >/dev/null 2>&1
	vm2_up && xsw port add "$SW" g1 dev "$PFX-t1" mode tc type synthetic &&
		xsw port set "$SW" g1 vlan access 10 && xsw port set "$SW" vm1 vlan access 10 &&
		xsw port set "$SW" vm2 vlan access 20
	check_err $? "cannot set the VLANs"
	d0=$(jqx '.[0].stats.drops.vlan' port show "$SW" g1)
	s=$(mktemp)
	cat >"$s" <<'SCRIPT'
n=0
until ping -c 1 -W 1 10.10.0.1 >/dev/null 2>&1; do
	n=$((n + 1))
	[ $n -ge 60 ] && { echo "no ping to vm1 in the guest's VLAN"; exit 1; }
done
ping -c 3 -W 1 10.10.0.2 >/dev/null 2>&1 && { echo "reached vm2 in VLAN 20"; exit 1; }
ip addr flush dev eth0
ip link add link eth0 name eth0.20 type vlan id 20 || exit 1
ip link set eth0.20 up && ip addr add 10.10.0.16/24 dev eth0.20 || exit 1
ping -c 3 -W 1 10.10.0.2 >/dev/null 2>&1 && { echo "reached vm2 with a VLAN 20 tag"; exit 1; }
echo isolated
SCRIPT
	VM_MODULES=8021q vm_start g6 "$PFX-t1" virtio-net-pci 52:54:00:10:00:16 10.10.0.16/24 "$s"
	check_err $? "cannot start the guest"
	vm_wait g6
	check_err $? "the guest in VLAN 10 failed"
	d1=$(jqx '.[0].stats.drops.vlan' port show "$SW" g1)
	[ "$((d1 - d0))" -ge 3 ]
	check_err $? "the guest's VLAN 20 frames: vlan drops $d0 -> $d1, want 3 or more"
	xsw port set "$SW" g1 vlan untagged && xsw port set "$SW" vm1 vlan untagged &&
		xsw port set "$SW" vm2 vlan untagged
	rm -f "$s"
	log_test "VLAN access policy holds for a guest: its VLAN only, its own tags dropped"
}

# VMQ: a guest's queue on CPU 1 takes its frames from an XDP port (vm3's,
# sending from CPU 0, as an uplink's NIC would receive them)
vmq_guest()
{
	local s a0 a1 got
	switch_up
	xsw port del "$SW" g1 >/dev/null 2>&1
	ip netns list | grep -qw "$PFX-vm3" || vm_add vm3 10.10.0.3/24
	{ xsw port show "$SW" vm3 >/dev/null 2>&1 || xsw port add "$SW" vm3 dev "${PFX}vm3" mode xdp; } &&
		xsw port add "$SW" g1 dev "$PFX-t1" type synthetic && xsw vmq set "$SW" g1 cpu 1
	check_err $? "cannot give the guest's port a queue"
	s=$(mktemp)
	echo 'busybox nc -l -p 7000 </dev/null; echo done' >"$s"
	vm_start g7 "$PFX-t1" virtio-net-pci 52:54:00:10:00:17 10.10.0.17/24 "$s"
	check_err $? "cannot start the guest"
	for _ in $(seq 60); do
		vm_exec vm3 ping -c 1 -W 1 10.10.0.17 >/dev/null 2>&1 && break
	done
	a0=$(jqx '.ports[] | select(.port == "g1") | .packets[0]' vmq show "$SW")
	a1=$(jqx '.ports[] | select(.port == "g1") | .packets[1]' vmq show "$SW")
	got=$(vm_exec vm3 taskset -c 0 ping -c 50 -i 0.05 -W 2 10.10.0.17 | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	[ "${got:-0}" -eq 50 ]
	check_err $? "the guest answered ${got:-0} of 50 pings"
	a0=$(($(jqx '.ports[] | select(.port == "g1") | .packets[0]' vmq show "$SW") - a0))
	a1=$(($(jqx '.ports[] | select(.port == "g1") | .packets[1]' vmq show "$SW") - a1))
	[ "$a1" -ge 50 ] && [ "$a0" -eq 0 ]
	check_err $? "the guest's frames: CPU 0 $a0, CPU 1 $a1; want 0 and 50 or more"
	echo | vm_exec vm3 busybox nc -w 2 10.10.0.17 7000
	vm_wait g7
	check_err $? "the guest failed"
	xsw vmq set "$SW" g1 weight 0
	rm -f "$s"
	log_test "VMQ: a guest's frames from an XDP port are switched on its queue's CPU"
}

# make bench's guest row, as a smoke run: a virtio guest's TCP through xsw
# (mode tc) and through the Linux bridge, both directions, in one run
bench_guest_row()
{
	local out=$VM_DIR/bench
	"$TOP/bench/run.sh" --smoke --systems "" --scaling guest --out "$out" >"$out.table" 2>"$out.log"
	check_err $? "bench/run.sh --scaling guest failed: $(tail -3 "$out.log")"
	jq -e '([.guest_tcp_gbps[] | select(.gbps.median > 0) | "\(.system) \(.dir)"] | sort) ==
		["bridge from_guest", "bridge to_guest", "xsw-tc from_guest", "xsw-tc to_guest"]
		and .ratios.guest_to_vs_bridge_tcp > 0 and .ratios.guest_from_vs_bridge_tcp > 0' \
		"$out/results.json" >/dev/null
	check_err $? "the guest row lacks a system or a direction: $(jq -c .guest_tcp_gbps "$out/results.json" 2>&1 | head -c 300)"
	grep -q '^virtio guest TCP' "$out.table"
	check_err $? "the table has no guest row"
	log_test "make bench's guest row: guest TCP through xsw and the bridge, both ways"
}

vm_kernel || exit 1
vm_add vm1 10.10.0.1/24
trap 'vm_cleanup; cleanup; ip link del "$PFX-t1" 2>/dev/null; ip link del "$PFX-t2" 2>/dev/null' EXIT
for t in ${TESTS:-$ALL_TESTS}; do
	$t
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
