"""Cocoon's wire formats: the one module that defines what crosses process boundaries.

Pydantic models for the JSON documents (offers, receipts, provider registration) and the byte
layouts of the request envelope and the response frame. The cryptography that fills them lives
in :mod:`cocoon.runtime.envelope`; ``docs/protocol.md`` describes the same layouts in prose.
Parsers raise :class:`CocoonError` (``malformed_envelope``) on any structural problem.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
    model_validator,
)

from .attestation import Evidence
from .errors import CocoonError

PROTOCOL_VERSION = 1
REQUEST_MAGIC = b"CCN1"
RESPONSE_MAGIC = b"CCR1"
NONCE_SIZE = 12
KEY_SIZE = 32
REQUEST_ID_SIZE = 16
MAX_RECIPIENTS = 32  # providers x replicas of each: every replica key of a chosen provider
MAX_REPLICA_KEYS = 16  # public keys one offer may list (one per replica)
MAX_HEADER_SIZE = 4096
CHUNK_FINAL = 0x01
CHUNK_ERROR = 0x02
CONTENT_JSON = 0x01
_KEY_HEX = r"^[0-9a-f]{64}$"  # a 32-byte public key
AUTHORISATION_HEADER = "x-cocoon-authorisation"  # gateway -> provider, see CallAuthorisation

_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_CHUNK = struct.Struct(">IBI")  # index, flags, length


def canonical_json(obj: object) -> bytes:
    """The byte form that is signed or bound: sorted keys, no whitespace, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------- JSON documents


def key_id(hpke_public: bytes) -> str:
    """A replica key's short name: the first 8 bytes of SHA-256 of its HPKE public key (hex)."""
    return hashlib.sha256(hpke_public).digest()[:8].hex()


def recipient_id(provider: str, hpke_public: bytes) -> str:
    """The envelope's name for one recipient key: ``<provider>/<key id>``. Provider ids never
    hold ``/``, so the gateway reads the provider back with :func:`provider_of`."""
    return f"{provider}/{key_id(hpke_public)}"


def provider_of(recipient: str) -> str:
    return recipient.split("/", 1)[0]


class ReplicaKey(Model):
    """One replica's public keys, born inside that replica, and the evidence of the VM that
    holds them. The evidence's report_data binds both keys, the provider id and the function
    digest (:func:`~cocoon.runtime.attestation.binding.replica_binding`)."""

    hpke_public: str = Field(pattern=_KEY_HEX, description="hex, X25519")
    signing_public: str = Field(pattern=_KEY_HEX, description="hex, Ed25519 receipt-signing key")
    evidence: list[Evidence] = Field(min_length=1, max_length=9)
    created_ms: int = Field(ge=0, description="when the replica made this key pair")
    stake_cert: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{128}$",
        description="hex Ed25519 signature by the provider's stake owner key of the key cert "
                    "(stake address, signing_public): makes this key's receipt commitments "
                    "proofs against the stake (cocoon.contracts.stake.KeyCert)")

    @property
    def key_id(self) -> str:
        return key_id(bytes.fromhex(self.hpke_public))


class Offer(Model):
    """What a provider offers for one function version: who it is, the keys of each replica
    serving it (with their evidence), and its price. A client seals to every key of the
    provider: whichever replica Ray Serve picks opens the envelope with its own key."""

    provider: str
    function_digest: str
    keys: list[ReplicaKey] = Field(min_length=1, max_length=MAX_REPLICA_KEYS)
    unit_price: int = Field(ge=0, description="nanotons per unit: the current effective price "
                            "(the quoted price under the provider's load; the call's own price is "
                            "fixed when the gateway routes it)")
    quoted_price: int | None = Field(default=None, ge=0, description="nanotons per unit before "
                                     "the load factor: the effective price ranges from it to "
                                     "MAX_LOAD_FACTOR times it")
    simulated: bool

    def recipients(self) -> list[tuple[str, bytes]]:
        """(recipient id, HPKE public key) for each replica key, as ``seal_request`` takes."""
        return [(recipient_id(self.provider, bytes.fromhex(k.hpke_public)),
                 bytes.fromhex(k.hpke_public)) for k in self.keys]

    @property
    def signers(self) -> set[str]:
        """The receipt-signing keys (hex) a response to this offer may be signed with."""
        return {k.signing_public for k in self.keys}


class RoutingHeader(Model):
    """The envelope's clear-text header: what the gateway needs, bound as associated data."""

    function: str
    version: int = Field(ge=1)
    digest: str
    client: str
    max_price: int = Field(ge=0, description="nanotons the client allows for this invocation")
    request_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    timestamp_ms: int = Field(ge=0)


