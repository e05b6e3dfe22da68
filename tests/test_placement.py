"""Placement is a platform decision made on events, by capacity, read (never made) by the
agent's poll: the registry on real SQLite, and the poll route over real HTTP."""

from __future__ import annotations

import time

import pytest
from harness import TEMPLATES

from cocoon.platform import registry as registry_module
from cocoon.platform.db import Database
from cocoon.platform.registry import ProviderInfo, Registry
from cocoon.runtime.attestation import simulated
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import Manifest, bundle_files, load_folder
from cocoon.runtime.wire import ReplicaKey


@pytest.fixture
def reg(tmp_path):
    db = Database(tmp_path / "platform.db")
    registry = Registry(db)
    registry.account = registry.create_account("dev")  # type: ignore[attr-defined]
    yield registry
    db.close()


def provider(registry: Registry, pid: str, cpus: float = 4.0, gpus: float = 0,
             kinds: list[str] | None = None, memory_mb: int | None = None) -> ProviderInfo:
    account = registry.account  # type: ignore[attr-defined]
    registry.register_provider(account, ProviderInfo(
        id=pid, endpoint="http://127.0.0.1:1", hpke_public="aa" * 32, signing_public="bb" * 32,
        evidence=[], simulated=True, price_multiplier=1.0, payout_address=None,
        capacity_cpus=cpus, capacity_gpus=gpus, gpu_kinds=kinds or [],
        capacity_memory_mb=memory_mb, last_seen_ms=0))
    registry.touch_provider(pid)
    registry.approve_provider(pid, operator=account)
    return registry.provider(pid)


def function(registry: Registry, name: str, code: bytes = b"x = 1\n", **resources) -> str:
    manifest = Manifest.build({"name": name, "resources": resources})
    bundle = bundle_files({"cocoon.toml": manifest.to_toml().encode(), "main.py": code})
    return registry.deploy(registry.account, manifest, bundle)[0].digest  # type: ignore[attr-defined]


def assigned(registry: Registry, pid: str, have: frozenset[str] = frozenset()) -> list[str]:
    return [v.digest for v in registry.poll(registry.provider(pid), set(have), 0)[0]]


def states(registry: Registry, digest: str) -> dict[str, str]:
    return {p: s for p, s, _, _ in registry.placements(digest)}


def ready(registry: Registry, pid: str, digest: str) -> None:
    key = ReplicaKey(hpke_public="cc" * 32, signing_public="dd" * 32, created_ms=1,
                     evidence=[simulated.produce(b"")])
    registry.set_placement(registry.provider(pid), digest, "ready", keys=[key])


def test_manifest_replicas_and_gpu_kind():
    r = Manifest.build({"name": "f"}).resources
    assert (r.min_replicas, r.max_replicas, r.gpu_kind) == (0, 1, None)
    with pytest.raises(CocoonError):
        Manifest.build({"name": "f", "resources": {"min_replicas": 3, "max_replicas": 2}})
    with pytest.raises(CocoonError):
        Manifest.build({"name": "f", "resources": {"replicas": 2}})  # gone: min/max instead
    with pytest.raises(CocoonError):
        Manifest.build({"name": "f", "resources": {"gpu_kind": "H100"}})  # needs gpus


def test_placement_by_capacity_spreads_over_distinct_providers(reg):
    provider(reg, "a", cpus=4)
    provider(reg, "b", cpus=2)
    provider(reg, "c", cpus=1)
    provider(reg, "d", cpus=1)
    small = function(reg, "small", cpus=1)
    assert not assigned(reg, "a")  # nothing until the pass runs: a poll places nothing
    assert reg.place()
    assert sorted(states(reg, small)) == ["a", "b", "c"]  # the target: 3, most room first
    assert not reg.place()  # nothing changes twice
    big = function(reg, "big", cpus=3)
    reg.place()
    assert states(reg, big) == {"a": "assigned"}  # a holds 1 of its 4: only a has room for 3
    assert reg.latest_version("big").status == ""


