"""Distributor integration: API keys, idempotent requests, the ordered event feed."""