class UsageReceipt(Model):
    """What the runtime attests it did and charges, signed with its attested key."""

    request_id: str
    client: str
    function: str
    function_digest: str
    provider: str
    units: int = Field(ge=0)
    unit_price: int = Field(ge=0)
    amount: int = Field(ge=0)
    time_ms: int
    outcome: Literal["ok", "error", "timeout"] = Field(
        description="timeout: the runtime ended the call at the manifest's limits.timeout_s")
    response_digest: str = Field(description="SHA-256 hex of the response chunks' bytes (every "
                                 "encoded chunk in order, streamed or not)")
    simulated: bool
    prompt_units: int | None = Field(default=None, ge=0, description=(
        "prompt tokens, when the function metered prompt and completion apart: then units = "
        "prompt_units * prompt_weight + completion_units * completion_weight (the manifest's)"))
    completion_units: int | None = Field(default=None, ge=0, description="completion tokens")

    @model_validator(mode="after")
    def _both_counts(self) -> UsageReceipt:
        if (self.prompt_units is None) != (self.completion_units is None):
            raise ValueError("prompt_units and completion_units go together")
        return self

    @model_serializer(mode="wrap")
    def _without_counts(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Counts left out when there are none: a receipt without them is signed, sent and
        read exactly as before they existed (old SDKs refuse unknown fields)."""
        data = handler(self)
        for key in ("prompt_units", "completion_units"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    def adds_up(self, weights: tuple[int, int]) -> bool:
        """Whether the units are the counts weighed with ``weights`` (prompt_weight,
        completion_weight); true for a receipt without counts."""
        if self.prompt_units is None or self.completion_units is None:
            return True
        return self.units == self.prompt_units * weights[0] + self.completion_units * weights[1]


class SignedReceipt(Model):
    receipt: UsageReceipt
    signer: str = Field(description="hex Ed25519 public key")
    signature: str = Field(description="hex Ed25519 signature of canonical_json(receipt)")
    commitment: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{128}$",
        description="hex Ed25519 signature, by the same key, of the ReceiptCommitment cell's "
                    "hash: what the stake contract accepts as proof of a bad receipt")


# ---------------------------------------------------------------------------- receipt commitment

COMMITMENT_TAG = 0x72636D74
COMMITMENT_BITS = 32 + 3 * 256 + 3 * 64
_U64_MAX = (1 << 64) - 1


def cell_hash(value: int, bits: int) -> bytes:
    """Representation hash of an ordinary TON cell without refs whose data is ``bits`` bits of
    ``value`` (big-endian): what the contracts' ``cell.hash()`` gives, without building a cell
    (tens of microseconds less per receipt)."""
    d2 = (bits + 7) // 8 + bits // 8
    if bits % 8:  # completion tag: a 1 bit then zeros up to the byte boundary
        pad = 8 - bits % 8
        value = (value << pad) | (1 << (pad - 1))
    return hashlib.sha256(bytes((0, d2)) + value.to_bytes((bits + 7) // 8, "big")).digest()


@dataclass(frozen=True, slots=True)
class ReceiptCommitment:
    """The fixed one-cell form of a receipt that the stake contract (provider_stake.tolk)
    reads:

        rcmt#72636d74 request_hash:uint256 function_digest:uint256 units:uint64
                      unit_price:uint64 amount:uint64 output_digest:uint256

    ``request_hash`` is SHA-256 of the routing header's bytes (so it names one request of one
    client), ``output_digest`` the receipt's response digest. A replica key never signs two
    different commitments for one request (the replay guard runs each request once), and the
    runtime always charges units x unit price: a signed commitment that breaks either rule is
    a proof against the provider's stake."""

    request_hash: bytes
    function_digest: bytes
    units: int
    unit_price: int
    amount: int
    output_digest: bytes

    @classmethod
    def of(cls, receipt: UsageReceipt, header_bytes: bytes) -> ReceiptCommitment:
        return cls(hashlib.sha256(header_bytes).digest(), _b32(receipt.function_digest),
                   receipt.units, receipt.unit_price, receipt.amount,
                   _b32(receipt.response_digest))

    def value(self) -> int:
        """The cell's 992 data bits as one integer."""
        for n in (self.units, self.unit_price, self.amount):
            if not 0 <= n <= _U64_MAX:
                raise ValueError("a commitment's units, price and amount fit 64 bits")
        v = (COMMITMENT_TAG << 256) | int.from_bytes(self.request_hash, "big")
        v = (v << 256) | int.from_bytes(self.function_digest, "big")
        v = (((v << 64 | self.units) << 64 | self.unit_price) << 64) | self.amount
        return (v << 256) | int.from_bytes(self.output_digest, "big")

    def digest(self) -> bytes:
        return cell_hash(self.value(), COMMITMENT_BITS)


