"""Run with a provider cluster's Ray address and token (test_e2e_ray.py does): kills the
replicas of one Serve application, as a crash would; Serve starts new ones, which make new
keys. Prints how many it killed."""

from __future__ import annotations

import sys

import ray


def main() -> None:
    address, app_prefix = sys.argv[1], sys.argv[2]
    ray.init(address=address, namespace="cocoon-probe", log_to_driver=False)
    killed = 0
    for a in ray.util.list_named_actors(all_namespaces=True):
        if a["name"].startswith(f"SERVE_REPLICA::{app_prefix}"):
            ray.kill(ray.get_actor(a["name"], namespace=a["namespace"]))
            killed += 1
    print(killed)


if __name__ == "__main__":
    main()
