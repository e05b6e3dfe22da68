"""AMD SEV-SNP attestation report (ABI v2/v3, 1184 bytes), parsed by offsets.

All integers little-endian. The signature (ECDSA P-384, r and s as 72-byte little-endian
integers) at 0x2A0 covers bytes [0, 0x2A0).
"""

from __future__ import annotations

from dataclasses import dataclass

REPORT_LEN = 0x4A0
SIGNED_LEN = 0x2A0
POLICY_DEBUG_BIT = 19
SIG_ALGO_ECDSA_P384_SHA384 = 1
TURIN_FAMILY = 0x1A


class ReportFormatError(ValueError):
    """The bytes are not an SEV-SNP report this module can read."""


@dataclass(frozen=True)
class SnpReport:
    raw: bytes

    def _u32(self, off: int) -> int:
        return int.from_bytes(self.raw[off:off + 4], "little")

    @property
    def version(self) -> int:
        return self._u32(0x00)

    @property
    def guest_svn(self) -> int:
        return self._u32(0x04)

    @property
    def policy(self) -> int:
        return int.from_bytes(self.raw[0x08:0x10], "little")

    @property
    def debug(self) -> bool:
        return bool(self.policy >> POLICY_DEBUG_BIT & 1)

    @property
    def vmpl(self) -> int:
        return self._u32(0x30)

    @property
    def signature_algo(self) -> int:
        return self._u32(0x34)

    @property
    def signing_key(self) -> int:
        """0: VCEK, 1: VLEK, 7: none (key info bits 2-4)."""
        return self._u32(0x48) >> 2 & 0b111

    @property
    def report_data(self) -> bytes:
        return self.raw[0x50:0x90]

    @property
    def measurement(self) -> bytes:
        return self.raw[0x90:0xC0]

    @property
    def host_data(self) -> bytes:
        return self.raw[0xC0:0xE0]

    @property
    def reported_tcb(self) -> bytes:
        return self.raw[0x180:0x188]

    @property
    def cpuid_family(self) -> int | None:
        """Family of the CPU (v3 and later reports); None when the report does not say."""
        return self.raw[0x188] if self.version >= 3 else None

    @property
    def chip_id(self) -> bytes:
        return self.raw[0x1A0:0x1E0]

    @property
    def signed(self) -> bytes:
        return self.raw[:SIGNED_LEN]

    @property
    def signature_rs(self) -> tuple[int, int]:
        sig = self.raw[SIGNED_LEN:SIGNED_LEN + 144]
        return int.from_bytes(sig[:72], "little"), int.from_bytes(sig[72:], "little")

    def tcb_components(self, turin: bool) -> dict[str, int]:
        """The reported TCB's SVNs; Turin moved the fields (and added the FMC SVN)."""
        t = self.reported_tcb
        if turin:
            return {"fmc": t[0], "bootloader": t[1], "tee": t[2], "snp": t[3], "microcode": t[7]}
        return {"bootloader": t[0], "tee": t[1], "snp": t[6], "microcode": t[7]}


def parse(data: bytes, offset: int = 0) -> SnpReport:
    if offset < 0 or len(data) < offset + REPORT_LEN:
        raise ReportFormatError(
            f"need {REPORT_LEN} bytes at offset {offset}, have {max(len(data) - offset, 0)}")
    report = SnpReport(bytes(data[offset:offset + REPORT_LEN]))
    if report.version not in (2, 3, 4, 5):
        raise ReportFormatError(f"unsupported report version {report.version}")
    if report.signature_algo != SIG_ALGO_ECDSA_P384_SHA384:
        raise ReportFormatError(f"unsupported signature algorithm {report.signature_algo}")
    return report
