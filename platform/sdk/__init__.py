"""The Cocoon client SDK: discover, verify, seal, send, open, check the receipt; deploy a
function from a folder (``Client.deploy``) or from Python code (``App``); a streamed answer
(``Client.stream``) opened item by item as it arrives (``Stream``); an async job
(``Client.submit``) whose result is collected later (``Job``)."""

from .app import App
from .client import Client, Invocation, VerifiedOffer
from .jobs import Job
from .stream import Stream

__all__ = ["App", "Client", "Invocation", "Job", "Stream", "VerifiedOffer"]
