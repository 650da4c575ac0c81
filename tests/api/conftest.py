import pytest
from django.test import Client

from uplift.access.models import ApiToken


@pytest.fixture
def as_user(world):
    """`as_user(user)` → a test client logged in by session (CSRF not enforced, as in Django's test client)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def bearer():
    """`bearer(user)` → headers carrying a fresh API token for `user`."""

    def make(user) -> dict:
        _, raw = ApiToken.issue(user=user, name="pytest")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
