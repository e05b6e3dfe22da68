"""What the OpenAI API costs in latency: the official ``openai`` client through ``cocoon proxy``
(and through the in-process ``CocoonTransport``) vs the SDK calling the same function directly.

The network is ``bench/gateway_load.py``'s three Ray-free processes, with ``templates/embeddings``
and ``templates/llm`` deployed; ``cocoon proxy`` runs as its own process on 127.0.0.1 under the
same ``$COCOON_HOME``. Per kind of call, the same request each way, the ways taken in turn:

- embeddings: one short text (``/v1/embeddings`` vs ``client.invoke("embeddings", ...)``);
- chat: one message, ``max_tokens`` 1, temperature 0 (``/v1/chat/completions`` vs
  ``client.invoke("llm", ...)``): the generation is a few milliseconds, the rest is the path;
- first_token: the same chat streamed (``max_tokens`` 8), timed to the first content delta
  (SSE ``chat.completions.create(stream=True)`` vs ``client.stream``), each read to its end.

The ways: ``sdk`` (``Client.invoke``), ``proxy`` (``openai.OpenAI`` -> ``cocoon proxy``),
``proxy_http`` (plain ``httpx`` posts to the proxy: the proxy's own cost without the openai
client's) and ``transport`` (``openai.OpenAI`` over ``CocoonTransport``, no proxy process).
Each way has its own client, warmed first (offers verified, account read, connection open).
Figures: p50/p99 per way, and the latency each adds over the SDK at p50 and p99.

Run: .venv/bin/python bench/proxy_latency.py [--calls 200]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy: compare within a run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gateway_load import REPO, free_port, local_network, percentile

TEXT = "The lighthouse keeper found a message in a bottle."
MESSAGES = [{"role": "user", "content": "Say hello."}]
STREAMED = {"messages": MESSAGES, "max_tokens": 8, "temperature": 0}


@contextlib.contextmanager
def proxy(port: int) -> Iterator[str]:
    """``cocoon proxy`` in the foreground, as its own process; yields its base URL."""
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "cocoon.platform.cli.main", "proxy",
                             "--port", str(port)], cwd=REPO, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/models", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("cocoon proxy did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def small_copy(template: str, home: Path) -> Path:
    """The template with ``cpus = 0.5``: the local provider offers ``os.cpu_count()`` CPUs and
    both templates (1 each) and echo would not fit on a 2-core machine. The path is the same
    either way (the generation is one token), so what the proxy adds is unchanged."""
    folder = home / "functions" / template
    shutil.copytree(REPO / "templates" / template, folder)
    manifest = folder / "cocoon.toml"
    manifest.write_text(re.sub(r"^cpus\s*=.*$", "cpus = 0.5", manifest.read_text(), count=1,
                               flags=re.MULTILINE))
    return folder


def transport_client(gateway_url: str, key: str) -> Any:
    """``openai.OpenAI`` over the in-process transport (no proxy process), or None if the
    SDK has none."""
    import httpx
    import openai

    try:
        from cocoon.platform.sdk.openai import CocoonTransport
    except ImportError:
        return None
    transport = CocoonTransport(gateway_url)  # the key: each request's bearer
    return openai.OpenAI(base_url="http://cocoon.local/v1", api_key=key,
                         http_client=httpx.Client(transport=transport))


def timed(calls: int, ways: dict[str, Callable[[], Any]]) -> dict[str, list[float]]:
    """Each way once to warm up, then ``calls`` rounds taking the ways in turn (ms)."""
    for call in ways.values():
        call()
    out: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(calls):
        for name, call in ways.items():
            t0 = time.perf_counter()
            first = call()  # a streamed way returns when its first token came
            ended = first if isinstance(first, float) else time.perf_counter()
            out[name].append((ended - t0) * 1000)
    return out


def sdk_first_token(client: Any) -> float:
    """``Client.stream``: when the first text delta came (the rest read to the receipt)."""
    first = None
    with client.stream("llm", {**STREAMED, "stream": True}) as stream:
        for item in stream:
            if first is None and isinstance(item, dict) and item.get("delta"):
                first = time.perf_counter()
    assert first is not None, "no token streamed"
    return first


def openai_first_token(oa: Any) -> float:
    """The openai client's SSE stream: when the first content delta came (read to the end)."""
    first = None
    for chunk in oa.chat.completions.create(model="llm", stream=True, **STREAMED):
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter()
    assert first is not None, "no token streamed"
    return first


