#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel tier (make check-kernel): selftests/run.sh inside a QEMU guest
# booted from Debian 12's own kernel, the oldest kernel xsw supports. The
# guest sees the host's / read-only over 9p under a tmpfs overlay (so host
# tools run unchanged and nothing the tests write reaches the host) and this
# tree read-write at the same path; it has 2 vCPUs and loads every module
# the tests need by name (the guest has no modprobe: a missing module is a
# failure naming it). The output streams here; the last line is the
# guest's "N passed, M failed".
#
# Environment: KERNEL_TIMEOUT (seconds, default 3000), KERNEL_MEM (MB, 3072),
# KERNEL_CPUS (2), TESTS and SCRIPTS (as for make check), KERNEL_CMD (what
# the guest runs in the tree instead of selftests/run.sh, e.g.
# selftests/net/ext.sh), KERNEL_MODULES (more modules to load; with
# VM_EXTRA_KO, a directory of modules built here: selftests/vm/sriov.sh),
# KERNEL_QEMU (another QEMU binary) and KERNEL_QEMU_ARGS (more of its
# arguments: a machine, devices; selftests/vm/igb.sh), KERNEL_HOST_BUSY (a
# file in the tree: while it exists the guest's selftests/run.sh holds back
# the scripts that measure loss; .ci/run removes it when the host is done).
cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
FAILED=0
source selftests/vm/lib.sh
trap vm_cleanup EXIT

# the guest's root and NIC-less test bench; bridge: bench.sh's Linux bridge,
# tun: taps (policy.sh)
MODULES="virtio_pci 9pnet_virtio 9p overlay veth sch_ingress cls_bpf bridge tun ${KERNEL_MODULES:-}"
TIMEOUT=${KERNEL_TIMEOUT:-3000}

fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; FAILED=1; exit 1; }

vm_kernel || fail "no guest kernel"
echo "== kernel tier: Debian's linux-image-$VM_KVER, ${KERNEL_CPUS:-2} vCPUs"

# the guest's init: after lib.sh's module loading (which reports a module
# that fails), the overlay root and the test run
script=$VM_DIR/kernel.sh
cat >"$script" <<EOF
TOP='$TOP'
TESTS='${TESTS:-}'
SCRIPTS='${SCRIPTS:-}'
CI='${CI:-}'
HOST_BUSY='${KERNEL_HOST_BUSY:-}'
CMD='${KERNEL_CMD:-./selftests/run.sh}'
EOF
cat >>"$script" <<'EOF'
set -e
for m in $(cat /modules); do
	grep -q "^${m//-/_} " /proc/modules || { echo "FAIL: module $m did not load"; exit 1; }
done
mkdir -p /host /upper /new
# the host's files are cached in the guest (cache=loose; multidevs=remap
# keeps the inodes of the host's mount points apart, or /proc and /sys would
# be one directory): jq starts 4.5 times faster under TCG
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host
mount -t tmpfs -o size=1536m tmpfs /upper
mkdir -p /upper/data /upper/work
mount -t overlay -o lowerdir=/host,upperdir=/upper/data,workdir=/upper/work overlay /new
mount -t proc proc /new/proc
mount -t sysfs sys /new/sys
mount -t bpf bpf /new/sys/fs/bpf
mount -t devtmpfs dev /new/dev
mkdir -p /new/dev/pts /new/dev/shm
mount -t devpts devpts /new/dev/pts
ln -s /proc/self/fd /new/dev/fd
mount -t tmpfs tmpfs /new/run
mount -t tmpfs tmpfs /new/tmp
mkdir -p "/new$TOP"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 tree "/new$TOP"
set +e
exec chroot /new /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	HOME=/root TERM=dumb LANG=C.UTF-8 CI="$CI" TESTS="$TESTS" SCRIPTS="$SCRIPTS" XSW_KERNEL_TIER=1 \
	XSW_HOST_BUSY="$HOST_BUSY" \
	/bin/bash -c 'cd "$1" && eval "$2"' - "$TOP" "$CMD"
EOF

vm_initramfs "$VM_DIR/kernel.cpio" "$script" $MODULES || fail "cannot build the guest's initramfs"
# rcu_expedited: under TCG with 2 vCPUs a normal RCU grace period may never
# end (a map-in-map delete then waits in synchronize_rcu forever, no stall
# reported); expedited ones do
accel=tcg,thread=multi,tb-size=512
[ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo && accel=kvm
: >"$VM_DIR/kernel.out"
# shellcheck disable=SC2086 # KERNEL_QEMU_ARGS: one argument per word
timeout -s KILL "$TIMEOUT" "${KERNEL_QEMU:-qemu-system-x86_64}" ${KERNEL_QEMU_ARGS:-} -accel "$accel" -cpu max -smp "${KERNEL_CPUS:-2}" -m "${KERNEL_MEM:-3072}" \
	-display none -monitor none -no-reboot -nic none \
	-kernel "$VM_KDIR/boot/vmlinuz-$VM_KVER" -initrd "$VM_DIR/kernel.cpio" \
	-append "console=ttyS0 panic=-1 oops=panic rcupdate.rcu_expedited=1 ${KERNEL_APPEND:-}" \
	-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$TOP,mount_tag=tree,security_model=none" \
	-serial "file:$VM_DIR/kernel.console" -serial "file:$VM_DIR/kernel.out" \
	>/dev/null 2>&1 &
qemu=$!
VM_PIDS+=("$qemu")
tail -n +1 -f --pid="$qemu" "$VM_DIR/kernel.out" | sed -u 's/\r$//'
wait "$qemu"
rc=$?

status=$(tr -d '\r' <"$VM_DIR/kernel.out" | sed -n 's/^XSW-EXIT \([0-9]*\)$/\1/p' | tail -1)
if [ -z "$status" ]; then
	FAILED=1
	echo "FAIL: the guest hung or crashed (qemu exit $rc)"
	# the kernel's first complaint says why; the end, where it stopped
	echo "-- the guest kernel's first complaint:"
	tr -d '\r' <"$VM_DIR/kernel.console" |
		grep -m1 -A40 -E 'BUG|WARNING|watchdog|Oops|panic|hung_task|rcu.*stall'
	echo "-- the end of its console:"
	tail -20 "$VM_DIR/kernel.console" | tr -d '\r'
	echo "0 passed, 1 failed"
	exit 1
fi
[ "$status" -eq 0 ] || FAILED=1
exit "$status"
