"""Function folders: manifest validation and reproducible bundles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.function import load_handler
from cocoon.runtime.manifest import (
    Manifest,
    bundle_digest,
    load_folder,
    manifest_from_bundle,
    unpack_bundle,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_templates_parse():
    for name in ("echo", "embeddings"):
        manifest, bundle = load_folder(TEMPLATES / name)
        assert manifest.name == name
        assert manifest_from_bundle(bundle) == manifest


def test_bundle_is_reproducible(tmp_path):
    copy = tmp_path / "echo"
    shutil.copytree(TEMPLATES / "echo", copy)
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"junk")
    (copy / ".hidden").write_text("ignored")
    _, a = load_folder(TEMPLATES / "echo")
    _, b = load_folder(copy)
    assert bundle_digest(a) == bundle_digest(b)
    (copy / "main.py").write_text((copy / "main.py").read_text() + "\n# changed\n")
    _, c = load_folder(copy)
    assert bundle_digest(c) != bundle_digest(a)


def test_unpack_and_load(tmp_path):
    _, bundle = load_folder(TEMPLATES / "echo")
    manifest = unpack_bundle(bundle, tmp_path)
    handler = load_handler(tmp_path, manifest.entrypoint)
    assert handler({"x": [1, 2]}) == {"x": [1, 2]}


@pytest.mark.parametrize(
    "text",
    [
        "name = 'Bad Name'",
        "name = 'ok'\n[resources]\ncpus = -1",
        "name = 'ok'\nunknown = 1",
        "name = 'ok'\n[pricing]\nunit_price = 'cheap'",
        "not toml at all [",
    ],
)
def test_invalid_manifests(text):
    with pytest.raises(CocoonError) as exc:
        Manifest.parse(text)
    assert exc.value.code == "invalid_manifest" and exc.value.status == 400


def test_bundle_garbage():
    with pytest.raises(CocoonError) as exc:
        manifest_from_bundle(b"\x1f\x8bnot really gzip")
    assert exc.value.code == "invalid_manifest"


def test_folder_must_mark_one_function(tmp_path):
    (tmp_path / "main.py").write_text("def f(x):\n    return x\n")
    with pytest.raises(CocoonError) as exc:
        load_handler(tmp_path, "main")
    assert "exactly one" in exc.value.message


def _bundle_with(files: dict[str, bytes]) -> bytes:
    import gzip
    import io
    import tarfile

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue())


def test_decompression_bombs_are_refused(tmp_path):
    huge_manifest = _bundle_with({"cocoon.toml": b"name = 'x'\n" + b"#" * (1 << 20)})
    with pytest.raises(CocoonError) as exc:
        manifest_from_bundle(huge_manifest)
    assert exc.value.code == "invalid_manifest" and "64 KiB" in exc.value.message
    bomb = _bundle_with({"cocoon.toml": b"name = 'x'\n", "zeros.bin": bytes(300 << 20)})
    assert len(bomb) < 1 << 20  # a small upload...
    for check in (manifest_from_bundle, lambda b: unpack_bundle(b, tmp_path)):
        with pytest.raises(CocoonError) as exc:
            check(bomb)
        assert exc.value.code == "payload_too_large"  # ...refused before it is unpacked
    assert list(tmp_path.iterdir()) == []
