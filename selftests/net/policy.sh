#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end tests of the port policies that keep tenants apart.
#
#  private switch $PFX-q                internal switch $PFX-r
#  +--------+--------+                   +--------+
#  | vm1 tc | vm2 xdp|                   | host   |--- host vNIC $PFX-r (the host's)
#  +--|-----+--|-----+                   +--------+
#   [vm1]    [vm2]
#  10.9.0.1  .2
#
# The root namespace plays the host: its stack must not reach a VM through
# the switch-side port devices.

ALL_TESTS="host_traffic"

source "$(dirname "$0")/lib.sh"
require_cmd ip jq ping tcpdump mausezahn

SW=${PFX}q
SWR=${PFX}r

setup()
{
	vm_add vm1 10.9.0.1/24
	vm_add vm2 10.9.0.2/24
	xsw switch add "$SW" type private &&
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc &&
	xsw port add "$SW" vm2 dev "${PFX}vm2" mode xdp &&
	xsw switch add "$SWR" type internal
}

drops() { jqx ".[] | select(.port == \"$2\") | .stats.drops.$3" port show "$1"; }

# a port device carries no host traffic, whatever the switch's type
host_traffic()
{
	local vm dev n d0 d1
	for dev in "${PFX}vm1" "${PFX}vm2" "$SWR-sw"; do
		[ -z "$(ip -6 addr show dev "$dev" scope link)" ]
		check_err $? "port device $dev has an IPv6 link-local address"
	done
	for vm in vm1 vm2; do
		d0=$(drops "$SW" $vm host_traffic)
		# the host's stack sends out of the port device, not through the switch
		n=$(capture_count $vm "udp port 4242" \
			mausezahn "$PFX$vm" -q -c 5 -b ff:ff:ff:ff:ff:ff -A 10.9.0.100 -B 10.9.0.255 \
			-t udp "sp=4242,dp=4242")
		[ "$n" -eq 0 ]
		check_err $? "$n frames the host sent out of the port device reached $vm"
		d1=$(drops "$SW" $vm host_traffic)
		[ $((d1 - d0)) -ge 5 ]
		check_err $? "host_traffic drops at $vm: $d0 -> $d1, want 5 more"
	done
	ping_ok vm1 10.9.0.2
	check_err $? "the VMs no longer reach each other"
	xsw port del "$SW" vm1
	ip -d link show "${PFX}vm1" | grep -q "addrgenmode eui64"
	check_err $? "port del did not give the device its IPv6 address generation back"
	xsw port add "$SW" vm1 dev "${PFX}vm1" mode tc
	log_test "port devices carry no host traffic: no link-local address, frames dropped"
}

setup || { echo "FAIL: setup"; cleanup; echo "0 passed, 1 failed"; exit 1; }
run_tests
