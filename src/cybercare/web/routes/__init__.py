"""Web routes. Every router declares its access rule (deny by default)."""
