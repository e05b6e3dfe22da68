"""The client SDK.

    from cocoon.platform.sdk import Client
    with Client() as cocoon:                       # gateway URL and key from config/env
        result = cocoon.invoke("echo", {"hello": "world"})
        print(result.output, result.receipt.amount)

``invoke`` verifies every provider's evidence against the client's own policy, seals the
payload for the verified providers only, and checks the runtime-signed receipt before it
returns the decrypted output. The gateway never sees the payload or the output.

With a channel key (``[client] voucher_key``) each invocation also carries a cumulative voucher
for the receipts this client verified so far (``x-cocoon-voucher``), so the platform is paid
without an extra round trip; ``flush_voucher`` sends one on its own (``close`` does too).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from pydantic import BaseModel, Field

from cocoon.contracts.keys import KeyPair, load_key_file
from cocoon.runtime import config, tracing
from cocoon.runtime.attestation import Policy, Verdict, verify_evidence
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.attestation.chain_policy import policy_source
from cocoon.runtime.attestation.gpu import gpu_refusal
from cocoon.runtime.envelope import (
    check_signed_receipt,
    open_chunks,
    response_digest,
    seal_request,
    verify_commitment,
)
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import load_folder
from cocoon.runtime.wire import (
    MAX_RECIPIENTS,
    STREAM_MEDIA_TYPE,
    Offer,
    ReceiptCommitment,
    RoutingHeader,
    SignedReceipt,
    UsageReceipt,
    decode_response,
    frame_records,
)

from ..api import (
    VOUCHER_HEADER,
    AccountOut,
    DeployOut,
    DeployRequest,
    FunctionDetail,
    FunctionOut,
    ProviderOut,
    UsageOut,
)
from ..router import MAX_LOAD_FACTOR
from .proofs import BadReceipt
from .stream import Stream
from .transport import MAX_REPLY_BYTES, KeepAliveTransport, Reply, StreamReply, TransportError
from .vouchers import Payer, header_value

if TYPE_CHECKING:
    from .jobs import Job

OFFER_TTL_S = 10.0
_REFRESH_AND_RETRY = {"no_provider", "unknown_function", "wrong_provider", "stale_offer"}
# The pause before each attempt at an invocation: the first seals to the cached offers, the
# second to refreshed ones at once; only `stale_offer` (keys changing while replicas rotate,
# restart or scale) goes on to the later, paused attempts.
RETRY_PAUSES_S = (0.0, 0.0, 1.0, 2.0)
VOUCHER_WAIT_S = 5.0
T = TypeVar("T")


class ClientSettings(BaseModel):
    """The ``[client]`` table of config.toml (``COCOON_CLIENT_*``)."""

    gateway_url: str = "http://127.0.0.1:8470"
    api_key: str | None = None
    allow_simulated: bool = False
    policy: Path | None = None
    max_providers: int = 3
    timeout_s: float = 120.0
    account: str | None = None
    voucher_key: Path | None = Field(
        default=None, description="key file of the channel's payer (wallet.json or hex seed)"
    )
    channel: str | None = Field(default=None, description="sign vouchers for this channel only")
    root_address: str | None = Field(
        default=None, description="root contract whose allowlist this client verifies against")
    chain: str | None = Field(
        default=None, description="where the root lives: embedded:<dir> or a TON global config")


@dataclass(frozen=True)
class VerifiedOffer:
    offer: Offer
    verdicts: list[Verdict]

    @property
    def valid(self) -> bool:
        return bool(self.verdicts) and all(v.valid for v in self.verdicts)


@dataclass(frozen=True)
class Invocation:
    output: Any
    receipt: UsageReceipt
    signed_receipt: SignedReceipt
    provider: VerifiedOffer
    latency_ms: float
    commitment: ReceiptCommitment | None = None  # signed: a proof if the receipt is bad

    @property
    def simulated(self) -> bool:
        return self.receipt.simulated


@dataclass(frozen=True)
class Sealed:
    """A sealed request and what opening its answer takes (kept by an async job too)."""

    header: RoutingHeader
    envelope: bytes
    response_key: bytes
    chosen: dict[str, VerifiedOffer]  # provider -> the verified offer sealed for
    max_units: int
    started: float  # time.perf_counter() when sealing began
    weights: tuple[int, int] = (1, 1)  # the manifest's prompt and completion weights


def verify_offer(offer: Offer, policy: Policy) -> VerifiedOffer:
    """Verify the evidence of every replica key of ``offer``: each must pass ``policy`` and
    bind that key to this provider and this function version. One bad key spoils the offer
    (the client seals to all of them, so each must be a replica it trusts)."""
    verdicts = []
    for k in offer.keys:
        bound = replica_binding_keys(bytes.fromhex(k.hpke_public), bytes.fromhex(k.signing_public),
                                     offer.provider, offer.function_digest)
        verdicts += [verify_evidence(e, policy, keys=bound) for e in k.evidence]
    return VerifiedOffer(offer, verdicts)


def require_gpus(verified: VerifiedOffer, gpus: float) -> VerifiedOffer:
    """A GPU function's offer is refused unless every replica key's evidence (as
    ``verify_offer`` verified it, key by key) holds verified NVIDIA evidence for its GPUs: one
    more rejecting verdict says why (see runtime/attestation/gpu.py)."""
    start = 0
    for k in verified.offer.keys:
        mine, start = verified.verdicts[start:start + len(k.evidence)], start + len(k.evidence)
        if why := gpu_refusal(gpus, mine):
            refused = Verdict(kind="nvidia", valid=False, reasons=[f"GPU function: {why}"])
            return VerifiedOffer(verified.offer, [*verified.verdicts, refused])
    return verified


def quoted_ceiling(offer: Offer) -> int:
    """The highest unit price ``offer``'s provider may be routed at: its quoted price at the
    load factor's cap (an offer without ``quoted_price``: its unit price)."""
    if offer.quoted_price is None:
        return offer.unit_price
    return max(offer.unit_price, offer.quoted_price * MAX_LOAD_FACTOR)


