"""The embedded network's root contract: the attestation allowlist that `cocoon up` publishes.

Deployed once on the embedded chain, owned by the platform's wallet (``$COCOON_HOME/
platform_key``), with the development flag set (simulated TEEs accepted) and no entries (no real
evidence accepted until the operator allows its measurements: ``cocoon policy allow``). Its
address follows from the owner, nonce and flags, so finding it again needs no extra state.
"""

from __future__ import annotations

from pathlib import Path

from cocoon.contracts.chain import Chain
from cocoon.contracts.keys import KeyPair
from cocoon.contracts.messages import wallet_address
from cocoon.contracts.root import FLAG_DEVELOPMENT, RootContract, RootParams
from cocoon.runtime.attestation.chain_policy import EMBEDDED_PREFIX


def chain_spec(home: Path) -> str:
    """How verifiers reach the embedded chain (``[client] chain``)."""
    return f"{EMBEDDED_PREFIX}{home / 'chain'}"


def ensure_root(chain: Chain, owner: KeyPair, *, development: bool = True) -> RootContract:
    """The root owned by ``owner``'s wallet, deployed if it is not there yet (idempotent)."""
    owner_raw = wallet_address(owner.public).to_str(is_user_friendly=False)
    params = RootParams(owner=owner_raw, flags=FLAG_DEVELOPMENT if development else 0)
    root = RootContract(chain, params.address)
    if not root.exists():
        root, result = RootContract.deploy(chain, owner, params)
        failed = [t.exit_code for t in result.transactions if t.aborted]
        if failed or not root.exists():
            raise RuntimeError(f"root contract deployment failed (exit codes {failed})")
    return root


def embedded_root(home: Path) -> str:
    """`cocoon up`: the embedded network's root (deployed once), its raw address."""
    from cocoon.platform.settlement import local

    chain = local.embedded_chain(home)
    try:
        key = local.platform_key(home)
        local.fund_platform_gas(chain, key)
        return ensure_root(chain, key).address.to_str(is_user_friendly=False)
    finally:
        chain.close()