def summary(samples: dict[str, list[float]]) -> dict[str, Any]:
    figures: dict[str, Any] = {name: {"p50_ms": round(percentile(s, 50), 2),
                                      "p99_ms": round(percentile(s, 99), 2)}
                               for name, s in samples.items()}
    base = figures["sdk"]
    for name in samples:
        if name != "sdk":
            figures[name]["added_p50_ms"] = round(figures[name]["p50_ms"] - base["p50_ms"], 2)
            figures[name]["added_p99_ms"] = round(figures[name]["p99_ms"] - base["p99_ms"], 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per way and kind")
    args = parser.parse_args()

    import httpx
    import openai

    env = {"COCOON_GATEWAY_SETTLE_INTERVAL_S": "0"}  # no settlement pass mid-run
    with local_network("cocoon-proxy-latency-", env) as (home, cfg, _pid):
        from cocoon.platform.sdk import Client

        url, key = cfg["client"]["gateway_url"], cfg["client"]["api_key"]
        with Client(url, key) as client:
            for name in ("embeddings", "llm"):
                out = client.deploy(small_copy(name, home))
                client.wait_served(out.name, out.digest, timeout_s=300)
            with proxy(free_port()) as base_url:
                via_proxy = openai.OpenAI(base_url=base_url, api_key=key, max_retries=0)
                via_transport = transport_client(url, key)
                clients = {"proxy": via_proxy, "transport": via_transport}
                clients = {k: v for k, v in clients.items() if v is not None}
                kinds: dict[str, dict[str, Callable[[], Any]]] = {
                    "embeddings": {"sdk": lambda: client.invoke("embeddings", {"texts": [TEXT]})},
                    "chat": {"sdk": lambda: client.invoke(
                        "llm", {"messages": MESSAGES, "max_tokens": 1, "temperature": 0})},
                    "first_token": {"sdk": lambda: sdk_first_token(client)},
                }
                raw = httpx.Client(base_url=base_url, timeout=60,
                                   headers={"authorization": f"Bearer {key}"})
                kinds["embeddings"]["proxy_http"] = lambda: raw.post(
                    "/embeddings", json={"model": "embeddings", "input": TEXT}).raise_for_status()
                kinds["chat"]["proxy_http"] = lambda: raw.post("/chat/completions", json={
                    "model": "llm", "messages": MESSAGES, "max_tokens": 1,
                    "temperature": 0}).raise_for_status()
                for way, oa in clients.items():
                    kinds["embeddings"][way] = (lambda oa=oa: oa.embeddings.create(
                        model="embeddings", input=TEXT))
                    kinds["chat"][way] = (lambda oa=oa: oa.chat.completions.create(
                        model="llm", messages=MESSAGES, max_tokens=1, temperature=0))
                    kinds["first_token"][way] = lambda oa=oa: openai_first_token(oa)
                results = {}
                for kind, ways in kinds.items():
                    results[kind] = summary(timed(args.calls, ways))
                    for way, f in results[kind].items():
                        added = (f" ({f['added_p50_ms']:+} ms p50, {f['added_p99_ms']:+} ms p99)"
                                 if "added_p50_ms" in f else "")
                        print(f"{kind:>10} {way:>9}: p50 {f['p50_ms']} ms  p99 {f['p99_ms']} ms"
                              f"{added}", flush=True)
    print(json.dumps({"bench": "proxy_latency", "calls": args.calls, "cpus": os.cpu_count(),
                      **results}))


if __name__ == "__main__":
    main()