WAKE_WAIT_S = 60.0  # how long offers() waits for a function scaled to zero to wake


class Client:
    def __init__(
        self,
        gateway_url: str | None = None,
        api_key: str | None = None,
        *,
        policy: Policy | None = None,
        settings: ClientSettings | None = None,
        voucher_key: KeyPair | None = None,
        auto_voucher: bool = True,
    ) -> None:
        s = settings or config.load(ClientSettings, "client")
        self.gateway_url = (gateway_url or s.gateway_url).rstrip("/")
        self.api_key = api_key or s.api_key
        if policy is None and s.policy is not None:
            policy = Policy.load(s.policy)
        # the root contract's allowlist (re-read every minute) on top of this client's policy
        self.policy_source = policy_source(
            policy or (Policy.embedded() if s.allow_simulated else Policy()),
            s.root_address, s.chain)
        self.max_providers = s.max_providers
        self._http = KeepAliveTransport(self.gateway_url, s.timeout_s)
        self._functions: dict[str, tuple[float, FunctionDetail, list[VerifiedOffer]]] = {}
        self._account: str | None = None
        if voucher_key is None and s.voucher_key is not None and Path(s.voucher_key).is_file():
            voucher_key = load_key_file(Path(s.voucher_key))
        self._voucher_key = voucher_key
        self._pinned_channel = s.channel
        self._payer: Payer | None = None
        self._payer_checked = False
        self.auto_voucher = auto_voucher
        self.bad_receipts: list[BadReceipt] = []  # refused, provably (see .proofs)

    @property
    def policy(self) -> Policy:
        return self.policy_source.policy()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self._payer is not None:
                with contextlib.suppress(CocoonError):
                    self.flush_voucher()
        finally:
            self._http.close()

    # -- plain API calls ---------------------------------------------------------------------

    @overload
    def _request(self, method: str, path: str, *, stream: Literal[False] = False,
                 **kwargs: Any) -> Reply: ...
    @overload
    def _request(self, method: str, path: str, *, stream: bool, **kwargs: Any
                 ) -> Reply | StreamReply: ...

    def _request(self, method: str, path: str, *, stream: bool = False,
                 **kwargs: Any) -> Reply | StreamReply:
        """``stream``: a 200's body is left to read as it comes (a :class:`StreamReply`)."""
        headers = {**kwargs.pop("headers", {}), **tracing.current_headers()}  # caller's trace
        if self.api_key:
            headers["authorization"] = f"Bearer {self.api_key}"
        try:
            if stream:
                opened = self._http.open(method, path, headers=headers, **kwargs)
                if opened.status_code < 400:
                    return opened
                resp = Reply(opened.status_code, opened.read_all(MAX_REPLY_BYTES))
            else:
                resp = self._http.request(method, path, headers=headers, **kwargs)
        except TransportError as exc:
            raise CocoonError(
                "gateway_unreachable", f"cannot reach the gateway at {self.gateway_url} ({exc})"
            ) from None
        if resp.status_code >= 400:
            raise CocoonError.from_response(resp.content, status=resp.status_code)
        return resp

    def account(self) -> AccountOut:
        out = AccountOut.model_validate_json(self._request("GET", "/v1/account").content)
        self._account = out.id
        if self._voucher_key is not None and not self._payer_checked:
            self._payer = Payer.for_account(self._voucher_key, out, self._pinned_channel)
            self._payer_checked = True
        elif self._payer is not None:
            self._payer.observe(out.voucher)
        return out

    # -- paying ------------------------------------------------------------------------------

    @property
    def payer(self) -> Payer | None:
        """Who signs this account's vouchers here (None: no channel, or not our key)."""
        if not self._payer_checked and self._voucher_key is not None:
            self.account()
        return self._payer

    def flush_voucher(self, *, cover_debt: bool = False) -> AccountOut | None:
        """POST a voucher for everything verified so far (if the gateway may lack it).

        ``cover_debt`` also covers what the gateway says was charged beyond that: it trusts the
        gateway for the difference (a way out after a crash or a second process on this key).
        """
        payer = self.payer
        if payer is None:
            return None
        at_least = self.account().charged if cover_debt else 0
        voucher = payer.next_voucher(at_least=at_least) or payer.undelivered()
        if voucher is None:
            return None
        out = AccountOut.model_validate_json(
            self._request(
                "POST",
                "/v1/vouchers",
                content=voucher.model_dump_json(),
                headers={"content-type": "application/json"},
            ).content
        )
        payer.delivered(voucher.cumulative)
        return out

    def functions(self) -> list[FunctionOut]:
        return [FunctionOut.model_validate(f) for f in self._request("GET", "/v1/functions").json()]

    def describe(self, name: str, *, wait: float = 0) -> FunctionDetail:
        """A function's current version, placements and offers. ``wait``: if none is ready
        but one is idle (scaled to zero), the gateway wakes it and waits up to this long."""
        params = {"wait": f"{wait:.1f}"} if wait > 0 else None
        return FunctionDetail.model_validate_json(
            self._request("GET", f"/v1/functions/{name}", params=params).content
        )

    def providers(self) -> list[ProviderOut]:
        return [ProviderOut.model_validate(p) for p in self._request("GET", "/v1/providers").json()]

    def usage(self, limit: int = 50) -> UsageOut:
        return UsageOut.model_validate_json(
            self._request("GET", "/v1/usage", params={"limit": limit}).content
        )

    def deploy(self, folder: str | os.PathLike[str]) -> DeployOut:
        """Deploy a function folder (``cocoon.toml`` and its code)."""
        _, bundle = load_folder(Path(folder))
        return self.deploy_bundle(bundle)

    def deploy_bundle(self, bundle: bytes) -> DeployOut:
        """Deploy a bundle as built by ``load_folder`` or ``App.bundle`` (same bytes as a
        deployed version: a no-op)."""
        body = DeployRequest(bundle=base64.b64encode(bundle).decode())
        return DeployOut.model_validate_json(
            self._request(
                "POST",
                "/v1/functions",
                content=body.model_dump_json(),
                headers={"content-type": "application/json"},
            ).content
        )

    # -- invoking ----------------------------------------------------------------------------

    def offers(
        self, name: str, *, refresh: bool = False
    ) -> tuple[FunctionDetail, list[VerifiedOffer]]:
        """The function's offers, each verified against this client's policy (cached briefly)."""
        cached = self._functions.get(name)
        if cached and not refresh and cached[0] > time.monotonic():
            return cached[1], cached[2]
        detail = self.describe(name)
        if not detail.offers and any(p.state == "idle" for p in detail.placements):
            detail = self.describe(name, wait=WAKE_WAIT_S)  # scaled to zero: wake it
        verified = [require_gpus(verify_offer(o, self.policy), detail.gpus)
                    for o in detail.offers]
        self._functions[name] = (time.monotonic() + OFFER_TTL_S, detail, verified)
        return detail, verified

    def wait_served(
        self,
        name: str,
        digest: str,
        *,
        timeout_s: float = 300.0,
        progress: Callable[[str], None] | None = None,
    ) -> FunctionDetail:
        """Wait until some provider offers this version (``digest``) of ``name``."""
        deadline = time.monotonic() + timeout_s
        while True:
            detail = self.describe(name)
            if any(o.function_digest == digest for o in detail.offers):
                return detail
            states = [p for p in detail.placements if detail.digest == digest]
            failed = [f"{p.provider}: {p.detail}" for p in states if p.state == "failed"]
            if failed and len(failed) == len(states):
                raise CocoonError("provider_failed", "deployment failed: " + "; ".join(failed))
            if detail.digest == digest and detail.status.startswith("not placed:"):
                raise CocoonError("provider_failed", detail.status)  # no provider can run it
            if any(p.state == "idle" for p in states):  # scaled to zero already: wake it
                woken = self.describe(name, wait=min(WAKE_WAIT_S, max(
                    1.0, deadline - time.monotonic())))
                if any(o.function_digest == digest for o in woken.offers):
                    return woken
            if time.monotonic() > deadline:
                raise CocoonError(
                    "provider_timeout", f"no provider served {name} within {timeout_s:.0f} s"
                )
            if progress is not None:
                seen = ", ".join(p.state for p in states) or "not yet assigned"
                progress(f"waiting for a provider to run {name} ({seen})")
            time.sleep(0.1)

    def invoke(self, name: str, payload: Any, *, max_price: int | None = None) -> Invocation:
        """Seal ``payload`` to the verified offers, call, check the receipt, open the output.

        ``max_price``: the most this call may cost, in nanotons (reserved from the balance while
        it runs; the charge is the receipt's amount). Default: ``max_units`` at the highest
        price the chosen providers can reach under load (their quoted price x MAX_LOAD_FACTOR),
        so a busy moment never refuses the call. Under every offer's effective price: the
        gateway answers ``price_above_max`` naming the lowest, and nothing is charged.

        An answer that says the offers were out of date (``stale_offer``: a replica rotated
        its keys, restarted or scaled down; or no provider / another version) is retried,
        sealed afresh to refreshed offers, at once and, for ``stale_offer``, after short pauses
        (a provider reports its replicas' new keys within seconds): nothing was run or charged
        for an attempt refused this way."""
        return self._with_fresh_offers(
            lambda refresh: self._invoke(name, payload, max_price, refresh=refresh))

    def _invoke(self, name: str, payload: Any, max_price: int | None, *,
                refresh: bool) -> Invocation:
        """One attempt: seal, send, open."""
        sealed = self._seal(name, payload, max_price, refresh=refresh)
        return self._open(sealed, self._send(name, sealed.envelope).content)

    def submit(self, name: str, payload: Any, *, webhook: str | None = None,
               max_price: int | None = None) -> Job:
        """Start ``name`` as an async job, sealed as :meth:`invoke` seals; returns at once
        (``job.result(timeout=)``, ``job.cancel()``: see :mod:`.jobs`)."""
        from .jobs import submit
        return submit(self, name, payload, webhook=webhook, max_price=max_price)

    def _with_fresh_offers(self, call: Callable[[bool], T]) -> T:
        """``call(refresh)``, retried with refreshed offers as :meth:`invoke` says."""
        for attempt, pause in enumerate(RETRY_PAUSES_S):
            time.sleep(pause)
            try:
                return call(attempt > 0)
            except CocoonError as exc:
                last = attempt == len(RETRY_PAUSES_S) - 1
                if exc.code not in _REFRESH_AND_RETRY or last or (
                        attempt > 0 and exc.code != "stale_offer"):
                    raise
        raise AssertionError("unreachable")

    def _seal(self, name: str, payload: Any, max_price: int | None, *,
              refresh: bool) -> Sealed:
        """Seal ``payload`` to the verified offers (the request half of an invocation)."""
        started = time.perf_counter()
        detail, verified = self.offers(name, refresh=refresh)
        chosen, keys = [], 0  # cheapest first, every key of each, within MAX_RECIPIENTS
        for v in sorted((v for v in verified if v.valid), key=lambda v: v.offer.unit_price):
            if len(chosen) < self.max_providers and keys + len(v.offer.keys) <= MAX_RECIPIENTS:
                chosen.append(v)
                keys += len(v.offer.keys)
        if not chosen:
            reasons = sorted(
                {r for v in verified for verdict in v.verdicts for r in verdict.reasons}
            )
            detail_msg = f": {'; '.join(reasons)}" if reasons else ""
            code = "attestation_rejected" if verified else "no_provider"
            raise CocoonError(
                code, f"no provider of {name!r} passes this client's policy{detail_msg}"
            )
        if max_price is None:  # the most any chosen provider can charge, load included
            max_price = max(quoted_ceiling(v.offer) for v in chosen) * detail.max_units
        header = RoutingHeader(
            function=name,
            version=detail.version,
            digest=detail.digest,
            client=self._account_id(),
            max_price=max_price,
            request_id=os.urandom(16).hex(),
            timestamp_ms=int(time.time() * 1000),
        )
        try:
            body = json.dumps(payload, separators=(",", ":")).encode()
        except (TypeError, ValueError):
            raise CocoonError("invalid_json", "payload is not JSON-serialisable") from None
        envelope, response_key = seal_request(  # to every replica key of each provider
            header, body, [r for v in chosen for r in v.offer.recipients()]
        )
        return Sealed(header, envelope, response_key, {v.offer.provider: v for v in chosen},
                      detail.max_units, started,
                      (detail.prompt_weight, detail.completion_weight))

    def _open(self, sealed: Sealed, frame_bytes: bytes) -> Invocation:
        """Check a response frame's receipt and open its output (the answer half)."""
        header, response_key = sealed.header, sealed.response_key
        frame = decode_response(frame_bytes)
        receipt, served, commitment = self._check(sealed, frame.receipt,
                                                  response_digest(frame.chunk_bytes))
        parts = open_chunks(response_key, header.request_id, frame.chunks)
        output = json.loads(b"".join(parts))
        if frame.chunks[-1].error:
            err = output.get("error", {}) if isinstance(output, dict) else {}
            raise CocoonError("function_error", str(err.get("message", "function failed")))
        return Invocation(
            output=output,
            receipt=receipt,
            signed_receipt=frame.receipt,
            provider=served,
            latency_ms=(time.perf_counter() - sealed.started) * 1000,
            commitment=commitment,
        )

    def _check(self, sealed: Sealed, signed: SignedReceipt,
               digest: str) -> tuple[UsageReceipt, VerifiedOffer, ReceiptCommitment]:
        """The receipt of an answer (a frame's, or a stream's whose chunks hash to
        ``digest``), checked against the request and the offer it came from; the payer then
        counts it (the next voucher covers it)."""
        served = sealed.chosen.get(signed.receipt.provider)
        if served is None:
            raise CocoonError(
                "provider_failed", "response came from a provider we did not seal for"
            )
        commitment = verify_commitment(signed, sealed.header)  # the stake answers for it
        try:
            receipt = check_signed_receipt(  # any price the gateway fixed, within max_price
                signed, sealed.header, digest=digest, provider=served.offer.provider,
                signers=served.offer.signers, unit_price=None, max_units=sealed.max_units,
                weights=sealed.weights)
        except CocoonError:
            bad = BadReceipt(served, signed, commitment)
            if bad.mispriced and signed.signer in served.offer.signers:
                self.bad_receipts.append(bad)  # a proof against the provider's stake
            raise
        if self._payer is not None:
            self._payer.verified(receipt.amount)  # charged: the next voucher covers it
        return receipt, served, commitment

    def stream(self, name: str, payload: Any, *, max_price: int | None = None) -> Stream:
        """Like :meth:`invoke`, answered as a stream (docs/protocol.md, section 5.1): iterate
        the returned :class:`Stream` for each item as the function yields it; once it is
        over, ``stream.receipt`` / ``stream.invocation`` hold the checked receipt. Errors
        before the stream starts raise here (retried like ``invoke``'s)."""
        def call(refresh: bool) -> Stream:
            sealed = self._seal(name, payload, max_price, refresh=refresh)
            reply = self._send(name, sealed.envelope, extra={"accept": STREAM_MEDIA_TYPE},
                               stream=True)
            assert isinstance(reply, StreamReply)
            if reply.content_type != STREAM_MEDIA_TYPE:  # a frame: a gateway that never streams
                frame = decode_response(reply.read_all(MAX_REPLY_BYTES))
                reply = StreamReply.of_bytes(frame_records(frame))

            def finish(signed: SignedReceipt, digest: str, items: list[Any]) -> Invocation:
                receipt, served, commitment = self._check(sealed, signed, digest)
                return Invocation(output=items, receipt=receipt, signed_receipt=signed,
                                  provider=served, commitment=commitment,
                                  latency_ms=(time.perf_counter() - sealed.started) * 1000)

            return Stream(reply.read, request_id=sealed.header.request_id,
                          response_key=sealed.response_key, finish=finish, on_close=reply.close)

        return self._with_fresh_offers(call)

    def _send(self, name: str, envelope: bytes, route: str = "invoke",
              extra: dict[str, str] | None = None, *, stream: bool = False
              ) -> Reply | StreamReply:
        """POST the envelope, re-sending the same bytes (same request id, so never charged
        twice):

        - once after a lost connection (the gateway answers a retry from its cache);
        - after ``voucher_required``, for up to ``VOUCHER_WAIT_S``: with calls in flight on
          other threads, debt this client has not seen receipts for yet clears as they finish
          and the next attempt's voucher covers them.

        Every call carries a voucher for all receipts verified so far, so a client that stops
        (even by crashing) leaves at most its last call unvouchered.
        """
        payer = self.payer if self.auto_voucher else None
        reconnected, delay = False, 0.002
        deadline = time.monotonic() + VOUCHER_WAIT_S
        while True:
            voucher = (payer.next_voucher() or payer.undelivered()) if payer else None
            headers = {"content-type": "application/octet-stream", **(extra or {})}
            if voucher is not None:
                headers[VOUCHER_HEADER] = header_value(voucher)
            try:
                resp = self._request(
                    "POST", f"/v1/functions/{name}/{route}", content=envelope, headers=headers,
                    stream=stream)
            except CocoonError as exc:
                if exc.code == "gateway_unreachable" and not reconnected:
                    reconnected = True
                    continue
                if exc.code == "voucher_required" and payer and time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(2 * delay, 0.05)
                    continue
                raise
            if payer is not None and voucher is not None:
                payer.delivered(voucher.cumulative)
            return resp

    def _account_id(self) -> str:
        if self._account is None:
            self.account()
        assert self._account is not None
        return self._account
