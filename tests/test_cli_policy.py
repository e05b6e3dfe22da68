"""`cocoon policy show|allow|revoke` on the embedded network's root contract (real TVM), and
the SDK and gateway reading what it changed from the chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cocoon.contracts.messages import wallet_address
from cocoon.platform import embedded
from cocoon.platform.cli.main import app
from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.platform.sdk.client import Client
from cocoon.platform.settlement import local
from cocoon.runtime import config

runner = CliRunner()
MRTD = "91" * 48


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COCOON_HOME", str(home))
    embedded.bootstrap(18470, 18471)
    return home


def cli(*args: str, input: str | None = None) -> tuple[int, dict]:
    result = runner.invoke(app, ["policy", *args, "--json"], input=input)
    text = result.stdout if result.exit_code == 0 else result.stderr
    return result.exit_code, json.loads(text)


def test_up_deploys_a_development_root_with_nothing_allowed(home: Path) -> None:
    cfg = config.read_file()
    assert cfg["client"]["root_address"] == cfg["gateway"]["root_address"]
    code, shown = cli("show")
    assert code == 0 and shown["entries"] == [] and shown["development"] and shown["seqno"] == 0
    owner = wallet_address(local.platform_key(home).public).to_str(is_user_friendly=False)
    assert shown["owner"] == owner
    embedded.bootstrap(18470, 18471)  # a second `up` finds the same root
    assert config.read_file()["client"]["root_address"] == cfg["client"]["root_address"]


def test_allow_and_revoke_with_the_owner_key(home: Path) -> None:
    key_file = str(home / "platform_key")
    code, out = cli("allow", "tdx", "mrtd", MRTD, "--key-file", key_file)
    assert code == 0 and out["seqno"] == 1 and out["value"] == MRTD
    code, err = cli("allow", "tdx", "mrtd", MRTD, "--key-file", key_file)
    assert code == 1 and err["error"]["code"] == "conflict"
    code, shown = cli("show")
    assert [(e["kind"], e["name"], e["value"]) for e in shown["entries"]] == [
        ("tdx", "mrtd", MRTD)]
    # the key may come on stdin too (never on the command line)
    code, out = cli("revoke", "tdx", "mrtd", MRTD, input=(home / "platform_key").read_text())
    assert code == 0 and out["seqno"] == 2 and out["entries"] == 0
    code, err = cli("revoke", "tdx", "mrtd", MRTD, "--key-file", key_file)
    assert code == 1 and err["error"]["code"] == "not_found"
    code, shown = cli("show", "--history")
    assert [(h["seqno"], h["op"], h["entry"]["value"]) for h in shown["history"]] == [
        (0, "add", MRTD), (1, "remove", MRTD)]


def test_strangers_and_bad_input_refused(home: Path, tmp_path: Path) -> None:
    stranger = tmp_path / "stranger"
    stranger.write_text("ab" * 32)
    code, err = cli("allow", "tdx", "mrtd", MRTD, "--key-file", str(stranger))
    assert code == 1 and err["error"]["code"] == "forbidden"
    code, err = cli("allow", "tdx", "mrtd", "xyz", "--key-file", str(home / "platform_key"))
    assert code == 1 and err["error"]["code"] == "bad_request"
    code, err = cli("allow", "sgx", "mrenclave", MRTD, "--key-file", str(home / "platform_key"))
    assert code == 1 and err["error"]["code"] == "bad_request"
    code, err = cli("allow", "tdx", "mrtd", MRTD, input="not a key")
    assert code == 1 and err["error"]["code"] == "bad_request"
    assert cli("show")[1]["seqno"] == 0


def test_sdk_and_gateway_read_the_allowlist_from_the_chain(home: Path) -> None:
    cli("allow", "tdx", "rtmr1", "a5" * 48, "--key-file", str(home / "platform_key"))
    client = Client()
    try:
        policy = client.policy
        assert policy.measurements == {"tdx": ["rtmr1=" + "a5" * 48]}
        assert policy.allow_simulated  # the embedded root says development
    finally:
        client.close()
    gateway = GatewaySettings.load().policy_source().policy()
    assert gateway.measurements == policy.measurements and gateway.allow_simulated


def test_allow_evidence_admits_a_machine_measured_like_it(home: Path) -> None:
    """From a real TDX quote (fixture) to an allowlist the SDK verifies that quote against."""
    import base64
    from datetime import UTC, datetime

    from cocoon.runtime.attestation import Evidence, verify_evidence

    fixtures = Path(__file__).resolve().parent / "fixtures" / "attestation" / "tdx"
    quote = fixtures / "dcap-qvl_tdx_quote.bin"
    evidence = Evidence(kind="tdx", data=base64.b64encode(quote.read_bytes()).decode(),
                        collateral=(fixtures / "dcap-qvl_tdx_quote_collateral.json").read_text())
    at = datetime(2025, 7, 1, tzinfo=UTC)
    client = Client()
    try:
        assert verify_evidence(evidence, client.policy, at=at).reasons == [
            "no tdx measurements are allowlisted by the policy (fail closed)"]
    finally:
        client.close()
    key_file = str(home / "platform_key")
    code, out = cli("allow-evidence", str(quote), "--key-file", key_file)
    assert code == 0, out
    assert [e["name"] for e in out["added"]] == ["mrtd", "rtmr0", "rtmr1", "rtmr2"]
    assert out["seqno"] == 4
    code, again = cli("allow-evidence", str(quote), "--key-file", key_file)
    assert code == 0 and again["added"] == [] and again["already"] == 4
    client = Client()  # a fresh client reads the root again
    try:
        assert verify_evidence(evidence, client.policy, at=at).valid
    finally:
        client.close()
    bad = home / "junk.bin"
    bad.write_bytes(b"\x00" * 10)
    code, err = cli("allow-evidence", str(bad), "--key-file", key_file)
    assert code == 1 and err["error"]["code"] == "invalid_evidence"
