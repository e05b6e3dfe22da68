"""Keys born where they are used: each replica makes its own keys, only their public halves
leave it, they rotate, and a client holding an old offer gets a retryable answer.

The hostile-function tests deploy tests/fixtures/hostile, which searches its own process for
the private keys of echo's offer (see its docstring); the Ray variant is in test_e2e_ray.py."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import REPO, Network, running_network

from cocoon.runtime.envelope import RuntimeKeys, seal_request
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import HostSpec, LoadedFunction, route_for
from cocoon.runtime.keyring import KeyRing
from cocoon.runtime.wire import RoutingHeader, decode_request

HOSTILE = REPO / "tests" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> Network:
    with running_network(tmp_path_factory.mktemp("keys-home")) as network:
        yield network


def echo_loaded(net: Network) -> LoadedFunction:
    digest = net.client().describe("echo").digest
    return net.backend.functions[route_for(digest).rsplit("/", 1)[1]]


def key_forms(keys: RuntimeKeys) -> list[bytes]:
    """Every way a private key could be written down: raw, hex, base64 (both alphabets)."""
    out = []
    for raw in (keys.hpke.private_bytes_raw(), keys.signing.private_bytes_raw()):
        out += [raw, raw.hex().encode(), raw.hex().upper().encode(),
                base64.b64encode(raw).rstrip(b"="), base64.urlsafe_b64encode(raw).rstrip(b"=")]
    return out


# -- the search itself finds a key that is there (so finding none means something) ----------


def test_the_hostile_search_finds_keys_that_are_there():
    sys.path.insert(0, str(HOSTILE))
    try:
        from main import Search  # the fixture's own code
    finally:
        sys.path.remove(str(HOSTILE))
    keys = RuntimeKeys.generate()
    raw = keys.hpke.private_bytes_raw()
    hidden = [os.urandom(100) + raw + os.urandom(50), raw.hex(), keys]  # noqa: F841 (held)
    found = Search({keys.hpke_public}, {keys.signing_public}).run()["found"]
    assert any("key object" in f for f in found) and any("(hex)" in f for f in found)
    assert any(f.startswith("x25519 private key in list") for f in found)
    assert any(f.startswith("ed25519") for f in found)


# -- replicas make their keys; nothing secret travels ------------------------------------------


def test_host_spec_carries_no_key_and_offers_carry_bound_replica_keys(net):
    assert not {"keys", "private", "secret"} & set(HostSpec.model_fields)
    _, [verified] = net.client().offers("echo", refresh=True)
    assert verified.valid and verified.offer.keys
    loaded = echo_loaded(net)
    offered, announced = verified.offer.keys[0], loaded.public_key  # the replica's own
    assert (offered.hpke_public, offered.signing_public, offered.created_ms) == (
        announced.hpke_public, announced.signing_public, announced.created_ms)
    assert [e.data for e in offered.evidence] == [e.data for e in announced.evidence]
    assert all(v.binds == ["hpke", "receipt-signing"] for v in verified.verdicts)
    agent = net.agent.keys  # the agent's registration pair opens nothing
    assert verified.offer.keys[0].hpke_public != agent.hpke_public.hex()


def test_a_hostile_function_finds_no_key_of_another_function(net):
    """Deployed next to echo on the same provider, the hostile function searches its own
    process (its own worker: ``memory_mb``; the harness serves every version from the agent's
    process, where Ray gives each version processes of its own) for echo's private keys."""
    net.deploy_and_wait(HOSTILE)
    client = net.client()
    _, [echo] = client.offers("echo", refresh=True)
    result = client.invoke("hostile", {
        "hpke_public": [k.hpke_public for k in echo.offer.keys],
        "signing_public": [k.signing_public for k in echo.offer.keys]}).output
    assert result["found"] == [], result
    assert result["objects"] > 10_000 and result["pid"] != os.getpid()


REACH = REPO / "tests" / "fixtures" / "hostile_reach"


