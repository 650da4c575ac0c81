"""`uplift issue-token USERNAME --name NAME`: make an API token and print it; only its digest is kept."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from uplift.access.models import ApiToken


class Command(BaseCommand):
    help = "Issue a REST API bearer token for a user and print it once (it cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'provincial dashboard'")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        _, raw = ApiToken.issue(user=user, name=name)
        self.stderr.write(f"Token {name!r} for {username}; store it now, it is not shown again:")
        self.stdout.write(raw)
