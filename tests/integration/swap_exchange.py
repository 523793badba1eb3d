#!/usr/bin/env python3
"""Swaps two paths with renameat2(RENAME_EXCHANGE) in a loop until a stop
file appears or DEADLINE seconds pass: the other user's side of the cache
swap race (two_users_test.sh). Usage: swap_exchange.py A B STOP-FILE DEADLINE"""
import ctypes
import os
import sys
import time

AT_FDCWD = -100
RENAME_EXCHANGE = 2

libc = ctypes.CDLL(None, use_errno=True)
a, b, stop, deadline = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3], float(sys.argv[4])
end = time.monotonic() + deadline
swaps = 0
while not os.path.exists(stop) and time.monotonic() < end:
    if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
        sys.exit(f"renameat2: {os.strerror(ctypes.get_errno())}")
    swaps += 1
print(swaps)
