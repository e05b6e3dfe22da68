"""Deploy a function from Python code: a script or a notebook, no folder, no cocoon.toml.

    from cocoon.platform.sdk import App
    from cocoon.runtime import meter

    app = App("greeter")

    @app.function(cpus=1, unit_price=2_000)
    def greet(payload):
        meter(1)
        return {"hi": payload["name"]}

    app.deploy()            # the same DeployOut as Client.deploy(folder)

The decorator takes the manifest's fields and returns the function unchanged (call it locally to
test it). ``deploy`` pickles the function with cloudpickle into the bundle a folder deploy sends:
``cocoon.toml`` (with a ``[pickled]`` table naming this Python and cloudpickle) and
``function.pkl``. The gateway and the provider's agent read only the manifest; the pickle is
opened inside the function's own replica (``cocoon.runtime.function.load_handler``), which
refuses it unless its Python (major.minor) and cloudpickle versions match.

What travels how: code from the developer's own modules (``__main__``, a notebook, a file next
to the script, a test) is carried by value, closure and referenced globals included. Modules of
installed distributions and the standard library are carried by reference: the provider imports
them, so list third-party ones in ``requirements``.

Digests: the same code pickles to the same bytes, so redeploying unchanged code is a no-op. The
one random part of cloudpickle's output, the id it tags each by-value class with (a uuid4, so
that a class unpickled twice in one process stays one class), is replaced by an id derived from
the bundle's content. Left as they are: values whose pickle depends on hash randomisation, such
as a set of strings in a closure (iteration order differs between processes): such code gets a
new version on each run. Use a tuple or a sorted list there.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import pickle
import pickletools
import sys
import threading
import types
from collections.abc import Callable
from typing import Any, TypeVar, overload

import cloudpickle

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import (
    MANIFEST_NAME,
    PICKLE_NAME,
    Limits,
    Manifest,
    Pickled,
    Pricing,
    Python,
    Resources,
    bundle_files,
)

from ..api import DeployOut
from .client import Client

T = TypeVar("T")
PROTOCOL = 5  # fixed, so a newer default never changes the bytes (and the digest) of old code
_SECTIONS = {"resources": Resources, "pricing": Pricing, "python": Python, "limits": Limits}
_REGISTRY_LOCK = threading.Lock()  # cloudpickle's by-value registry is process-wide


class App:
    """One function deployed from Python code; ``name`` follows the manifest's ``name`` rules."""

    def __init__(self, name: str, *, description: str = "") -> None:
        Manifest.build({"name": name, "description": description})  # fail here, not at deploy
        self.name = name
        self.description = description
        self._target: Callable[..., Any] | None = None
        self._fields: dict[str, dict[str, Any]] = {}

    @overload
    def function(self, target: T, /) -> T: ...

    @overload
    def function(
        self,
        *,
        cpus: float | None = None,
        gpus: float | None = None,
        memory_mb: int | None = None,
        gpu_kind: str | None = None,
        min_replicas: int | None = None,
        max_replicas: int | None = None,
        max_concurrency: int | None = None,
        unit: str | None = None,
        unit_price: int | None = None,
        max_units: int | None = None,
        requirements: list[str] | None = None,
        max_payload_bytes: int | None = None,
        timeout_s: float | None = None,
    ) -> Callable[[T], T]: ...

    def function(self, target: Any = None, /, **fields: Any) -> Any:
        """Make ``target`` (a function, or a class with ``__init__``/``__call__`` that is
        instantiated once per replica) this app's function. Fields left out (or None) take the
        manifest's defaults: resources ``cpus``, ``gpus``, ``memory_mb``, ``gpu_kind``,
        ``min_replicas``, ``max_replicas``, ``max_concurrency``; pricing ``unit``, ``unit_price``
        (nanotons), ``max_units``; python
        ``requirements``; limits ``max_payload_bytes``, ``timeout_s``."""
        sections: dict[str, dict[str, Any]] = {}
        for key, value in fields.items():
            section = next((s for s, m in _SECTIONS.items() if key in m.model_fields), None)
            if section is None:
                raise TypeError(f"App.function() got an unexpected keyword argument {key!r}")
            if value is not None:
                sections.setdefault(section, {})[key] = value
        self._validated(sections)  # a bad value fails at the decorator, with the field's name

        def register(obj: T) -> T:
            if not callable(obj):
                raise TypeError(f"@{self.name}.function needs a function or a class")
            if self._target is not None and _name(self._target) != _name(obj):
                raise CocoonError(  # the same name again: a notebook cell rerun, it replaces
                    "invalid_manifest",
                    f"App {self.name!r} already deploys {_name(self._target)}; "
                    "one App deploys one function (make another App)",
                )
            self._target, self._fields = obj, sections
            return obj

        return register(target) if target is not None else register

    @property
    def manifest(self) -> Manifest:
        """The manifest this app deploys with (``[pickled]`` names this interpreter)."""
        data = {"entrypoint": PICKLE_NAME, "pickled": Pickled.here().model_dump(), **self._fields}
        return self._validated(data)

    def bundle(self) -> bytes:
        """The bundle ``deploy`` sends: same code, same bytes."""
        if self._target is None:
            raise CocoonError(
                "invalid_manifest", f"App {self.name!r} has no function: decorate one with "
                "@app.function"
            )
        toml = self.manifest.to_toml().encode()
        return bundle_files({MANIFEST_NAME: toml, PICKLE_NAME: dumps(self._target, salt=toml)})

    def deploy(self, client: Client | None = None) -> DeployOut:
        """Deploy through ``client`` (default: a ``Client()`` from config and environment)."""
        bundle = self.bundle()
        if client is not None:
            return client.deploy_bundle(bundle)
        with Client() as own:
            return own.deploy_bundle(bundle)

    def _validated(self, data: dict[str, Any]) -> Manifest:
        return Manifest.build({"name": self.name, "description": self.description, **data})


