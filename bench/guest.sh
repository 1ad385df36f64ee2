# SPDX-License-Identifier: GPL-2.0
# The guest row of bench/run.sh (sourced): TCP between a QEMU guest
# (virtio-net on a tap, Debian's kernel, booted by the VM tier's library)
# and the sink VM, through xsw (both ports mode tc) and through the Linux
# bridge, the same guest in turns, both directions. Under TCG the guest's
# CPU is the bottleneck: the row shows what the switch costs a guest, not
# the host's line rate.

source "$PWD/selftests/vm/lib.sh"
GUEST_IP=198.18.0.3
GUEST_MAC=52:54:00:12:00:03
GUEST_TAP=xbt0
GUEST_UP=0

# boots the guest once, running an iperf3 server until the run ends
guest_boot()
{
	local script=$VM_DIR/iperf3.sh
	vm_kernel || die "no guest kernel"
	ip tuntap add "$GUEST_TAP" mode tap && ip link set "$GUEST_TAP" up ||
		die "cannot add tap $GUEST_TAP"
	sysctl -qw "net.ipv6.conf.$GUEST_TAP.disable_ipv6=1"
	echo 'exec iperf3 -s' >"$script"
	VM_TIMEOUT=$((REPS * 600)) VM_BINS=iperf3 \
		vm_start xbguest "$GUEST_TAP" virtio-net-pci $GUEST_MAC $GUEST_IP/24 "$script" ||
		die "cannot start the guest"
	GUEST_UP=1
}

guest_sys_up()
{
	case $1 in
	xsw-tc)
		"$XSWCTL" switch add xb type private &&
			"$XSWCTL" port add xb vm1 dev xb1 mode tc &&
			"$XSWCTL" port add xb guest dev "$GUEST_TAP" mode tc type synthetic ||
			die "guest: the switch failed"
		;;
	bridge)
		ip link add xbbr type bridge && ip link set xbbr up &&
			ip link set xb1 master xbbr && ip link set "$GUEST_TAP" master xbbr ||
			die "guest: the bridge failed"
		;;
	esac
	# a booting guest answers within a minute
	for _ in $(seq 60); do
		vm_exec xbs ping -c 1 -W 1 $GUEST_IP >/dev/null 2>&1 && return 0
	done
	die "$1: the guest does not answer (console: $VM_DIR/xbguest.console)"
}

guest_sys_down()
{
	case $1 in
	xsw-tc) "$XSWCTL" switch del xb || die "switch del failed" ;;
	bridge) ip link del xbbr ;;
	esac
}

# guest_row REP: xsw tc and the bridge, in an order that alternates
guest_row()
{
	local rep=$1 sys dir out bps order=(xsw-tc bridge)
	[ "$GUEST_UP" = 1 ] || guest_boot
	[ $((rep % 2)) -eq 0 ] && order=(bridge xsw-tc)
	for sys in "${order[@]}"; do
		guest_sys_up "$sys"
		for dir in to_guest from_guest; do
			# a guest that just booted answers pings before its server listens
			for _ in $(seq 30); do
				out=$(vm_exec xbs iperf3 -c $GUEST_IP -t $TCP_SECONDS -J \
					$([ $dir = from_guest ] && echo -R))
				bps=$(jq '.end.sum_received.bits_per_second // empty' <<<"$out" 2>/dev/null)
				[ -n "$bps" ] && break
				sleep 1
			done
			[ -n "$bps" ] || die "guest $sys $dir: iperf3 failed: $(jq -r .error <<<"$out" 2>&1)"
			record test='"guest_tcp"' system="\"$sys\"" dir="\"$dir\"" rep="$rep" \
				result="{\"gbps\": $(jq -n "$bps / 1e9")}"
		done
		guest_sys_down "$sys"
	done
}
