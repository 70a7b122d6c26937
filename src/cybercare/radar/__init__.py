"""Scam radar (issue 20): suspicious things members forward, their indicators, the technical
team's answer, and the radar that matches indicators across households (Art. 4.1, 4.4, 11)."""
