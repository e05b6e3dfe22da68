"""Deploying from Python code (``cocoon.platform.sdk.App``): functions defined right here, in the
tests, pickled by value, deployed through the Ray-free network and invoked end to end."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import traceback
from pathlib import Path

import pytest
from harness import REPO, Network

from cocoon.platform.cli.functions import _placement_status
from cocoon.platform.sdk import App
from cocoon.runtime import meter
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import (
    MANIFEST_NAME,
    PICKLE_NAME,
    Manifest,
    Pickled,
    bundle_digest,
    bundle_files,
    manifest_from_bundle,
)


def _join(words):  # a module-level helper: travels by value with the function that uses it
    return "+".join(words)


def _served(net: Network, app: App) -> str:
    client = net.client()
    out = app.deploy(client=client)
    client.wait_served(out.name, out.digest, timeout_s=30)
    return out.digest


def test_function_with_closure_and_helpers_runs_end_to_end(network: Network):
    greeting = "hello"

    def shout(word):
        return word.upper()

    app = App("py-greeter", description="defined inside a test")

    @app.function(unit_price=2_000, max_units=5, timeout_s=10)
    def greet(payload):
        meter(len(payload["names"]))
        return {"text": f"{greeting}, {_join(shout(n) for n in payload['names'])}"}

    assert greet({"names": ["x"]}) == {"text": "hello, X"}  # still a plain function here
    client = network.client()
    out = app.deploy(client=client)
    assert (out.name, out.version, out.created) == ("py-greeter", 1, True)
    client.wait_served(out.name, out.digest, timeout_s=30)
    result = client.invoke("py-greeter", {"names": ["ann", "bob"]})
    assert result.output == {"text": "hello, ANN+BOB"}
    assert (result.receipt.units, result.receipt.amount) == (2, 4_000)
    assert result.receipt.function_digest == out.digest
    listed = {f.name: f for f in client.functions()}["py-greeter"]
    assert (listed.description, listed.unit_price, listed.max_units) == (
        "defined inside a test", 2_000, 5)


def test_class_is_instantiated_once_per_replica_with_default_client(network: Network):
    app = App("py-counter")

    @app.function
    class Counter:
        def __init__(self):
            self.calls = 0

        def __call__(self, payload):
            self.calls += 1
            return {"calls": self.calls, "echo": payload}

    out = app.deploy()  # Client() from COCOON_HOME's config, as in a user's script
    client = network.client()
    client.wait_served(out.name, out.digest, timeout_s=30)
    assert client.invoke("py-counter", "a").output == {"calls": 1, "echo": "a"}
    assert client.invoke("py-counter", "b").output == {"calls": 2, "echo": "b"}


def _adder_app(step: int) -> App:
    """A fresh App object each call: what rerunning a script or a notebook cell does."""
    app = App("py-adder")

    @app.function(cpus=0.5)
    def add(payload):
        return payload + step

    return app


def test_unchanged_code_redeploys_as_a_noop_and_changed_code_as_a_new_version(
        network: Network):
    first = _served(network, _adder_app(1))
    client = network.client()
    again = _adder_app(1).deploy(client=client)
    assert (again.digest, again.version, again.created) == (first, 1, False)
    changed = _adder_app(2).deploy(client=client)
    assert (changed.version, changed.created) == (2, True)
    client.wait_served(changed.name, changed.digest, timeout_s=30)
    assert client.invoke("py-adder", 40).output == 42


_DIGEST_SCRIPT = """
from cocoon.platform.sdk import App
from cocoon.runtime.manifest import bundle_digest
NAMES = ("a", "b")
app = App("py-stable")
@app.function(unit_price=7)
class Greeter:
    def __init__(self):
        self.names = {n: n.upper() for n in NAMES}
    def __call__(self, payload):
        return [self.names[n] for n in payload]
print(bundle_digest(app.bundle()))
"""


def test_bundle_bytes_are_the_same_in_every_process():
    """cloudpickle tags by-value classes with a random uuid; App replaces it with a content
    id, so two processes (different hash seeds too) produce the same bytes."""
    digests = {
        subprocess.run([sys.executable, "-c", _DIGEST_SCRIPT], cwd=REPO, check=True, text=True,
                       capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}
                       ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and re.fullmatch(r"[0-9a-f]{64}", digests.pop())


# -- where the pickle is opened ----------------------------------------------------------------


def _record_unpickling(path: str) -> str:
    """Runs when the marker below is unpickled: appends who did it (the Python call stack)."""
    stack = [f"{frame.filename}:{frame.name}" for frame in traceback.extract_stack()]
    with open(path, "a") as out:
        out.write(json.dumps({"pid": os.getpid(), "thread": threading.current_thread().name,
                              "stack": stack}) + "\n")
    return path


class _Marker:
    """Unpickling this object is code execution: it writes a line to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return _record_unpickling, (self.path,)


def _marked_app(name: str, marker: Path, memory_mb: int | None = None) -> App:
    app = App(name)
    seen = _Marker(marker)

    @app.function(memory_mb=memory_mb)
    def marked(payload):
        return {"marker": seen}  # after unpickling, `seen` is the marker file's path

    return app


