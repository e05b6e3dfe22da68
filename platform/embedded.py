"""The embedded network: a whole Cocoon network on one machine, all on 127.0.0.1.

``up`` bootstraps the state under ``$COCOON_HOME`` (database, a local account with its client
and provider API keys, config.toml, and on the embedded TON chain: the client's wallet funded
from the faucet with its payment channel to the platform, whose deposit is the account's balance,
and the provider's payout wallet), then starts two processes: the gateway
and a provider agent that runs a local Ray cluster with a simulated TEE. Each runs in its own
process group, recorded in ``run/network.json``, so ``down`` can stop everything they started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from pydantic import BaseModel

from cocoon.contracts.channel import PaymentChannel
from cocoon.contracts.messages import wallet_address
from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError

from .db import Database
from .ledger import Ledger
from .registry import Registry
from .settlement import local

LOOPBACK = "127.0.0.1"
PROVIDER_ID = "local"
STARTING_BALANCE = 100 * 10**9  # nanotons the client deposits into its channel at `cocoon up`
WALLET_GAS = 10 * 10**9  # the faucet also pays the client wallet's gas
READY_TIMEOUT_S = 180.0


class NetworkState(BaseModel):
    gateway_url: str
    gateway_pid: int
    provider_pid: int
    started_ms: int
    home: str
    pid_starts: dict[int, int] = {}  # pid -> start time (clock ticks): a reused pid is not ours

    def roots(self) -> set[int]:
        """The network's two root processes that are still the ones it started."""
        return {pid for pid in (self.gateway_pid, self.provider_pid)
                if _start_time(pid) is not None and _start_time(pid) == self.pid_starts.get(pid)}


def run_dir() -> Path:
    return config.cocoon_home() / "run"


