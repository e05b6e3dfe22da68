"""The provider agent: runs beside the provider's Ray cluster, inside its confidential VMs.

It connects *out* to the platform (the platform never reaches into the cluster): it registers
its evidence, price and capacity, heartbeats on a thread of its own, long-polls for what to do
(:class:`~.wire.AssignmentPoll`: assignments, retirements, wake-ups, drain), applies each
assignment in the background as a Ray Serve application, watched until ready or until
``deploy_timeout_s`` (then it is reported ``failed`` with the reason and deleted), and reports
it ready with the public keys of its replicas, or ``idle`` when it scaled to zero. Nothing a
deploy does blocks the poll, the heartbeat or the other functions.

The agent holds no key that opens an envelope: each replica makes its own (:mod:`.keyring`);
the agent only collects their public halves and evidence and reports them again
whenever a replica rotates or restarts (:meth:`ProviderAgent.sync_keys`).
"""

from __future__ import annotations

import base64
import contextlib
import logging
import signal
import threading
import time
from pathlib import Path
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
from .manifest import Manifest, manifest_from_bundle
from .payout import VoucherKeeper, VoucherStore
from .stake_cert import KeyCertifier
from .wire import (
    Assignment,
    AssignmentPoll,
    PlacementReport,
    ProviderRegistration,
    ReplicaKey,
)

log = logging.getLogger("cocoon.agent")
POLL_WAIT_S = 15.0


