"""The append-only audit trail: every change records who, what, when and under which clause."""
