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
# what the function metered: units, or (prompt, completion) tokens; None: not metered (1 unit)
_units: contextvars.ContextVar[int | tuple[int, int] | None] = contextvars.ContextVar(
    "cocoon_units", default=None)


def function(obj: T) -> T:
    """Mark a function or class as the folder's Cocoon function."""
    setattr(obj, _MARK, True)
    return obj


class Units(int):
    """The units an invocation is charged (an int) and, when the function metered prompt and
    completion tokens apart, the counts they were weighed from (the receipt carries them)."""

    prompt: int | None
    completion: int | None

    def __new__(cls, units: int, prompt: int | None = None,
                completion: int | None = None) -> Units:
        self = super().__new__(cls, units)
        self.prompt, self.completion = prompt, completion
        return self

    @classmethod
    def weighed(cls, prompt: int, completion: int, weights: tuple[int, int]) -> Units:
        """``prompt * prompt_weight + completion * completion_weight`` units."""
        return cls(prompt * weights[0] + completion * weights[1], prompt, completion)


def meter(units: int | None = None, *, prompt: int | None = None,
          completion: int | None = None) -> None:
    """Charge this invocation ``units`` units of the function's pricing unit; or, for a
    model, count ``prompt`` and ``completion`` tokens apart: the runtime weighs them with the
    manifest's ``prompt_weight`` and ``completion_weight`` into units (whole numbers, so the
    amount stays units x unit price) and the receipt carries both counts."""
    if units is not None and prompt is None and completion is None:
        _units.set(_count(units, "units"))
    elif units is None and prompt is not None and completion is not None:
        _units.set((_count(prompt, "prompt"), _count(completion, "completion")))
    else:
        raise ValueError("meter(units) or meter(prompt=..., completion=...)")


def _count(n: Any, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"{what} must be a non-negative integer")
    return n


def call_metered(handler: Callable[[Any], Any], payload: Any,
                 each: Callable[[Any], None] | None = None,
                 weights: tuple[int, int] = (1, 1)) -> tuple[Any, Units]:
    """Run ``handler`` in a fresh metering context; returns (result, units), prompt and
    completion tokens weighed with ``weights`` (the manifest's) when the function counted them.

    A function that yields (a generator) runs to its end here, in that context (so ``meter``
    counts wherever it is called): without ``each`` its items are the result, as one list;
    with ``each``, each item goes to ``each`` as it is yielded (a returned value: once) and
    the result is None."""
    ctx = contextvars.copy_context()

    def run() -> tuple[Any, Units]:
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
        metered = _units.get()
        if isinstance(metered, tuple):
            return result, Units.weighed(*metered, weights)
        return result, Units(1 if metered is None else metered)

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
