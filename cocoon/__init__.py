"""Cocoon: the Confidential Compute Open Network.

The code lives in the top-level folders ``platform/``, ``runtime/`` and ``contracts/``, imported
as ``cocoon.platform``, ``cocoon.runtime`` and ``cocoon.contracts``. Those folders carry no
``__init__.py`` of their own, so ``import platform`` anywhere still finds the standard library;
this package makes them reachable by adding the repository root to its search path.
"""

from pathlib import Path

_root = Path(__file__).resolve().parent.parent
if (_root / "runtime").is_dir() and str(_root) not in __path__:
    __path__.append(str(_root))

__version__ = "0.1.0"
