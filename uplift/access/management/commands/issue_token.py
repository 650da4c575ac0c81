"""`uplift issue-token USERNAME --name NAME --user ACTOR`: make an API token and print it; only its digest is kept."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from uplift.access.actions import token_issue
from uplift.access.cli import actor_from_options, add_actor_argument


class Command(BaseCommand):
    help = "Issue a REST API bearer token for a user and print it once (it cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'provincial dashboard'")
        add_actor_argument(parser)

    def handle(self, *args, username: str, name: str, **options):
        actor = actor_from_options(options)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            _token, raw = token_issue(actor=actor, user=user, name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except (PermissionDenied, Http404) as error:
            raise CommandError(f"{actor.username} may not issue a token for {username}.") from error
        self.stderr.write(f"Token {name!r} for {username}; store it now, it is not shown again:")
        self.stdout.write(raw)