def test_a_version_no_provider_fits_says_why(reg):
    provider(reg, "a", cpus=8)
    huge = function(reg, "huge", cpus=200)
    reg.place()
    assert states(reg, huge) == {}
    assert reg.latest_version("huge").status == \
        "not placed: needs 200 CPUs; the largest online provider has 8"
    gpu = function(reg, "gpu", gpus=1, gpu_kind="H100")
    reg.place()
    assert reg.latest_version("gpu").status == \
        "not placed: needs 1 GPUs; the largest online provider has 0"
    provider(reg, "g", cpus=8, gpus=2, kinds=["NVIDIA A100-SXM4-80GB"])
    reg.place()
    assert reg.latest_version("gpu").status == \
        "not placed: needs a H100 GPU; online providers have NVIDIA A100-SXM4-80GB"
    provider(reg, "h", cpus=8, gpus=1, kinds=["NVIDIA H100 80GB HBM3"])
    reg.place()
    assert states(reg, gpu) == {"h": "assigned"} and reg.latest_version("gpu").status == ""
    mem = function(reg, "mem", memory_mb=4096)
    provider(reg, "m", cpus=1, memory_mb=2048)
    reg.place()
    assert "m" not in states(reg, mem)  # not enough memory there; fine elsewhere (unlimited)


def test_what_a_provider_holds_counts(reg):
    provider(reg, "a", cpus=1)
    one = function(reg, "one", cpus=0.75)
    two = function(reg, "two", b"y = 2\n", cpus=0.5)
    reg.place()
    assert states(reg, one) == {"a": "assigned"} and states(reg, two) == {}
    assert reg.latest_version("two").status == \
        "not placed yet: every provider that could run it is full"
    reg.set_placement(reg.provider("a"), one, "idle")  # idle still reserves its replica
    reg.place()
    assert states(reg, two) == {}
    reg.set_placement(reg.provider("a"), one, "failed", "boom")  # a failed one does not
    reg.place()
    assert states(reg, two) == {"a": "assigned"}


def test_the_poll_reads_and_repeats_until_reported(reg):
    provider(reg, "a")
    echo = reg.deploy(reg.account, *load_folder(TEMPLATES / "echo"))[0].digest  # type: ignore[attr-defined]
    reg.place()
    assert assigned(reg, "a") == [echo]
    assert assigned(reg, "a") == [echo]  # a lost answer is answered again
    assert assigned(reg, "a", frozenset({echo})) == []  # what the agent has is left out
    ready(reg, "a", echo)
    assert assigned(reg, "a") == []


def test_failed_and_stale_holders_are_replaced(reg, monkeypatch):
    reg.placement_target = 1
    provider(reg, "a", cpus=4)
    provider(reg, "b", cpus=2)
    fn = function(reg, "fn")
    reg.place()
    assert states(reg, fn) == {"a": "assigned"}
    reg.set_placement(reg.provider("a"), fn, "failed", "not ready after 2 s")
    reg.place()
    assert states(reg, fn) == {"a": "failed", "b": "assigned"}  # a is not asked again
    ready(reg, "b", fn)
    monkeypatch.setattr(registry_module, "PROVIDER_STALE_MS", 50)
    with reg.db.tx() as c:
        c.execute("UPDATE providers SET last_seen_ms = ? WHERE id = 'b'",
                  (registry_module.now_ms() - 100,))
    reg.touch_provider("a")
    reg.place()  # b went stale: nobody is left with room but a, which failed it
    assert reg.offers(fn) == []
    provider(reg, "c", cpus=1)
    reg.place()
    assert states(reg, fn)["c"] == "assigned"


