"""The provider agent: runs beside the provider's Ray cluster, inside its confidential VMs.

It connects *out* to the platform (the platform never reaches into the cluster): it registers
its evidence, price and capacity, long-polls for assignments, applies each as a Ray Serve
application, reports it ready with the public keys of its replicas, and retires older versions
once a newer one runs. The agent holds no key that opens an envelope: each replica makes its
own (:mod:`.keyring`); the agent only collects their public halves and evidence and reports
them again whenever a replica rotates or restarts (:meth:`ProviderAgent.sync_keys`).
"""

from __future__ import annotations

import base64
import logging
import signal
import threading
import time
from typing import Any

import httpx
from pydantic import BaseModel, Field

from . import config, logs
from .attestation import key_binding
from .attestation.produce import TeeUnavailable, produce_all
from .backends import Backend, RayServeBackend
from .envelope import RuntimeKeys
from .errors import CocoonError
from .function import check_runtime
from .hosting import HostSpec
from .manifest import manifest_from_bundle
from .wire import Assignment, PlacementReport, ProviderRegistration, ReplicaKey

log = logging.getLogger("cocoon.agent")
POLL_WAIT_S = 15.0


class AgentSettings(BaseModel):
    """The ``[provider]`` table of config.toml (``COCOON_PROVIDER_*``)."""

    id: str = "local"
    gateway_url: str = "http://127.0.0.1:8470"
    token: str | None = None
    serve_host: str = "127.0.0.1"
    serve_port: int = Field(default=8471, ge=1, le=65535)
    endpoint: str | None = Field(default=None, description="URL the platform reaches us at")
    ray_address: str | None = Field(default=None, description="join this cluster; None: start one")
    ray_temp_dir: str | None = None
    num_cpus: float | None = None
    allow_simulated: bool = False
    price_multiplier: float = 1.0
    payout_address: str | None = None
    payout_key: str | None = None
    key_rotation_s: float | None = Field(
        default=3600.0, gt=0, description="replicas make new keys this often (None: on restart)")
    key_grace_s: float = Field(
        default=60.0, ge=0, description="a rotated-out key still opens envelopes this long")
    key_sync_s: float = Field(default=2.0, gt=0, description="how often replica keys are "
                              "collected and new ones reported")
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = Field(
        default=None, ge=0, le=65535, description="Prometheus /metrics; None: off, 0: any port"
    )


