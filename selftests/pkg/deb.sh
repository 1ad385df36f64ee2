#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian package round trip: dpkg-buildpackage builds xsw from a copy of
# this tree, dpkg installs it, the installed xswctl (-V, man page, bash
# completion, xsw.service, the SDK through pkg-config) runs a small switch
# with an extension built against the installed SDK, and purge leaves
# nothing behind.
#
#   [vm1] 10.4.0.1 --- port vm1 | switch $PFX (installed xswctl) | port vm2 --- [vm2] 10.4.0.2

ALL_TESTS="make_install build_install installed_switch purge"

source "$(dirname "$0")/../net/lib.sh"
require_cmd dpkg-buildpackage dh dpkg systemd-analyze pkg-config man ip ping
TOP=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/xsw-deb.XXXXXX)
XSWCTL=/usr/sbin/xswctl		# the installed one, for lib.sh's helpers too
unset XSW_CONF			# the installed defaults: /etc/xsw/xsw.conf
SW=${PFX}d

if dpkg -s xsw >/dev/null 2>&1; then
	echo "FAIL: the xsw package is installed: this test installs and purges it"
	echo "0 passed, 1 failed"
	exit 1
fi
# a configuration saved by an xswctl run by hand is put back afterwards
[ -e /etc/xsw ] && mv /etc/xsw "$WORK/etc-xsw"

pkg_cleanup()
{
	xsw switch del "$SW" 2>/dev/null
	cleanup
	dpkg --purge xsw >/dev/null 2>&1
	[ -e "$WORK/etc-xsw" ] && rm -rf /etc/xsw && mv "$WORK/etc-xsw" /etc/xsw
	rm -rf "$WORK"
}

# make install and uninstall into a DESTDIR, with PREFIX
make_install()
{
	local d=$WORK/destdir n
	make -s -C "$TOP" install DESTDIR="$d" PREFIX=/opt/xsw >"$WORK/mi.log" 2>&1
	check_err $? "make install failed: $(tail -3 "$WORK/mi.log")"
	for f in sbin/xswctl share/man/man8/xswctl.8 share/bash-completion/completions/xswctl \
		 lib/systemd/system/xsw.service sbin/xswd share/man/man8/xswd.8 \
		 lib/systemd/system/xswd.service libexec/xsw/qemu-ifup libexec/xsw/qemu-ifdown \
		 include/xsw/ext.h include/xsw/abi.h \
		 lib/pkgconfig/xsw.pc; do
		[ -f "$d/opt/xsw/$f" ] || { check_err 1 "make install did not install $f"; break; }
	done
	grep -q "^ExecStart=/opt/xsw/sbin/xswctl " "$d/opt/xsw/lib/systemd/system/xsw.service" &&
		grep -q "^ExecStart=/opt/xsw/sbin/xswd$" "$d/opt/xsw/lib/systemd/system/xswd.service"
	check_err $? "the units do not run the installed xswctl and xswd"
	[ "$(PKG_CONFIG_PATH=$d/opt/xsw/lib/pkgconfig pkg-config --cflags xsw | xargs)" = "-I/opt/xsw/include" ]
	check_err $? "xsw.pc does not point at the installed headers"
	make -s -C "$TOP" uninstall DESTDIR="$d" PREFIX=/opt/xsw >/dev/null 2>&1
	n=$(find "$d" -type f | wc -l)
	[ "$n" -eq 0 ]
	check_err $? "make uninstall left $n files: $(find "$d" -type f | head -3)"
	log_test "make install and uninstall with PREFIX and DESTDIR"
}

build_install()
{
	mkdir "$WORK/xsw"
	tar --exclude=./build --exclude=./.git -C "$TOP" -cf - . | tar -C "$WORK/xsw" -xf -
	(cd "$WORK/xsw" && dpkg-buildpackage -b -uc -us) >"$WORK/build.log" 2>&1
	check_err $? "dpkg-buildpackage failed: $(tail -5 "$WORK/build.log")"
	dpkg -i "$WORK"/xsw_*_"$(dpkg --print-architecture)".deb >"$WORK/install.log" 2>&1
	check_err $? "dpkg -i failed: $(tail -3 "$WORK/install.log")"
	dpkg -L xsw > "$WORK/files"
	"$XSWCTL" -V | grep -q "^xswctl $(dpkg-query -W -f='${Version}' xsw) (git "
	check_err $? "xswctl -V does not print the package's version: $("$XSWCTL" -V)"
	local u
	for u in xsw xswd; do
		[ -z "$(systemd-analyze verify /lib/systemd/system/$u.service 2>&1)" ]
		check_err $? "systemd-analyze verify $u: $(systemd-analyze verify /lib/systemd/system/$u.service 2>&1)"
	done
	man -w xswctl >/dev/null && man -w xswd >/dev/null &&
		[ -f /usr/share/bash-completion/completions/xswctl ] && [ -x /usr/sbin/xswd ]
	check_err $? "no xswd, or no man pages or bash completion installed"
	# (pkg-config leaves the system's -I/usr/include out of --cflags)
	pkg-config --exists xsw && [ "$(pkg-config --variable=includedir xsw)" = /usr/include ] &&
		[ -f /usr/include/xsw/ext.h ]
	check_err $? "pkg-config xsw: $(pkg-config --print-errors --variable=includedir xsw 2>&1)"
	log_test "dpkg-buildpackage builds a package: xswctl, xswd, man pages, units, SDK"
}

installed_switch()
{
	cp -r "$TOP/examples/extensions" "$WORK/ext"
	make -s -C "$WORK/ext" >"$WORK/ext.log" 2>&1 && [ -f "$WORK/ext/filter_noping.bpf.o" ]
	check_err $? "the examples do not build against the installed SDK: $(tail -3 "$WORK/ext.log")"
	vm_add vm1 10.4.0.1/24
	vm_add vm2 10.4.0.2/24
	xsw switch add "$SW" type private &&
		xsw port add "$SW" vm1 dev "${PFX}vm1" && xsw port add "$SW" vm2 dev "${PFX}vm2"
	check_err $? "the installed xswctl cannot build a switch"
	ping_ok vm1 10.4.0.2
	check_err $? "no ping across the switch"
	xsw ext attach "$SW" noping kind filter object "$WORK/ext/filter_noping.bpf.o" enable on
	check_err $? "an extension built against the installed SDK does not attach"
	ping_ok vm1 10.4.0.2 1
	check_fail $? "the extension does not drop pings"
	grep -q "^switch add $SW type private" /etc/xsw/xsw.conf
	check_err $? "the change was not saved to /etc/xsw/xsw.conf"
	xsw switch del "$SW"
	check_err $? "cannot delete the switch"
	log_test "the installed xswctl runs a switch and an extension built on the SDK"
}

purge()
{
	local left
	dpkg --purge xsw >"$WORK/purge.log" 2>&1
	check_err $? "dpkg --purge failed: $(tail -3 "$WORK/purge.log")"
	left=$(while read -r f; do [ -f "$f" ] && echo "$f"; done < "$WORK/files")
	[ -z "$left" ] && [ ! -e /etc/xsw ] && [ -z "$(find /etc/systemd -name 'xsw*.service*')" ]
	check_err $? "purge left: $left $(ls -d /etc/xsw 2>/dev/null) $(find /etc/systemd -name 'xsw*.service*')"
	log_test "dpkg --purge leaves nothing behind"
}

trap pkg_cleanup EXIT
for t in ${TESTS:-$ALL_TESTS}; do
	$t
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
