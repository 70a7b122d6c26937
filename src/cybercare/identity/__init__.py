"""Who is asking: users (members and staff), roles, API tokens, principals (Art. 11)."""