def reach_control(pid: int, paths: list[str], addresses: list[str] = (), app: str = "echo",
                  env: dict | None = None) -> dict:
    """The hostile probe run from the agent's side (root, the agent's environment): what it
    reaches there shows the probe works, so reaching nothing from a function means something."""
    proc = subprocess.run(
        [sys.executable, str(REACH / "main.py"), json.dumps(
            {"pid": pid, "paths": paths, "addresses": list(addresses), "app": app,
             "ray_timeout_s": 120})],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_function_reaches_neither_its_replica_nor_a_token(net, tmp_path):
    """Function code never runs where keys are: the hostile function runs in its worker (another
    pid, another uid when the replica is root) and cannot read its replica's (here: the agent
    process's) /proc environ, maps or mem, cannot ptrace it, cannot read a root-private token
    file (0600 in a 0700 folder, as the run's Ray token) nor root's ~/.ray, has no RAY_* or
    COCOON_* variable, and gets no Ray connection. The same probe run from the agent's side
    reaches the replica's memory and the token (positive control)."""
    secret = tmp_path / "private"
    secret.mkdir(mode=0o700)
    token = secret / "ray_token"
    token.write_text(os.urandom(16).hex())
    token.chmod(0o600)
    paths = [str(token), *(p for p in ["/root/.ray/auth_token"] if Path(p).is_file())]
    net.deploy_and_wait(REACH)
    result = net.client().invoke("reach", {"paths": paths, "ray_timeout_s": 30}).output
    print("function:", result)
    assert result["target_pid"] == os.getpid() and result["pid"] != os.getpid()
    assert result["reached"] == [], result
    tried = result["tried"]
    assert {f"/proc/{os.getpid()}/{w}" for w in ("environ", "maps", "mem")} <= set(tried)
    assert f"ptrace {os.getpid()}" in tried and "ray.init(auto)" in tried
    if os.geteuid() == 0:  # the embedded network and CI: the worker has a uid of its own
        assert result["uid"] != 0
        assert f"read {token}" in tried  # it saw the path (passed in), and could not read it
    control = reach_control(os.getpid(), paths)
    print("control:", control)
    assert {f"/proc/{os.getpid()}/environ", f"/proc/{os.getpid()}/mem",
            f"read {token}"} <= set(control["reached"]), control


def test_private_keys_reach_no_file_and_no_database(net):
    assert net.client().invoke("echo", {"k": 1}).output == {"k": 1}
    loaded = echo_loaded(net)
    forms = [f for held in loaded.keys._held for f in key_forms(held.keys)]
    checked = 0
    for path in Path(net.home).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            checked += 1
            assert not [f for f in forms if f in data], path
    assert checked >= 3  # the database, config, logs...


# -- rotation --------------------------------------------------------------------------------


def test_rotation_keeps_an_old_offer_working_then_a_stale_one_is_refreshed(net):
    loaded = echo_loaded(net)
    old_client = net.client()
    _, [old] = old_client.offers("echo", refresh=True)
    old_ids = {k.key_id for k in old.offer.keys}
    loaded.keys.rotate()  # the previous pair opens envelopes for key_grace_s more
    within_grace = old_client.invoke("echo", {"sealed": "to the old key"})
    assert within_grace.output == {"sealed": "to the old key"}
    assert within_grace.signed_receipt.signer == old.offer.keys[0].signing_public
    fresh = wait_for_new_keys(net, old_ids)
    assert fresh.isdisjoint(old_ids)

    holder = net.client()
    _, [held] = holder.offers("echo", refresh=True)  # cached by this client from now on
    loaded.keys.grace_s = 0  # the next rotation drops the held pair at once
    loaded.keys.rotate()
    wait_for_new_keys(net, {k.key_id for k in held.offer.keys})
    with net.http() as http:
        before = http.get("/v1/usage").json()["account"]["charged"]
    result = holder.invoke("echo", {"after": "rotation"})  # stale_offer, refresh, once more
    assert result.output == {"after": "rotation"}
    assert result.provider.offer.keys != held.offer.keys
    with net.http() as http:
        assert http.get("/v1/usage").json()["account"]["charged"] == before + 1000


def wait_for_new_keys(net: Network, old_ids: set[str], timeout: float = 15) -> set[str]:
    deadline = time.monotonic() + timeout
    while True:
        _, offers = net.client().offers("echo", refresh=True)
        ids = {k.key_id for v in offers for k in v.offer.keys}
        if ids and ids.isdisjoint(old_ids):
            return ids
        assert time.monotonic() < deadline, "the agent never reported the rotated keys"
        time.sleep(0.1)


def test_an_envelope_for_a_dropped_key_is_a_stale_offer_at_the_replica():
    ring = KeyRing("p1", "ab" * 32, produce=None, rotation_s=None, grace_s=0.3)
    first = ring.current_keys
    header = RoutingHeader(function="f", version=1, digest="ab" * 32, client="c", max_price=1,
                           request_id="02" * 16, timestamp_ms=1)
    from cocoon.runtime.wire import recipient_id

    envelope = decode_request(seal_request(
        header, b"{}", [(recipient_id("p1", first.hpke_public), first.hpke_public)])[0])
    assert ring.opener(envelope)[1] is first
    ring.rotate()
    assert ring.opener(envelope)[1] is first  # within the grace period
    time.sleep(0.35)
    with pytest.raises(CocoonError) as exc:
        ring.opener(envelope)
    assert exc.value.code == "stale_offer" and exc.value.status == 409
    other = decode_request(seal_request(header, b"{}", [("p2/00", first.hpke_public)])[0])
    with pytest.raises(CocoonError) as exc:
        ring.opener(other)
    assert exc.value.code == "wrong_provider"


def test_keys_rotate_on_schedule_and_are_announced():
    from cocoon.runtime.attestation import simulated

    announced = []
    ring = KeyRing("p1", "ab" * 32, produce=lambda rd: [simulated.produce(rd)],
                   rotation_s=0.2, grace_s=0.1)
    ring.start(announced.append, every_s=0.05)
    try:
        deadline = time.monotonic() + 10
        while len({k.key_id for k in announced}) < 3:
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        ring.close()
    assert not ring._held  # private keys dropped on close
    doc = json.loads(base64.b64decode(announced[-1].evidence[0].data))
    from cocoon.runtime.attestation.binding import replica_binding

    k = announced[-1]
    assert doc["report_data"] == replica_binding(bytes.fromhex(k.hpke_public),
                                                 bytes.fromhex(k.signing_public), "p1",
                                                 "ab" * 32).hex()


# -- the binding: a key is good for one version on one provider ------------------------------


def bound_key(provider: str, digest: str):
    from cocoon.runtime.attestation import simulated
    from cocoon.runtime.attestation.binding import replica_binding
    from cocoon.runtime.wire import ReplicaKey

    keys = RuntimeKeys.generate()
    evidence = simulated.produce(replica_binding(keys.hpke_public, keys.signing_public,
                                                 provider, digest))
    return ReplicaKey(hpke_public=keys.hpke_public.hex(), signing_public=keys.signing_public.hex(),
                      evidence=[evidence], created_ms=1)


def test_the_sdk_refuses_a_key_whose_evidence_binds_another_version_or_provider():
    from cocoon.platform.sdk.client import verify_offer
    from cocoon.runtime.attestation import Policy
    from cocoon.runtime.wire import Offer

    def offer(*keys):
        return Offer(provider="p1", function_digest="ab" * 32, keys=list(keys), unit_price=1,
                     simulated=True)

    good = bound_key("p1", "ab" * 32)
    assert verify_offer(offer(good), Policy.embedded()).valid
    for bad in (bound_key("p1", "cd" * 32), bound_key("p2", "ab" * 32)):
        verified = verify_offer(offer(good, bad), Policy.embedded())  # one bad key spoils it
        assert not verified.valid
        assert any("does not bind" in r for v in verified.verdicts for r in v.reasons)


def test_the_gateway_offers_no_key_whose_evidence_binds_elsewhere(net):
    from cocoon.runtime.wire import PlacementReport

    digest = net.client().describe("echo").digest
    with net.http(net.provider_key) as http:
        for keys, status, code in (([bound_key("local", "cd" * 32)], 422, "attestation_rejected"),
                                   ([bound_key("other", digest)], 422, "attestation_rejected"),
                                   ([], 400, "bad_request")):
            body = PlacementReport(digest=digest, state="ready", keys=keys)
            resp = http.post("/v1/providers/local/placements", content=body.model_dump_json())
            assert resp.status_code == status and resp.json()["error"]["code"] == code, resp.text
    _, [verified] = net.client().offers("echo", refresh=True)
    assert verified.valid and verified.offer.keys[0].hpke_public == echo_loaded(
        net).public_key.hpke_public
