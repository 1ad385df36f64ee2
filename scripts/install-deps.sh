#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the exact Debian 12 packages xsw needs to build, test and benchmark.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

PKGS=(
	# build
	make gcc clang llvm pkg-config libelf-dev zlib1g-dev
	libbpf-dev libxdp-dev bpftool libmnl-dev libjson-c-dev libcmocka-dev libpcap-dev
	linux-libc-dev
	# tests
	iproute2 iputils-ping iperf3 tcpdump netsniff-ng ethtool jq procps util-linux
	# the package round trip (selftests/pkg)
	debhelper dpkg-dev man-db systemd
	# the JSON schema check (selftests/net/json.sh)
	python3 python3-jsonschema
	# DHCP servers and clients for the guard tests (selftests/net/policy.sh),
	# and the VM tier's guests (selftests/vm: static, in their initramfs)
	busybox-static
	# the VM tier: QEMU guests booted from Debian's kernel package
	qemu-system-x86 binutils
	# pcapng captures read back (selftests/net/ext.sh)
	tshark
	# xswctl killed at a chosen system call (selftests/net/crash.sh)
	strace
	# benchmarks
	gnuplot-nox openvswitch-switch
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages (${missing[*]}); run as root" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
