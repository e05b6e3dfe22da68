"""The one configuration mechanism: a TOML file, overridden by environment variables.

``$COCOON_HOME/config.toml`` holds one table per component (``[client]``, ``[gateway]``,
``[provider]``, ``[log]``). Each component declares its settings as a pydantic model and loads
it with :func:`load`, which builds them with pydantic-settings from, highest first:

1. the caller's keyword overrides (``None`` means "not given");
2. ``COCOON_<SECTION>_<FIELD>`` (``COCOON_GATEWAY_PORT=9000``), nested fields joined by ``__``
   (``COCOON_GATEWAY_THRESHOLDS__MAX_DELAY=60``); ``COCOON_<SECTION>__<FIELD>`` works too;
3. the ``[section]`` table of config.toml;
4. the model's defaults.

:func:`cocoon_home` is the only place ``COCOON_HOME`` is resolved. The file is written with
``tomli-w``, atomically and private to the user (0600): it holds API keys.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from .errors import CocoonError

M = TypeVar("M", bound=BaseModel)
HOME_ENV = "COCOON_HOME"
ENV_PREFIX = "COCOON_"
NESTED_DELIMITER = "__"


def cocoon_home() -> Path:
    """``$COCOON_HOME``, else ``~/.cocoon`` (absolute). Creates nothing: see :func:`ensure_home`."""
    raw = os.environ.get(HOME_ENV, "").strip()
    return (Path(raw) if raw else Path.home() / ".cocoon").expanduser().absolute()


def ensure_home() -> Path:
    """:func:`cocoon_home`, created private to the user (0700) if missing."""
    home = cocoon_home()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home


def config_path() -> Path:
    return cocoon_home() / "config.toml"


def read_file() -> dict[str, Any]:
    """The whole config file as a dict ({} if there is none)."""
    path = config_path()
    try:
        text = path.read_text()
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise CocoonError("bad_request", f"cannot read {path}: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CocoonError("bad_request", f"{path} is not valid TOML: {exc}") from None


class _FileSection(PydanticBaseSettingsSource):
    """One table of config.toml, read each time settings are built (the file may change)."""

    def __init__(self, settings_cls: type[BaseSettings], section: str) -> None:
        super().__init__(settings_cls)
        self.section = section

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ returns the whole table

    def __call__(self) -> dict[str, Any]:
        table = read_file().get(self.section, {})
        if not isinstance(table, dict):
            raise CocoonError("bad_request", f"{config_path()}: `{self.section}` must be a table")
        return table


@functools.cache
def _settings_class(model: type[BaseModel], section: str) -> type[BaseSettings]:
    """``model`` as pydantic-settings ``BaseSettings`` reading ``section`` (one class per pair)."""
    prefix = f"{ENV_PREFIX}{section.upper()}"

    class Loader(model, BaseSettings):  # type: ignore[valid-type,misc]
        model_config = SettingsConfigDict(
            env_prefix=prefix + "_",
            env_nested_delimiter=NESTED_DELIMITER,
            case_sensitive=False,
            extra=model.model_config.get("extra") or "ignore",
            validate_default=bool(model.model_config.get("validate_default")),
        )

        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            nested = EnvSettingsSource(
                settings_cls,
                env_prefix=prefix + NESTED_DELIMITER,
                env_nested_delimiter=NESTED_DELIMITER,
                case_sensitive=False,
            )
            return init_settings, env_settings, nested, _FileSection(settings_cls, section)

    Loader.__name__ = Loader.__qualname__ = f"{model.__name__}Loader"
    return Loader


def env_names(section: str, field: str) -> tuple[str, str]:
    """The environment variables that set ``[section] field``: the documented
    ``COCOON_<SECTION>_<FIELD>`` and the nested form ``COCOON_<SECTION>__<FIELD>``."""
    head, name = f"{ENV_PREFIX}{section.upper()}", field.upper()
    return f"{head}_{name}", f"{head}{NESTED_DELIMITER}{name}"


def env_override(section: str, field: str) -> str | None:
    """The environment's value for ``[section] field`` (either form), if it sets one."""
    wanted = {n.lower() for n in env_names(section, field)}
    return next((v for k, v in os.environ.items() if k.lower() in wanted), None)


def load(model: type[M], section: str, **overrides: Any) -> M:
    """``model`` from ``overrides``, then ``COCOON_<SECTION>_*``, then the file's ``[section]``."""
    given = {k: v for k, v in overrides.items() if v is not None}
    where = f"[{section}] in {config_path()} or COCOON_{section.upper()}_*"
    try:
        built = _settings_class(model, section)(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or section}: {e['msg']}" for e in exc.errors()
        )
        raise CocoonError("bad_request", f"invalid configuration ({where}): {problems}") from None
    except SettingsError as exc:  # e.g. a nested field's variable that is not valid JSON
        cause = f": {exc.__cause__}" if exc.__cause__ else ""
        raise CocoonError("bad_request", f"invalid configuration ({where}): {exc}{cause}") from None
    # the component gets its own model (not the loader subclass); unset fields keep defaults
    return model.model_validate({name: getattr(built, name) for name in built.model_fields_set})


def write_section(section: str, values: dict[str, Any]) -> None:
    """Replace one table of the config file; ``None`` values are left out (TOML has no null).

    Read-modify-write under a lock on the home folder, so concurrent writers of different
    tables keep each other's; the new file replaces the old atomically, private (0600)."""
    path = config_path()
    ensure_home()
    with _locked(path.parent):
        data = read_file()
        data[section] = _plain(values)
        text = tomli_w.dumps(data)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config.", suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _plain(value: Any) -> Any:
    """TOML-writable values: paths as strings, models as tables, ``None`` dropped."""
    value = to_jsonable_python(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not None]
    return value


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
