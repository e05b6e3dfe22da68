"""Who may be a provider: the admission check between "registered" and "trusted with work".

Anyone with a provider key can register a provider (its evidence must pass the gateway's
policy, its endpoint the rules of :mod:`.gateway.endpoints`), but a registered provider is
inert until it is *admitted*: it gets no assignments (so no function bundles), no offers are
published for it and nothing is routed to it. Admission is a pluggable check so that other
grounds can join the operator's approval. With ``[gateway] min_stake`` above 0 the gateway
admits ``AllOf(OperatorApproval(), MinStake(...))``: an approved provider whose stake contract
holds at least that much on chain (:mod:`.stakes`; a withdrawal started or a stake slashed
stops counting at the next read).

Today's ground is an operator's approval (``cocoon provider approve ID``, route
``POST /v1/providers/{id}/approve``, operator keys only): a row in ``provider_approvals`` naming
the provider id and the account that owns it, so a squatter under another account is never
admitted, and the approval survives the provider's re-registration with fresh keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .registry import ProviderInfo
    from .stakes import StakeCache


class Admission(Protocol):
    """Decides whether a registered provider may receive work and be routed to."""

    def admits(self, provider: ProviderInfo) -> bool: ...


class OperatorApproval:
    """Admitted when an operator approved this provider id for the account that owns it."""

    def admits(self, provider: ProviderInfo) -> bool:
        return provider.approved


class AnyOf:
    """Admitted when any of the checks admits (e.g. approval or enough stake)."""

    def __init__(self, *checks: Admission) -> None:
        self.checks = checks

    def admits(self, provider: ProviderInfo) -> bool:
        return any(check.admits(provider) for check in self.checks)


def stake_admission(stakes: StakeCache, min_stake: int) -> Admission:
    """The gateway's admission: the operator's approval, and with ``min_stake`` > 0 a stake."""
    if min_stake <= 0:
        return OperatorApproval()
    return AllOf(OperatorApproval(), MinStake(stakes, min_stake))


class AllOf:
    """Admitted when every check admits (e.g. approval and enough stake)."""

    def __init__(self, *checks: Admission) -> None:
        self.checks = checks

    def admits(self, provider: ProviderInfo) -> bool:
        return all(check.admits(provider) for check in self.checks)


class MinStake:
    """Admitted when the provider's stake contract holds at least ``min_stake`` nanotons, bonded
    (not withdrawing, not slashed), as last read from the chain: a lookup in memory."""

    def __init__(self, stakes: StakeCache, min_stake: int) -> None:
        self.stakes = stakes
        self.min_stake = min_stake

    def admits(self, provider: ProviderInfo) -> bool:
        return (self.stakes.bonded(provider.id) or 0) >= self.min_stake
