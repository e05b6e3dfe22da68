"""Registry: accounts and API keys, functions and their versions, providers and placements."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from cocoon.runtime.attestation import Evidence
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import Manifest, bundle_digest
from cocoon.runtime.wire import MAX_REPLICA_KEYS, Offer, ReplicaKey

from .admission import Admission, OperatorApproval
from .db import Connection, Database

Role = Literal["client", "provider", "admin", "operator"]
PROVIDER_STALE_MS = 30_000
KEY_RETENTION_MS = 10 * 60_000  # a retired replica key still vouches for its receipts this long
# The platform places each version on at most this many admitted providers (failover needs
# more than one; a bundle goes no further than the providers that will run it).
PLACEMENT_TARGET = 3
LIVE_STATES = ("assigned", "ready", "idle")  # a placement that holds (or will hold) replicas
PROVIDER_STATES = ("active", "draining", "left")
WAKE_WINDOW_MS = 60_000  # a client's wake request stands this long


def now_ms() -> int:
    return int(time.time() * 1000)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def insert_account(c: Connection, name: str) -> str:
    """A new empty account, inside the caller's transaction ``c``; returns its id."""
    account = "acct_" + secrets.token_hex(6)
    c.execute("INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, ?)",
              (account, name, now_ms()))
    return account


