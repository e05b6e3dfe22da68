"""The Cocoon client SDK: discover, verify, seal, send, open, check the receipt; deploy a
function from a folder (``Client.deploy``) or from Python code (``App``)."""

from .app import App
from .client import Client, Invocation, VerifiedOffer

__all__ = ["App", "Client", "Invocation", "VerifiedOffer"]
