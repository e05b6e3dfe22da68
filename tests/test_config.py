"""The one configuration mechanism (runtime/config.py): TOML file < COCOON_* environment
(flat and nested) < overrides, bad input as ``bad_request``, a private file written by tomli-w,
and one COCOON_HOME resolver that the other modules use."""

from __future__ import annotations

import os
import stat
import threading
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from cocoon.platform.gateway.settings import GatewaySettings
from cocoon.runtime import config
from cocoon.runtime.errors import CocoonError


class Inner(BaseModel):
    depth: int = 1
    label: str = "x"


class Probe(BaseModel):
    port: int = Field(default=8000, ge=0, le=65535)
    name: str = "probe"
    path: Path | None = None
    inner: Inner = Field(default_factory=Inner)
    tags: list[str] = []


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COCOON_HOME", str(tmp_path / "home"))
    for var in [v for v in os.environ if v.startswith("COCOON_PROBE")]:
        monkeypatch.delenv(var)
    return tmp_path / "home"


def test_home_resolves_env_then_default(home, monkeypatch):
    assert config.cocoon_home() == home
    assert not home.exists()  # resolving creates nothing
    assert config.ensure_home() == home and stat.S_IMODE(home.stat().st_mode) == 0o700
    assert config.config_path() == home / "config.toml"
    monkeypatch.delenv("COCOON_HOME")
    assert config.cocoon_home() == Path.home() / ".cocoon"


def test_money_cli_uses_the_one_resolver(home):
    from cocoon.platform.cli import money

    assert money.home() == home


def test_defaults_without_file_or_env(home):
    assert config.load(Probe, "probe") == Probe()


def test_file_then_env_then_overrides(home, monkeypatch):
    config.write_section("probe", {"port": 1, "name": "file", "inner": {"depth": 2}})
    got = config.load(Probe, "probe")
    assert (got.port, got.name, got.inner.depth) == (1, "file", 2)
    monkeypatch.setenv("COCOON_PROBE_PORT", "2")  # the documented COCOON_<SECTION>_<FIELD>
    monkeypatch.setenv("COCOON_PROBE_INNER__LABEL", "env")  # a nested field
    got = config.load(Probe, "probe")
    assert (got.port, got.name, got.inner.depth, got.inner.label) == (2, "file", 2, "env")
    assert config.load(Probe, "probe", port=3, name=None).port == 3  # None: not given
    assert config.load(Probe, "probe", name=None).name == "file"


def test_double_underscore_section_form_and_json_values(home, monkeypatch):
    monkeypatch.setenv("COCOON_PROBE__NAME", "nested-form")
    monkeypatch.setenv("COCOON_PROBE_TAGS", '["a", "b"]')
    monkeypatch.setenv("COCOON_PROBE_INNER", '{"depth": 7}')
    got = config.load(Probe, "probe")
    assert (got.name, got.tags, got.inner.depth) == ("nested-form", ["a", "b"], 7)


def test_returns_the_components_own_model_with_unset_fields_unset(home, monkeypatch):
    monkeypatch.setenv("COCOON_PROBE_PORT", "5")
    got = config.load(Probe, "probe")
    assert type(got) is Probe and got.model_fields_set == {"port"}


def test_gateway_settings_nested_threshold_from_env(home, monkeypatch):
    monkeypatch.setenv("COCOON_GATEWAY_PORT", "9100")
    monkeypatch.setenv("COCOON_GATEWAY_THRESHOLDS__MAX_DELAY", "60")
    s = GatewaySettings.load()
    assert s.port == 9100 and s.thresholds.max_delay == 60
    assert s.database_path == home / "platform.db"


@pytest.mark.parametrize(
    ("var", "value", "needle"),
    [
        ("COCOON_PROBE_PORT", "not-a-port", "port"),
        ("COCOON_PROBE_PORT", "70000", "port"),
        ("COCOON_PROBE_INNER__DEPTH", "deep", "inner.depth"),
        ("COCOON_PROBE_TAGS", "[not json", "tags"),
    ],
)
def test_bad_environment_is_bad_request(home, monkeypatch, var, value, needle):
    monkeypatch.setenv(var, value)
    with pytest.raises(CocoonError) as err:
        config.load(Probe, "probe")
    assert err.value.code == "bad_request" and err.value.status == 400
    assert needle in err.value.message and "COCOON_PROBE_" in err.value.message


@pytest.mark.parametrize(
    ("text", "needle"),
    [("[probe\nport = 1", "not valid TOML"), ("probe = 3", "must be a table"),
     ('[probe]\nport = "x"', "port")],
)
def test_bad_file_is_bad_request(home, text, needle):
    home.mkdir(parents=True)
    (home / "config.toml").write_text(text)
    with pytest.raises(CocoonError) as err:
        config.load(Probe, "probe")
    assert err.value.code == "bad_request" and needle in err.value.message


def test_write_section_is_private_valid_toml_and_keeps_other_tables(home):
    config.write_section("a", {"key": 'quote " and \\ backslash', "n": 1, "flag": True,
                               "path": Path("/x/y"), "gone": None, "list": [1, 2],
                               "table": {"inner": 1.5, "none": None}})
    config.write_section("b", {"key": "v"})
    path = home / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text())
    assert data == {
        "a": {"key": 'quote " and \\ backslash', "n": 1, "flag": True, "path": "/x/y",
              "list": [1, 2], "table": {"inner": 1.5}},
        "b": {"key": "v"},
    }
    assert config.read_file() == data
    config.write_section("a", {"key": "new"})
    assert config.read_file() == {"a": {"key": "new"}, "b": {"key": "v"}}
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # no temp files left


def test_write_section_tightens_a_loose_file(home):
    home.mkdir(parents=True)
    (home / "config.toml").write_text("[x]\na = 1\n")
    (home / "config.toml").chmod(0o644)
    config.write_section("y", {"b": 2})
    assert stat.S_IMODE((home / "config.toml").stat().st_mode) == 0o600
    assert config.read_file() == {"x": {"a": 1}, "y": {"b": 2}}


def test_concurrent_writers_of_different_tables_lose_nothing(home):
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for round_ in range(5):
                config.write_section(f"t{i}", {"round": round_})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert config.read_file() == {f"t{i}": {"round": 4} for i in range(8)}


def test_env_override_names_both_forms(home, monkeypatch):
    assert config.env_names("gateway", "port") == ("COCOON_GATEWAY_PORT", "COCOON_GATEWAY__PORT")
    assert config.env_override("probe", "port") is None
    monkeypatch.setenv("COCOON_PROBE__PORT", "7")
    assert config.env_override("probe", "port") == "7"
    assert config.load(Probe, "probe").port == 7
