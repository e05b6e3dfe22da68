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
from cocoon.runtime.wire import Offer

from .db import Database

Role = Literal["client", "provider", "admin"]
PROVIDER_STALE_MS = 30_000


def now_ms() -> int:
    return int(time.time() * 1000)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def provider_price(unit_price: int, multiplier: float) -> int:
    """The manifest's unit price times a provider's multiplier, rounded up, in integers (a
    float product would lose nanotons above 2**53)."""
    basis_points = round(multiplier * 10_000)
    return -(-unit_price * basis_points // 10_000)


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

    @property
    def online(self) -> bool:
        return now_ms() - self.last_seen_ms < PROVIDER_STALE_MS


class Registry:
    def __init__(self, db: Database) -> None:
        self.db = db

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
            # New keys: every placement must be re-applied with them.
            c.execute("DELETE FROM placements WHERE provider = ?", (provider.id,))

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
        rows = self.db.all("SELECT * FROM providers ORDER BY id")
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
            )
            for r in rows
        ]

    def provider(self, provider_id: str) -> ProviderInfo:
        for p in self.providers():
            if p.id == provider_id:
                return p
        raise CocoonError("unknown_provider", f"no provider {provider_id!r}")

    # -- placements: which provider runs which version ------------------------------------------

    def pending_assignments(self, provider: ProviderInfo) -> list[VersionInfo]:
        """Latest version of every function not yet placed on this provider."""
        placed = {
            r["digest"]
            for r in self.db.all("SELECT digest FROM placements WHERE provider = ?", provider.id)
        }
        return [v for v in self.list_functions() if v.digest not in placed]

    def set_placement(
        self, provider: ProviderInfo, digest: str, state: str, detail: str = ""
    ) -> None:
        version = self.version_by_digest(digest)
        if version is None:
            raise CocoonError("unknown_function", "no such function version")
        price = provider_price(version.manifest.pricing.unit_price, provider.price_multiplier)
        with self.db.tx() as c:
            c.execute(
                "INSERT INTO placements VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(provider, "
                "digest) DO UPDATE SET state=excluded.state, detail=excluded.detail, "
                "unit_price=excluded.unit_price, updated_ms=excluded.updated_ms",
                (provider.id, digest, state, price, detail, now_ms()),
            )

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
        """Offers of online providers whose placement of this version is ready."""
        ready = {p: price for p, state, price, _ in self.placements(digest) if state == "ready"}
        return [
            Offer(
                provider=p.id,
                function_digest=digest,
                hpke_public=p.hpke_public,
                signing_public=p.signing_public,
                evidence=p.evidence,
                unit_price=ready[p.id],
                simulated=p.simulated,
            )
            for p in self.providers()
            if p.id in ready and p.online
        ]
