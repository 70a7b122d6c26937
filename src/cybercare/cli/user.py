"""`cybercare user ...`: member, staff and provider logins, personal API tokens (Art. 11)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from cybercare.cli.common import console, domain_errors, err, wired

user_app = typer.Typer(
    help="Member and staff logins and personal API tokens.", no_args_is_help=True
)


@user_app.command("create-member")
def user_create_member(
    email: str, person: Annotated[str, typer.Option("--person", help="The insured person's id")]
) -> None:
    """A login for an insured person: sees their cases and those of minors they represent."""
    from cybercare.identity.service import create_member_user

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        principal = create_member_user(
            uow, email=email, person_id=person, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"member user {principal.user_id} ({principal.display_name}) created")


@user_app.command("create-staff")
def user_create_staff(
    email: str,
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="technical, legal, financial, psychological, claims_handler, supervisor, admin",
        ),
    ],
    name: Annotated[str, typer.Option(help="Display name")] = "",
    language: Annotated[str, typer.Option(help="nl, fr, de or en")] = "en",
) -> None:
    """A staff login with one or more roles (repeat --role)."""
    from cybercare.identity.service import create_staff_user

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        principal = create_staff_user(
            uow,
            email=email,
            display_name=name,
            roles=role,
            language=language,
            clock=container.clock,
            actor="cli:user",
        )
        uow.commit()
    roles = ", ".join(sorted(r.value for r in principal.roles))
    console.print(f"staff user {principal.user_id} created with roles: {roles}")


@user_app.command("create-provider")
def user_create_provider(
    email: str,
    provider: Annotated[str, typer.Option("--provider", help="The appointed provider's id")],
    name: Annotated[str, typer.Option(help="Display name")] = "",
    language: Annotated[str, typer.Option(help="nl, fr, de or en")] = "en",
) -> None:
    """A login for an appointed provider's employee: the provider portal (/provider) only, with
    a second factor set up at the first sign-in (issue 19)."""
    from cybercare.identity.service import create_provider_user

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        principal = create_provider_user(
            uow,
            email=email,
            display_name=name,
            provider_id=provider,
            language=language,
            clock=container.clock,
            actor="cli:user",
        )
        uow.commit()
    console.print(f"provider user {principal.user_id} ({principal.display_name}) created")


@user_app.command("set-password")
def user_set_password(
    email: str,
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the password from standard input (one line)")
    ] = False,
) -> None:
    """Set a user's web password (asked twice, never shown); their open web sessions end."""
    from cybercare.identity.service import user_id_for_email
    from cybercare.identity.signin import set_password

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    container = wired()
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        set_password(
            uow, user_id=user_id, password=password, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"password of {email} set; their web sessions are ended")


@user_app.command("remove-second-factor")
def user_remove_second_factor(email: str) -> None:
    """Remove a user's TOTP second factor (a lost phone): staff set up a new one at their
    next sign-in while the setting requires it."""
    from cybercare.identity.service import user_id_for_email
    from cybercare.identity.signin import remove_second_factor

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        remove_second_factor(uow, user_id=user_id, clock=container.clock)
        uow.commit()
    console.print(f"second factor of {email} removed")


@user_app.command("issue-token")
def user_issue_token(
    email: str, label: Annotated[str, typer.Option(help="What it is used for")] = "api"
) -> None:
    """Issue a personal API token; it is shown once, only its hash is kept."""
    from cybercare.identity.service import issue_token, user_id_for_email

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        user_id = user_id_for_email(uow, email)
        issued = issue_token(
            uow, user_id=user_id, label=label, clock=container.clock, actor="cli:user"
        )
        uow.commit()
    console.print(f"token id: {issued.token_id}")
    console.print(f"API token (shown once): {issued.token}", soft_wrap=True)


@user_app.command("revoke-token")
def user_revoke_token(token_id: str) -> None:
    """Revoke a personal API token at once."""
    from cybercare.identity.service import revoke_token

    container = wired()
    with domain_errors(), container.database.uow() as uow:
        revoke_token(uow, token_id=token_id, clock=container.clock, actor="cli:user")
        uow.commit()
    console.print(f"{token_id} revoked")


@user_app.command("reencrypt-totp")
def user_reencrypt_totp(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout")] = False,
) -> None:
    """Seal every TOTP secret under the current secret key: run it after rotating the key ring
    and before the previous keys' grace period ends (docs/operations-limits.md). Exits 1 when
    some secret opens with no key of the ring (those users must enrol again)."""
    from cybercare.identity.signin import reseal_totp_secrets
    from cybercare.identity.totp_sealing import TotpSealer

    container = wired()
    with container.database.uow() as uow:
        report = reseal_totp_secrets(
            uow, sealer=TotpSealer(container.settings.key_ring), clock=container.clock
        )
        uow.commit()
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "resealed": report.resealed,
                    "current": report.current,
                    "unreadable": report.unreadable,
                }
            )
        )
    else:
        console.print(
            f"{report.resealed} TOTP secrets sealed again under the current key, "
            f"{report.current} already were"
        )
        for user_id in report.unreadable:
            err.print(
                f"[red]unreadable[/red]: {user_id}: no key of the ring opens this TOTP secret; "
                "remove the second factor (`cybercare user remove-second-factor`)"
            )
    if report.unreadable:
        raise typer.Exit(1)
