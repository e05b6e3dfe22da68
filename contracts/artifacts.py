"""Compiled contract code, committed under contracts/compiled/ so Python users need no Node."""

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel
from pytoniq_core import Cell

COMPILED_DIR = Path(__file__).resolve().parent / "compiled"


class Artifact(BaseModel):
    name: str
    tolkVersion: str
    codeHashHex: str
    codeBoc64: str

    @property
    def code(self) -> Cell:
        return Cell.one_from_boc(self.codeBoc64)


@cache
def artifact(name: str) -> Artifact:
    return Artifact.model_validate(json.loads((COMPILED_DIR / f"{name}.json").read_text()))


@cache
def code_cell(name: str) -> Cell:
    cell = artifact(name).code
    if cell.hash.hex().upper() != artifact(name).codeHashHex.upper():
        raise ValueError(f"compiled/{name}.json: code hash does not match its BOC")
    return cell