def dumps(obj: Any, *, salt: bytes = b"") -> bytes:
    """Pickle ``obj`` with the developer's own modules by value, reproducibly."""
    pickler = _ByValuePickler(io.BytesIO(), _installed_top_levels())
    with _REGISTRY_LOCK:
        try:
            pickler.dump(obj)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise CocoonError(
                "invalid_manifest",
                f"cannot pickle {_name(obj)}: {exc} (create such objects inside the function, "
                "or in a class's __init__, which runs in the replica)",
            ) from None
        finally:
            for module in pickler.registered:
                cloudpickle.unregister_pickle_by_value(module)
    return _stable_class_ids(pickler.buffer.getvalue(), salt)


class _ByValuePickler(cloudpickle.Pickler):
    """cloudpickle, with every module that is not installed (a distribution's or the standard
    library's) registered by value on first sight: the provider could not import it."""

    def __init__(self, file: io.BytesIO, installed: frozenset[str]) -> None:
        super().__init__(file, protocol=PROTOCOL)
        self.buffer = file
        self.installed = installed
        self.registered: list[types.ModuleType] = []

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, types.ModuleType):
            self._by_value(obj.__name__)
        elif isinstance(obj, types.FunctionType | type):
            self._by_value(getattr(obj, "__module__", None))
        return super().reducer_override(obj)

    def _by_value(self, name: str | None) -> None:
        if not name or name == "__main__":  # cloudpickle carries __main__ by value already
            return
        top = name.partition(".")[0]
        if top in self.installed or top in sys.stdlib_module_names:
            return
        module = sys.modules.get(name)
        if module is None or name in cloudpickle.list_registry_pickle_by_value():
            return
        cloudpickle.register_pickle_by_value(module)
        self.registered.append(module)


def _installed_top_levels() -> frozenset[str]:
    """Top-level names the provider imports rather than receives (read at each deploy: a
    notebook may pip-install meanwhile)."""
    return frozenset(importlib.metadata.packages_distributions()) | frozenset(
        sys.builtin_module_names
    )


def _stable_class_ids(data: bytes, salt: bytes) -> bytes:
    """Replace cloudpickle's random class-tracking ids, in place (same length, so the pickle
    stays valid), by ids derived from the content and ``salt`` (the manifest): the same code
    gets the same bytes, and two different functions in one process never share a class."""
    lock = getattr(cloudpickle.cloudpickle, "_DYNAMIC_CLASS_TRACKER_LOCK", None)
    tracked = getattr(cloudpickle.cloudpickle, "_DYNAMIC_CLASS_TRACKER_BY_CLASS", None)
    if lock is None or tracked is None:
        return data  # a cloudpickle without them: classes then give a new digest per process
    with lock:
        random_ids = set(tracked.values())
    spots: list[tuple[int, int]] = []  # (offset, index of the id in order of appearance)
    order: dict[str, int] = {}
    for _, arg, pos in pickletools.genops(data):
        if isinstance(arg, str) and len(arg) == 32 and arg in random_ids:
            spots.append((data.index(arg.encode(), pos), order.setdefault(arg, len(order))))
    if not spots:
        return data
    out = bytearray(data)
    for offset, index in spots:
        out[offset : offset + 32] = f"{index:032x}".encode()
    base = hashlib.sha256(salt + bytes(out)).digest()
    for offset, index in spots:
        out[offset : offset + 32] = hashlib.sha256(base + index.to_bytes(4, "big")).hexdigest()[
            :32
        ].encode()
    return bytes(out)


def _name(obj: Any) -> str:
    return getattr(obj, "__qualname__", None) or type(obj).__name__
