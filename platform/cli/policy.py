"""``cocoon policy``: the network's accepted measurements, in its root contract on chain.

``show`` reads the allowlist (``--history``: every change, in order) as any verifier does;
``allow`` and ``revoke`` are sent from the owner's wallet. The owner key is secret: it is read
from a file or stdin (``--key-file``, ``-`` for stdin: a hex seed, a 24-word mnemonic or a
wallet.json), never from the command line. On the embedded network the owner is the platform
key, ``$COCOON_HOME/platform_key``.
"""

from __future__ import annotations

import json
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from cocoon.contracts.chain import Chain, ChainError
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.root import ERRORS, OP_GAS, AllowEntry, RootContract, RootState
from cocoon.runtime import config
from cocoon.runtime.attestation import Policy
from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX, chain_opener

from . import money
from .command import App
from .output import CliError, JsonFlag, emit, note, print_json, table
from .secret_input import read_secret

app = App(help="The network's accepted measurements (the root contract's allowlist).")

CONFIRM_S = 90.0  # a live chain: how long to wait for the change to show

RootOption = Annotated[str | None, typer.Option(
    "--root", help="root contract address (default: [gateway] or [client] root_address)")]
ChainOption = Annotated[str | None, typer.Option(
    "--chain", help="embedded:<dir> or a TON global config (default: from the config)")]
KeyFile = Annotated[str | None, typer.Option(
    "--key-file", help="the owner's key: a file (hex seed, 24 words or wallet.json), or - for "
    "stdin (default: stdin, asked for on a terminal)")]
Kind = Annotated[str, typer.Argument(help="tdx, sev-snp, nvidia or simulated")]
Name = Annotated[str, typer.Argument(
    help="measurement: mrtd, rtmr0..rtmr3 (tdx), measurement (sev-snp), an SPDM index or "
    "record (nvidia)")]
Value = Annotated[str, typer.Argument(help="the accepted value, hex")]


def _where(root: str | None, chain: str | None) -> tuple[str, str]:
    file = config.read_file()
    gateway, client = file.get("gateway", {}), file.get("client", {})
    address = root or gateway.get("root_address") or client.get("root_address")
    if not address:
        raise CliError("not_found", "no root contract configured",
                       hint="`cocoon up` deploys one; or pass --root / set [client] root_address")
    spec = (chain or gateway.get("chain") or client.get("chain")
            or f"{EMBEDDED_PREFIX}{money.gateway_settings().home / 'chain'}")
    return str(address), str(spec)


def _open(chain: str) -> AbstractContextManager[Chain]:
    return chain_opener(chain)()


def _state(root: RootContract) -> RootState:
    try:
        return root.state()
    except ChainError as exc:
        where = root.address.to_str(is_user_friendly=False)
        raise CliError("not_found", f"no root contract at {where}: {exc}",
                       hint="check --root and --chain (`cocoon up` deploys the embedded one)"
                       ) from None


def _entry(kind: str, name: str, value: str) -> AllowEntry:
    try:
        return AllowEntry.model_validate({"kind": kind, "name": name, "value": value})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CliError("bad_request", problems,
                       hint="e.g. `cocoon policy allow tdx mrtd <96 hex digits>`") from None


def read_owner_key(source: str | None) -> KeyPair:
    """The owner's key from a file or stdin: a hex seed, 24 words, or wallet.json."""
    text = read_secret(source, prompt="owner key (hex seed or 24 words)", option="--key-file",
                       holds="the owner's key file").strip()
    try:
        if text.startswith("{"):
            return KeyPair.from_mnemonic(json.loads(text)["mnemonic"])
        if len(text.split()) == 24:
            return KeyPair.from_mnemonic(text)
        return KeyPair(bytes.fromhex(text))
    except (ValueError, KeyError, TypeError):
        raise CliError("bad_request", "the owner key is not a hex seed, a 24-word mnemonic or a "
                       "wallet.json", hint="on the embedded network: --key-file "
                       "$COCOON_HOME/platform_key") from None


def _summary(state: RootState) -> dict[str, Any]:
    return {"root": state.address, "owner": state.owner, "seqno": state.seqno,
            "development": state.development, "entries": len(state.entries)}


def _when(at: int) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%S")