class DeployFailed(Exception):
    """A deploy that will not become ready (its reason goes to the platform as is)."""


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
    stake_key: str | None = Field(default=None, description="file of the stake owner key (hex "
                                  "seed or wallet.json): certifies replica keys (stake_cert.py)")
    state_dir: str | None = Field(default=None, description="where the agent keeps what it "
                                  "holds (its vouchers); None: $COCOON_HOME")
    voucher_s: float = Field(default=30.0, gt=0, description="fetch, verify and keep the "
                             "newest platform-signed voucher this often (with a payout_address)")
    key_rotation_s: float | None = Field(
        default=3600.0, gt=0, description="replicas make new keys this often (None: on restart)")
    key_grace_s: float = Field(
        default=60.0, ge=0, description="a rotated-out key still opens envelopes this long")
    key_sync_s: float = Field(default=2.0, gt=0, description="how often replica keys are "
                              "collected and new ones reported")
    heartbeat_s: float = Field(default=5.0, gt=0, description="POST /heartbeat this often")
    deploy_timeout_s: float = Field(default=300.0, gt=0, description="a deploy not ready "
                                    "by then (unschedulable, stuck import) is failed")
    downscale_delay_s: float = Field(default=300.0, ge=0, description="an idle replica "
                                     "goes after this long (min_replicas 0: scale to zero)")
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
        self._states: dict[str, str] = {}  # digest -> deploying | ready | idle | failed
        self._specs: dict[str, HostSpec] = {}  # digest -> what was deployed
        self._reported: dict[str, frozenset[str]] = {}  # digest -> key ids last reported
        self._report_lock = threading.Lock()
        self._since = 0  # the gateway's now_ms in its last poll answer
        self.left = False
        from .metrics import AgentMetrics  # prometheus-client: the [provider] extra

        self.metrics = AgentMetrics()
        self.metrics_server: Any = None  # the /metrics listener while it runs
        # the provider's own claim on its earnings (runtime/payout.py), claimable without us
        folder = Path(settings.state_dir) if settings.state_dir else config.cocoon_home()
        self.vouchers = VoucherKeeper(
            VoucherStore.of(folder, settings.id), settings.id, settings.payout_address,
            settings.payout_key, lambda path: self._call("GET", path))
        self.certifier = (KeyCertifier(Path(settings.stake_key), settings.id,
                                       lambda path: self._call("GET", path))
                          if settings.stake_key else None)

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
        gpus, kinds, memory_mb = self.backend.capacity()
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
            capacity_gpus=gpus,
            gpu_kinds=kinds,
            capacity_memory_mb=memory_mb,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                out = self._call("POST", "/v1/providers", content=reg.model_dump_json())
                self.metrics.registrations.inc()
                with self._report_lock:  # the platform forgot our placements: report again
                    self._reported.clear()
                for digest, state in list(self._states.items()):
                    if state == "failed":  # it may be assigned here again: try it afresh
                        self._states.pop(digest, None)
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

    def _spec(self, a: Assignment) -> tuple[HostSpec, Manifest]:
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
        return spec, manifest

    def start_apply(self, a: Assignment) -> None:
        """Apply an assignment in the background (the poll loop never waits for a deploy)."""
        self._states[a.digest] = "deploying"
        threading.Thread(target=self.apply, args=(a,), name=f"cocoon-deploy-{a.name}",
                         daemon=True).start()

    def apply(self, a: Assignment) -> None:
        """Deploy, watch until ready (bounded by ``deploy_timeout_s``), report ready with the
        replicas' keys (``idle`` if it already scaled to zero); any failure is reported
        ``failed`` with its reason and the half-made application is deleted."""
        spec: HostSpec | None = None
        try:
            with self.metrics.applying():
                spec, manifest = self._spec(a)
                self._specs[a.digest] = spec
                self._watch(spec, self._deploy_in_background(spec, manifest))
                if self._states.get(a.digest) != "deploying":
                    return  # retired meanwhile
                self._states[a.digest] = "ready"
                if not self.report_keys(a.digest, force=True):
                    self._states[a.digest] = "idle"
                    self.report(a.digest, "idle")
        except Exception as exc:  # report and keep serving the rest
            if self._states.get(a.digest) != "deploying":
                return  # retired meanwhile: the platform no longer wants it here
            reason = str(exc) if isinstance(exc, DeployFailed | CocoonError) else \
                f"{type(exc).__name__}: {exc}"
            log.error("deploying %s v%s failed: %s", a.name, a.version, reason)
            self._states[a.digest] = "failed"
            if spec is not None:
                with contextlib.suppress(Exception):
                    self.backend.retire(spec.name, spec.version, spec.digest)
            try:
                self.report(a.digest, "failed", reason)
            except (httpx.TransportError, CocoonError) as lost:
                log.warning("could not report the failure: %s", lost)

    def _deploy_in_background(self, spec: HostSpec, manifest: Manifest
                              ) -> tuple[threading.Event, list[BaseException]]:
        """Run the backend's deploy call on a thread of its own (a backend may block in it:
        the in-process one loads the function there), so the deadline covers it too."""
        done, errors = threading.Event(), []

        def deploy() -> None:
            try:
                self.backend.deploy(spec, manifest)
            except BaseException as exc:
                errors.append(exc)
            finally:
                done.set()

        threading.Thread(target=deploy, name=f"cocoon-serve-{spec.name}", daemon=True).start()
        return done, errors

    def _watch(self, spec: HostSpec, call: tuple[threading.Event, list[BaseException]]
               ) -> None:
        done, errors = call
        deadline = time.monotonic() + self.settings.deploy_timeout_s
        while True:
            if errors:
                raise errors[0]
            state, why = self.backend.status(spec)
            if not done.is_set() and state != "deploying":  # the call has not returned yet
                state, why = "deploying", "starting"
            if state == "ready":
                return
            if state == "failed":
                raise DeployFailed(why or "the deployment failed")
            if time.monotonic() > deadline:
                raise DeployFailed(f"not ready after {self.settings.deploy_timeout_s:g} s"
                                   + (f": {why}" if why else ""))
            if self.stop.wait(0.25):
                raise DeployFailed("the agent is stopping")

    def retire(self, digest: str) -> None:
        """Stop serving a version (idempotent: a lost report means it is asked again)."""
        state = self._states.pop(digest, None)
        spec = self._specs.pop(digest, None)
        if spec is not None:
            self.backend.retire(spec.name, spec.version, digest)
        elif state is not None:
            log.warning("retiring %s: never deployed here", digest[:16])
        with self._report_lock:
            self._reported.pop(digest, None)
        self.report(digest, "retired")

    def wake(self, digest: str) -> None:
        """A client waits for an idle version: make Serve scale it up; sync_keys reports it
        ready once its replica announced keys."""
        spec = self._specs.get(digest)
        if spec is not None and self._states.get(digest) == "idle":
            threading.Thread(target=self._wake, args=(spec,), daemon=True,
                             name=f"cocoon-wake-{spec.name}").start()

    def _wake(self, spec: HostSpec) -> None:
        try:
            self.backend.wake(spec)  # returns once a replica is up (its keys announced)
            if self._states.get(spec.digest) == "idle" and self.report_keys(spec.digest,
                                                                            force=True):
                self._states[spec.digest] = "ready"  # at once, not at the next key sync
        except Exception as exc:  # the next sync reports it anyway, if it woke
            log.warning("waking %s failed: %s", spec.name, exc)

    # -- replica keys ------------------------------------------------------------------------

    def report_keys(self, digest: str, *, force: bool = False) -> bool:
        """Report the version ready with its replicas' current public keys, if they changed
        since the last report (or ``force``). No replica (scaled to zero): returns False
        without reporting."""
        keys = self.backend.replica_keys(digest)
        if not keys:
            return False
        if self.certifier is not None:  # a stake named later: the same keys again, certified
            keys = self.certifier.certify(keys)
        ids = frozenset(f"{k.key_id}:{k.stake_cert is not None}" for k in keys)
        with self._report_lock:
            if not force and self._reported.get(digest) == ids:
                return False
        self.report(digest, "ready", keys=keys)
        with self._report_lock:
            self._reported[digest] = ids
        return True

    def sync_keys(self) -> None:
        """Report every served version whose replicas rotated, restarted or scaled: ``ready``
        with new keys, ``idle`` when none is left (scaled to zero)."""
        for digest, state in list(self._states.items()):
            if state not in ("ready", "idle"):
                continue
            try:
                if self.report_keys(digest, force=state == "idle"):
                    self._states[digest] = "ready"
                elif state == "ready" and not self.backend.replica_keys(digest):
                    self._states[digest] = "idle"
                    with self._report_lock:
                        self._reported.pop(digest, None)
                    self.report(digest, "idle")
            except (httpx.TransportError, CocoonError) as exc:
                log.warning("reporting replica keys failed: %s", exc)

    def _sync_loop(self) -> None:
        while not self.stop.wait(self.settings.key_sync_s):
            self.sync_keys()

    def _heartbeat_loop(self) -> None:
        """Liveness on its own thread: whatever a deploy or a poll does, the platform hears
        from this provider every ``heartbeat_s``."""
        while True:
            try:
                self._call("POST", f"/v1/providers/{self.settings.id}/heartbeat")
            except (httpx.TransportError, CocoonError) as exc:
                log.warning("heartbeat failed: %s", exc)
            if self.stop.wait(self.settings.heartbeat_s):
                return

    def keep_vouchers(self) -> None:
        """Until stopped: hold the newest platform-signed voucher (runs on a thread of its
        own, so a slow answer while the platform settles never delays a heartbeat)."""
        while not self.stop.wait(self.settings.voucher_s):
            try:
                self.vouchers.refresh()
            except (httpx.TransportError, CocoonError) as exc:
                log.warning("fetching our voucher failed: %s", exc)

    # -- main loop ---------------------------------------------------------------------------

    def poll(self) -> AssignmentPoll:
        have = ",".join(d for d, st in self._states.items())
        out = AssignmentPoll.model_validate(self._call(
            "GET", f"/v1/providers/{self.settings.id}/assignments",
            params={"wait": POLL_WAIT_S, "have": have, "since": self._since}))
        return out

    def handle(self, answer: AssignmentPoll) -> None:
        for a in answer.assignments:
            if a.digest not in self._states:
                self.start_apply(a)
        for digest in answer.retire:
            try:
                self.retire(digest)
            except Exception as exc:  # asked again on the next poll
                log.warning("retiring %s failed: %s", digest[:16], exc)
        for digest in answer.wake:
            self.wake(digest)
        self._since = max(self._since, answer.now_ms)

    def run(self) -> None:
        self.backend.start()
        if self.settings.metrics_port is not None:
            self.metrics_server = self.metrics.serve(self.settings.metrics_host,
                                                     self.settings.metrics_port)
        self.register()
        log.warning("provider %s registered (simulated TEE: %s)", self.settings.id, self.simulated)
        threading.Thread(target=self._sync_loop, name="cocoon-key-sync", daemon=True).start()
        threading.Thread(target=self._heartbeat_loop, name="cocoon-heartbeat",
                         daemon=True).start()
        if self.settings.payout_address:
            threading.Thread(target=self.keep_vouchers, name="cocoon-vouchers",
                             daemon=True).start()
        while not self.stop.is_set():
            try:
                answer = self.poll()
            except (httpx.TransportError, CocoonError) as exc:
                self.metrics.polls.labels("failed").inc()
                log.warning("assignment poll failed: %s", exc)
                if isinstance(exc, CocoonError) and exc.code == "unknown_provider":
                    self.register()
                self.stop.wait(1.0)
                continue
            self.metrics.polls.labels("ok").inc()
            self.handle(answer)
            if answer.drain:
                self.drain()
                return

    def drain(self) -> None:
        """Leave: stop taking work, let in-flight calls finish (the backend's graceful stop),
        tell the platform we left, stop. The platform already routes nothing new here."""
        log.warning("provider %s drains and leaves", self.settings.id)
        self.backend.stop()
        try:
            self._call("POST", f"/v1/providers/{self.settings.id}/left")
        except (httpx.TransportError, CocoonError) as exc:
            log.warning("could not tell the platform we left: %s", exc)
        self.left = True
        self.stop.set()

    def shutdown(self) -> None:
        self.stop.set()
        if self.metrics_server is not None:
            self.metrics_server.shutdown()
            self.metrics_server.server_close()
            self.metrics_server = None
        try:
            self.backend.stop()  # idempotent: a drained agent stopped it already
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
