"""Login throttling (django-axes): five wrong passwords lock that account out from that address, even for the
right password, and every failure and lockout is audited. Password policy: Django's four validators and a
Thai-aware common-password list; the password change page and account creation by a person apply them."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import PASSWORD
from uplift.access.actions import user_create
from uplift.access.models import Role
from uplift.audit.models import AuditEntry


def _try(client, username, password, address="192.0.2.10"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(world):
    client = Client()
    for _ in range(5):
        assert _try(client, "officer10", "wrong-password").status_code in (200, 429)
    locked = _try(client, "officer10", PASSWORD)
    assert locked.status_code == 429
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login.failed", changes__username="officer10").count() >= 4
    assert AuditEntry.objects.filter(action="login.locked_out", changes__username="officer10").exists()


def test_a_lockout_is_for_that_account_from_that_address_only(world):
    client = Client()
    for _ in range(5):
        _try(client, "officer10", "wrong-password")
    assert _try(Client(), "consultant", PASSWORD).status_code == 302, "another account logs in"
    assert _try(Client(), "officer10", PASSWORD, address="192.0.2.99").status_code == 302, "from another desk"


def test_a_success_resets_the_count(world):
    client = Client()
    for _ in range(4):
        _try(client, "officer10", "wrong-password")
    assert _try(client, "officer10", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        _try(client, "officer10", "wrong-password")
    assert _try(client, "officer10", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", [
    "12345678", "password", "otop2563", "bangkok2567", "ยฟหหไนพก", "รักคุณ", "ฟหกด1234", "qwerty123", "short1!",
])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_good_password_passes():
    validate_password("ผ้าไหม-สันกำแพง-ทอมือ-77")


def test_an_administrator_cannot_create_an_account_with_a_weak_password(world):
    with pytest.raises(ValidationError) as refused:
        user_create(actor=world.admin, username="officer2", password="12345678", role=Role.REGIONAL_OFFICER,
                    centres=[2])
    assert "password" in refused.value.message_dict


def test_the_password_change_page_applies_the_validators(world):
    client = Client()
    client.force_login(world.officer)
    refused = client.post("/password/", {"old_password": PASSWORD, "new_password1": "12345678",
                                         "new_password2": "12345678"})
    assert refused.status_code == 200
    world.officer.refresh_from_db()
    assert world.officer.check_password(PASSWORD)
    done = client.post("/password/", {"old_password": PASSWORD, "new_password1": "ทอผ้า-บาติก-ป่าตอง-83",
                                      "new_password2": "ทอผ้า-บาติก-ป่าตอง-83"})
    assert done.status_code == 302
