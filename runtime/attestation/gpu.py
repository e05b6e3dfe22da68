"""GPU functions need GPU evidence: whether verdicts show enough verified NVIDIA GPUs.

A function whose manifest asks for GPUs (``resources.gpus``; a fraction still needs a whole
GPU) may run only where verified NVIDIA evidence covers that many distinct GPUs: the platform
does not place it elsewhere (the router's ``placement_refusal``) and the client
refuses offers without it (the SDK). Distinct GPUs are told apart by their attestation
certificate (``Verdict.details["device"]``), so one GPU's evidence sent twice counts once.
"""

from __future__ import annotations

import math

from .verdict import Verdict


def gpus_needed(gpus: float) -> int:
    return math.ceil(gpus) if gpus > 0 else 0


def gpu_refusal(gpus: float, verdicts: list[Verdict]) -> str | None:
    """Why ``verdicts`` do not show ``gpus`` GPUs with verified NVIDIA evidence (None: they
    do, or no GPU is needed)."""
    need = gpus_needed(gpus)
    if need == 0:
        return None
    nvidia = [v for v in verdicts if v.kind == "nvidia"]
    devices = {v.details.get("device") or v.measurement or str(i)
               for i, v in enumerate(nvidia) if v.valid}
    if len(devices) >= need:
        return None
    why = f"needs {need} GPU(s) with verified NVIDIA evidence, has {len(devices)}"
    rejected = sorted({r for v in nvidia if not v.valid for r in v.reasons})
    if rejected:
        why += " (NVIDIA evidence rejected: " + "; ".join(rejected)[:400] + ")"
    elif not nvidia:
        why += " (no NVIDIA evidence)"
    return why