def state_path() -> Path:
    return run_dir() / "network.json"


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind((LOOPBACK, port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise CocoonError("conflict", "no free port on 127.0.0.1")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as gone
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


def current() -> NetworkState | None:
    """The running network, or None (a stale state file is cleaned up)."""
    path = state_path()
    if not path.is_file():
        return None
    state = NetworkState.model_validate_json(path.read_text())
    return state if state.roots() else None


class Money(BaseModel):
    channel: str
    voucher_key: str
    payout_address: str
    payout_key: str


def _open_money(home: Path, account: str) -> Money:
    """Client wallet + channel (deposit = balance) and provider payout wallet; idempotent."""
    settlement = local.open_settlement(home)
    try:
        key = local.load_or_create_wallet(home)
        known = settlement.client(account)
        if known is None or not PaymentChannel(settlement.chain, known.channel_address).exists():
            wallet = wallet_address(key.public)
            if settlement.chain.balance(wallet) < STARTING_BALANCE + WALLET_GAS:
                settlement.chain.fund(wallet, STARTING_BALANCE + WALLET_GAS)
        channel = settlement.open_client_channel(
            account, key, STARTING_BALANCE, platform_signs=False
        )
        payout_key = local.provider_payout_key(home)
        payout_raw = wallet_address(payout_key.public).to_str(is_user_friendly=False)
        settlement.register_provider(PROVIDER_ID, payout_raw, payout_key.public)
        return Money(channel=channel.channel_address, voucher_key=str(local.wallet_path(home)),
                     payout_address=payout_raw, payout_key=payout_key.public.hex())
    finally:
        settlement.close()
        settlement.chain.close()  # type: ignore[attr-defined]


def bootstrap(gateway_port: int, serve_port: int) -> None:
    """Create (once) the local account, its keys, wallet and channel; (re)write config.toml."""
    home = config.cocoon_home()
    home.mkdir(parents=True, exist_ok=True)
    existing = config.read_file()
    db = Database(home / "platform.db")
    try:
        registry, ledger = Registry(db), Ledger(db)
        client_key = existing.get("client", {}).get("api_key")
        provider_key = existing.get("provider", {}).get("token")
        principal = registry.authenticate(client_key) if client_key else None
        if principal is None:
            account = registry.create_account("local")
            client_key = registry.create_key(account, "admin")
            provider_key = registry.create_key(account, "provider")
        else:
            account = principal.account
            if not provider_key or registry.authenticate(provider_key) is None:
                provider_key = registry.create_key(account, "provider")
        money = _open_money(home, account)
        ledger.deposit(account, STARTING_BALANCE, source="channel", ref=f"channel:{money.channel}")
    finally:
        db.close()
    gateway_url = f"http://{LOOPBACK}:{gateway_port}"
    config.write_section(
        "gateway", {"host": LOOPBACK, "port": gateway_port, "allow_simulated": True}
    )
    config.write_section(
        "client",
        {
            "gateway_url": gateway_url,
            "api_key": client_key,
            "allow_simulated": True,
            "account": account,
            "voucher_key": money.voucher_key,
            "channel": money.channel,
        },
    )
    config.write_section(
        "provider",
        {
            "id": PROVIDER_ID,
            "gateway_url": gateway_url,
            "token": provider_key,
            "serve_host": LOOPBACK,
            "serve_port": serve_port,
            "ray_temp_dir": str(Path("/tmp") / f"cocoon-ray-{os.getuid()}-{gateway_port}"),
            "allow_simulated": True,
            "payout_address": money.payout_address,
            "payout_key": money.payout_key,
        },
    )


def _spawn(module: str, log_name: str) -> subprocess.Popen[bytes]:
    logs = config.cocoon_home() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "PYTHONUNBUFFERED": "1"}
    with open(logs / log_name, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def up(progress: Callable[[str], None] = lambda _: None) -> NetworkState:
    """Start the network (or return the running one) and wait until a provider is online."""
    running = current()
    if running is not None:
        return running
    previous = config.read_file()
    gateway_port = free_port(int(previous.get("gateway", {}).get("port", 8470)))
    serve_port = free_port(int(previous.get("provider", {}).get("serve_port", 8471)))
    if serve_port == gateway_port:
        serve_port = free_port(0)
    progress("bootstrapping local account")
    bootstrap(gateway_port, serve_port)
    run_dir().mkdir(parents=True, exist_ok=True)
    progress("starting gateway")
    gateway = _spawn("cocoon.platform.gateway", "gateway.log")
    progress("starting provider (local Ray cluster, simulated TEE)")
    provider = _spawn("cocoon.runtime.agent", "provider.log")
    state = NetworkState(
        gateway_url=f"http://{LOOPBACK}:{gateway_port}",
        gateway_pid=gateway.pid,
        provider_pid=provider.pid,
        started_ms=int(time.time() * 1000),
        home=str(config.cocoon_home()),
        pid_starts={pid: _start_time(pid) or 0 for pid in (gateway.pid, provider.pid)},
    )
    state_path().write_text(state.model_dump_json())
    try:
        wait_ready(state, progress)
    except BaseException:
        down()
        raise
    return state


def wait_ready(state: NetworkState, progress: Callable[[str], None]) -> None:
    api_key = config.read_file()["client"]["api_key"]
    deadline = time.monotonic() + READY_TIMEOUT_S
    stage = "gateway"
    with httpx.Client(base_url=state.gateway_url, timeout=5, trust_env=False) as http:
        while time.monotonic() < deadline:
            for pid, name in ((state.gateway_pid, "gateway"), (state.provider_pid, "provider")):
                if not _alive(pid):
                    log = config.cocoon_home() / "logs" / f"{name}.log"
                    raise CocoonError("internal", f"the {name} exited during start-up; see {log}")
            try:
                if stage == "gateway":
                    http.get("/healthz").raise_for_status()
                    stage = "provider"
                    progress("waiting for the provider to attest and register")
                providers = http.get(
                    "/v1/providers", headers={"authorization": f"Bearer {api_key}"}
                ).json()
                if any(p.get("online") for p in providers):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.3)
    raise CocoonError("provider_timeout", "the embedded network did not become ready in time")


def down(timeout_s: float = 30.0) -> bool:
    """Stop the gateway and the provider (and the Ray cluster it started). True if any ran.

    Every process of the network is found by process group and by parentage (Ray's actors
    run in groups of their own), asked to stop, and killed if still there after ``timeout_s``.
    """
    path = state_path()
    if not path.is_file():
        return False
    state = NetworkState.model_validate_json(path.read_text())
    roots = state.roots()
    if not roots:  # stale: those pids are gone, or belong to other programs now
        path.unlink(missing_ok=True)
        return False
    members = network_processes(roots)
    for pgid in roots:
        _signal(pgid, signal.SIGTERM, group=True)
    deadline = time.monotonic() + timeout_s
    while members and time.monotonic() < deadline:
        time.sleep(0.2)
        members = network_processes(roots) | {p for p in members if _running(p)}
    for pgid in roots:
        _signal(pgid, signal.SIGKILL, group=True)
    for pid in members:
        _signal(pid, signal.SIGKILL, group=False)
    path.unlink(missing_ok=True)
    return True


def _process_table() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, state letter), from /proc."""
    table = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(proc.name)] = (int(fields[1]), int(fields[2]), fields[0])
    return table


def network_processes(roots: set[int]) -> set[int]:
    """Live processes in the roots' process groups, and all their descendants."""
    table = {pid: t for pid, t in _process_table().items() if t[2] != "Z"}
    found = {pid for pid, (_, pgid, _) in table.items() if pgid in roots}
    found |= roots & table.keys()
    grew = True
    while grew:
        children = {pid for pid, (ppid, _, _) in table.items() if ppid in found} - found
        found |= children
        grew = bool(children)
    return found


def _start_time(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _signal(target: int, sig: int, *, group: bool) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group:
            os.killpg(target, sig)
        else:
            os.kill(target, sig)
