"""The committed code is what the pinned compiler produces from the committed sources."""

import shutil
import subprocess
from pathlib import Path

import pytest

from cocoon.contracts.artifacts import artifact, code_cell

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


NAMES = ["payment_channel", "root", "provider_stake"]


@pytest.mark.parametrize("name", NAMES)
def test_committed_boc_matches_its_hash(name):
    a = artifact(name)
    assert code_cell(name).hash.hex().upper() == a.codeHashHex.upper()
    assert a.tolkVersion == "0.13.0"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.skipif(
    not (CONTRACTS / "node_modules" / "@ton" / "tolk-js").is_dir(),
    reason="contracts/node_modules missing: run `npm ci --prefix contracts`",
)
def test_rebuild_with_pinned_compiler_reproduces_hash():
    run = subprocess.run(
        ["node", "build.mjs", "--check"], cwd=CONTRACTS, capture_output=True, text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for name in NAMES:
        assert f"{name}: {artifact(name).codeHashHex} matches committed" in run.stdout
