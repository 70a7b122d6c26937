"""Pure building blocks shared by every context: money, time, clauses, errors."""
