"""The function API: what a developer writes, and how the runtime loads it.

    from cocoon.runtime import function, meter

    @function
    def echo(payload: dict) -> dict:
        return payload

    @function
    class Embed:
        def __init__(self):            # once per replica: load the model here
            self.model = load_model()
        def __call__(self, payload):
            meter(len(payload["texts"]))   # units charged for this invocation
            return {"vectors": ...}

A function takes the request's JSON value and returns a JSON-serialisable value, or yields
such values (a generator: streamed item by item to a client that asks for a stream, one list
to one that does not; docs/protocol.md, section 5.1). ``meter``
sets the units the invocation is charged for (default 1; more than the manifest's
``pricing.max_units`` turns the invocation into a function error).

A function deployed from Python code (the SDK's ``App``) arrives pickled. Unpickling
runs code, so it happens here only, in :func:`load_handler`, inside the function's own
worker process (:mod:`.isolation`): the gateway, registry, agent and replica read the manifest
and never open the pickle.
"""

from __future__ import annotations

import contextvars
import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from . import output
from .errors import CocoonError
from .manifest import MANIFEST_NAME, PICKLE_NAME, Manifest, Pickled

T = TypeVar("T")
_MARK = "__cocoon_function__"
_units: contextvars.ContextVar[int | None] = contextvars.ContextVar("cocoon_units", default=None)


def function(obj: T) -> T:
    """Mark a function or class as the folder's Cocoon function."""
    setattr(obj, _MARK, True)
    return obj


def meter(units: int) -> None:
    """Charge this invocation ``units`` units of the function's pricing unit."""
    if isinstance(units, bool) or not isinstance(units, int) or units < 0:
        raise ValueError("units must be a non-negative integer")
    _units.set(units)


def call_metered(handler: Callable[[Any], Any], payload: Any,
                 each: Callable[[Any], None] | None = None) -> tuple[Any, int]:
    """Run ``handler`` in a fresh metering context; returns (result, units).

    A function that yields (a generator) runs to its end here, in that context (so ``meter``
    counts wherever it is called): without ``each`` its items are the result, as one list;
    with ``each``, each item goes to ``each`` as it is yielded (a returned value: once) and
    the result is None."""
    ctx = contextvars.copy_context()

    def run() -> tuple[Any, int]:
        _units.set(None)
        result = handler(payload)
        if inspect.isgenerator(result):
            items: list[Any] = []
            for item in result:
                if each is None:
                    items.append(item)
                else:
                    each(item)
            result = items if each is None else None
        elif each is not None:
            each(result)
            result = None
        units = _units.get()
        return result, 1 if units is None else units

    return ctx.run(run)


def check_runtime(manifest: Manifest) -> None:
    """Refuse a version this interpreter cannot load: a pickle is only readable by the Python
    (major.minor) and cloudpickle it was written with. Reads the manifest only."""
    if manifest.pickled is None:
        return
    wrote, here = manifest.pickled, Pickled.here()
    if wrote != here:
        raise CocoonError(
            "invalid_manifest",
            f"{manifest.name} was pickled with Python {wrote.python} and cloudpickle "
            f"{wrote.cloudpickle}, but this provider runs Python {here.python} and cloudpickle "
            f"{here.cloudpickle}: deploy it from matching versions, or as a folder",
        )


def _unpickle(path: Path) -> Any:
    import cloudpickle  # only replicas of pickled functions need it

    try:
        data = path.read_bytes()
    except OSError:
        raise CocoonError("invalid_manifest", f"bundle has no {PICKLE_NAME}") from None
    try:
        return cloudpickle.loads(data)
    except Exception as exc:
        problem = f"cannot load the pickled function: {type(exc).__name__}: {exc}"
        if isinstance(exc, ImportError):
            problem += " (a package it imports must be in its requirements)"
        raise CocoonError("invalid_manifest", problem) from None


def load_handler(folder: Path, entrypoint: str) -> Callable[[Any], Any]:
    """Import the function folder's entrypoint and return a callable taking the payload.

    ``entrypoint`` is ``module`` (the one object marked with ``@function`` in it),
    ``module:attribute``, or ``function.pkl`` for a pickled function (checked against this
    interpreter first, see :func:`check_runtime`). A class is instantiated once, here.
    What the function's code prints or logs meanwhile is dropped (:mod:`.output`).
    """
    with output.withheld():
        return _load(folder, entrypoint)


def _load(folder: Path, entrypoint: str) -> Callable[[Any], Any]:
    if entrypoint == PICKLE_NAME:
        manifest = Manifest.parse((folder / MANIFEST_NAME).read_text())
        check_runtime(manifest)
        return _instantiate(_unpickle(folder / PICKLE_NAME), entrypoint)
    module_name, _, attr = entrypoint.partition(":")
    module = _import_fresh(folder, module_name)
    if attr:
        target = getattr(module, attr, None)
        if target is None:
            raise CocoonError("invalid_manifest", f"{module_name!r} has no attribute {attr!r}")
    else:
        marked = [
            v
            for v in vars(module).values()
            if getattr(v, _MARK, False) and getattr(v, "__module__", None) == module.__name__
        ]
        if len(marked) != 1:
            raise CocoonError(
                "invalid_manifest",
                f"{module_name!r} must mark exactly one @function (found {len(marked)})",
            )
        target = marked[0]
    return _instantiate(target, entrypoint)


def _instantiate(target: Any, entrypoint: str) -> Callable[[Any], Any]:
    if inspect.isclass(target):
        target = target()
    if not callable(target):
        raise CocoonError("invalid_manifest", f"entrypoint {entrypoint!r} is not callable")
    return target


def _import_fresh(folder: Path, module_name: str) -> ModuleType:
    """Import ``module_name`` from ``folder`` under a name of its own, so two function folders
    that both have a ``main.py`` never share a cached module."""
    relative = Path(*module_name.split("."))
    path = folder / relative.with_suffix(".py")
    if not path.is_file():
        path = folder / relative / "__init__.py"
    unique = f"cocoon_fn_{abs(hash(str(folder))):x}_{module_name.replace('.', '_')}"
    spec = importlib.util.spec_from_file_location(unique, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise CocoonError("invalid_manifest", f"no module {module_name!r} in the function folder")
    module = importlib.util.module_from_spec(spec)
    sys.modules[unique] = module
    sys.path.insert(0, str(folder))  # for the folder's own sibling modules
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[unique]
        raise CocoonError(
            "invalid_manifest", f"cannot import {module_name!r}: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        sys.path.remove(str(folder))
    return module
