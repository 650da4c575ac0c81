"""The actor of a management command: ``--user USERNAME`` or the ``UPLIFT_CLI_USER`` setting, never nobody.

Batch work names the system account explicitly (``--user system``); it is checked by the access
policy and audited like a person.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

ENV = "UPLIFT_CLI_USER"


def add_actor_argument(parser, *, default: str | None = None) -> None:
    """``default`` names the account a batch command runs as when none is given (only ever ``"system"``)."""
    parser.add_argument(
        "--user", dest="actor_username", default=default,
        help=f"the account this command acts as (checked and audited); default: ${ENV}"
        + (f", else {default!r}" if default else "; 'system' for batch work"),
    )


def actor_from_options(options: dict):
    username = options.get("actor_username") or os.environ.get(ENV, "")
    if not username:
        raise CommandError(f"Say who is acting: --user USERNAME (or set {ENV}); use --user system for batch work.")
    user = get_user_model().objects.select_related("profile").filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