def test_upgrade_rollback_and_delete_retire_through_the_poll(reg):
    provider(reg, "a")
    v1 = function(reg, "fn", b"x = 1\n")
    reg.place()
    ready(reg, "a", v1)
    v2 = function(reg, "fn", b"x = 2\n")
    reg.place()
    assert states(reg, v2) == {"a": "assigned"}
    _, retire, _, _ = reg.poll(reg.provider("a"), {v2}, 0)
    assert retire == []  # v1 serves until v2 is ready here
    ready(reg, "a", v2)
    assert reg.poll(reg.provider("a"), {v1, v2}, 0)[1] == [v1]
    reg.set_placement(reg.provider("a"), v1, "retired")
    owner = reg.account  # type: ignore[attr-defined]
    with pytest.raises(CocoonError) as err:
        reg.rollback("fn", reg.create_account("other"))
    assert err.value.code == "forbidden"
    assert reg.rollback("fn", owner).version == 1
    reg.place()
    assert assigned(reg, "a") == [v1]  # the retired placement is placed again
    ready(reg, "a", v1)
    assert reg.poll(reg.provider("a"), {v1, v2}, 0)[1] == [v2]
    assert reg.rollback("fn", owner, 2).digest == v2
    with pytest.raises(CocoonError) as err:
        reg.rollback("fn", owner, 9)
    assert err.value.code == "not_found"
    reg.delete_function("fn", owner)
    with pytest.raises(CocoonError) as err:
        reg.latest_version("fn")
    assert err.value.code == "unknown_function"
    assert [v.name for v in reg.list_functions()] == []
    assert set(reg.poll(reg.provider("a"), {v1, v2}, 0)[1]) == {v1, v2}
    again = function(reg, "fn", b"x = 2\n")  # deploying the name again brings it back
    assert again == v2 and reg.latest_version("fn").version == 2


def test_price_leave_and_wake(reg):
    provider(reg, "a")
    provider(reg, "b")
    fn = function(reg, "fn")
    reg.place()
    ready(reg, "a", fn)
    reg.set_placement(reg.provider("b"), fn, "idle")
    base = Manifest.build({"name": "x"}).pricing.unit_price
    assert reg.set_price_multiplier("a", 2.5).price_multiplier == 2.5
    assert {o.provider: o.unit_price for o in reg.offers(fn)} == {"a": base * 5 // 2}
    with pytest.raises(CocoonError):
        reg.set_price_multiplier("a", 0)
    # wake: asked for idle placements; told once per poll `since`
    before = registry_module.now_ms() - 1
    assert reg.request_wake(fn)
    assert reg.poll(reg.provider("b"), {fn}, before)[2] == [fn]
    assert reg.poll(reg.provider("b"), {fn}, registry_module.now_ms() + 1)[2] == []
    # leave: draining takes no new work and its offers go; left drops its placements
    assert reg.set_provider_state("a", "draining").state == "draining"
    assert reg.poll(reg.provider("a"), {fn}, 0)[3] is True
    assert reg.offers(fn) == []
    reg.set_provider_state("a", "left")
    assert "a" not in states(reg, fn) and not reg.provider("a").online
    provider(reg, "a")  # registering again: active
    assert reg.provider("a").state == "active"


def test_poll_route_reads_only_and_waits(network):
    """Over HTTP: the poll is the same when asked twice; with `have` it waits then answers
    empty; a bad `since` is a 400."""
    with network.http(network.provider_key) as http:
        first = http.get("/v1/providers/local/assignments").json()
        again = http.get("/v1/providers/local/assignments").json()
        assert first["assignments"] == again["assignments"] and not first["drain"]
        started = time.monotonic()
        have = ",".join(a["digest"] for a in first["assignments"])
        out = http.get("/v1/providers/local/assignments",
                       params={"wait": 0.3, "have": have, "since": first["now_ms"]}).json()
        assert out["assignments"] == [] and time.monotonic() - started >= 0.25
        resp = http.get("/v1/providers/local/assignments", params={"since": "x"})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "bad_request"