class ProviderAgent:
    def __init__(self, settings: AgentSettings, backend: Backend | None = None) -> None:
        self.settings = settings
        self.backend = backend or RayServeBackend(settings)
        # The agent's identity for registration (bound into the head VM's evidence). It opens
        # no envelope and signs no receipt: replicas have keys of their own.
        self.keys = RuntimeKeys.generate()
        self.stop = threading.Event()
        self.simulated = False
        self._http = httpx.Client(
            base_url=settings.gateway_url,
            timeout=POLL_WAIT_S + 10,
            trust_env=False,
            headers={"authorization": f"Bearer {settings.token}"},
        )
        self._apps: dict[str, tuple[int, str]] = {}  # function name -> (version, digest)
        self._reported: dict[str, frozenset[str]] = {}  # digest -> key ids last reported
        self._report_lock = threading.Lock()
        from .metrics import AgentMetrics  # prometheus-client: the [provider] extra

        self.metrics = AgentMetrics()
        self.metrics_server: Any = None  # the /metrics listener while it runs

    # -- gateway calls -----------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = self._http.request(method, path, **kwargs)
        if resp.status_code >= 400:
            raise CocoonError.from_response(resp.content, status=resp.status_code)
        return resp.json()

    def register(self) -> None:
        s = self.settings
        binding = key_binding(self.keys.hpke_public, self.keys.signing_public)
        try:
            evidence = produce_all(binding, allow_simulated=s.allow_simulated)
        except TeeUnavailable as exc:
            raise CocoonError("invalid_evidence", str(exc)) from None
        self.simulated = any(e.kind == "simulated" for e in evidence)
        cpus = self.backend.capacity_cpus()
        reg = ProviderRegistration(
            id=s.id,
            endpoint=s.endpoint or self.backend.endpoint(),
            hpke_public=self.keys.hpke_public.hex(),
            signing_public=self.keys.signing_public.hex(),
            evidence=evidence,
            price_multiplier=s.price_multiplier,
            payout_address=s.payout_address,
            payout_key=s.payout_key,
            capacity_cpus=cpus,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                out = self._call("POST", "/v1/providers", content=reg.model_dump_json())
                self.metrics.registrations.inc()
                if not out.get("approved", True):  # inert until then (platform/admission.py)
                    log.warning("provider %s awaits an operator's approval (cocoon provider "
                                "approve %s): no assignments until then", s.id, s.id)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def report(self, digest: str, state: str, detail: str = "",
               keys: list[ReplicaKey] | None = None) -> None:
        body = PlacementReport(digest=digest, state=state, detail=detail[:2000],  # type: ignore[arg-type]
                               keys=keys or [])
        self._call(
            "POST", f"/v1/providers/{self.settings.id}/placements", content=body.model_dump_json()
        )
        self.metrics.placed(digest, state)

    # -- placements --------------------------------------------------------------------------

    def apply(self, a: Assignment) -> None:
        bundle = base64.b64decode(a.bundle)
        manifest = manifest_from_bundle(bundle)
        check_runtime(manifest)  # a pickle from another Python: refused here, clearly
        s = self.settings
        spec = HostSpec(
            provider=s.id,
            name=a.name,
            version=a.version,
            digest=a.digest,
            unit_price=a.unit_price,
            bundle=bundle,
            gateway_key=a.gateway_key,
            allow_simulated=s.allow_simulated,
            key_rotation_s=s.key_rotation_s,
            key_grace_s=s.key_grace_s,
        )
        self.backend.deploy(spec, manifest)
        previous = self._apps.get(a.name)
        self._apps[a.name] = (a.version, a.digest)
        self.report_keys(a.digest, force=True)
        if previous and previous[0] < a.version:
            self.report(previous[1], "retired")
            with self._report_lock:
                self._reported.pop(previous[1], None)
            self.backend.retire(a.name, previous[0], previous[1])

    # -- replica keys ------------------------------------------------------------------------

    def report_keys(self, digest: str, *, force: bool = False) -> bool:
        """Report the version ready with its replicas' current public keys, if they changed
        since the last report (or ``force``). Returns whether it reported."""
        keys = self.backend.replica_keys(digest)
        if not keys:
            raise CocoonError("provider_failed", "no replica of the version announced its keys")
        ids = frozenset(k.key_id for k in keys)
        with self._report_lock:
            if not force and self._reported.get(digest) == ids:
                return False
        self.report(digest, "ready", keys=keys)
        with self._report_lock:
            self._reported[digest] = ids
        return True

    def sync_keys(self) -> None:
        """Report every served version whose replicas rotated, restarted or scaled."""
        for _, digest in list(self._apps.values()):
            try:
                self.report_keys(digest)
            except (httpx.TransportError, CocoonError) as exc:
                log.warning("reporting replica keys failed: %s", exc)

    def _sync_loop(self) -> None:
        while not self.stop.wait(self.settings.key_sync_s):
            self.sync_keys()

    # -- main loop ---------------------------------------------------------------------------

    def run(self) -> None:
        self.backend.start()
        if self.settings.metrics_port is not None:
            self.metrics_server = self.metrics.serve(self.settings.metrics_host,
                                                     self.settings.metrics_port)
        self.register()
        log.warning("provider %s registered (simulated TEE: %s)", self.settings.id, self.simulated)
        threading.Thread(target=self._sync_loop, name="cocoon-key-sync", daemon=True).start()
        while not self.stop.is_set():
            try:
                pending = self._call(
                    "GET",
                    f"/v1/providers/{self.settings.id}/assignments",
                    params={"wait": POLL_WAIT_S},
                )
            except (httpx.TransportError, CocoonError) as exc:
                self.metrics.polls.labels("failed").inc()
                log.warning("assignment poll failed: %s", exc)
                if isinstance(exc, CocoonError) and exc.code == "unknown_provider":
                    self.register()
                self.stop.wait(1.0)
                continue
            self.metrics.polls.labels("ok").inc()
            for item in pending:
                a = Assignment.model_validate(item)
                try:
                    with self.metrics.applying():
                        self.apply(a)
                except Exception as exc:  # report and keep serving the rest
                    log.error("deploying %s v%s failed: %s", a.name, a.version, exc)
                    try:
                        self.report(a.digest, "failed", f"{type(exc).__name__}: {exc}")
                    except (httpx.TransportError, CocoonError) as lost:
                        log.warning("could not report the failure: %s", lost)

    def shutdown(self) -> None:
        self.stop.set()
        if self.metrics_server is not None:
            self.metrics_server.shutdown()
            self.metrics_server.server_close()
        try:
            self.backend.stop()
        finally:
            self._http.close()


def main() -> None:
    logs.setup("cocoon-provider")
    agent = ProviderAgent(config.load(AgentSettings, "provider"))

    def on_signal(signum: int, frame: object) -> None:
        agent.stop.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        agent.run()
    finally:
        agent.shutdown()


if __name__ == "__main__":
    main()
