"""Run with a provider cluster's Ray address and token (test_e2e_ray.py does): connects as a
driver and reports, for one function version, whether any private key its replicas hold
appears in Ray's GCS key-value store (every namespace: Serve's checkpoints with deployment
init args, the function table, sessions...), in the object store through the replicas' actor
state, or in any file under the given folders.

The ground truth comes from the replicas themselves, through Ray's ``__ray_call__`` (run a
function on an actor): exactly the reach a function with Ray access would have, which is why
function code must not get it (docs/attestation.md, "Keys and who can see what"). Prints
JSON: counts and findings only, never key bytes."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import ray
from ray.experimental import internal_kv as kv


def held_keys(replica_self) -> list[str]:
    """In the replica: the hex private keys of every KeyRing reachable from it."""
    from cocoon.runtime.keyring import KeyRing

    out, seen, todo = [], set(), [(replica_self, 0)]
    while todo:
        obj, depth = todo.pop()
        if id(obj) in seen or depth > 6:
            continue
        seen.add(id(obj))
        if isinstance(obj, KeyRing):
            for held in obj._held:
                out += [held.keys.hpke.private_bytes_raw().hex(),
                        held.keys.signing.private_bytes_raw().hex()]
            continue
        attrs = getattr(obj, "__dict__", None)
        if isinstance(attrs, dict):
            todo += [(v, depth + 1) for v in attrs.values()]
    return out


def forms(hex_keys: list[str]) -> list[bytes]:
    out = []
    for h in hex_keys:
        raw = bytes.fromhex(h)
        out += [raw, h.encode(), h.upper().encode(), base64.b64encode(raw).rstrip(b"="),
                base64.urlsafe_b64encode(raw).rstrip(b"=")]
    return out


def main() -> None:
    # control: a public value known to be in the deployment's init args (the gateway key of
    # its HostSpec): found in the KV store, it shows the init args were among what was read
    address, app_prefix, control, folders = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    ray.init(address=address, namespace="cocoon-probe", log_to_driver=False)
    replicas = [a for a in ray.util.list_named_actors(all_namespaces=True)
                if a["name"].startswith(f"SERVE_REPLICA::{app_prefix}")]
    keys: list[str] = []
    for a in replicas:
        handle = ray.get_actor(a["name"], namespace=a["namespace"])
        keys += ray.get(handle.__ray_call__.remote(held_keys))
    needles = forms(keys)
    # Listing without a namespace names every key of every namespace (without its namespace):
    # each is read in the namespaces Ray and Serve use until one holds it.
    from ray._private import ray_constants
    from ray.serve._private.storage.kv_store import SERVE_INTERNAL_KV_NAMESPACE

    namespaces = [None, SERVE_INTERNAL_KV_NAMESPACE, b"usage_stats", *(
        v for k, v in vars(ray_constants).items() if k.startswith("KV_NAMESPACE_"))]
    kv_keys = kv._internal_kv_list(b"")
    kv_hits, kv_bytes, serve_kv, unread, control_in_kv = [], 0, 0, [], False
    for key in kv_keys:
        value = None
        for namespace in namespaces:
            value = kv._internal_kv_get(key, namespace=namespace)
            if value is not None:
                break
        if value is None:
            unread.append(key[:60].decode("utf-8", "replace"))
            value = b""
        kv_bytes += len(value)
        control_in_kv |= control.encode() in value
        serve_kv += key.startswith(b"ray-serve-") and len(value) > 0  # checkpoints, init args
        if any(n in key or n in value for n in needles):
            kv_hits.append(key.decode("utf-8", "replace"))
    file_hits, files = [], 0
    for folder in folders:
        for path in Path(folder).rglob("*"):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            files += 1
            if any(n in data for n in needles):
                file_hits.append(str(path))
    print(json.dumps({"replicas": len(replicas), "keys": len(keys), "kv_keys": len(kv_keys),
                      "kv_bytes": kv_bytes, "serve_kv": serve_kv, "control_in_kv": control_in_kv,
                      "kv_hits": kv_hits,
                      "files": files, "file_hits": file_hits,
                      "kv_unread": unread}))


if __name__ == "__main__":
    main()
