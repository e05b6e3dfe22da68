"""A private home for a Ray cluster that the provider agent starts itself.

Left to itself, ``ray.init()`` puts a new cluster's session (logs, sockets, spilled objects)
under ``/tmp/ray``, whose folders Ray makes 0777, and writes one auth token to
``~/.ray/auth_token``, shared by every cluster of the user. A cluster the agent starts gets
instead a folder of its own (``mkdtemp``: 0700) holding Ray's temp dir and a fresh token file
(0600), named to Ray through ``RAY_AUTH_TOKEN_PATH``; the folder is removed when the
cluster stops. ``cocoon up`` does the same for the embedded network; a cluster started by
``ray start`` (``ray-cluster.yaml``) is the provider's to set up.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

AUTH_ENV = ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")


@dataclass(frozen=True)
class PrivateCluster:
    root: Path

    @classmethod
    def create(cls) -> PrivateCluster:
        """A new folder with a fresh token; this process's environment then names the token
        to Ray (and to the processes Ray starts), unless a token was already configured."""
        root = Path(tempfile.mkdtemp(prefix="cocoon-ray-"))  # 0700
        cluster = cls(root)
        fd = os.open(cluster.token_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        if not any(name in os.environ for name in AUTH_ENV):
            # RAY_AUTH_MODE is left to Ray: a new local cluster turns token auth on by itself
            # (and refreshes its cached config, which setting the variable here would not)
            os.environ["RAY_AUTH_TOKEN_PATH"] = str(cluster.token_path)
        return cluster

    @property
    def temp_dir(self) -> Path:
        return self.root / "ray"

    @property
    def token_path(self) -> Path:
        return self.root / "ray_token"

    def remove(self) -> None:
        """Remove the folder (after the cluster stopped), and the environment naming it."""
        if os.environ.get("RAY_AUTH_TOKEN_PATH") == str(self.token_path):
            del os.environ["RAY_AUTH_TOKEN_PATH"]
        shutil.rmtree(self.root, ignore_errors=True)
