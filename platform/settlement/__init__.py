"""Settlement: gateway ledger receipts -> vouchers -> payment-channel messages on TON."""

from cocoon.platform.settlement.driver import Settlement, SettlementError, platform_fee
from cocoon.platform.settlement.models import (
    ClientTerms,
    Earnings,
    SettlementReport,
    Thresholds,
    registration_message,
)

__all__ = ["ClientTerms", "Earnings", "Settlement", "SettlementError", "SettlementReport",
           "Thresholds", "platform_fee", "registration_message"]
