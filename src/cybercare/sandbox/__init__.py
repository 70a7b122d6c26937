"""The partners' sandbox (issue 18): test-mode API keys see their own database, where test
clocks hold frozen time that a partner advances (docs/partner-sandbox.md)."""
