# Two entry points (see README): `make demo` runs the embedded network end to end,
# `make test` runs the suite. Both create .venv and install the project into it first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean system-packages

# A strict editable install: a link tree under build/ that type checkers and IDEs follow. It
# links files, so it is refreshed whenever a package file is added or removed.
PACKAGE_FILES := $(VENV)/.package-files
$(shell mkdir -p $(VENV); git ls-files -co --exclude-standard cocoon platform runtime contracts \
  templates web/sdk/dist web/app/dist 2>/dev/null | grep -v node_modules | LC_ALL=C sort > $(PACKAGE_FILES).new; \
  cmp -s $(PACKAGE_FILES).new $(PACKAGE_FILES) || mv $(PACKAGE_FILES).new $(PACKAGE_FILES))

$(STAMP): pyproject.toml $(PACKAGE_FILES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install --quiet -e '.[dev]' \
	  --config-settings editable_mode=strict
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/cocoon demo

# The pinned Tolk compiler (npm) lets the suite rebuild the contracts and check their hash.
contracts/node_modules/.package-lock.json: contracts/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix contracts --no-audit --no-fund; fi

# The browser SDK's pinned toolchain (esbuild, @hpke/core, @phala/dcap-qvl): the suite rebuilds
# web/sdk/dist/cocoon.js (committed, served at /sdk/cocoon.js) and compares it.
web/sdk/node_modules/.package-lock.json: web/sdk/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix web/sdk --no-audit --no-fund; fi

# The Mini App's pinned toolchain (esbuild, TypeScript, @telegram-apps/sdk, @tonconnect/ui): the
# suite rebuilds web/app/dist (committed, served at /app/) and compares it.
web/app/node_modules/.package-lock.json: web/app/package-lock.json
	if command -v npm >/dev/null; then npm ci --prefix web/app --no-audit --no-fund; fi

# System packages the suite needs (openssh-server and rsync for tests/test_ray_up.py's `ray up`,
# Debian's chromium for tests/browser):
# installed with apt-get when missing and root, else a clear message and a failure.
system-packages:
	sh tests/system_packages.sh

test: $(STAMP) contracts/node_modules/.package-lock.json web/sdk/node_modules/.package-lock.json \
  web/app/node_modules/.package-lock.json system-packages
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) bench/invoke_latency.py
	$(PY) bench/attestation_verify.py
	$(PY) bench/settlement.py
	$(PY) bench/telemetry_overhead.py
	$(PY) bench/gateway_load.py
	$(PY) bench/gateway_postgres.py
	$(PY) bench/debt_gate.py
	$(PY) bench/llm_stream.py
	$(PY) bench/proxy_latency.py
	$(PY) bench/stream_overhead.py
	$(PY) bench/routing.py
	$(PY) bench/cold_start.py

clean:
	rm -rf $(VENV) .pytest_cache
