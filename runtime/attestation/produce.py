"""Producing evidence on the machine the runtime runs on.

CPU TEEs (TDX, SEV-SNP) report through Linux configfs-tsm (``<tsm>/report/<entry>``: write
``inblob`` = report_data, read ``outblob``, ``provider`` and ``auxblob``; the ``generation``
counter exposes a concurrent writer). ``/dev/tdx_guest`` and ``/dev/sev-guest`` without
configfs-tsm (kernels before 6.7) are detected but not driven: that fails with a clear error.
NVIDIA GPUs in confidential-computing mode are asked through NVML (``pynvml``) when it is
installed. Without any TEE, the simulated one is used only when the caller allows it.
``produce_all`` attaches the collateral verifiers need (``collateral.CollateralFetcher``).
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import uuid
from pathlib import Path

from . import simulated
from .collateral import CollateralFetcher
from .verdict import Evidence, EvidenceKind

TSM_ROOT = Path("/sys/kernel/config/tsm")
DEV_ROOT = Path("/dev")
REPORT_DATA_LEN = 64
PROVIDERS: dict[str, EvidenceKind] = {"tdx_guest": "tdx", "sev_guest": "sev-snp"}
# GUIDs of the SEV-SNP certificate table (auxblob), stored little-endian as EFI GUIDs
SNP_VCEK_GUID = uuid.UUID("63da758d-e664-4564-adc5-f4b93be8accd").bytes_le
SNP_ASK_GUID = uuid.UUID("4ab7b379-bbac-4fe4-a02f-05aef327c782").bytes_le
SNP_ARK_GUID = uuid.UUID("c0b406a4-a803-4952-9743-3fb6014cd0ae").bytes_le


class TeeUnavailable(RuntimeError):
    """No evidence can be produced here under the given configuration."""


def produce(
    report_data: bytes,
    *,
    allow_simulated: bool = False,
    tsm_root: Path = TSM_ROOT,
    dev_root: Path = DEV_ROOT,
    entry: str | None = None,
) -> Evidence:
    """Evidence of the CPU TEE this runs in, carrying ``report_data`` (at most 64 bytes)."""
    if len(report_data) > REPORT_DATA_LEN:
        raise ValueError(f"report_data is {len(report_data)} bytes, at most 64")
    if (tsm_root / "report").is_dir():
        return via_configfs(report_data.ljust(REPORT_DATA_LEN, b"\0"), tsm_root, entry)
    devices = [name for name in ("tdx_guest", "sev-guest") if (dev_root / name).exists()]
    if devices:
        raise TeeUnavailable(
            f"{dev_root / devices[0]} present but configfs-tsm ({tsm_root}/report) is not: "
            "producing evidence through the device ioctl is not supported; use a kernel with "
            "CONFIG_TSM_REPORTS and mount configfs")
    if allow_simulated:
        return simulated.produce(report_data)
    raise TeeUnavailable(f"no TEE found (no {tsm_root}/report, no {dev_root}/tdx_guest or "
                         f"{dev_root}/sev-guest) and simulated TEEs are not allowed")


def produce_all(report_data: bytes, *, allow_simulated: bool = False,
                tsm_root: Path = TSM_ROOT, dev_root: Path = DEV_ROOT, entry: str | None = None,
                collateral: CollateralFetcher | None = None) -> list[Evidence]:
    """The CPU TEE's evidence, then one per confidential GPU (nonce: first 32 bytes), each with
    the collateral its verifiers need attached (Intel PCS collateral, the AMD CRL, NVIDIA OCSP
    responses: ``collateral``, default the network fetcher with its cache under COCOON_HOME;
    simulated evidence needs none and nothing is fetched for it)."""
    cpu = produce(report_data, allow_simulated=allow_simulated, tsm_root=tsm_root,
                  dev_root=dev_root, entry=entry)
    evidence = [cpu, *nvidia_evidence(report_data[:32].ljust(32, b"\0"))]
    if all(e.kind == "simulated" for e in evidence):
        return evidence
    fetcher = collateral or CollateralFetcher()
    return [fetcher.attach(e) for e in evidence]


def via_configfs(report_data: bytes, tsm_root: Path, entry: str | None = None) -> Evidence:
    """One report through configfs-tsm. ``entry`` names a report entry to reuse (kept);
    otherwise a fresh one is made and removed afterwards."""
    path = tsm_root / "report" / (entry or f"cocoon-{os.getpid()}-{secrets.token_hex(4)}")
    created = not path.is_dir()
    try:
        if created:
            path.mkdir()
        (path / "inblob").write_bytes(report_data)
        before = _generation(path)
        outblob = (path / "outblob").read_bytes()
        provider = (path / "provider").read_text().strip()
        auxblob = (path / "auxblob").read_bytes() if (path / "auxblob").is_file() else b""
        if _generation(path) != before:
            raise TeeUnavailable("configfs-tsm report entry was written concurrently; retry")
    except OSError as exc:
        raise TeeUnavailable(f"configfs-tsm report failed: {exc.strerror or exc}") from None
    finally:
        if created and path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()
    kind = PROVIDERS.get(provider)
    if kind is None:
        raise TeeUnavailable(f"unsupported configfs-tsm provider {provider!r}")
    if not outblob:
        raise TeeUnavailable("configfs-tsm returned an empty report")
    chain = snp_certificates(auxblob) if kind == "sev-snp" else None
    return Evidence(kind=kind, data=base64.b64encode(outblob).decode(), chain=chain)


def snp_certificates(auxblob: bytes) -> str | None:
    """The VCEK (then ASK, ARK when present) from an SEV-SNP certificate table, as PEM."""
    found: dict[bytes, bytes] = {}
    for pos in range(0, len(auxblob) - 23, 24):
        guid = auxblob[pos:pos + 16]
        if guid == bytes(16):
            break
        offset = int.from_bytes(auxblob[pos + 16:pos + 20], "little")
        length = int.from_bytes(auxblob[pos + 20:pos + 24], "little")
        if length > 0 and offset + length <= len(auxblob):
            found[guid] = auxblob[offset:offset + length]
    if SNP_VCEK_GUID not in found:
        return None
    return "".join(_pem(found[g]) for g in (SNP_VCEK_GUID, SNP_ASK_GUID, SNP_ARK_GUID)
                   if g in found)


def nvidia_evidence(nonce: bytes) -> list[Evidence]:
    """SPDM evidence of each GPU in confidential-computing mode, through NVML; none when NVML
    (``pynvml``) is not installed or no GPU is in CC mode."""
    try:
        import pynvml  # type: ignore[import-not-found]
    except ImportError:
        return []
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return []
    out: list[Evidence] = []
    try:
        for i in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(i)
            try:
                report = pynvml.nvmlDeviceGetConfComputeGpuAttestationReport(handle, nonce)
                cert = pynvml.nvmlDeviceGetConfComputeGpuCertificate(handle)
            except pynvml.NVMLError:
                continue  # not in CC mode
            raw = bytes(report.attestationReport[:report.attestationReportSize])
            chain = bytes(cert.attestationCertChain[:cert.attestationCertChainSize])
            out.append(Evidence(kind="nvidia", data=base64.b64encode(raw).decode(),
                                chain=chain.decode("latin-1"), nonce=nonce.hex()))
    finally:
        pynvml.nvmlShutdown()
    return out


def _generation(path: Path) -> str | None:
    gen = path / "generation"
    return gen.read_text().strip() if gen.is_file() else None


def _pem(der: bytes) -> str:
    if der.lstrip().startswith(b"-----BEGIN"):
        return der.decode("ascii", "replace")
    body = base64.encodebytes(der).decode().replace("\n", "")
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"
