"""GPU functions need GPU evidence: whether verdicts show enough verified NVIDIA GPUs.

A function whose manifest asks for GPUs (``resources.gpus``; a fraction still needs a whole
GPU) may run only where verified NVIDIA evidence covers that many distinct GPUs: the platform
does not place it elsewhere (the router's ``placement_refusal``) and the client
refuses offers without it (the SDK). Distinct GPUs are told apart by their attestation
certificate (``Verdict.details["device"]``), so one GPU's evidence sent twice counts once.

A manifest's ``gpu_kind`` (``H100``) is matched against the chip that NVIDIA's device
certificate names (``Verdict.details["model"]``, e.g. ``GH100``: the Hopper chip of the H100,
H200 and H800): a provider that says it has H100s but whose evidence shows another chip is
refused (:func:`gpu_kind_refusal`).
"""

from __future__ import annotations

import math

from .verdict import Verdict

# NVIDIA's chip names (the device certificate's) -> the GPU products built on them
CHIP_KINDS: dict[str, tuple[str, ...]] = {
    "GH100": ("H100", "H200", "H800", "H20", "GH200"),
    "GB100": ("B100", "B200", "GB200"),
    "GB102": ("B200",),
    "GB202": ("RTX PRO 6000",),
}


def chip_of(common_name: str) -> str | None:
    """The chip a GPU attestation certificate's CN names ("GH100 A01 GSP FMC LF": GH100)."""
    first = common_name.split(" ", 1)[0].upper()
    return first if first.startswith("G") and any(ch.isdigit() for ch in first) else None


def kind_matches(kind: str, model: str) -> bool:
    """Whether a GPU of chip or product ``model`` is a ``kind`` (case-insensitive)."""
    kind, model = kind.upper(), model.upper()
    return kind in model or any(kind in k.upper() for k in CHIP_KINDS.get(model, ()))


def gpu_kind_refusal(kind: str | None, verdicts: list[Verdict]) -> str | None:
    """Why valid NVIDIA ``verdicts`` show no GPU of ``kind`` (None: one does, or no kind)."""
    if not kind:
        return None
    models = sorted({v.details["model"] for v in verdicts
                     if v.kind == "nvidia" and v.valid and v.details.get("model")})
    if any(kind_matches(kind, m) for m in models):
        return None
    return f"needs a {kind} GPU; its verified NVIDIA evidence shows {', '.join(models) or 'none'}"


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
