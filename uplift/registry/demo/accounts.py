"""Demo accounts, one per role, all with the password DEMO_PASSWORD. Idempotent.

An account that exists is kept as it is, except that the entrepreneur account and the consultant
are given entrepreneurs again when a replaced registry took theirs away.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from uplift.access import policy
from uplift.access.actions import consultant_assign, user_create, user_link_entrepreneur
from uplift.registry.models import Entrepreneur

DEMO_PASSWORD = "otop2563"
PHUKET = "83"
CONSULTANT_CENTRE = 10
CONSULTANT_LOAD = 25

ACCOUNTS = (
    ("admin", policy.ADMIN, ()),
    ("executive", policy.EXEC, ()),
    ("officer10", policy.OFFICER, (10,)),
    ("officer1", policy.OFFICER, (1,)),
    ("consultant", policy.CONSULTANT, ()),
)


def demo_accounts_create() -> dict[str, str]:
    """Returns {username: "created" or "kept"}."""
    users = get_user_model().objects
    result = {}
    system = policy.system_actor()
    with transaction.atomic():
        for username, role, centres in ACCOUNTS:
            if users.filter(username=username).exists():
                result[username] = "kept"
            else:
                user_create(actor=system, username=username, password=DEMO_PASSWORD, role=role, centres=centres)
                result[username] = "created"
        consultant = users.get(username="consultant")
        if not policy.visible(consultant, Entrepreneur).exists():
            chosen = list(Entrepreneur.objects.filter(province__centre__number=CONSULTANT_CENTRE).order_by("id")[:CONSULTANT_LOAD])
            consultant_assign(actor=system, consultant=consultant, entrepreneurs=chosen)
        result["owner"] = _owner_account()
    return result


def _owner_account() -> str:
    own = Entrepreneur.objects.filter(province_id=PHUKET).order_by("id").first()
    user = get_user_model().objects.filter(username="owner").first()
    system = policy.system_actor()
    if user is None:
        if own is None:
            return "skipped"
        user_create(actor=system, username="owner", password=DEMO_PASSWORD, role=policy.OWNER, entrepreneur=own)
        return "created"
    if own is not None and policy.own_entrepreneur_id(user) is None:
        user_link_entrepreneur(actor=system, user=user, entrepreneur=own)
    return "kept"
