"""The one configuration mechanism: a TOML file, overridden by environment variables.

``$COCOON_HOME/config.toml`` holds one table per component (``[client]``, ``[gateway]``,
``[provider]``); ``COCOON_<SECTION>_<FIELD>`` overrides a field (``COCOON_GATEWAY_PORT=9000``).
Each component declares its settings as a pydantic model and loads it with :func:`load`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import CocoonError

M = TypeVar("M", bound=BaseModel)


def cocoon_home() -> Path:
    return Path(os.environ.get("COCOON_HOME") or Path.home() / ".cocoon").expanduser()


def config_path() -> Path:
    return cocoon_home() / "config.toml"


def read_file() -> dict[str, Any]:
    path = config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise CocoonError("bad_request", f"{path} is not valid TOML: {exc}") from None


def load(model: type[M], section: str, **overrides: Any) -> M:
    """File section, then ``COCOON_<SECTION>_*`` environment variables, then ``overrides``."""
    values: dict[str, Any] = dict(read_file().get(section, {}))
    prefix = f"COCOON_{section.upper()}_"
    for field in model.model_fields:
        env = os.environ.get(prefix + field.upper())
        if env is not None:
            values[field] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CocoonError("bad_request", f"invalid [{section}] configuration: {problems}") from None


def write_section(section: str, values: dict[str, Any]) -> None:
    """Replace one table of the config file (private to the user: it holds API keys)."""
    data = read_file()
    data[section] = values
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for name, table in data.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in table.items() if v is not None]
        lines.append("")
    path.touch(mode=0o600, exist_ok=True)
    path.write_text("\n".join(lines))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
