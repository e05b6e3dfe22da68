"""Settlement: gateway ledger receipts -> vouchers -> payment-channel messages on TON."""

from cocoon.platform.settlement.driver import Settlement, SettlementError, platform_fee
from cocoon.platform.settlement.models import Earnings, SettlementReport, Thresholds

__all__ = ["Earnings", "Settlement", "SettlementError", "SettlementReport", "Thresholds",
           "platform_fee"]
