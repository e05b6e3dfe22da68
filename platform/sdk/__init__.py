"""The Cocoon client SDK: discover, verify, seal, send, open, check the receipt."""

from .client import Client, Invocation, VerifiedOffer

__all__ = ["Client", "Invocation", "VerifiedOffer"]
