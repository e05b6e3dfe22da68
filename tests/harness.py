"""A Ray-free Cocoon network for tests: the real gateway (uvicorn on 127.0.0.1), the real
provider agent and runtime, with function versions served by the agent's in-process backend
instead of Ray Serve (the Ray path has its own tests in test_e2e_ray.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from cocoon.platform import embedded
from cocoon.platform.gateway.app import create_app
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.gateway.state import Gateway
from cocoon.platform.sdk import Client
from cocoon.runtime import config
from cocoon.runtime.agent import AgentSettings, ProviderAgent
from cocoon.runtime.backends import InProcessBackend

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    def __init__(self, app, port: int) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                          timeout_graceful_shutdown=1)
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Network:
    home: Path
    gateway_url: str
    client_key: str
    provider_key: str
    agent: ProviderAgent
    backend: InProcessBackend
    gateway: ServerThread
    agent_thread: threading.Thread
    clients: list[Client] = field(default_factory=list)

    @property
    def database(self) -> Path:
        return self.home / "platform.db"

    @property
    def state(self) -> Gateway:
        """The running gateway's state (registry, ledger, router...), for tests to look into."""
        return self.gateway.server.config.app.state.gateway

    def client(self, **kwargs) -> Client:
        c = Client(self.gateway_url, kwargs.pop("api_key", self.client_key), **kwargs)
        self.clients.append(c)
        return c

    def http(self, key: str | None = "client") -> httpx.Client:
        headers = {}
        if key == "client":
            headers["authorization"] = f"Bearer {self.client_key}"
        elif key:
            headers["authorization"] = f"Bearer {key}"
        return httpx.Client(base_url=self.gateway_url, headers=headers, trust_env=False,
                            timeout=30)

    def deploy_and_wait(self, folder: Path, timeout: float = 60) -> str:
        client = self.client()
        out = client.deploy(folder)
        client.wait_served(out.name, out.digest, timeout_s=timeout)
        return out.digest

    def stop(self) -> None:
        for c in self.clients:
            c.close()
        self.agent.shutdown()
        self.gateway.stop()


@contextmanager
def running_network(home: Path, **kwargs) -> Iterator[Network]:
    """A network under ``home`` (COCOON_HOME set meanwhile) with templates/echo deployed."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCOON_HOME", str(home))
        net = start_network(home, **kwargs)
        try:
            net.deploy_and_wait(TEMPLATES / "echo")
            yield net
        finally:
            net.stop()


@contextmanager
def extra_provider(net: Network, provider_id: str, backend: InProcessBackend,
                   price_multiplier: float) -> Iterator[ProviderAgent]:
    """A second provider agent on ``net``, serving echo (waits until its offer is up)."""
    with net.http() as http:
        key = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
    agent = ProviderAgent(AgentSettings(id=provider_id, gateway_url=net.gateway_url, token=key,
                                        allow_simulated=True, price_multiplier=price_multiplier),
                          backend=backend)
    threading.Thread(target=agent.run, daemon=True).start()
    try:
        approve(net, provider_id)
        client = net.client()
        deadline = time.monotonic() + 20
        while provider_id not in {v.offer.provider for v in client.offers("echo", refresh=True)[1]}:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{provider_id} never served echo")
            time.sleep(0.05)
        yield agent
    finally:
        agent.shutdown()


def approve(net: Network, provider_id: str, timeout: float = 20) -> None:
    """The operator's approval of a provider (once it has registered), as `cocoon provider
    approve` does: until then a provider gets no assignments and is never routed to."""
    operator_key = config.read_file()["operator"]["api_key"]
    deadline = time.monotonic() + timeout
    with net.http(operator_key) as http:
        while (resp := http.post(f"/v1/providers/{provider_id}/approve")).status_code == 404:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{provider_id} never registered")
            time.sleep(0.05)
        resp.raise_for_status()


def start_network(home: Path, *, max_body_bytes: int = 1 << 20,
                  backend: InProcessBackend | None = None, endpoint: str | None = None,
                  **gateway_settings: object) -> Network:
    """Needs COCOON_HOME=home in the environment (the config file lives there).
    ``gateway_settings``: further GatewaySettings fields (e.g. settle_interval_s)."""
    home.mkdir(parents=True, exist_ok=True)
    gateway_port = free_port()
    embedded.bootstrap(gateway_port, free_port())
    cfg = config.read_file()
    settings = GatewaySettings(port=gateway_port, database=home / "platform.db",
                               allow_simulated=True, max_body_bytes=max_body_bytes,
                               **gateway_settings)  # type: ignore[arg-type]
    gateway = ServerThread(create_app(settings), gateway_port)
    url = f"http://127.0.0.1:{gateway_port}"
    backend = backend or InProcessBackend()
    agent = ProviderAgent(
        AgentSettings(id="local", gateway_url=url, token=cfg["provider"]["token"],
                      allow_simulated=True, endpoint=endpoint,
                      stake_key=cfg["provider"].get("stake_key")),  # set with min_stake
        backend=backend,
    )
    agent_thread = threading.Thread(target=agent.run, daemon=True)
    agent_thread.start()
    net = Network(home, url, cfg["client"]["api_key"], cfg["provider"]["token"], agent, backend,
                  gateway, agent_thread)
    deadline = time.monotonic() + 20
    with net.http() as http:
        while not any(p["online"] for p in http.get("/v1/providers").json()):
            if time.monotonic() > deadline:
                raise TimeoutError("provider did not register")
            time.sleep(0.05)
    return net
