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
