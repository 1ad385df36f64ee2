#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tcx_count.py DEV: the number of BPF programs attached to DEV through tcx
(ingress + egress), which neither `tc` nor this host's bpftool lists."""
import ctypes
import errno
import os
import struct
import sys

BPF_PROG_QUERY = 16
BPF_TCX_INGRESS, BPF_TCX_EGRESS = 46, 47
SYS_BPF = {"x86_64": 321, "aarch64": 280}[os.uname().machine]

libc = ctypes.CDLL(None, use_errno=True)


def count(ifindex, attach_type):
    # union bpf_attr, query: target_ifindex, attach_type, query_flags,
    # attach_flags, prog_ids, prog_cnt
    attr = ctypes.create_string_buffer(struct.pack("IIIIQI", ifindex, attach_type, 0, 0, 0, 0), 128)
    if libc.syscall(SYS_BPF, BPF_PROG_QUERY, attr, 128) != 0:
        err = ctypes.get_errno()
        if err == errno.EINVAL:
            return 0    # no tcx: before Linux 6.6
        sys.exit(f"tcx_count.py: cannot query {sys.argv[1]}: {os.strerror(err)}")
    return struct.unpack_from("I", attr.raw, 24)[0]


try:
    ifindex = int(open(f"/sys/class/net/{sys.argv[1]}/ifindex").read())
except OSError:
    sys.exit(f"tcx_count.py: no device {sys.argv[1]}")
print(count(ifindex, BPF_TCX_INGRESS) + count(ifindex, BPF_TCX_EGRESS))
