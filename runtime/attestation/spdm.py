"""SPDM 1.1 GET_MEASUREMENTS request and MEASUREMENTS response, as NVIDIA H100/H200 GPUs return
them for attestation (request || response, signature ECDSA P-384 raw r||s at the end).

Request (37 B): version, code 0xE0, param1 (bit 0: signature requested), param2 (0xFF: all
blocks), 32-byte nonce, slot id. Response: version, code 0x60, param1, param2, block count u8,
record length u24, record (blocks: index u8, spec u8, size u16, DMTF value type u8, value size
u16, value), 32-byte responder nonce, opaque length u16, opaque data, signature (96 B).
"""

from __future__ import annotations

from dataclasses import dataclass, field

REQUEST_LEN = 37
GET_MEASUREMENTS = 0xE0
MEASUREMENTS = 0x60
SIGNATURE_LEN = 96


class SpdmFormatError(ValueError):
    """The bytes are not an SPDM GET_MEASUREMENTS transcript this module can read."""


@dataclass(frozen=True)
class SpdmMeasurements:
    request: bytes
    response: bytes
    nonce: bytes  # the requester's nonce
    record: bytes
    blocks: dict[int, bytes]
    opaque: dict[int, bytes] = field(default_factory=dict)

    @property
    def signed(self) -> bytes:
        return self.request + self.response[:-SIGNATURE_LEN]

    @property
    def signature(self) -> bytes:
        return self.response[-SIGNATURE_LEN:]


def parse(data: bytes) -> SpdmMeasurements:
    if len(data) < REQUEST_LEN + 8 + 32 + 2 + SIGNATURE_LEN:
        raise SpdmFormatError("too short for an SPDM measurements transcript")
    request, response = data[:REQUEST_LEN], data[REQUEST_LEN:]
    if request[1] != GET_MEASUREMENTS or response[1] != MEASUREMENTS:
        raise SpdmFormatError("not a GET_MEASUREMENTS request and MEASUREMENTS response")
    if not request[2] & 1:
        raise SpdmFormatError("the request did not ask for a signature")
    record_len = int.from_bytes(response[5:8], "little")
    pos = 8 + record_len
    record = response[8:pos]
    if len(record) != record_len or pos + 34 > len(response):
        raise SpdmFormatError("measurement record truncated")
    pos += 32  # responder nonce
    opaque_len = int.from_bytes(response[pos:pos + 2], "little")
    pos += 2
    opaque = response[pos:pos + opaque_len]
    if len(opaque) != opaque_len or len(response) - pos - opaque_len != SIGNATURE_LEN:
        raise SpdmFormatError("response length does not match its fields and signature")
    blocks = _blocks(record, response[4])
    return SpdmMeasurements(request, response, request[4:36], record, blocks, _opaque(opaque))


def _blocks(record: bytes, count: int) -> dict[int, bytes]:
    blocks: dict[int, bytes] = {}
    pos = 0
    while pos < len(record):
        if pos + 7 > len(record):
            raise SpdmFormatError("measurement block truncated")
        index, size = record[pos], int.from_bytes(record[pos + 2:pos + 4], "little")
        value_size = int.from_bytes(record[pos + 5:pos + 7], "little")
        if value_size + 3 != size or pos + 4 + size > len(record):
            raise SpdmFormatError(f"measurement block {index} malformed")
        blocks[index] = record[pos + 7:pos + 4 + size]
        pos += 4 + size
    if len(blocks) != count:
        raise SpdmFormatError(f"{len(blocks)} measurement blocks, header says {count}")
    return blocks


def _opaque(data: bytes) -> dict[int, bytes]:
    """NVIDIA's opaque data: type u16, size u16, value; unreadable tails are ignored."""
    out: dict[int, bytes] = {}
    pos = 0
    while pos + 4 <= len(data):
        kind, size = (int.from_bytes(data[pos:pos + 2], "little"),
                      int.from_bytes(data[pos + 2:pos + 4], "little"))
        if pos + 4 + size > len(data):
            break
        out[kind] = data[pos + 4:pos + 4 + size]
        pos += 4 + size
    return out
