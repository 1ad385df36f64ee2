#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM tier: throw-away QEMU guests booted from Debian's own kernel package
# (fetched with apt-get download, unpacked into build/vm, never installed on
# the host) and a small initramfs (static busybox, the modules the guest
# needs, the test's script). KVM when /dev/kvm works, TCG otherwise. A guest
# runs its script, writes its output and exit status to a second serial
# port, and powers off; a guest that hangs or panics fails the test, with
# its console log. Sourced after selftests/net/lib.sh.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM_CACHE=${VM_CACHE:-$TOP/build/vm}
VM_TIMEOUT=${VM_TIMEOUT:-180}	# seconds a guest may take, boot included
VM_PIDS=()

# vm_kernel: the kernel of Debian's linux-image-amd64, unpacked in the cache:
# sets VM_KDIR (the unpacked package) and VM_KVER
vm_kernel()
{
	local pkg dir
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt-get update -qq >/dev/null 2>&1
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || { echo "FAIL: apt knows no linux-image-amd64 package"; return 1; }
	VM_KVER=${pkg#linux-image-}
	dir=$VM_CACHE/$pkg
	# one fetch at a time: .ci/run runs the kernel tier beside make check
	mkdir -p "$VM_CACHE/dl" && (
		flock 9
		[ -f "$dir/boot/vmlinuz-$VM_KVER" ] ||
			{ (cd "$VM_CACHE/dl" && apt-get download "$pkg" >/dev/null 2>&1) &&
				dpkg-deb -x "$VM_CACHE"/dl/"$pkg"_*.deb "$dir.tmp" &&
				rm -rf "$dir" && mv "$dir.tmp" "$dir" && rm -f "$VM_CACHE"/dl/"$pkg"_*.deb; }
	) 9>"$VM_CACHE/dl/.lock" || { echo "FAIL: cannot fetch the guest kernel $pkg"; return 1; }
	VM_KDIR=$dir
}

# the path of module $1: one built here (VM_EXTRA_KO, a directory), else the
# guest kernel's
vm_mod_path()
{
	if [ -n "${VM_EXTRA_KO:-}" ] && [ -f "$VM_EXTRA_KO/$1.ko" ]; then
		echo "$VM_EXTRA_KO/$1.ko"
		return
	fi
	find "$VM_KDIR/lib/modules/$VM_KVER" -name "$1.ko" -o -name "${1//_/-}.ko" | head -1
}

# vm_netdevsim: netdevsim for the guest kernel (vm_kernel first), which
# Debian builds without: its source from linux-source-X.Y, built against
# linux-headers-KVER (both fetched with apt-get download and unpacked in the
# cache, never installed), stripped. Sets VM_EXTRA_KO to its directory.
vm_netdevsim()
{
	local dir=$VM_CACHE/netdevsim-$VM_KVER series root common=${VM_KVER%-amd64}-common
	local pkg src hdr l t
	series=$(cut -d. -f1,2 <<<"$VM_KVER")
	root=$dir/root
	VM_EXTRA_KO=$dir
	[ -f "$dir/netdevsim.ko" ] && return 0
	rm -rf "$dir" && mkdir -p "$root" "$VM_CACHE/dl" || return 1
	for pkg in "linux-source-$series" "linux-headers-$VM_KVER" "linux-headers-$common" \
		"linux-kbuild-$series"; do
		(cd "$VM_CACHE/dl" && { ls "$pkg"_*.deb >/dev/null 2>&1 ||
			apt-get download "$pkg" >/dev/null 2>&1; }) &&
			dpkg-deb -x "$VM_CACHE"/dl/"$pkg"_*.deb "$root" ||
			{ echo "FAIL: cannot fetch $pkg for netdevsim"; return 1; }
	done
	# the headers' links and Makefile point at /usr/...: into the unpacked
	# tree instead
	find "$root" -type l | while read -r l; do
		t=$(readlink "$l")
		[[ "$t" == /* ]] && ln -sfn "$root$t" "$l"
	done
	hdr=$root/usr/src/linux-headers-$VM_KVER
	sed -i "s|^include /usr/|include $root/usr/|" "$hdr/Makefile"
	src=$dir/src
	mkdir -p "$src" &&
		tar -xaf "$root"/usr/src/linux-source-"$series".tar.* -C "$src" --strip-components=4 \
			"linux-source-$series/drivers/net/netdevsim" ||
		{ echo "FAIL: no netdevsim in linux-source-$series"; return 1; }
	make -s -C "$hdr" M="$src" CONFIG_NETDEVSIM=m modules >"$dir/build.log" 2>&1 &&
		strip --strip-debug -o "$dir/netdevsim.ko" "$src/netdevsim.ko" ||
		{ echo "FAIL: netdevsim did not build (log: $dir/build.log)"; tail -5 "$dir/build.log"; return 1; }
	rm -rf "$root" "$src"
}

# vm_qemu_new: a QEMU with an igb device (8.0 or later; Debian 12 has 7.2),
# from the archive's bookworm-backports suite: fetched with apt-get download
# under a private apt configuration (the host's sources and lists stay as
# they are), unpacked in the cache, never installed. Its libraries are
# Debian 12's. Sets VM_QEMU: a script that runs it with its own firmware.
vm_qemu_new()
{
	local dir=$VM_CACHE/qemu-bpo apt=$VM_CACHE/apt-bpo uri pkg missing
	local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
	VM_QEMU=$dir/qemu
	if [ ! -x "$VM_QEMU" ]; then
		uri=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
		: "${uri:=http://deb.debian.org/debian}"
		rm -rf "$dir" "$dir.tmp" "$apt" && mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl" &&
			echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm-backports main" \
				>"$apt/sources.list" &&
			apt-get "${opts[@]}" update -qq >/dev/null 2>&1 ||
			{ echo "FAIL: cannot read bookworm-backports from $uri"; return 1; }
		for pkg in qemu-system-x86 qemu-system-common qemu-system-data seabios; do
			(cd "$apt/dl" && apt-get "${opts[@]}" download "$pkg/bookworm-backports" >/dev/null 2>&1 ||
				apt-get "${opts[@]}" download "$pkg" >/dev/null 2>&1) &&
				dpkg-deb -x "$apt/dl/${pkg}"_*.deb "$dir.tmp" ||
				{ echo "FAIL: cannot fetch $pkg from bookworm-backports"; return 1; }
		done
		printf '#!/bin/sh\nexec "%s" -L "%s" -L "%s" "$@"\n' "$dir/usr/bin/qemu-system-x86_64" \
			"$dir/usr/share/qemu" "$dir/usr/share/seabios" >"$dir.tmp/qemu" &&
			chmod +x "$dir.tmp/qemu" && rm -rf "$apt" && mv "$dir.tmp" "$dir" || return 1
	fi
	missing=$(ldd "$dir/usr/bin/qemu-system-x86_64" | sed -n 's/^\t*\([^ ]*\) => not found/\1/p' | xargs)
	[ -z "$missing" ] || { echo "FAIL: $VM_QEMU needs libraries this host lacks: $missing"; return 1; }
}

# vm_mod_order MODULE...: the modules and their dependencies, each after what
# it depends on (the .deb has no modules.dep: each .ko says in .modinfo)
vm_mod_order()
{
	local m ko deps d
	for m in "$@"; do
		[[ " $VM_MODS " == *" $m "* ]] && continue
		ko=$(vm_mod_path "$m")
		[ -n "$ko" ] || { echo "FAIL: the guest kernel has no module $m" >&2; return 1; }
		deps=$(objcopy -O binary --only-section=.modinfo "$ko" /dev/stdout 2>/dev/null |
			tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' ')
		for d in $deps; do
			vm_mod_order "$d" || return 1
		done
		[[ " $VM_MODS " == *" $m "* ]] || VM_MODS+=" $m"
	done
}

# vm_bins STAGE: the host programs in $VM_BINS, with the libraries they
# load, at their paths in STAGE
vm_bins()
{
	local stage=$1 b f
	for b in ${VM_BINS:-}; do
		b=$(command -v "$b") || { echo "FAIL: no program $b for the guest"; return 1; }
		for f in "$b" $(ldd "$b" | grep -o '/[^ ]*'); do
			mkdir -p "$stage$(dirname "$f")" && cp -L "$f" "$stage$f" || return 1
		done
	done
}

# vm_initramfs OUT SCRIPT MODULE...: an initramfs that loads MODULEs, sets
# eth0 up with the address on the kernel command line (xsw.ip=), runs SCRIPT
# and reports on the second serial port; with the programs in $VM_BINS
vm_initramfs()
{
	local out=$1 script=$2 stage m
	shift 2
	stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,dev,proc,sys,tmp,lib/modules}
	cp /bin/busybox "$stage/bin/busybox"
	ldd "$stage/bin/busybox" 2>&1 | grep -q 'not a dynamic' ||
		{ echo "FAIL: /bin/busybox is not static (install busybox-static)"; rm -rf "$stage"; return 1; }
	VM_MODS=""
	vm_mod_order "$@" || { rm -rf "$stage"; return 1; }
	for m in $VM_MODS; do
		cp "$(vm_mod_path "$m")" "$stage/lib/modules/$m.ko"
	done
	echo "$VM_MODS" >"$stage/modules"
	cp "$script" "$stage/test.sh"
	vm_bins "$stage" || { rm -rf "$stage"; return 1; }
	cat >"$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules); do
	insmod /lib/modules/$m.ko || echo "insmod $m failed" >/dev/ttyS1
done
ip=$(sed -n 's/.*xsw\.ip=\([^ ]*\).*/\1/p' /proc/cmdline)
ip link set lo up
ip link set eth0 up
[ -n "$ip" ] && ip addr add "$ip" dev eth0
sh /test.sh >/dev/ttyS1 2>&1
echo "XSW-EXIT $?" >/dev/ttyS1
poweroff -f
INIT
	chmod +x "$stage/init"
	(cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null) >"$out"
	rm -rf "$stage"
	[ -s "$out" ]
}

# vm_start NAME TAP NIC MAC IP SCRIPT: boots guest NAME (files in
# $VM_DIR/NAME.*) with NIC (virtio-net-pci or e1000) on TAP, eth0 = IP,
# running SCRIPT; in the background. QEMU creates TAP itself and runs
# $VM_IFUP and $VM_IFDOWN when they are set; else TAP must exist. The guest
# also loads the modules in $VM_MODULES.
vm_start()
{
	local name=$1 tap=$2 nic=$3 mac=$4 ip=$5 script=$6 accel=tcg
	local mods="virtio_pci virtio_net"
	[ "$nic" = e1000 ] && mods=e1000
	mods+=" ${VM_MODULES:-}"
	vm_initramfs "$VM_DIR/$name.cpio" "$script" $mods || return 1
	[ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo && accel=kvm
	: >"$VM_DIR/$name.out"
	timeout -s KILL "$VM_TIMEOUT" qemu-system-x86_64 -accel $accel -cpu max -smp 1 -m 256 \
		-display none -monitor none -no-reboot \
		-kernel "$VM_KDIR/boot/vmlinuz-$VM_KVER" -initrd "$VM_DIR/$name.cpio" \
		-append "console=ttyS0 panic=-1 oops=panic xsw.ip=$ip" \
		-serial "file:$VM_DIR/$name.console" -serial "file:$VM_DIR/$name.out" \
		-netdev "tap,id=n0,ifname=$tap,script=${VM_IFUP:-no},downscript=${VM_IFDOWN:-no}" \
		-device "$nic,netdev=n0,mac=$mac" >/dev/null 2>&1 &
	VM_PIDS+=($!)
	eval "VM_PID_$name=$!"
}

# vm_wait NAME: 0 when guest NAME ran its script to exit 0; else says why,
# with the end of its console
vm_wait()
{
	local name=$1 pid
	eval "pid=\$VM_PID_$name"
	wait "$pid" 2>/dev/null
	if grep -q '^XSW-EXIT 0' "$VM_DIR/$name.out"; then
		return 0
	fi
	if ! grep -q '^XSW-EXIT' "$VM_DIR/$name.out"; then
		echo "guest $name hung or crashed: $(tail -5 "$VM_DIR/$name.console" | tr -d '\r' | tr '\n' '|')"
	else
		echo "guest $name: $(tr -d '\r' <"$VM_DIR/$name.out" | tail -8 | tr '\n' '|')"
	fi
	return 1
}

vm_cleanup()
{
	local p
	# each pid is a timeout's: its QEMU goes first, or it would run on
	for p in "${VM_PIDS[@]}" $(jobs -p); do
		pkill -KILL -P "$p" 2>/dev/null
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	[ -n "$VM_DIR" ] && [ "${FAILED:-0}" -eq 0 ] && rm -rf "$VM_DIR"
}

VM_DIR=$(mktemp -d /tmp/xsw-vm.XXXXXX)