@app.command("show")
def show(
    history: Annotated[bool, typer.Option("--history", help="every change, oldest first")] = False,
    root: RootOption = None,
    chain: ChainOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show the accepted measurements (or with --history, every change to them)."""
    address, spec = _where(root, chain)
    with _open(spec) as c:
        contract = RootContract(c, address)
        state = _state(contract)
        events = contract.history() if history else None
    if as_json:
        out: dict[str, Any] = {**_summary(state), "flags": state.flags,
                               "entries": [{**e.model_dump(), "key": e.key}
                                           for e in state.entries]}
        if events is not None:
            out["history"] = [e.model_dump(exclude_none=True) for e in events]
        print_json(out)
        return
    emit(_summary(state), False, "root contract")
    if events is not None:
        table("history", ["seqno", "time (UTC)", "change", "what"],
              [[e.seqno, _when(e.at), e.op, _what(e)] for e in events])
    elif state.entries:
        table("allowlist", ["kind", "name", "value"],
              [[e.kind, e.name, e.value] for e in state.entries])
    else:
        note("the allowlist is empty: no real TEE evidence is accepted "
             "(`cocoon policy allow KIND NAME VALUE`)")


def _what(event: Any) -> str:
    if event.entry is not None:
        return f"{event.entry.kind} {event.entry.name}={event.entry.value}"
    if event.flags is not None:
        return f"flags={event.flags} (development {'on' if event.flags & 1 else 'off'})"
    return f"owner={event.owner}"


def _owned(contract: RootContract, key: KeyPair) -> RootState:
    state = _state(contract)
    wallet = wallet_address(key.public).to_str(is_user_friendly=False)
    if state.owner != wallet:
        raise CliError("forbidden", f"this key's wallet {wallet} does not own the root "
                       f"(its owner is {state.owner})", hint="use the owner's key")
    return state


def _send(contract: RootContract, key: KeyPair, op: str, entry: AllowEntry,
          seqno: int) -> RootState:
    money.require_balance(contract.chain, key, OP_GAS,  # type: ignore[arg-type]
                          f"`cocoon policy {op}`")
    send = contract.add if op == "allow" else contract.remove
    result = send(key, entry)
    refused = [t.exit_code for t in result.transactions
               if t.aborted and t.address == contract.address.to_str(is_user_friendly=False)]
    if refused:
        raise CliError("conflict", f"the root contract refused the change "
                       f"({ERRORS.get(refused[0] or 0, refused[0])})",
                       hint="`cocoon policy show --history`")
    return _confirmed(contract, seqno)


def _change(op: str, entry: AllowEntry, key_file: str | None, root: str | None,
            chain: str | None, as_json: bool) -> None:
    address, spec = _where(root, chain)
    key = read_owner_key(key_file)
    with _open(spec) as c:
        contract = RootContract(c, address)
        before = _owned(contract, key)
        present = entry in before.entries
        if op == "allow" and present:
            raise CliError("conflict", "this measurement is allowlisted already",
                           hint="`cocoon policy show`")
        if op == "revoke" and not present:
            raise CliError("not_found", "this measurement is not on the allowlist",
                           hint="`cocoon policy show` lists the entries")
        after = _send(contract, key, op, entry, before.seqno)
    emit({"change": op, **entry.model_dump(), "key": entry.key, "seqno": after.seqno,
          "entries": len(after.entries)}, as_json, f"policy {op}")


def evidence_entries(data: bytes, offset: int | None = None) -> list[AllowEntry]:
    """The entries that admit machines measured like this evidence: the measurements the
    production policy requires (TDX MRTD, RTMR0-2; SEV-SNP MEASUREMENT), every SPDM block of
    NVIDIA evidence. Read, not verified: `cocoon attest verify` checks where it came from."""
    from cocoon.runtime.attestation.detect import UnknownEvidence, evidence_from_bytes
    from cocoon.runtime.attestation.verify import kind_verifier

    try:
        evidence = evidence_from_bytes(data, offset)
    except UnknownEvidence as exc:
        raise CliError("invalid_evidence", str(exc)) from None
    if evidence.kind == "simulated":
        raise CliError("invalid_evidence", "simulated evidence has no measurements to allow",
                       hint="the development flag admits simulated TEEs")
    verdict = kind_verifier(evidence.kind)(evidence, datetime.now(UTC))
    required = Policy().required.get(evidence.kind)
    names = required if required is not None else sorted(verdict.measurements)
    missing = [n for n in names if not verdict.measurements.get(n)]
    if missing or not names:
        raise CliError("invalid_evidence", f"no {', '.join(missing) or 'measurements'} in this "
                       f"{evidence.kind} evidence", hint="`cocoon attest verify EVIDENCE`")
    return [AllowEntry(kind=evidence.kind, name=n, value=verdict.measurements[n]) for n in names]


def _confirmed(contract: RootContract, seqno: int) -> RootState:
    """The state once the change shows (at once on the embedded chain; a live one takes a
    few seconds)."""
    deadline = time.monotonic() + CONFIRM_S
    while True:
        state = _state(contract)
        if state.seqno > seqno:
            return state
        if time.monotonic() > deadline:
            raise CliError("internal", f"the change did not show on chain in "
                           f"{CONFIRM_S:.0f} s", hint="`cocoon policy show --history` later")
        time.sleep(2)


@app.command("allow")
def allow(kind: Kind, name: Name, value: Value, key_file: KeyFile = None,
          root: RootOption = None, chain: ChainOption = None, as_json: JsonFlag = False) -> None:
    """Accept one more value of a measurement (signed with the owner's key)."""
    _change("allow", _entry(kind, name, value), key_file, root, chain, as_json)


@app.command("revoke")
def revoke(kind: Kind, name: Name, value: Value, key_file: KeyFile = None,
           root: RootOption = None, chain: ChainOption = None, as_json: JsonFlag = False) -> None:
    """Stop accepting a value of a measurement (signed with the owner's key)."""
    _change("revoke", _entry(kind, name, value), key_file, root, chain, as_json)


@app.command("allow-evidence")
def allow_evidence(
    evidence: Annotated[Path, typer.Argument(help="evidence file: binary, hex or Evidence JSON")],
    offset: Annotated[int | None, typer.Option(
        help="byte offset of the report inside a container")] = None,
    key_file: KeyFile = None, root: RootOption = None, chain: ChainOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Allow the measurements of a machine measured like EVIDENCE (what the policy requires)."""
    try:
        data = evidence.read_bytes()
    except OSError as exc:
        raise CliError("bad_request", f"cannot read {evidence}: {exc.strerror or exc}") from None
    entries = evidence_entries(data, offset)
    address, spec = _where(root, chain)
    key = read_owner_key(key_file)
    with _open(spec) as c:
        contract = RootContract(c, address)
        state = _owned(contract, key)
        added = []
        for entry in entries:
            if entry not in state.entries:
                state = _send(contract, key, "allow", entry, state.seqno)
                added.append(entry)
    emit({"added": [e.model_dump() for e in added], "already": len(entries) - len(added),
          "seqno": state.seqno, "entries": len(state.entries)}, as_json, "policy allow-evidence")
