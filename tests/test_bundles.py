"""Bundles hold regular files only: links, hard links, devices, FIFOs, sockets and names that
escape the folder are refused with ``invalid_bundle`` naming the member, when a folder is
bundled, when the gateway receives a hand-crafted archive, and when a provider unpacks one."""

from __future__ import annotations

import base64
import gzip
import io
import os
import shutil
import socket
import tarfile
import zipfile
from pathlib import Path

import pytest
from harness import TEMPLATES

from cocoon.runtime.errors import CocoonError
from cocoon.runtime.manifest import load_folder, manifest_from_bundle, unpack_bundle

MANIFEST = b'name = "hostile"\n'


def _echo_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "fn"
    shutil.copytree(TEMPLATES / "echo", folder)
    return folder


def _refused(call, member: str) -> CocoonError:
    with pytest.raises(CocoonError) as exc:
        call()
    assert exc.value.code == "invalid_bundle" and exc.value.status == 400, exc.value
    assert repr(member) in exc.value.message, exc.value.message
    return exc.value


# -- a folder on the developer's machine ------------------------------------------------------


def test_a_symlink_to_a_system_file_is_refused_not_followed(tmp_path):
    folder = _echo_copy(tmp_path)
    (folder / "passwd").symlink_to("/etc/passwd")
    err = _refused(lambda: load_folder(folder), "passwd")
    assert "symbolic link" in err.message
    assert "root:" not in err.message


def test_a_symlinked_folder_is_refused(tmp_path):
    folder = _echo_copy(tmp_path)
    (folder / "etc").symlink_to("/etc", target_is_directory=True)
    assert "symbolic link" in _refused(lambda: load_folder(folder), "etc").message


def test_a_symlinked_manifest_is_refused_before_it_is_read(tmp_path):
    folder = tmp_path / "fn"
    folder.mkdir()
    (tmp_path / "real.toml").write_bytes(MANIFEST)
    (folder / "cocoon.toml").symlink_to(tmp_path / "real.toml")
    _refused(lambda: load_folder(folder), "cocoon.toml")


def test_a_hard_link_is_refused(tmp_path):
    folder = _echo_copy(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the bundle")
    os.link(outside, folder / "data.txt")
    assert "hard link" in _refused(lambda: load_folder(folder), "data.txt").message


def test_a_fifo_is_refused_without_blocking(tmp_path):
    folder = _echo_copy(tmp_path)
    os.mkfifo(folder / "pipe")
    assert "FIFO" in _refused(lambda: load_folder(folder), "pipe").message


def test_a_socket_is_refused(tmp_path):
    folder = _echo_copy(tmp_path)
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(folder / "sock"))
        assert "socket" in _refused(lambda: load_folder(folder), "sock").message


def test_links_in_skipped_folders_do_not_matter(tmp_path):
    """Dotfiles and caches are never bundled, so a link there (a .venv, say) is no problem."""
    folder = _echo_copy(tmp_path)
    (folder / ".venv").symlink_to("/etc", target_is_directory=True)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").symlink_to("/etc/passwd")
    assert load_folder(folder)[1] == load_folder(TEMPLATES / "echo")[1]


def test_the_sdk_refuses_before_uploading(network, tmp_path):
    folder = _echo_copy(tmp_path)
    (folder / "main.py").unlink()
    (folder / "main.py").symlink_to(TEMPLATES / "echo" / "main.py")
    before = [f.digest for f in network.client().functions()]
    _refused(lambda: network.client().deploy(folder), "main.py")
    assert [f.digest for f in network.client().functions()] == before


# -- archives crafted by hand -------------------------------------------------------------------


def _member(name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"", link: str = ""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, len(data)
    return info, data


def _archive(*members) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in [_member("cocoon.toml", data=MANIFEST),
                           _member("main.py", data=b"def f(x):\n    return x\n"), *members]:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return gzip.compress(raw.getvalue())


HOSTILE = {
    "symlink": (_member("passwd", tarfile.SYMTYPE, link="/etc/passwd"), "passwd"),
    "relative symlink": (_member("up", tarfile.SYMTYPE, link="../../.."), "up"),
    "hard link": (_member("shadow", tarfile.LNKTYPE, link="/etc/shadow"), "shadow"),
    "inner hard link": (_member("copy.py", tarfile.LNKTYPE, link="main.py"), "copy.py"),
    "char device": (_member("mem", tarfile.CHRTYPE), "mem"),
    "block device": (_member("sda", tarfile.BLKTYPE), "sda"),
    "fifo": (_member("pipe", tarfile.FIFOTYPE), "pipe"),
    "dot-dot": (_member("../escape.py", data=b"x"), "../escape.py"),
    "deep dot-dot": (_member("pkg/../../escape.py", data=b"x"), "pkg/../../escape.py"),
    "absolute": (_member("/tmp/abs.py", data=b"x"), "/tmp/abs.py"),
    "second manifest": (_member("cocoon.toml", data=b'name = "other"\n'), "cocoon.toml"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_archives_are_refused_on_read_and_on_unpack(case, tmp_path):
    member, name = HOSTILE[case]
    bundle = _archive(member)
    _refused(lambda: manifest_from_bundle(bundle), name)
    into = tmp_path / "unpacked"
    into.mkdir()
    _refused(lambda: unpack_bundle(bundle, into), name)
    assert list(into.iterdir()) == []  # refused before anything was written
    assert not (tmp_path / "escape.py").exists()


@pytest.mark.parametrize("case", ["symlink", "hard link", "char device", "dot-dot"])
def test_the_gateway_refuses_hostile_archives_at_deploy(network, case):
    member, name = HOSTILE[case]
    before = [f.digest for f in network.client().functions()]
    with network.http() as http:
        resp = http.post("/v1/functions",
                         json={"bundle": base64.b64encode(_archive(member)).decode()})
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["code"] == "invalid_bundle" and repr(name) in error["message"]
    assert [f.digest for f in network.client().functions()] == before


def test_a_zip_is_not_a_bundle(network):
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("cocoon.toml", MANIFEST)
        z.writestr("main.py", "def f(x):\n    return x\n")
    with network.http() as http:
        resp = http.post("/v1/functions",
                         json={"bundle": base64.b64encode(raw.getvalue()).decode()})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_manifest"
    assert "tar.gz" in resp.json()["error"]["message"]


def test_an_honest_archive_still_unpacks(tmp_path):
    manifest = unpack_bundle(_archive(), tmp_path)
    assert manifest.name == "hostile" and (tmp_path / "main.py").is_file()