def _b32(hex_digest: str) -> bytes:
    raw = bytes.fromhex(hex_digest)
    if len(raw) != 32:
        raise ValueError("a commitment digest is 32 bytes")
    return raw


# ---------------------------------------------------------------------------- request envelope


@dataclass(frozen=True, slots=True)
class WrappedKey:
    provider: str  # the recipient id: "<provider>/<key id>" (see recipient_id)
    wrapped: bytes  # HPKE output: enc || ciphertext of the content key


@dataclass(frozen=True, slots=True)
class RequestEnvelope:
    """Parsed request envelope.

    Layout: magic "CCN1" | u8 version | u16 header length | header (canonical JSON of
    RoutingHeader) | u8 recipient count | per recipient: u8 id length, id, u16 length, HPKE
    output | 12-byte nonce | AES-256-GCM ciphertext of the inner plaintext. The AEAD's
    associated data is every byte before the ciphertext.
    """

    header: RoutingHeader
    header_bytes: bytes
    recipients: tuple[WrappedKey, ...]
    nonce: bytes
    aad: bytes
    ciphertext: bytes

    def recipient(self, provider: str) -> WrappedKey | None:
        return next((r for r in self.recipients if r.provider == provider), None)


def encode_request_prefix(
    header: RoutingHeader, recipients: list[WrappedKey], nonce: bytes
) -> bytes:
    """Everything before the ciphertext (and so the AEAD's associated data)."""
    header_bytes = canonical_json(header.model_dump())
    if len(header_bytes) > MAX_HEADER_SIZE:
        raise CocoonError("bad_request", "routing header too large")
    if not 1 <= len(recipients) <= MAX_RECIPIENTS:
        raise CocoonError("bad_request", f"between 1 and {MAX_RECIPIENTS} providers required")
    parts = [
        REQUEST_MAGIC,
        bytes([PROTOCOL_VERSION]),
        _U16.pack(len(header_bytes)),
        header_bytes,
        bytes([len(recipients)]),
    ]
    for r in recipients:
        pid = r.provider.encode()
        parts += [bytes([len(pid)]), pid, _U16.pack(len(r.wrapped)), r.wrapped]
    parts.append(nonce)
    return b"".join(parts)


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise CocoonError("malformed_envelope", f"truncated envelope ({what})")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def u8(self, what: str) -> int:
        return self.take(1, what)[0]

    def u16(self, what: str) -> int:
        return _U16.unpack(self.take(2, what))[0]

    def u32(self, what: str) -> int:
        return _U32.unpack(self.take(4, what))[0]


def decode_request(data: bytes) -> RequestEnvelope:
    r = _Reader(data)
    if r.take(4, "magic") != REQUEST_MAGIC:
        raise CocoonError("malformed_envelope", "not a Cocoon request envelope")
    if (version := r.u8("version")) != PROTOCOL_VERSION:
        raise CocoonError("malformed_envelope", f"unsupported envelope version {version}")
    header_bytes = r.take(r.u16("header length"), "header")
    try:
        header = RoutingHeader.model_validate_json(header_bytes)
    except ValidationError as exc:
        raise CocoonError("malformed_envelope", f"invalid routing header: {_fields(exc)}") from None
    count = r.u8("recipient count")
    if not 1 <= count <= MAX_RECIPIENTS:
        raise CocoonError("malformed_envelope", "bad recipient count")
    recipients = []
    for _ in range(count):
        try:
            provider = r.take(r.u8("recipient id length"), "recipient id").decode()
        except UnicodeDecodeError:
            raise CocoonError("malformed_envelope", "recipient id is not UTF-8") from None
        recipients.append(WrappedKey(provider, r.take(r.u16("wrapped key length"), "wrapped key")))
    nonce = r.take(NONCE_SIZE, "nonce")
    aad = data[: r.pos]
    ciphertext = data[r.pos :]
    if len(ciphertext) < 16:
        raise CocoonError("malformed_envelope", "truncated envelope (ciphertext)")
    return RequestEnvelope(header, header_bytes, tuple(recipients), nonce, aad, ciphertext)


