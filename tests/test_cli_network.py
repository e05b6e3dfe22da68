"""The CLI against a live (Ray-free) network: tables for people, JSON for scripts (``--json``
means JSON output on every command), the payload through ``--data`` (inline, @file, stdin),
and errors as one readable line with the error code and exit status 1."""

from __future__ import annotations

import json

from harness import TEMPLATES, running_network
from typer.testing import CliRunner

from cocoon.platform.cli.main import app

runner = CliRunner()


def run(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"}, input=input)
    assert "Traceback" not in result.output
    return result


def test_invoke_prints_json_result(network):
    result = run("invoke", "echo", "--data", '{"a": [1, 2, {"b": null}]}')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"a": [1, 2, {"b": None}]}


def test_invoke_payload_from_a_file_or_stdin(network, tmp_path):
    payload = tmp_path / "payload.json"
    payload.write_text('{"from": "file"}')
    assert json.loads(run("invoke", "echo", "-d", f"@{payload}").stdout) == {"from": "file"}
    piped = run("invoke", "echo", "-d", "-", input='["from", "stdin"]')
    assert json.loads(piped.stdout) == ["from", "stdin"]


def test_invoke_json_has_output_receipt_and_tee(network):
    result = run("invoke", "echo", "--data", '"just a string"', "--json")
    doc = json.loads(result.stdout)
    assert doc["output"] == "just a string" and doc["simulated"] is True
    assert doc["receipt"]["receipt"]["function"] == "echo"
    assert len(doc["receipt"]["signature"]) == 128
    assert result.stderr == ""  # with --json, stderr is for errors only


def test_invoke_with_receipt_table(network):
    result = run("invoke", "echo", "-d", "{}", "--receipt")
    assert result.exit_code == 0
    assert "receipt" in result.stdout and "simulated" in result.stdout and "0.000001 TON" in (
        result.stdout)


def test_tables_and_json_listings(network):
    functions = json.loads(run("functions", "--json").stdout)
    assert [f["name"] for f in functions] == ["echo"]
    providers = json.loads(run("providers", "--json").stdout)
    assert providers[0]["online"] and providers[0]["evidence_kinds"] == ["simulated"]
    run("invoke", "echo", "--data", "{}")
    usage = json.loads(run("usage", "--json").stdout)
    assert usage["summary"][0]["function"] == "echo" and usage["summary"][0]["calls"] >= 1
    for command, expected in (("functions", "echo"), ("providers", "local"), ("usage", "echo")):
        result = run(command)
        assert result.exit_code == 0 and expected in result.stdout


def test_deploy_is_a_noop_for_unchanged_code(network):
    doc = json.loads(run("deploy", str(TEMPLATES / "echo"), "--json").stdout)
    assert doc["name"] == "echo" and doc["created"] is False
    assert doc["endpoint"].endswith("/v1/functions/echo/invoke")


def test_init_then_deploy_and_invoke(network, tmp_path):
    assert run("init", str(tmp_path / "hello"), "--template", "echo").exit_code == 0
    deployed = json.loads(run("deploy", str(tmp_path / "hello"), "--json").stdout)
    assert deployed["name"] == "hello" and deployed["created"] is True
    out = json.loads(run("invoke", "hello", "-d", '{"msg": "hi"}', "--json").stdout)
    assert out["output"] == {"msg": "hi"}


def test_keys_create_makes_a_working_key(network):
    key = run("keys", "create").stdout.strip()
    assert key.startswith("ck_c_")
    with network.http(key) as http:
        assert http.get("/v1/account").status_code == 200
    doc = json.loads(run("keys", "create", "--role", "provider", "--json").stdout)
    assert doc["key"].startswith("ck_p_") and doc["role"] == "provider"


def test_errors_are_one_line_with_a_code(network):
    result = run("invoke", "missing", "--data", "{}")
    assert result.exit_code == 1 and "unknown_function" in result.stderr
    assert "cocoon functions" in result.stderr  # the hint
    result = run("invoke", "echo", "--data", "{oops")
    assert result.exit_code == 1 and "invalid_json" in result.stderr
    result = run("deploy", "/nonexistent/folder")
    assert result.exit_code == 1 and "invalid_manifest" in result.stderr


def test_json_errors_go_to_stderr(network):
    result = run("invoke", "missing", "--data", "{}", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(result.stderr)["error"]["code"] == "unknown_function"


def test_earnings_use_the_gateways_fee(tmp_path, monkeypatch):
    """The gateway runs with a fee its config file does not show: the CLI asks the gateway
    (GET /v1/network), so earnings apply the fee the gateway settles with."""
    with running_network(tmp_path / "home", fee_bps=1234, settle_interval_s=0) as net:
        monkeypatch.setenv("COCOON_HOME", str(net.home))
        with net.http(None) as http:
            assert http.get("/v1/network").json()["fee_bps"] == 1234
        net.client().invoke("echo", {"x": 1})
        assert json.loads(run("settle", "--json").stdout)["platform_fees"] == 1000 * 1234 // 10_000
        earned = json.loads(run("earnings", "local", "--json").stdout)
        assert earned["fee_bps"] == 1234 and earned["gross"] >= 1000
        assert earned["fee"] == earned["gross"] * 1234 // 10_000
