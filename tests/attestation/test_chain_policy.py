"""The policy read from the root contract on the embedded chain (real TVM): what the owner
allows is accepted, what it revokes is refused after the cache's TTL, an unreadable root fails
closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from attestation_cases import NO_REVOCATION, UNPINNED, tdx_v4

from cocoon.contracts.embedded_chain import EmbeddedChain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.root import AllowEntry, RootContract
from cocoon.platform.network_root import chain_spec, ensure_root
from cocoon.runtime.attestation import Policy, key_binding, verify_evidence
from cocoon.runtime.attestation import simulated as simulated_tee
from cocoon.runtime.attestation.chain_policy import (
    ChainPolicy,
    FixedPolicy,
    policy_source,
    root_reader,
)

OWNER = KeyPair(b"operator".ljust(32, b"\0"))


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def home(tmp_path: Path) -> Path:
    chain = EmbeddedChain(tmp_path / "chain")
    chain.fund(wallet_address(OWNER.public), 10 * 10**9)
    chain.close()
    return tmp_path


def _root(home: Path, development: bool = True) -> tuple[EmbeddedChain, RootContract]:
    chain = EmbeddedChain(home / "chain")
    return chain, ensure_root(chain, OWNER, development=development)


def _tdx_entries() -> list[AllowEntry]:
    case = tdx_v4()
    values = verify_evidence(case.evidence, Policy(**UNPINNED), at=case.at).measurements
    return [AllowEntry(kind="tdx", name=n, value=values[n])
            for n in ("mrtd", "rtmr0", "rtmr1", "rtmr2")]


def _inline(job) -> None:
    job()


def test_a_due_reread_never_makes_the_caller_wait(home: Path) -> None:
    """Past the TTL the copy in hand is served while a (slow) re-read runs in a thread."""
    import threading

    chain, root = _root(home)
    for entry in _tdx_entries():
        root.add(OWNER, entry)
    chain.close()
    inner = root_reader(root.address.to_str(is_user_friendly=False), chain_spec(home))
    release, reads = threading.Event(), []

    def read():
        if reads:
            assert release.wait(10)  # a liteserver that takes its time
        reads.append(1)
        return inner()

    clock = Clock()
    source = ChainPolicy(Policy(**NO_REVOCATION), read, ttl_s=60, clock=clock)
    case = tdx_v4()
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid
    clock.t += 61
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid  # served at once
    assert len(reads) == 1
    release.set()
    for _ in range(200):
        if len(reads) == 2:
            break
        threading.Event().wait(0.01)
    assert len(reads) == 2 and source.error is None


def test_allow_then_revoke_through_the_chain(home: Path) -> None:
    chain, root = _root(home)
    clock = Clock()
    source = ChainPolicy(Policy.embedded(), root_reader(root.address.to_str(
        is_user_friendly=False), chain_spec(home)), ttl_s=60, clock=clock, refresh=_inline)
    case = tdx_v4()
    refused = verify_evidence(case.evidence, source.policy(), at=case.at)
    assert refused.reasons == ["no tdx measurements are allowlisted by the policy (fail closed)"]
    for entry in _tdx_entries():
        root.add(OWNER, entry)
    assert not verify_evidence(case.evidence, source.policy(), at=case.at).valid  # cached
    clock.t += 61
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid
    assert source.state is not None and source.state.seqno == 4
    root.remove(OWNER, _tdx_entries()[2])  # rtmr1 revoked
    clock.t += 61
    verdict = verify_evidence(case.evidence, source.policy(), at=case.at)
    assert verdict.reasons == ["tdx rtmr1 is not pinned by the policy (fail closed)"]
    chain.close()


def test_development_flag_governs_simulated(home: Path) -> None:
    evidence = simulated_tee.produce(key_binding(b"\x01" * 32, b"\x02" * 32))
    chain, dev_root = _root(home, development=True)
    _, prod_root = _root(home, development=False)
    spec = chain_spec(home)
    for address, accepted in ((dev_root.address, True), (prod_root.address, False)):
        raw = address.to_str(is_user_friendly=False)
        policy = policy_source(Policy.embedded(), raw, spec).policy()
        assert verify_evidence(evidence, policy).valid is accepted
        # a client that does not allow simulated TEEs refuses them even on a development root
        assert not verify_evidence(evidence, policy_source(Policy(), raw, spec).policy()).valid
    chain.close()


def test_unreadable_root_keeps_the_last_policy_a_while_then_fails_closed(home: Path) -> None:
    chain, root = _root(home)
    for entry in _tdx_entries():
        root.add(OWNER, entry)
    chain.close()
    reads = {"ok": True}
    inner = root_reader(root.address.to_str(is_user_friendly=False), chain_spec(home))

    def read():
        if not reads["ok"]:
            raise ConnectionError("liteserver down")
        return inner()

    clock = Clock()
    source = ChainPolicy(Policy(**NO_REVOCATION), read, ttl_s=60, max_stale_s=600, clock=clock,
                         refresh=_inline)
    case = tdx_v4()
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid
    reads["ok"] = False
    clock.t += 300
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid  # stale but kept
    assert source.error and "liteserver down" in source.error
    clock.t += 400
    assert not verify_evidence(case.evidence, source.policy(), at=case.at).valid
    reads["ok"] = True
    clock.t += 1  # failed a second ago: no verification waits on the chain yet
    assert not verify_evidence(case.evidence, source.policy(), at=case.at).valid
    clock.t += 5
    assert verify_evidence(case.evidence, source.policy(), at=case.at).valid  # back
    reads["ok"] = False
    never = ChainPolicy(Policy.embedded(), read, clock=clock, refresh=_inline)
    policy = never.policy()
    assert policy.measurements == {} and not policy.allow_simulated


def test_sources_without_a_root(home: Path) -> None:
    base = Policy(min_tcb_status="OutOfDate")
    assert isinstance(policy_source(base, None, None), FixedPolicy)
    assert policy_source(base, None, None).policy() is base
    with pytest.raises(ValueError):
        policy_source(base, "0:" + "00" * 32, None)
    missing = policy_source(base, "0:" + "00" * 32, chain_spec(home / "nowhere")).policy()
    assert missing.measurements == {} and missing.pin_measurements
