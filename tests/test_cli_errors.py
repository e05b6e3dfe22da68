"""Every command as a newcomer would try it, with no network running: a fresh COCOON_HOME, bad
arguments, an unreachable gateway, malformed files. Errors are one line with a code and a hint
(or JSON on stderr with ``--json``), the exit status is nonzero, there is never a traceback,
and read commands leave a fresh COCOON_HOME absent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from harness import REPO, free_port
from typer.testing import CliRunner

from cocoon.platform.cli import functions
from cocoon.platform.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A fresh COCOON_HOME (absent) and a gateway URL nobody listens on."""
    return {"COCOON_HOME": str(tmp_path / "home"),
            "COCOON_CLIENT_GATEWAY_URL": f"http://127.0.0.1:{free_port()}",
            "COLUMNS": "200"}


def run(env: dict[str, str], *args: str, input: str | None = None):
    result = runner.invoke(app, list(args), env=env, input=input)
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), repr(result.exception)
    return result


def json_error(env: dict[str, str], *args: str, input: str | None = None) -> dict:
    result = run(env, *args, "--json", input=input)
    assert result.exit_code != 0 and result.stdout == "", result.output
    body = json.loads(result.stderr)
    assert set(body["error"]) >= {"code", "message"}
    return body["error"]


READS = [
    ["functions"],
    ["providers"],
    ["usage"],
    ["status"],
    ["wallet", "show"],
    ["channel", "status"],
    ["earnings", "local"],
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_read_commands_create_no_state(env, args):
    home = Path(env["COCOON_HOME"])
    plain = run(env, *args)
    as_json = run(env, *args, "--json")
    assert not home.exists(), sorted(p.name for p in home.iterdir())
    if plain.exit_code != 0:  # says why, in one line, with a hint
        assert plain.stderr.count("\n") == 1
        assert "error (" in plain.stderr and "hint" in plain.stderr
        assert as_json.exit_code == plain.exit_code and as_json.stdout == ""
        assert json.loads(as_json.stderr)["error"]["code"]
    else:
        json.loads(as_json.stdout)


def test_unreachable_gateway_says_how_to_fix_it(env):
    err = json_error(env, "functions")
    assert err["code"] == "gateway_unreachable"
    assert "cannot reach the gateway" in err["message"] and "cocoon up" in err["hint"]
    plain = run(env, "invoke", "echo", "-d", "{}")
    assert plain.exit_code == 1 and "cocoon up" in plain.stderr


def _malformed_function(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "cocoon.toml").write_text('name = "Not Valid"\n')
    return folder


BAD = [
    # (arguments, expected code, exit status); {tmp} is a scratch folder
    (["no-such-command"], "bad_request", 2),
    (["init"], "bad_request", 2),
    (["init", "{tmp}/x", "--template", "nope"], "not_found", 1),
    (["init", "{tmp}/Bad_Name"], "invalid_manifest", 1),
    (["deploy"], "bad_request", 2),
    (["deploy", "{tmp}/absent"], "invalid_manifest", 1),
    (["deploy", "{tmp}/bad"], "invalid_manifest", 1),
    (["invoke", "echo"], "bad_request", 2),
    (["invoke", "echo", "--data", "{oops"], "invalid_json", 1),
    (["invoke", "echo", "--data", "@{tmp}/absent.json"], "bad_request", 1),
    (["invoke", "echo", "--data", "{}", "--max-price", "-1"], "bad_request", 2),
    (["functions", "--bogus"], "bad_request", 2),
    (["providers", "extra"], "bad_request", 2),
    (["usage", "--limit", "x"], "bad_request", 2),
    (["usage", "--limit", "0"], "bad_request", 2),
    (["keys", "create", "--role", "admin"], "bad_request", 2),
    (["keys", "nope"], "bad_request", 2),
    (["wallet", "create", "extra"], "bad_request", 2),
    (["wallet", "fund", "--amount", "abc"], "bad_request", 1),
    (["wallet", "fund", "--amount", "0"], "bad_request", 1),
    (["wallet", "fund", "--amount", "1e400"], "bad_request", 1),
    (["wallet", "fund", "--amount", "0.0000000001"], "bad_request", 1),
    (["wallet", "fund"], "not_found", 1),
    (["wallet", "import", "--mnemonic-file", "{tmp}/absent"], "bad_request", 1),
    (["channel", "open"], "bad_request", 2),
    (["channel", "open", "--deposit", "-1"], "bad_request", 1),
    (["channel", "open", "--deposit", "1"], "not_found", 1),
    (["channel", "close"], "not_found", 1),
    (["settle"], "not_found", 1),
    (["settle", "--fee-bps", "5"], "bad_request", 2),
    (["earnings"], "bad_request", 2),
    (["attest", "verify", "{tmp}/absent.bin"], "invalid_evidence", 2),
    (["attest", "verify", "{tmp}/bad/cocoon.toml", "--at", "yesterday"], "invalid_evidence", 2),
    (["status", "--bogus"], "bad_request", 2),
    (["up", "--bogus"], "bad_request", 2),
    (["down", "extra"], "bad_request", 2),
    (["demo", "--bogus"], "bad_request", 2),
]


@pytest.mark.parametrize(("args", "code", "status"), BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_invocations(env, tmp_path, args, code, status):
    _malformed_function(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    plain = run(env, *args)
    assert plain.exit_code == status, plain.output
    assert plain.stdout == "" and f"({code})" in plain.stderr and "hint" in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1, plain.stderr
    err = json_error(env, *args)
    assert err["code"] == code and err["message"]
    assert not Path(env["COCOON_HOME"]).exists()


def test_groups_without_a_command_show_their_help(env):
    result = run(env, "wallet")
    assert result.exit_code == 2 and "create" in result.output and "error" not in result.output


def test_malformed_config_file(env):
    home = Path(env["COCOON_HOME"])
    home.mkdir()
    (home / "config.toml").write_text("[client\n")
    assert json_error(env, "functions")["code"] == "bad_request"
    (home / "config.toml").write_text('[client]\nmax_providers = "many"\n')
    err = json_error(env, "providers")
    assert err["code"] == "bad_request" and "max_providers" in err["message"]
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]


def test_an_unexpected_error_is_one_line_too(env, monkeypatch):
    """A bug (here a stand-in client that raises) still gets no traceback unless asked for."""

    class Broken:
        def __init__(self) -> None:
            raise RuntimeError("boom")

    monkeypatch.setattr(functions, "Client", Broken)
    plain = run(env, "functions")
    assert plain.exit_code == 1 and "(internal)" in plain.stderr and "COCOON_DEBUG" in plain.stderr
    assert json_error(env, "functions")["code"] == "internal"
    shown = runner.invoke(app, ["functions"], env={**env, "COCOON_DEBUG": "1"})
    assert isinstance(shown.exception, RuntimeError)


def test_every_command_goes_through_the_one_error_handler():
    def leaves(command, path=()):
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield path, command
            return
        for name, sub in subcommands.items():
            yield from leaves(sub, (*path, name))

    found = dict(leaves(typer.main.get_command(app)))
    assert {("invoke",), ("wallet", "import"), ("attest", "verify"), ("up",)} <= set(found)
    unwrapped = [p for p, c in found.items() if not getattr(c.callback, "__cocoon_handled__", 0)]
    assert unwrapped == []
    # --json is a flag everywhere: no command takes it as a value
    for path, command in found.items():
        for param in command.params:
            if "--json" in getattr(param, "opts", []):
                assert param.is_flag, path


def test_version(env):
    import cocoon

    result = run(env, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"cocoon {cocoon.__version__}"


BLOCK_SERVER_SIDE = """
import sys
from importlib.abc import MetaPathFinder
BLOCKED = {"pytvm", "ray", "starlette", "uvicorn", "aiohttp"}
class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Block())
from cocoon.platform.cli.main import main
sys.argv = ["cocoon", *sys.argv[1:]]
main()
"""


def test_client_install_runs_the_client_side_and_names_the_extra(env):
    """The base install lacks the server side (the wheel test checks the real thing, slowly):
    help, version, wallets and errors work; server commands say what to install."""

    def cocoon(*args: str) -> subprocess.CompletedProcess[str]:
        out = subprocess.run([sys.executable, "-c", BLOCK_SERVER_SIDE, *args], cwd=REPO,
                             env={"PATH": "/usr/bin:/bin", **env}, capture_output=True,
                             text=True, timeout=120)
        assert "Traceback" not in out.stderr, out.stderr
        return out

    assert "deploy" in cocoon("--help").stdout
    assert cocoon("wallet", "create", "--json").returncode == 0
    assert json.loads(cocoon("wallet", "show", "--json").stdout)["status"] == "nonexist"
    fund = cocoon("wallet", "fund", "--json")
    assert fund.returncode == 1
    assert "cocoon-network[all]" in json.loads(fund.stderr)["error"]["hint"]


def test_init_scaffolds_a_template(tmp_path, env):
    result = run(env, "init", str(tmp_path / "hello-fn"), "--template", "echo")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "hello-fn"
    assert 'name = "hello-fn"' in (folder / "cocoon.toml").read_text()
    assert sorted(p.name for p in folder.iterdir()) == ["cocoon.toml", "main.py"]
    named = json.loads(run(env, "init", str(tmp_path / "x"), "-t", "embeddings", "--name", "emb",
                           "--json").stdout)
    assert named == {"name": "emb", "folder": str(tmp_path / "x"), "template": "embeddings"}
    again = json_error(env, "init", str(folder))
    assert again["code"] == "conflict" and "not empty" in again["message"]
    listed = json_error(env, "init", str(tmp_path / "y"), "--template", "nope")
    assert "echo" in listed["hint"] and "embeddings" in listed["hint"]
    assert not (tmp_path / "y").exists()
    assert "Templates: " in run(env, "init", "--help").stdout


def test_init_copies_sources_only(tmp_path, env, monkeypatch):
    """Whatever sits in a template folder, the scaffold gets the manifest and sources only."""
    from cocoon.platform.cli import templates

    shipped = tmp_path / "shipped"
    (shipped / "demo" / "__pycache__").mkdir(parents=True)
    (shipped / "demo" / "cocoon.toml").write_text('# a comment\nname = "demo"\n')
    (shipped / "demo" / "main.py").write_text("def handler(x):\n    return x\n")
    (shipped / "demo" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"\0")
    (shipped / "demo" / ".env").write_text("SECRET=1")
    (shipped / "notes").mkdir()  # no cocoon.toml: not a template
    monkeypatch.setattr(templates, "_root", lambda: shipped)  # a folder stands in for the package
    assert templates.available() == ["demo"]
    assert run(env, "init", str(tmp_path / "mine"), "-t", "demo").exit_code == 0
    made = tmp_path / "mine"
    assert sorted(p.name for p in made.iterdir()) == ["cocoon.toml", "main.py"]
    assert (made / "cocoon.toml").read_text() == '# a comment\nname = "mine"\n'
