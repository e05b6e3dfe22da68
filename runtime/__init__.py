"""Cocoon's runtime: what runs on a provider, inside the TEE.

The function API is re-exported here: ``from cocoon.runtime import function, meter``.
"""

from .errors import CocoonError
from .function import function, meter

__all__ = ["CocoonError", "function", "meter"]
