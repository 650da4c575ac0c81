"""Demo accounts, one per role, all with the password DEMO_PASSWORD. Idempotent.

An account that exists is kept as it is, except that the entrepreneur account and the consultant
are given entrepreneurs again when a replaced registry took theirs away.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from uplift.access import policy
from uplift.access.models import ConsultantAssignment, Profile, Role
from uplift.access.actions import consultant_assign, user_create
from uplift.audit.actions import audit_record
from uplift.registry.models import Entrepreneur

DEMO_PASSWORD = "otop2563"
PHUKET = "83"
CONSULTANT_CENTRE = 10
CONSULTANT_LOAD = 25

ACCOUNTS = (
    ("admin", Role.ADMINISTRATOR, ()),
    ("executive", Role.EXECUTIVE, ()),
    ("officer10", Role.REGIONAL_OFFICER, (10,)),
    ("officer1", Role.REGIONAL_OFFICER, (1,)),
    ("consultant", Role.CONSULTANT, ()),
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
        if not ConsultantAssignment.objects.filter(consultant=consultant).exists():
            chosen = list(Entrepreneur.objects.filter(province__centre__number=CONSULTANT_CENTRE).order_by("id")[:CONSULTANT_LOAD])
            consultant_assign(actor=system, consultant=consultant, entrepreneurs=chosen)
        result["owner"] = _owner_account()
    return result


def _owner_account() -> str:
    own = Entrepreneur.objects.filter(province_id=PHUKET).order_by("id").first()
    user = get_user_model().objects.filter(username="owner").first()
    if user is None:
        if own is None:
            return "skipped"
        user_create(actor=policy.system_actor(), username="owner", password=DEMO_PASSWORD, role=Role.ENTREPRENEUR, entrepreneur=own)
        return "created"
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.entrepreneur_id is None and own is not None:
        profile.entrepreneur = own
        profile.save(update_fields=["entrepreneur"])
        audit_record(actor=policy.system_actor(), action="update", obj=user, changes={"entrepreneur": own.pk})
    return "kept"