@pytest.mark.parametrize("memory_mb", [None, 256])
def test_only_the_replica_unpickles(network: Network, tmp_path: Path, memory_mb: int | None):
    """The marker records the process and call stack of whoever unpickles it: the replica's
    worker process (with or without ``memory_mb``: function code never runs in the replica,
    see runtime/isolation.py), another process than the gateway's, loading the function
    (load_handler) with no platform code on the stack. The worker runs as a user of its own,
    so the marker sits in a folder any user may write (this test's tmp_path is root's)."""
    shared = Path(tempfile.mkdtemp(prefix="cocoon-marker-", dir="/tmp"))
    shared.chmod(0o1777)
    marker = shared / "unpickled.jsonl"
    name = f"py-marked-{memory_mb or 0}"
    app = _marked_app(name, marker, memory_mb)
    bundle = app.bundle()
    assert not marker.exists()  # pickling runs nothing
    assert manifest_from_bundle(bundle).name == name  # what the gateway reads: no pickle
    assert not marker.exists()
    digest = _served(network, app)
    assert digest == bundle_digest(bundle)
    client = network.client()
    assert client.invoke(name, None).output == {"marker": str(marker)}
    assert client.invoke(name, None).output == {"marker": str(marker)}
    records = [json.loads(line) for line in marker.read_text().splitlines()]
    assert len(records) == 1, "unpickled more than once: someone besides the replica did"
    pid, stack = records[0]["pid"], records[0]["stack"]
    assert any(s.endswith("runtime/function.py:_unpickle") for s in stack)
    assert any(s.endswith("runtime/function.py:load_handler") for s in stack)
    assert not [s for s in stack if f"{os.sep}platform{os.sep}" in s]
    assert pid != os.getpid()
    assert any(s.endswith("runtime/isolation.py:_worker") for s in stack)
    shutil.rmtree(shared)


def test_no_platform_or_agent_code_can_unpickle():
    """The only place that loads a pickle is the runtime's function loader."""
    loads = re.compile(r"\b(?:cloud|c|_)?pickle\.(?:loads?|Unpickler)\b"
                       r"|\bfrom (?:cloud|c|_)?pickle import [^\n]*\b(?:loads?|Unpickler)\b")
    offenders = sorted(
        str(p.relative_to(REPO)) for folder in ("platform", "runtime", "contracts")
        for p in (REPO / folder).rglob("*.py") if loads.search(p.read_text())
    )
    assert offenders == ["runtime/function.py"]


# -- version checks ----------------------------------------------------------------------------


def _with_pickled(bundle: bytes, pickled: Pickled) -> bytes:
    """The same function.pkl under a manifest saying it was pickled with ``pickled``."""
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    manifest = Manifest.parse(files[MANIFEST_NAME].decode())
    files[MANIFEST_NAME] = manifest.model_copy(update={"pickled": pickled}).to_toml().encode()
    return bundle_files(files)


@pytest.mark.parametrize("field,version", [("python", "3.10"), ("cloudpickle", "2.2.1")])
def test_version_mismatch_is_refused_at_placement_without_unpickling(
        network: Network, tmp_path: Path, field: str, version: str):
    marker = tmp_path / "unpickled.jsonl"
    name = f"py-old-{field}"
    here = Pickled.here()
    other = here.model_copy(update={field: version})
    bundle = _with_pickled(_marked_app(name, marker).bundle(), other)
    client = network.client()
    out = client.deploy_bundle(bundle)
    with pytest.raises(CocoonError) as err:
        client.wait_served(out.name, out.digest, timeout_s=30)
    expected = (f"was pickled with Python {other.python} and cloudpickle {other.cloudpickle}, "
                f"but this provider runs Python {here.python} and cloudpickle {here.cloudpickle}")
    assert err.value.code == "provider_failed" and expected in err.value.message
    listed = {f.name: f for f in client.functions()}[name]  # what `cocoon functions` shows
    assert [(p.provider, p.state) for p in listed.placements] == [("local", "failed")]
    assert expected in listed.placements[0].detail
    assert not marker.exists()  # refused from the manifest: the pickle was never opened
    assert _placement_status(listed.placements).startswith("failed on local: ")
    assert expected in _placement_status(listed.placements)


# -- mistakes, caught where they are made ------------------------------------------------------


def test_mistakes_are_reported_where_they_are_made():
    with pytest.raises(CocoonError, match="name"):
        App("Not A Name")
    app = App("py-mistakes")
    with pytest.raises(CocoonError, match=r"resources\.cpus"):
        app.function(cpus=-1)
    with pytest.raises(TypeError, match="'cpu'"):
        app.function(cpu=1)
    with pytest.raises(CocoonError, match="has no function"):
        app.bundle()

    lock = threading.Lock()

    @app.function
    def locked(payload):
        with lock:
            return payload

    with pytest.raises(CocoonError, match=r"cannot pickle .*inside the function") as err:
        app.bundle()
    assert err.value.code == "invalid_manifest"
    with pytest.raises(CocoonError, match="one App deploys one function"):
        app.function(lambda payload: payload)

    @app.function(max_units=3)
    def locked(payload):  # noqa: F811 (a notebook cell run again: it replaces the old one)
        return payload

    assert app.manifest.pricing.max_units == 3
    assert manifest_from_bundle(app.bundle()).pricing.max_units == 3


def test_manifest_ties_the_pickle_entrypoint_to_its_versions():
    with pytest.raises(CocoonError, match="go together"):
        Manifest.parse(f'name = "x"\nentrypoint = "{PICKLE_NAME}"\n')
    with pytest.raises(CocoonError, match="go together"):
        Manifest.parse('name = "x"\n[pickled]\npython = "3.11"\ncloudpickle = "3.1.3"\n')
    with pytest.raises(CocoonError, match=r"pickled\.python"):
        Manifest.parse(f'name = "x"\nentrypoint = "{PICKLE_NAME}"\n'
                       '[pickled]\npython = "3"\ncloudpickle = "3.1.3"\n')
