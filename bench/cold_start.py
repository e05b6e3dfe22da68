"""Cold start of a function scaled to zero, on a real local Ray cluster (this machine).

`cocoon up --detach` in a fresh COCOON_HOME with a short idle delay; an echo copy with
``min_replicas = 0`` is deployed and served once. Then, ``--rounds`` times: wait until Serve
removed its last replica and the agent reported the placement ``idle`` (no keys, no offer),
and time one SDK call from the client's first request to its result. That call asks the
gateway for offers, the gateway wakes the placement (the provider's poll carries ``wake``),
the agent calls the version through a Serve handle, Serve starts a replica, the replica makes
its keys, the agent reports them, the gateway answers the waiting client, which seals, calls
and opens the result. A warm call is timed beside it.

Run: .venv/bin/python bench/cold_start.py [--rounds 5] [--idle-s 2]
The last line printed is one JSON object (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "cocoon.platform.cli.main"]


def cocoon(home: Path, env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([*CLI, *args], cwd=REPO, env={**env, "COCOON_HOME": str(home)},
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise SystemExit(f"cocoon {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def state(client, name: str) -> str:
    return ",".join(p.state for p in client.describe(name).placements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--idle-s", type=float, default=2.0, help="Serve's downscale delay")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="cocoon-cold-"))
    env = {**os.environ, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
           "COCOON_PROVIDER_DOWNSCALE_DELAY_S": str(args.idle_s)}
    folder = home / "sleepy"
    shutil.copytree(REPO / "templates" / "echo", folder)
    (folder / "cocoon.toml").write_text('name = "sleepy"\n[resources]\ncpus = 0.1\n'
                                        "min_replicas = 0\n[pricing]\nunit_price = 1000\n")
    cocoon(home, env, "up", "--detach")
    try:
        os.environ["COCOON_HOME"] = str(home)
        from cocoon.platform.sdk import Client

        cocoon(home, env, "deploy", str(folder))
        cold, warm = [], []
        with Client() as client:
            client.invoke("sleepy", 0)
            for i in range(args.rounds):
                deadline = time.monotonic() + 120
                while state(client, "sleepy") != "idle":
                    if time.monotonic() > deadline:
                        raise SystemExit("the version never scaled to zero")
                    time.sleep(0.2)
                started = time.perf_counter()
                assert client.invoke("sleepy", i).output == i
                cold.append(time.perf_counter() - started)
                started = time.perf_counter()
                client.invoke("sleepy", i)
                warm.append(time.perf_counter() - started)
                print(f"round {i + 1}: cold {cold[-1]:.2f} s, warm {warm[-1] * 1000:.1f} ms",
                      flush=True)
    finally:
        cocoon(home, env, "down")
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps({"rounds": args.rounds, "idle_s": args.idle_s,
                      "cold_start_s": {"median": round(statistics.median(cold), 2),
                                       "max": round(max(cold), 2)},
                      "warm_call_s": {"median": round(statistics.median(warm), 4)}}))


if __name__ == "__main__":
    main()
