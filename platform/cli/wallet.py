"""``cocoon wallet``: your TON wallet (WalletV4R2) on the embedded chain.

The mnemonic is secret: it is read from a file or stdin (``--mnemonic-file``, ``-`` for stdin),
never from the command line, where it would land in shell history and ``ps``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cocoon.contracts.keys import KeyPair, new_mnemonic
from cocoon.contracts.messages import wallet_address

from . import money
from .command import App
from .output import CliError, JsonFlag, emit
from .secret_input import read_secret

app = App(help="Your TON wallet (WalletV4R2) on the embedded chain.")


def _save(words: list[str]) -> KeyPair:
    """Write wallet.json (private to the user; the format of `settlement.local`, which needs the
    server side); refuses to replace a different wallet."""
    key = KeyPair.from_mnemonic(words)
    path = money.wallet_path()
    if path.exists():
        if money.wallet_key().seed == key.seed:
            return key
        raise CliError("conflict", f"a different wallet exists already in {path}",
                       hint="`cocoon wallet show`; to replace it, move that file away first")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps({"mnemonic": " ".join(words)}))
    return key


def _read_mnemonic(source: str | None) -> list[str]:
    text = read_secret(source, prompt="mnemonic (24 words)", option="--mnemonic-file",
                       holds="a text file with the 24 words")
    words = text.split()
    if len(words) != 24:
        raise CliError("bad_request", f"a mnemonic is 24 words, got {len(words)}",
                       hint="give the 24 words separated by spaces, in a file or on stdin")
    return words


@app.command("create")
def create(as_json: JsonFlag = False) -> None:
    """Create a new wallet (24-word mnemonic, stored in $COCOON_HOME/wallet.json)."""
    path = money.wallet_path()
    if path.exists():
        raise CliError("conflict", f"a wallet exists already in {path}",
                       hint="`cocoon wallet show` shows it")
    words = new_mnemonic()
    key = _save(words)
    emit({**money.wallet_info(key, money.read_chain()), "mnemonic": " ".join(words)},
         as_json, "new wallet (write the mnemonic down; it is the only way back in)",
         money.AMOUNTS)


@app.command("import")
def import_(
    mnemonic_file: Annotated[
        str | None,
        typer.Option("--mnemonic-file", help="File holding the 24 words, or - for stdin "
                     "(default: stdin, asked for on a terminal)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a wallet from its 24-word mnemonic (from a file or stdin, never the command line)."""
    words = _read_mnemonic(mnemonic_file)
    try:
        key = _save(words)
    except ValueError as exc:
        raise CliError("bad_request", str(exc),
                       hint="check the words: they come from `cocoon wallet create` or a TON "
                       "wallet app") from None
    emit(money.wallet_info(key, money.read_chain()), as_json, "wallet", money.AMOUNTS)


@app.command("show")
def show(as_json: JsonFlag = False) -> None:
    """Show the wallet's address and balance (creates nothing)."""
    emit(money.wallet_info(money.wallet_key(), money.read_chain()), as_json, "wallet",
         money.AMOUNTS)


@app.command("fund")
def fund(
    amount: Annotated[str, typer.Option(help="TON from the embedded chain's faucet.")] = "100",
    as_json: JsonFlag = False,
) -> None:
    """Fund the wallet from the embedded chain's faucet (development only)."""
    nanotons = money.parse_ton(amount, "--amount")
    key = money.wallet_key()
    chain = money.open_chain()
    chain.fund(wallet_address(key.public), nanotons)
    emit(money.wallet_info(key, chain), as_json, "wallet", money.AMOUNTS)
