"""Registry: accounts and API keys, functions and their versions, providers and placements."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from typing import Literal

from pydantic import BaseModel

from cocoon.runtime.attestation import Evidence
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import Manifest, bundle_digest
from cocoon.runtime.wire import MAX_REPLICA_KEYS, Offer, ReplicaKey

from .admission import Admission, OperatorApproval
from .db import Database

Role = Literal["client", "provider", "admin", "operator"]
PROVIDER_STALE_MS = 30_000
KEY_RETENTION_MS = 10 * 60_000  # a retired replica key still vouches for its receipts this long
# The platform places each version on at most this many admitted providers (failover needs
# more than one; a bundle goes no further than the providers that will run it).
PLACEMENT_TARGET = 3
LIVE_STATES = ("assigned", "ready")


def now_ms() -> int:
    return int(time.time() * 1000)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def provider_price(unit_price: int, multiplier: float) -> int:
    """The manifest's unit price times a provider's multiplier, rounded up, in integers (a
    float product would lose nanotons above 2**53)."""
    basis_points = round(multiplier * 10_000)
    return -(-unit_price * basis_points // 10_000)


def _cpus(manifest: Manifest) -> float:
    """The CPUs a version holds on the provider that runs it."""
    return manifest.resources.cpus * manifest.resources.replicas


class Principal(BaseModel):
    account: str
    role: Role


class VersionInfo(BaseModel):
    name: str
    version: int
    digest: str
    manifest: Manifest
    created_ms: int


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

    @property
    def online(self) -> bool:
        return now_ms() - self.last_seen_ms < PROVIDER_STALE_MS


class Registry:
    def __init__(self, db: Database, admission: Admission | None = None,
                 placement_target: int = PLACEMENT_TARGET) -> None:
        self.db = db
        self.admission = admission or OperatorApproval()
        self.placement_target = placement_target

    # -- accounts and keys -------------------------------------------------------------------

    def create_account(self, name: str) -> str:
        account = "acct_" + secrets.token_hex(6)
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO accounts (id, name, created_ms) VALUES (?, ?, ?)",
                (account, name, now_ms()),
            )
        return account

    def create_key(self, account: str, role: Role) -> str:
        key = f"ck_{role[0]}_" + secrets.token_urlsafe(32)
        with self.db.tx() as c:
            if c.execute("SELECT 1 FROM accounts WHERE id = ?", (account,)).fetchone() is None:
                raise CocoonError("not_found", f"no account {account}")
            c.execute(
                "INSERT INTO api_keys (hash, account, role, prefix, created_ms) "
                "VALUES (?, ?, ?, ?, ?)",
                (hash_key(key), account, role, key[:10], now_ms()),
            )
        return key

    def authenticate(self, key: str) -> Principal | None:
        row = self.db.one(
            "SELECT account, role FROM api_keys WHERE hash = ? AND revoked = 0", hash_key(key)
        )
        return Principal(account=row["account"], role=row["role"]) if row else None

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
        )

    def version_by_digest(self, digest: str) -> VersionInfo | None:
        row = self.db.one(
            "SELECT name, version, digest, manifest, created_ms FROM versions WHERE digest = ?",
            digest,
        )
        return self._version(row) if row else None

    def latest_version(self, name: str) -> VersionInfo:
        row = self.db.one(
            "SELECT name, version, digest, manifest, created_ms FROM versions "
            "WHERE name = ? ORDER BY version DESC LIMIT 1",
            name,
        )
        if row is None:
            raise CocoonError("unknown_function", f"no function named {name!r}")
        return self._version(row)

    def list_functions(self) -> list[VersionInfo]:
        rows = self.db.all(
            "SELECT v.name, v.version, v.digest, v.manifest, v.created_ms "
            "FROM versions v JOIN (SELECT name, MAX(version) AS version FROM versions "
            "GROUP BY name) m USING (name, version) ORDER BY v.name"
        )
        return [self._version(r) for r in rows]

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
                "registered_ms, last_seen_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET endpoint=excluded.endpoint, "
                "hpke_public=excluded.hpke_public, signing_public=excluded.signing_public, "
                "evidence=excluded.evidence, simulated=excluded.simulated, "
                "price_multiplier=excluded.price_multiplier, "
                "payout_address=excluded.payout_address, capacity_cpus=excluded.capacity_cpus, "
                "last_seen_ms=excluded.last_seen_ms",
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
                ),
            )
            # A new agent: every placement must be re-applied (its replicas make new keys).
            c.execute("DELETE FROM placements WHERE provider = ?", (provider.id,))
            c.execute("DELETE FROM replica_keys WHERE provider = ?", (provider.id,))

    def provider_owned_by(self, provider: str, account: str) -> None:
        row = self.db.one("SELECT account FROM providers WHERE id = ?", provider)
        if row is None:
            raise CocoonError("unknown_provider", f"no provider {provider!r}")
        if row["account"] != account:
            raise CocoonError("forbidden", "provider belongs to another account")

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

    def claim_assignments(self, provider: ProviderInfo) -> list[VersionInfo]:
        """The versions the platform places on this provider now, recorded as ``assigned``.

        Placement is the platform's decision, and a bundle reaches only the providers it is
        placed on: an unadmitted provider gets nothing; an admitted one gets the latest version
        of a function when fewer than ``placement_target`` admitted online providers hold it
        (assigned or ready) and the version's CPUs (cpus x replicas) fit in what the provider's
        capacity has left. A version placed here before (any state) is not offered again
        until the provider re-registers (new keys clear its placements). Gateways sharing
        PostgreSQL that answer polls at the same instant may place a version once more than
        the target (harmless: one more provider runs it)."""
        if not self.admits(provider):
            return []
        live = {p.id for p in self.providers() if p.online and self.admits(p)} | {provider.id}
        latest = self.list_functions()
        chosen: list[VersionInfo] = []
        with self.db.tx() as c:
            rows = c.execute(
                "SELECT p.provider, p.digest, p.state, v.manifest FROM placements p "
                "JOIN versions v ON v.digest = p.digest"
            ).fetchall()
            mine = {r["digest"] for r in rows if r["provider"] == provider.id}
            holders: dict[str, int] = {}
            used = 0.0
            for r in rows:
                if r["state"] not in LIVE_STATES or r["provider"] not in live:
                    continue
                holders[r["digest"]] = holders.get(r["digest"], 0) + 1
                if r["provider"] == provider.id:
                    used += _cpus(Manifest.model_validate_json(r["manifest"]))
            for v in latest:
                need = _cpus(v.manifest)
                if (v.digest in mine or holders.get(v.digest, 0) >= self.placement_target
                        or used + need > provider.capacity_cpus + 1e-9):
                    continue
                used += need
                price = provider_price(v.manifest.pricing.unit_price, provider.price_multiplier)
                c.execute("INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?)",
                          (provider.id, v.digest, "assigned", price, "", now_ms()))
                chosen.append(v)
        return chosen

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
                "INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(provider, "
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
                    "signing_public, evidence, created_ms, reported_ms, retired_ms) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(provider, digest, key_id) DO "
                    "UPDATE SET reported_ms=excluded.reported_ms, retired_ms=NULL",
                    (provider.id, digest, k.key_id, k.hpke_public, k.signing_public,
                     json.dumps([e.model_dump() for e in k.evidence]), k.created_ms, now),
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
                       created_ms=r["created_ms"])
            for r in self.db.all(
                "SELECT hpke_public, signing_public, evidence, created_ms FROM replica_keys "
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
            if p.id not in ready or not p.online or not self.admits(p):
                continue
            keys = self.replica_keys(p.id, digest)[:MAX_REPLICA_KEYS]
            if not keys:
                continue
            simulated = p.simulated or any(e.kind == "simulated" for k in keys
                                           for e in k.evidence)
            out.append(Offer(provider=p.id, function_digest=digest, keys=keys,
                             unit_price=ready[p.id], simulated=simulated))
        return out