def _fields(exc: ValidationError) -> str:
    return ", ".join(".".join(str(p) for p in e["loc"]) or "document" for e in exc.errors())


# ---------------------------------------------------------------------------- inner plaintext


def encode_inner(response_key: bytes, payload: bytes, content_type: int = CONTENT_JSON) -> bytes:
    """Inner plaintext: 32-byte response key | u8 content type | payload."""
    return response_key + bytes([content_type]) + payload


def decode_inner(plaintext: bytes) -> tuple[bytes, int, bytes]:
    if len(plaintext) < KEY_SIZE + 1:
        raise CocoonError("envelope_rejected", "inner plaintext too short")
    return plaintext[:KEY_SIZE], plaintext[KEY_SIZE], plaintext[KEY_SIZE + 1 :]


# ---------------------------------------------------------------------------- response frame


@dataclass(frozen=True, slots=True)
class Chunk:
    index: int
    flags: int
    ciphertext: bytes

    @property
    def final(self) -> bool:
        return bool(self.flags & CHUNK_FINAL)

    @property
    def error(self) -> bool:
        return bool(self.flags & CHUNK_ERROR)

    def encode(self) -> bytes:
        return _CHUNK.pack(self.index, self.flags, len(self.ciphertext)) + self.ciphertext


@dataclass(frozen=True, slots=True)
class ResponseFrame:
    """Parsed response: magic "CCR1" | u8 version | u32 receipt length | signed receipt JSON |
    chunks, each u32 index | u8 flags (1 final, 2 error) | u32 length | AES-256-GCM ciphertext.
    A streamed response sends the same chunks one after another as records
    (:func:`encode_record`), its receipt last."""

    receipt: SignedReceipt
    chunks: tuple[Chunk, ...]

    @property
    def chunk_bytes(self) -> bytes:
        return b"".join(c.encode() for c in self.chunks)


def encode_response(receipt: SignedReceipt, chunk_bytes: bytes) -> bytes:
    receipt_bytes = receipt.model_dump_json().encode()
    return b"".join(
        [
            RESPONSE_MAGIC,
            bytes([PROTOCOL_VERSION]),
            _U32.pack(len(receipt_bytes)),
            receipt_bytes,
            chunk_bytes,
        ]
    )


def decode_response(data: bytes) -> ResponseFrame:
    r = _Reader(data)
    if r.take(4, "magic") != RESPONSE_MAGIC or r.u8("version") != PROTOCOL_VERSION:
        raise CocoonError("malformed_envelope", "not a Cocoon response frame")
    try:
        receipt = SignedReceipt.model_validate_json(r.take(r.u32("receipt length"), "receipt"))
    except ValidationError as exc:
        raise CocoonError("malformed_envelope", f"invalid receipt: {_fields(exc)}") from None
    chunks = []
    while r.pos < len(data):
        index, flags, length = _CHUNK.unpack(r.take(_CHUNK.size, "chunk header"))
        chunks.append(Chunk(index, flags, r.take(length, "chunk")))
    return ResponseFrame(receipt, tuple(chunks))


# ---------------------------------------------------------------------------- streamed response

STREAM_MEDIA_TYPE = "application/x-cocoon-stream"  # asked for with `accept`, answered with it
RECORD_CHUNK = 1  # one encoded chunk (Chunk.encode)
RECORD_RECEIPT = 2  # the signed receipt (JSON), after the FINAL chunk; nothing after it
RECORD_ERROR = 3  # {"error": {code, message}}: the stream failed midway; nothing after it
MAX_RECORD_BYTES = 64 << 20  # a record larger than this is refused before it is read
RECORD_HEAD = struct.Struct(">BI")  # kind, length


def encode_record(kind: int, data: bytes) -> bytes:
    """One record of a streamed response: u8 kind | u32 big-endian length | bytes."""
    return RECORD_HEAD.pack(kind, len(data)) + data


def read_records(read: Callable[[int], bytes],
                 max_bytes: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes]]:
    """(kind, bytes) of each record of a streamed body. ``read(n)`` returns exactly ``n``
    bytes, or fewer only at the end of the body. Ends cleanly at the end of a record; a body
    cut inside a record, an unknown kind or an oversized record is ``envelope_rejected``."""
    while True:
        head = read(RECORD_HEAD.size)
        if not head:
            return
        if len(head) < RECORD_HEAD.size:
            raise CocoonError("envelope_rejected", "streamed response cut inside a record")
        kind, length = RECORD_HEAD.unpack(head)
        if kind not in (RECORD_CHUNK, RECORD_RECEIPT, RECORD_ERROR) or length > max_bytes:
            raise CocoonError("envelope_rejected", "not a Cocoon stream record")
        data = read(length) if length else b""
        if len(data) < length:
            raise CocoonError("envelope_rejected", "streamed response cut inside a record")
        yield kind, data


