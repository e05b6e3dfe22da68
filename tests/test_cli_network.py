"""The CLI against a live (Ray-free) network: tables for people, JSON for scripts, and errors
as one readable line with the error code and exit status 1."""

from __future__ import annotations

import json

from harness import TEMPLATES
from typer.testing import CliRunner

from cocoon.platform.cli.main import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result


def test_invoke_prints_json_result(network):
    result = run("invoke", "echo", "--json", '{"a": [1, 2, {"b": null}]}')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"a": [1, 2, {"b": None}]}


def test_invoke_with_receipt(network):
    result = run("invoke", "echo", "--json", '"just a string"', "--receipt")
    doc = json.loads(result.stdout)
    assert doc["result"] == "just a string"
    assert doc["receipt"]["receipt"]["function"] == "echo"
    assert len(doc["receipt"]["signature"]) == 128


def test_tables_and_json_listings(network):
    functions = json.loads(run("functions", "--json").stdout)
    assert [f["name"] for f in functions] == ["echo"]
    providers = json.loads(run("providers", "--json").stdout)
    assert providers[0]["online"] and providers[0]["evidence_kinds"] == ["simulated"]
    run("invoke", "echo", "--json", "{}")
    usage = json.loads(run("usage", "--json").stdout)
    assert usage["summary"][0]["function"] == "echo" and usage["summary"][0]["calls"] >= 1
    for command, expected in (("functions", "echo"), ("providers", "local"), ("usage", "echo")):
        result = run(command)
        assert result.exit_code == 0 and expected in result.stdout


def test_deploy_is_a_noop_for_unchanged_code(network):
    doc = json.loads(run("deploy", str(TEMPLATES / "echo"), "--json").stdout)
    assert doc["name"] == "echo" and doc["created"] is False
    assert doc["endpoint"].endswith("/v1/functions/echo/invoke")


def test_keys_create_makes_a_working_key(network):
    key = run("keys", "create").stdout.strip()
    assert key.startswith("ck_c_")
    with network.http(key) as http:
        assert http.get("/v1/account").status_code == 200


def test_errors_are_one_line_with_a_code(network):
    result = run("invoke", "missing", "--json", "{}")
    assert result.exit_code == 1 and "unknown_function" in result.stderr
    result = run("invoke", "echo", "--json", "{oops")
    assert result.exit_code == 1 and "invalid_json" in result.stderr
    result = run("deploy", "/nonexistent/folder")
    assert result.exit_code == 1 and "invalid_manifest" in result.stderr
