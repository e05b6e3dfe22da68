"""Cocoon: the Confidential Compute Open Network.

The code lives in the top-level folders ``platform/``, ``runtime/`` and ``contracts/``, imported
as ``cocoon.platform``, ``cocoon.runtime`` and ``cocoon.contracts`` (pyproject's package mapping;
in a checkout, ``cocoon/platform`` and its siblings are symlinks to those folders). ``platform/``
has no ``__init__.py``, so ``import platform`` still finds the standard library.
"""

__version__ = "0.2.0"