def decode_chunk(data: bytes) -> Chunk:
    """One chunk record's payload: exactly one encoded chunk."""
    if len(data) < _CHUNK.size:
        raise CocoonError("envelope_rejected", "truncated response chunk")
    index, flags, length = _CHUNK.unpack_from(data)
    if len(data) != _CHUNK.size + length:
        raise CocoonError("envelope_rejected", "response chunk length does not match")
    return Chunk(index, flags, data[_CHUNK.size:])


def frame_records(frame: ResponseFrame) -> bytes:
    """A complete response frame sent as a stream: its chunks, then its receipt (what a
    gateway answers a stream request with when the provider answered with a frame, or from
    its retry cache)."""
    return b"".join([*(encode_record(RECORD_CHUNK, c.encode()) for c in frame.chunks),
                     encode_record(RECORD_RECEIPT, frame.receipt.model_dump_json().encode())])


# ---------------------------------------------------------------------------- provider <-> platform


class ProviderRegistration(Model):
    """What a provider agent tells the platform about itself when it connects."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    endpoint: str = Field(description="base URL of the provider's ingress")
    hpke_public: str = Field(pattern=_KEY_HEX)
    signing_public: str = Field(pattern=_KEY_HEX)
    evidence: list[Evidence] = Field(min_length=1)
    price_multiplier: float = Field(default=1.0, gt=0, le=1000)
    payout_address: str | None = None
    payout_key: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{64}$",
        description="hex Ed25519 key of the payout wallet (cooperative channel close)")
    capacity_cpus: float = Field(default=1.0, gt=0)
    capacity_gpus: float = Field(default=0, ge=0, description="GPUs Ray has for replicas")
    gpu_kinds: list[str] = Field(default_factory=list, max_length=64,
                                 description="the GPUs' models (e.g. 'NVIDIA H100 80GB HBM3')")
    capacity_memory_mb: int | None = Field(default=None, gt=0, description="None: not limited")


class Assignment(Model):
    """A function version the platform asks a provider to serve."""

    name: str
    version: int
    digest: str
    unit_price: int
    bundle: str = Field(description="base64 of the function bundle")
    gateway_key: str = Field(pattern=_KEY_HEX, description="hex Ed25519 key that signs the "
                             "platform's call authorisations; the replicas refuse any other")


class PlacementReport(Model):
    """A version's state on a provider; ``ready`` carries the public keys of every replica
    serving it (sent again whenever a replica rotates its keys or restarts)."""

    digest: str
    state: Literal["ready", "idle", "failed", "retired"] = Field(
        description="idle: scaled to zero, no replica and so no keys (woken on demand)")
    detail: str = Field(default="", max_length=2000)
    keys: list[ReplicaKey] = Field(default_factory=list, max_length=MAX_REPLICA_KEYS)


class AssignmentPoll(Model):
    """The answer to a provider's assignment poll (GET, no side effects: the same question
    gets the same answer until something changes, so a lost answer loses nothing).

    The agent names the digests it already has (``have``) and the ``now_ms`` of its last
    answer (``since``); the poll waits until there is something else to say."""

    assignments: list[Assignment] = Field(
        default_factory=list, description="placements still `assigned` here, not in `have`")
    retire: list[str] = Field(default_factory=list, description="digests to stop serving "
                              "(an older version, a deleted function); report them `retired`")
    wake: list[str] = Field(default_factory=list, description="idle digests a client is "
                            "waiting for (asked after `since`): scale them up")
    drain: bool = Field(default=False, description="the provider is leaving: finish in-flight "
                        "calls, stop, POST /left and exit")
    now_ms: int = Field(default=0, description="the gateway's clock: the next poll's `since`")


class CallAuthorisation(Model):
    """The platform's permission for one call, signed by the gateway (Ed25519) and sent to the
    provider with the envelope (``x-cocoon-authorisation``). The replica checks it before it
    opens the envelope: a provider runs only calls the platform reserved money for."""

    request_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    function_digest: str
    provider: str
    max_price: int = Field(ge=0)
    unit_price: int = Field(ge=0, description="nanotons per unit the provider charges for this "
                            "call: the effective price the gateway fixed when it routed it")
    expires_ms: int = Field(ge=0)