def provider_price(unit_price: int, multiplier: float) -> int:
    """The manifest's unit price times a provider's multiplier, rounded up, in integers (a
    float product would lose nanotons above 2**53)."""
    basis_points = round(multiplier * 10_000)
    return -(-unit_price * basis_points // 10_000)


def _add(used: list, manifest: Manifest) -> None:
    r = manifest.resources
    used[0] += r.cpus
    used[1] += r.gpus
    used[2] += r.memory_mb or 0


def unplaceable(manifest: Manifest, providers: list[ProviderInfo]) -> str:
    """Why no provider in ``providers`` (online, admitted, active) can take a replica:
    ``not placed:`` none could (the SDK's deploy stops there), ``not placed yet:`` none can
    now (no provider online, or all full: it is placed once one can)."""
    r = manifest.resources
    if not providers:
        return "not placed yet: no provider online"
    cpus = max(p.capacity_cpus for p in providers)
    if r.cpus > cpus + 1e-9:
        return f"not placed: needs {r.cpus:g} CPUs; the largest online provider has {cpus:g}"
    gpus = max(p.capacity_gpus for p in providers)
    if r.gpus > gpus + 1e-9:
        return f"not placed: needs {r.gpus:g} GPUs; the largest online provider has {gpus:g}"
    if r.gpu_kind and not any(gpu_kind_matches(r.gpu_kind, p.gpu_kinds) for p in providers):
        kinds = sorted({k for p in providers for k in p.gpu_kinds}) or ["none"]
        return f"not placed: needs a {r.gpu_kind} GPU; online providers have {', '.join(kinds)}"
    memory = [p.capacity_memory_mb for p in providers]
    if r.memory_mb and None not in memory and r.memory_mb > max(memory):  # type: ignore[type-var]
        return (f"not placed: needs {r.memory_mb} MB of memory; the largest online provider "
                f"has {max(memory)}")  # type: ignore[type-var]
    return "not placed yet: every provider that could run it is full"


def gpu_kind_matches(kind: str | None, kinds: list[str]) -> bool:
    """Whether a provider's GPU models (``kinds``) include ``kind`` ("H100" matches
    "NVIDIA H100 80GB HBM3"; no kind asked: any)."""
    return not kind or any(kind.lower() in k.lower() for k in kinds)


class Principal(BaseModel):
    account: str
    role: Role
    expires_ms: int | None = None  # a session's key (cocoon.platform.telegram): refused after


class VersionInfo(BaseModel):
    name: str
    version: int
    digest: str
    manifest: Manifest
    created_ms: int
    status: str = ""  # why the platform could not place it ("not placed: ..."), else empty


class ProviderInfo(BaseModel):
    id: str
    endpoint: str
    hpke_public: str
    signing_public: str
    evidence: list[Evidence]
    simulated: bool
    price_multiplier: float
    payout_address: str | None
    capacity_cpus: float
    last_seen_ms: int
    approved: bool = False  # an operator approved this id for its account (see admission.py)
    capacity_gpus: float = 0
    gpu_kinds: list[str] = []
    capacity_memory_mb: int | None = None  # None: not limited
    state: str = "active"  # active | draining (leaving: nothing new) | left

    @property
    def online(self) -> bool:
        return self.state != "left" and now_ms() - self.last_seen_ms < PROVIDER_STALE_MS

    @property
    def serving(self) -> bool:
        """Online and taking new work (not draining)."""
        return self.online and self.state == "active"

    def fits(self, manifest: Manifest, used: tuple[float, float, int]) -> bool:
        """Whether one more replica of ``manifest`` fits next to what it holds (``used``)."""
        r = manifest.resources
        return (used[0] + r.cpus <= self.capacity_cpus + 1e-9
                and used[1] + r.gpus <= self.capacity_gpus + 1e-9
                and gpu_kind_matches(r.gpu_kind, self.gpu_kinds)
                and (self.capacity_memory_mb is None
                     or used[2] + (r.memory_mb or 0) <= self.capacity_memory_mb))


class Registry:
    def __init__(self, db: Database, admission: Admission | None = None,
                 placement_target: int = PLACEMENT_TARGET, certified_keys_only: bool = False
                 ) -> None:
        """``certified_keys_only`` (a network that requires stake): offer only replica keys
        the stake owner certified, so every receipt a client gets can be proven against the
        stake."""
        self.db = db
        self.admission = admission or OperatorApproval()
        self.placement_target = placement_target
        self.certified_keys_only = certified_keys_only

    # -- accounts and keys -------------------------------------------------------------------

    def create_account(self, name: str) -> str:
        with self.db.tx() as c:
            return insert_account(c, name)

    def create_key(self, account: str, role: Role, *, expires_ms: int | None = None) -> str:
        """A new key; with ``expires_ms`` a session (``ck_s_``), refused from that time on."""
        key = f"ck_{'s' if expires_ms is not None else role[0]}_" + secrets.token_urlsafe(32)
        with self.db.tx() as c:
            if c.execute("SELECT 1 FROM accounts WHERE id = ?", (account,)).fetchone() is None:
                raise CocoonError("not_found", f"no account {account}")
            c.execute(
                "INSERT INTO api_keys (hash, account, role, prefix, created_ms, expires_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (hash_key(key), account, role, key[:10], now_ms(), expires_ms),
            )
        return key

    def authenticate(self, key: str) -> Principal | None:
        row = self.db.one(
            "SELECT account, role, expires_ms FROM api_keys WHERE hash = ? AND revoked = 0"
            " AND (expires_ms IS NULL OR expires_ms > ?)", hash_key(key), now_ms()
        )
        return Principal(account=row["account"], role=row["role"],
                         expires_ms=row["expires_ms"]) if row else None

    def account_exists(self, account: str) -> bool:
        return self.db.one("SELECT 1 FROM accounts WHERE id = ?", account) is not None

    # -- functions ---------------------------------------------------------------------------

    def deploy(self, owner: str, manifest: Manifest, bundle: bytes) -> tuple[VersionInfo, bool]:
        """Store a version; returns (version, created). Same bytes as an existing version: no-op."""
        digest = bundle_digest(bundle)
        with self.db.tx() as c:
            fn = c.execute(
                "SELECT owner FROM functions WHERE name = ?", (manifest.name,)
            ).fetchone()
            if fn is None:
                c.execute(
                    "INSERT INTO functions (name, owner, created_ms) VALUES (?, ?, ?)",
                    (manifest.name, owner, now_ms()),
                )
            elif fn["owner"] != owner:
                raise CocoonError(
                    "forbidden", f"function {manifest.name!r} belongs to another account"
                )
            existing = c.execute(
                "SELECT version FROM versions WHERE digest = ?", (digest,)
            ).fetchone()
            if existing is None:
                row = c.execute(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE name = ?",
                    (manifest.name,),
                ).fetchone()
                c.execute(
                    "INSERT INTO versions (name, version, digest, manifest, bundle, created_ms)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (manifest.name, row[0], digest, manifest.model_dump_json(), bundle, now_ms()),
                )
                c.execute("UPDATE functions SET current_version = ?, deleted_ms = NULL "
                          "WHERE name = ?", (row[0], manifest.name))
            else:  # the same bytes again: no change, but a deleted function comes back
                c.execute("UPDATE functions SET current_version = ?, deleted_ms = NULL "
                          "WHERE name = ? AND deleted_ms IS NOT NULL",
                          (existing["version"], manifest.name))
        info = self.version_by_digest(digest)
        assert info is not None
        return info, existing is None

    def _version(self, row) -> VersionInfo:
        return VersionInfo(
            name=row["name"],
            version=row["version"],
            digest=row["digest"],
            manifest=Manifest.model_validate_json(row["manifest"]),
            created_ms=row["created_ms"],
            status=row["status"],
        )

    def version_by_digest(self, digest: str) -> VersionInfo | None:
        row = self.db.one(
            "SELECT name, version, digest, manifest, created_ms, status FROM versions "
            "WHERE digest = ?", digest,
        )
        return self._version(row) if row else None

    def latest_version(self, name: str) -> VersionInfo:
        """The version of ``name`` that runs now: the last deployed, or the one rolled back
        to. A deleted function has none (``unknown_function``)."""
        for v in self._current(name):
            return v
        raise CocoonError("unknown_function", f"no function named {name!r}")

    def _current(self, name: str | None = None) -> list[VersionInfo]:
        rows = self.db.all(
            "SELECT v.name, v.version, v.digest, v.manifest, v.created_ms, v.status "
            "FROM versions v JOIN functions f ON f.name = v.name AND f.deleted_ms IS NULL "
            "WHERE v.version = COALESCE(f.current_version, (SELECT MAX(w.version) FROM "
            "versions w WHERE w.name = v.name))" + (" AND v.name = ?" if name else "")
            + " ORDER BY v.name", *([name] if name else []),
        )
        return [self._version(r) for r in rows]

    def list_functions(self) -> list[VersionInfo]:
        """The current version of every function not deleted."""
        return self._current()

    def versions(self, name: str) -> list[VersionInfo]:
        return [self._version(r) for r in self.db.all(
            "SELECT name, version, digest, manifest, created_ms, status FROM versions "
            "WHERE name = ? ORDER BY version", name)]

    def delete_function(self, name: str, owner: str) -> None:
        """Stop listing and serving ``name``: every provider is told to retire its versions
        (versions stay stored: receipts refer to them; a deploy brings the name back)."""
        self._owned(name, owner)
        with self.db.tx() as c:
            c.execute("UPDATE functions SET deleted_ms = ? WHERE name = ?", (now_ms(), name))

    def rollback(self, name: str, owner: str, version: int | None = None) -> VersionInfo:
        """Make ``version`` (None: the one before the current) the version that runs."""
        self._owned(name, owner)
        current = self.latest_version(name)
        if version is None:
            older = [v.version for v in self.versions(name) if v.version < current.version]
            if not older:
                raise CocoonError("not_found", f"{name} has no version before "
                                  f"v{current.version}")
            version = older[-1]
        if not any(v.version == version for v in self.versions(name)):
            raise CocoonError("not_found", f"{name} has no version {version}")
        with self.db.tx() as c:
            c.execute("UPDATE functions SET current_version = ? WHERE name = ?", (version, name))
        return self.latest_version(name)

    def _owned(self, name: str, owner: str) -> None:
        row = self.db.one("SELECT owner, deleted_ms FROM functions WHERE name = ?", name)
        if row is None or row["deleted_ms"] is not None:
            raise CocoonError("unknown_function", f"no function named {name!r}")
        if row["owner"] != owner:
            raise CocoonError("forbidden", f"function {name!r} belongs to another account")

    def function_owner(self, name: str) -> str | None:
        """The account that deployed ``name`` (the only one shown its placements' details)."""
        row = self.db.one("SELECT owner FROM functions WHERE name = ?", name)
        return row["owner"] if row else None

    def bundle(self, digest: str) -> bytes:
        row = self.db.one("SELECT bundle FROM versions WHERE digest = ?", digest)
        if row is None:
            raise CocoonError("unknown_function", "no such function version")
        return bytes(row["bundle"])

    # -- providers ---------------------------------------------------------------------------

    def register_provider(self, account: str, provider: ProviderInfo) -> None:
        """Store (or refresh) a provider; it is active again after it left, but a provider
        told to drain stays draining (an agent restarted before its drain would otherwise undo
        the leave: it hears ``drain`` on its next poll instead)."""
        evidence = json.dumps([e.model_dump() for e in provider.evidence])
        with self.db.tx() as c:
            owner = c.execute(
                "SELECT account FROM providers WHERE id = ?", (provider.id,)
            ).fetchone()
            if owner is not None and owner["account"] != account:
                raise CocoonError("forbidden", f"provider id {provider.id!r} is taken")
            c.execute(
                "INSERT INTO providers (id, account, endpoint, hpke_public, signing_public, "
                "evidence, simulated, price_multiplier, payout_address, capacity_cpus, "
                "registered_ms, last_seen_ms, capacity_gpus, gpu_kinds, capacity_memory_mb, "
                "state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active') "
                "ON CONFLICT(id) DO UPDATE SET endpoint=excluded.endpoint, "
                "hpke_public=excluded.hpke_public, signing_public=excluded.signing_public, "
                "evidence=excluded.evidence, simulated=excluded.simulated, "
                "price_multiplier=excluded.price_multiplier, "
                "payout_address=excluded.payout_address, capacity_cpus=excluded.capacity_cpus, "
                "last_seen_ms=excluded.last_seen_ms, capacity_gpus=excluded.capacity_gpus, "
                "gpu_kinds=excluded.gpu_kinds, capacity_memory_mb=excluded.capacity_memory_mb, "
                "state=CASE WHEN providers.state = 'draining' THEN 'draining' ELSE 'active' END",
                (
                    provider.id,
                    account,
                    provider.endpoint,
                    provider.hpke_public,
                    provider.signing_public,
                    evidence,
                    int(provider.simulated),
                    provider.price_multiplier,
                    provider.payout_address,
                    provider.capacity_cpus,
                    now_ms(),
                    now_ms(),
                    provider.capacity_gpus,
                    json.dumps(provider.gpu_kinds),
                    provider.capacity_memory_mb,
                ),
            )
            # A new agent: every placement must be re-applied (its replicas make new keys).
            c.execute("DELETE FROM placements WHERE provider = ?", (provider.id,))
            c.execute("DELETE FROM replica_keys WHERE provider = ?", (provider.id,))

    def set_price_multiplier(self, provider_id: str, multiplier: float) -> ProviderInfo:
        """A provider's new multiplier, live: its placements' quoted unit prices follow in the
        same transaction (the next offer, and so the next call, carries them)."""
        if not 0 < multiplier <= 100:
            raise CocoonError("bad_request", "price_multiplier must be in (0, 100]")
        self.provider(provider_id)
        with self.db.tx() as c:
            c.execute("UPDATE providers SET price_multiplier = ? WHERE id = ?",
                      (multiplier, provider_id))
            for r in c.execute(
                "SELECT p.digest, v.manifest FROM placements p JOIN versions v ON "
                "v.digest = p.digest WHERE p.provider = ?", (provider_id,)
            ).fetchall():
                price = provider_price(
                    Manifest.model_validate_json(r["manifest"]).pricing.unit_price, multiplier)
                c.execute("UPDATE placements SET unit_price = ? WHERE provider = ? AND "
                          "digest = ?", (price, provider_id, r["digest"]))
        return self.provider(provider_id)

    def set_provider_state(self, provider_id: str, state: str) -> ProviderInfo:
        """``draining``: nothing new goes there and its versions are placed elsewhere;
        ``left``: the agent stopped (its placements go)."""
        assert state in PROVIDER_STATES
        self.provider(provider_id)
        with self.db.tx() as c:
            c.execute("UPDATE providers SET state = ? WHERE id = ?", (state, provider_id))
            if state == "left":
                c.execute("DELETE FROM placements WHERE provider = ?", (provider_id,))
                c.execute("UPDATE replica_keys SET retired_ms = ? WHERE provider = ? AND "
                          "retired_ms IS NULL", (now_ms(), provider_id))
        return self.provider(provider_id)

    def provider_owned_by(self, provider: str, account: str) -> None:
        row = self.db.one("SELECT account FROM providers WHERE id = ?", provider)
        if row is None:
            raise CocoonError("unknown_provider", f"no provider {provider!r}")
        if row["account"] != account:
            raise CocoonError("forbidden", "provider belongs to another account")

    def providers_of(self, account: str) -> set[str]:
        """The ids of the providers this account registered."""
        return {r["id"] for r in self.db.all("SELECT id FROM providers WHERE account = ?",
                                             account)}

    def touch_provider(self, provider: str) -> None:
        with self.db.tx() as c:
            c.execute("UPDATE providers SET last_seen_ms = ? WHERE id = ?", (now_ms(), provider))

    def providers(self) -> list[ProviderInfo]:
        rows = self.db.all(
            "SELECT p.*, a.approved_ms FROM providers p LEFT JOIN provider_approvals a "
            "ON a.provider = p.id AND a.account = p.account ORDER BY p.id"
        )
        return [
            ProviderInfo(
                id=r["id"],
                endpoint=r["endpoint"],
                hpke_public=r["hpke_public"],
                signing_public=r["signing_public"],
                evidence=[Evidence.model_validate(e) for e in json.loads(r["evidence"])],
                simulated=bool(r["simulated"]),
                price_multiplier=r["price_multiplier"],
                payout_address=r["payout_address"],
                capacity_cpus=r["capacity_cpus"],
                last_seen_ms=r["last_seen_ms"],
                approved=r["approved_ms"] is not None,
                capacity_gpus=r["capacity_gpus"],
                gpu_kinds=json.loads(r["gpu_kinds"]),
                capacity_memory_mb=r["capacity_memory_mb"],
                state=r["state"],
            )
            for r in rows
        ]

    def provider(self, provider_id: str) -> ProviderInfo:
        for p in self.providers():
            if p.id == provider_id:
                return p
        raise CocoonError("unknown_provider", f"no provider {provider_id!r}")

    # -- admission: see admission.py ----------------------------------------------------------

    def admits(self, provider: ProviderInfo) -> bool:
        return self.admission.admits(provider)

    def approve_provider(self, provider_id: str, operator: str) -> ProviderInfo:
        """An operator's approval of a registered provider, for the account that owns it."""
        row = self.db.one("SELECT account FROM providers WHERE id = ?", provider_id)
        if row is None:
            raise CocoonError("unknown_provider", f"no provider {provider_id!r}")
        self.preapprove_provider(provider_id, row["account"], operator)
        return self.provider(provider_id)

    def preapprove_provider(self, provider_id: str, account: str, operator: str) -> None:
        """Approve ``provider_id`` for ``account`` before it registers (the embedded network's
        own provider, approved at bootstrap). Another account registering the id is not."""
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO provider_approvals (provider, account, approved_by, approved_ms) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(provider) DO UPDATE SET "
                "account=excluded.account, approved_by=excluded.approved_by, "
                "approved_ms=excluded.approved_ms",
                (provider_id, account, operator, now_ms()),
            )

    def suspend_provider(self, provider_id: str) -> None:
        """Withdraw the approval: the provider's placements go, so nothing routes to it."""
        self.provider(provider_id)  # unknown_provider if never registered
        with self.db.tx() as c:
            c.execute("DELETE FROM provider_approvals WHERE provider = ?", (provider_id,))
            c.execute("DELETE FROM placements WHERE provider = ?", (provider_id,))

    # -- placements: which provider runs which version ------------------------------------------

    def place(self, refuse: Callable[[Manifest, ProviderInfo], str | None] | None = None
              ) -> bool:
        """The placement pass: put each current version on up to ``placement_target`` distinct
        admitted, online, active providers that have room for one replica of it (CPUs, GPUs
        of its kind, memory) next to what they already hold. Runs on events (a deploy, a
        register, an approval, a report, a leave) and periodically (a provider gone stale), not
        on a poll. A holder that is offline, draining or failed does not count, so the version
        is placed elsewhere. ``refuse`` (the router's evidence check) may refuse a provider:
        that placement is recorded ``failed`` with the reason. A version placed nowhere gets a
        ``status`` saying why. Returns whether anything changed. Gateways sharing PostgreSQL
        that run the pass at the same instant may place a version once more than the target
        (harmless: one more provider runs it)."""
        takers = {p.id: p for p in self.providers()
                  if p.serving and self.admits(p)}
        versions = self.list_functions()
        changed = False
        now = now_ms()
        with self.db.tx() as c:
            rows = c.execute(
                "SELECT p.provider, p.digest, p.state, v.manifest FROM placements p "
                "JOIN versions v ON v.digest = p.digest"
            ).fetchall()
            used = {pid: [0.0, 0.0, 0] for pid in takers}
            states: dict[str, dict[str, str]] = {}  # digest -> provider -> state
            manifests = {v.digest: v.manifest for v in versions}  # each parsed once a pass
            for r in rows:
                states.setdefault(r["digest"], {})[r["provider"]] = r["state"]
                if r["state"] in LIVE_STATES and r["provider"] in used:
                    digest = r["digest"]
                    if digest not in manifests:
                        manifests[digest] = Manifest.model_validate_json(r["manifest"])
                    _add(used[r["provider"]], manifests[digest])
            for v in versions:
                here = states.get(v.digest, {})
                holders = [pid for pid, st in here.items() if st in LIVE_STATES and pid in takers]
                candidates = sorted(
                    (p for pid, p in takers.items() if here.get(pid, "retired") == "retired"
                     and p.fits(v.manifest, tuple(used[pid]))),  # type: ignore[arg-type]
                    key=lambda p: (used[p.id][0] - p.capacity_cpus, p.id))  # most room first
                for p in candidates:
                    if len(holders) >= self.placement_target:
                        break
                    why = refuse(v.manifest, p) if refuse is not None else None
                    c.execute(
                        "INSERT INTO placements (provider, digest, state, unit_price, detail, "
                        "updated_ms, wake_ms) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT("
                        "provider, digest) DO UPDATE SET state=excluded.state, "
                        "unit_price=excluded.unit_price, detail=excluded.detail, "
                        "updated_ms=excluded.updated_ms, wake_ms=0",
                        (p.id, v.digest, "failed" if why else "assigned",
                         provider_price(v.manifest.pricing.unit_price, p.price_multiplier),
                         why or "", now))
                    changed = True
                    if why is None:
                        holders.append(p.id)
                        _add(used[p.id], v.manifest)
                status = "" if holders or any(st == "failed" for st in here.values()) else \
                    unplaceable(v.manifest, list(takers.values()))
                if status != v.status:
                    c.execute("UPDATE versions SET status = ? WHERE digest = ?",
                              (status, v.digest))
                    changed = True
        return changed

    def poll(self, provider: ProviderInfo, have: set[str], since_ms: int
             ) -> tuple[list[VersionInfo], list[str], list[str], bool]:
        """What a provider's poll answers (reads only): (versions assigned here and not in
        ``have``, digests to retire, idle digests to wake since ``since_ms``, drain?).

        A version no longer current (a newer one, a rollback, a delete) is retired here
        once the current version of its function is not still deploying here, so a provider
        keeps serving the old version until the new one is ready."""
        if not self.admits(provider):
            return [], [], [], False
        current = {v.digest: v for v in self.list_functions()}
        rows = self.db.all(
            "SELECT p.digest, p.state, p.wake_ms, v.name FROM placements p JOIN versions v "
            "ON v.digest = p.digest WHERE p.provider = ?", provider.id)
        deploying = {r["name"] for r in rows if r["digest"] in current
                     and r["state"] == "assigned"}
        assigned = [current[r["digest"]] for r in rows if r["state"] == "assigned"
                    and r["digest"] in current and r["digest"] not in have]
        retire = [r["digest"] for r in rows if r["digest"] not in current
                  and r["state"] != "retired" and r["name"] not in deploying]
        oldest = now_ms() - WAKE_WINDOW_MS
        wake = [r["digest"] for r in rows if r["state"] == "idle"
                and r["wake_ms"] > max(since_ms, oldest)]
        return assigned, retire, wake, provider.state == "draining"

    def request_wake(self, digest: str) -> bool:
        """Ask the providers holding this version idle (scaled to zero) to scale it up (their
        next poll says so). Returns whether any idle placement was asked."""
        idle = [p for p, state, _, _ in self.placements(digest) if state == "idle"]
        serving = {p.id for p in self.providers() if p.serving and self.admits(p)}
        asked = [p for p in idle if p in serving]
        if asked:
            with self.db.tx() as c:
                for p in asked:
                    c.execute("UPDATE placements SET wake_ms = ? WHERE provider = ? AND "
                              "digest = ?", (now_ms(), p, digest))
        return bool(asked)

    def is_placed(self, provider: str, digest: str) -> bool:
        """Whether the platform placed this version on this provider (only then may the
        provider report on it: it cannot make itself ready for a version it was not given)."""
        return self.db.one("SELECT 1 FROM placements WHERE provider = ? AND digest = ?",
                           provider, digest) is not None

    def set_placement(
        self, provider: ProviderInfo, digest: str, state: str, detail: str = "",
        keys: list[ReplicaKey] | None = None,
    ) -> None:
        """Record a placement's state; a ``ready`` report with ``keys`` makes them the
        version's current replica keys there (keys it no longer lists are retired: receipts
        they signed are still accepted for :data:`KEY_RETENTION_MS`, nobody seals to them)."""
        version = self.version_by_digest(digest)
        if version is None:
            raise CocoonError("unknown_function", "no such function version")
        price = provider_price(version.manifest.pricing.unit_price, provider.price_multiplier)
        now = now_ms()
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO placements (provider, digest, state, unit_price, detail, "
                "updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(provider, "
                "digest) DO UPDATE SET state=excluded.state, detail=excluded.detail, "
                "unit_price=excluded.unit_price, updated_ms=excluded.updated_ms",
                (provider.id, digest, state, price, detail, now),
            )
            current = {k.key_id for k in keys or []} if state == "ready" else set()
            for k in keys or []:
                if state != "ready":
                    break
                c.execute(
                    "INSERT INTO replica_keys (provider, digest, key_id, hpke_public, "
                    "signing_public, evidence, created_ms, reported_ms, retired_ms, stake_cert)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT(provider, digest, "
                    "key_id) DO UPDATE SET reported_ms=excluded.reported_ms, retired_ms=NULL, "
                    "stake_cert=excluded.stake_cert",
                    (provider.id, digest, k.key_id, k.hpke_public, k.signing_public,
                     json.dumps([e.model_dump() for e in k.evidence]), k.created_ms, now,
                     k.stake_cert),
                )
            for row in c.execute(
                "SELECT key_id FROM replica_keys WHERE provider = ? AND digest = ? "
                "AND retired_ms IS NULL", (provider.id, digest)
            ).fetchall():
                if row["key_id"] not in current:
                    c.execute("UPDATE replica_keys SET retired_ms = ? WHERE provider = ? AND "
                              "digest = ? AND key_id = ?", (now, provider.id, digest,
                                                            row["key_id"]))
            c.execute("DELETE FROM replica_keys WHERE retired_ms IS NOT NULL AND retired_ms < ?",
                      (now - KEY_RETENTION_MS,))

    def replica_keys(self, provider: str, digest: str) -> list[ReplicaKey]:
        """The current (not retired) replica keys of a placement."""
        return [
            ReplicaKey(hpke_public=r["hpke_public"], signing_public=r["signing_public"],
                       evidence=[Evidence.model_validate(e) for e in json.loads(r["evidence"])],
                       created_ms=r["created_ms"], stake_cert=r["stake_cert"])
            for r in self.db.all(
                "SELECT hpke_public, signing_public, evidence, created_ms, stake_cert FROM "
                "replica_keys "
                "WHERE provider = ? AND digest = ? AND retired_ms IS NULL ORDER BY key_id",
                provider, digest)
        ]

    def known_keys(self, provider: str, digest: str) -> dict[str, str]:
        """key id -> signing key (hex) of every replica key of a placement still accepted for
        receipts: the current ones and those retired less than KEY_RETENTION_MS ago."""
        return {
            r["key_id"]: r["signing_public"]
            for r in self.db.all(
                "SELECT key_id, signing_public FROM replica_keys WHERE provider = ? AND "
                "digest = ? AND (retired_ms IS NULL OR retired_ms >= ?)",
                provider, digest, now_ms() - KEY_RETENTION_MS)
        }

    def placements(self, digest: str) -> list[tuple[str, str, int, str]]:
        """(provider, state, unit price, detail) for one version."""
        return [
            (r["provider"], r["state"], r["unit_price"], r["detail"])
            for r in self.db.all(
                "SELECT provider, state, unit_price, detail FROM placements WHERE digest = ?",
                digest,
            )
        ]

    def offers(self, digest: str) -> list[Offer]:
        """Offers of online providers whose placement of this version is ready, each with
        the current keys of every replica serving it there."""
        ready = {p: price for p, state, price, _ in self.placements(digest) if state == "ready"}
        out = []
        for p in self.providers():
            if p.id not in ready or not p.serving or not self.admits(p):
                continue
            keys = [k for k in self.replica_keys(p.id, digest)
                    if k.stake_cert or not self.certified_keys_only][:MAX_REPLICA_KEYS]
            if not keys:
                continue
            simulated = p.simulated or any(e.kind == "simulated" for k in keys
                                           for e in k.evidence)
            out.append(Offer(provider=p.id, function_digest=digest, keys=keys,
                             unit_price=ready[p.id], simulated=simulated))
        return out
