"""``cocoon attest``: check TEE evidence from the command line.

Exit codes of ``verify``: 0 the evidence is valid under the policy, 1 it is rejected, 2 the
input is unusable (unreadable file, unknown kind, bad option value).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cocoon.runtime.attestation import Policy, Verdict, verify_evidence
from cocoon.runtime.attestation.certs import load_certificates
from cocoon.runtime.attestation.detect import UnknownEvidence, decode_text, evidence_from_bytes

from .command import App
from .output import CliError, console, print_json

app = App(help="Verify TEE attestation evidence (Intel TDX, AMD SEV-SNP, NVIDIA GPU).")

EXIT_VALID, EXIT_REJECTED, EXIT_UNUSABLE = 0, 1, 2


@app.callback()
def _main() -> None:
    """Attestation tools."""


class Unusable(CliError):
    """Input the verifier cannot work with; exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid_evidence", message, exit_code=EXIT_UNUSABLE,
                         hint="see `cocoon attest verify --help` for the accepted inputs")


@app.command()
def verify(
    evidence: Annotated[Path, typer.Argument(help="evidence file: binary, hex text or JSON")],
    collateral: Annotated[Path | None, typer.Option(
        help="collateral: TDX QuoteCollateralV3 JSON, or for SEV-SNP/NVIDIA a "
        "RevocationCollateral JSON (AMD CRL, NVIDIA OCSP responses)")] = None,
    chain: Annotated[Path | None, typer.Option(
        help="certificates, PEM or DER: SEV-SNP VCEK [ASK], NVIDIA device chain")] = None,
    at: Annotated[str | None, typer.Option(help="verification time, ISO 8601 (default now)")]
    = None,
    policy: Annotated[Path | None, typer.Option(
        help="policy file, TOML or YAML (default: production policy with measurements "
        "not pinned; a policy file pins them, as the network's allowlist does)")] = None,
    nonce: Annotated[str | None, typer.Option(help="expected NVIDIA nonce, hex")] = None,
    offset: Annotated[int | None, typer.Option(
        help="byte offset of the report inside a container")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the verdict as JSON")] = False,
) -> None:
    """Verify EVIDENCE and print the verdict."""
    verdict = _verify(evidence, collateral, chain, at, policy, nonce, offset)
    if as_json:
        print_json(verdict)
    else:
        console.print(_table(verdict))
    raise typer.Exit(EXIT_VALID if verdict.valid else EXIT_REJECTED)


def _verify(evidence_path: Path, collateral: Path | None, chain: Path | None, at: str | None,
            policy_path: Path | None, nonce: str | None, offset: int | None) -> Verdict:
    when = _parse_time(at) if at else None
    policy = _load_policy(policy_path) if policy_path else Policy(pin_measurements=False)
    if offset is not None and offset < 0:
        raise Unusable("--offset must not be negative")
    try:
        evidence = evidence_from_bytes(_read(evidence_path, "evidence"), offset)
    except UnknownEvidence as exc:
        raise Unusable(str(exc)) from None
    update: dict[str, object] = {}
    if collateral is not None:
        update["collateral"] = _read(collateral, "collateral").decode("utf-8", "replace")
    if chain is not None:
        update["chain"] = _chain_pem(_read(chain, "chain"))
    if nonce is not None:
        try:
            update["nonce"] = bytes.fromhex(nonce.removeprefix("0x")).hex()
        except ValueError:
            raise Unusable("--nonce is not hex") from None
    return verify_evidence(evidence.model_copy(update=update), policy, at=when)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Unusable(f"cannot read {what} file {path}: {exc.strerror or exc}") from None


def _parse_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Unusable(f"--at {text!r} is not an ISO 8601 time") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _load_policy(path: Path) -> Policy:
    try:
        return Policy.load(path)
    except OSError as exc:
        raise Unusable(f"cannot read policy file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise Unusable(f"invalid policy file {path}: {str(exc).splitlines()[0]}") from None


def _chain_pem(data: bytes) -> str:
    """Certificates in PEM, whether the file holds PEM, DER, or hex of DER."""
    from cryptography.hazmat.primitives.serialization import Encoding

    for candidate in (data, decode_text(data)):
        try:
            return "".join(c.public_bytes(Encoding.PEM).decode()
                           for c in load_certificates(candidate))
        except ValueError:
            continue
    raise Unusable("chain file holds no readable certificate")


def _table(verdict: Verdict) -> Table:
    table = Table(title=f"{verdict.kind} evidence: "
                  + ("[green]VALID[/green]" if verdict.valid else "[red]REJECTED[/red]"),
                  show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("status", verdict.status or "-")
    table.add_row("debug", str(verdict.debug))
    table.add_row("simulated", str(verdict.simulated))
    table.add_row("measurement", verdict.measurement or "-")
    for name, value in verdict.measurements.items():
        if value != verdict.measurement:
            table.add_row(f"  {name}", value)
    table.add_row("report_data", verdict.report_data or "-")
    for name, value in verdict.details.items():
        table.add_row(name, value)
    for reason in verdict.reasons:
        table.add_row("[red]reason[/red]", reason)
    for warning in verdict.warnings:  # what a development policy let through
        table.add_row("[yellow]warning[/yellow]", warning)
    return table
