"""Helpers for tests that tamper with a sealed PDF."""

import re


def flip_a_sealed_byte(data: bytes) -> bytes:
    """``data`` with one byte changed that the seal covers: inside the first
    signed range of /ByteRange, never in the signature's unsigned hex
    placeholder (a byte flipped there can leave the seal valid)."""
    at = int(re.search(rb"/ByteRange \[\s*0 (\d+)", data).group(1)) // 2
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
