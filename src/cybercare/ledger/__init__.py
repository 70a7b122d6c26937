"""The double-entry ledger of all money: premiums, tax, commission, refunds, claims, payouts."""
