"""Bearer secrets are shown once and kept only as a hash; malformed tokens never match."""

from __future__ import annotations

from cybercare.kernel import bearer


def test_a_minted_token_parses_back_to_its_id_and_matches_its_stored_hash() -> None:
    minted = bearer.mint("cck", "key")
    parsed = bearer.parse(minted.token, "cck", "key")
    assert parsed is not None
    secret_id, secret = parsed
    assert secret_id == minted.secret_id
    assert bearer.matches(minted.secret_sha256, secret)
    assert secret not in minted.secret_sha256


def test_a_token_of_another_scheme_or_malformed_is_refused() -> None:
    minted = bearer.mint("cck", "key")
    assert bearer.parse(minted.token, "ccu", "tok") is None
    assert bearer.parse("cck_key_only", "cck", "key") is None
    assert bearer.parse("", "cck", "key") is None


def test_a_wrong_secret_does_not_match() -> None:
    minted = bearer.mint("cck", "key")
    assert not bearer.matches(minted.secret_sha256, "not-the-secret")
