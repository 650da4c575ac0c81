"""Writes of accounts: users with a role and a scope, consultants' assignments, API tokens.

Each action checks the access policy, validates, writes and audits in one transaction.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.access.models import ApiToken, ConsultantAssignment, Profile, Role
from uplift.access.policy import role_of
from uplift.audit.actions import audit_record
from uplift.geo.models import RegionalCentre


def user_create(*, actor, username: str, password: str, role: str, centres=(), entrepreneur=None,
                first_name: str = "", last_name: str = "", email: str = ""):
    policy.require(actor, "user.create")
    if role not in Role.values or role == Role.SYSTEM:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    if role == Role.REGIONAL_OFFICER and not centres:
        raise ValidationError({"centres": _("A regional officer needs at least one regional centre.")})
    if role == Role.ENTREPRENEUR and entrepreneur is None:
        raise ValidationError({"entrepreneur": _("An entrepreneur account needs its entrepreneur record.")})
    numbers = [getattr(c, "number", c) for c in centres]
    if role_of(actor) != Role.SYSTEM:  # a person choosing a password: the validators apply (demo accounts skip)
        candidate = get_user_model()(username=username, first_name=first_name, last_name=last_name, email=email)
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, password=password, first_name=first_name, last_name=last_name, email=email,
            is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
        )
        profile = Profile.objects.create(user=user, role=role, entrepreneur=entrepreneur)
        if numbers:
            profile.centres.set(RegionalCentre.objects.filter(number__in=numbers))
        audit_record(actor=actor, action="create", obj=user, changes={"role": role, "centres": numbers})
    return user


def user_link_entrepreneur(*, actor, user, entrepreneur) -> None:
    """Give an entrepreneur account its own record (again, when a replaced registry took it away)."""
    policy.require(actor, "user.create")
    with transaction.atomic():
        Profile.objects.filter(user=user).update(entrepreneur=entrepreneur)
        audit_record(actor=actor, action="update", obj=user, changes={"entrepreneur": entrepreneur.pk})


def _consultant(consultant):
    if policy.role_of(consultant) != Role.CONSULTANT:
        raise ValidationError({"consultant": _("Choose a consultant's account.")})
    return consultant


def _in_scope(actor, entrepreneurs: list) -> list:
    """All of these entrepreneurs, if the actor may assign every one of them; else a refusal naming none."""
    policy.require(actor, "consultant.assign")
    ids = {e.pk for e in entrepreneurs}
    entrepreneur_model = apps.get_model("registry", "Entrepreneur")
    allowed = set(policy.visible(actor, entrepreneur_model, "consultant.assign").filter(pk__in=ids)
                  .values_list("pk", flat=True))
    if allowed != ids:
        raise ValidationError({"entrepreneurs": _("Some of these entrepreneurs are not within your scope.")})
    return entrepreneurs


def consultant_assign(*, actor, consultant, entrepreneurs) -> int:
    """Assign entrepreneurs (one or many) to a consultant; an officer only their region's."""
    _consultant(consultant)
    entrepreneurs = _in_scope(actor, list(entrepreneurs))
    with transaction.atomic():
        made = ConsultantAssignment.objects.bulk_create(
            [ConsultantAssignment(consultant=consultant, entrepreneur=e) for e in entrepreneurs], ignore_conflicts=True
        )
        audit_record(actor=actor, action="assign", obj=consultant, changes={"entrepreneurs": [e.pk for e in entrepreneurs]})
    return len(made)


def consultant_unassign(*, actor, consultant, entrepreneurs) -> int:
    entrepreneurs = _in_scope(actor, list(entrepreneurs))
    with transaction.atomic():
        removed, _kinds = ConsultantAssignment.objects.filter(
            consultant=consultant, entrepreneur__in=[e.pk for e in entrepreneurs]).delete()
        audit_record(actor=actor, action="unassign", obj=consultant, changes={"entrepreneurs": [e.pk for e in entrepreneurs]})
    return removed


def token_issue(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """A bearer token for ``user`` (an administrator for anyone, others for themselves); printed once."""
    policy.require(actor, "token.issue", user)
    if not user.is_active:
        raise ValidationError({"user": _("This account is inactive.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Say what the token is for.")})
    with transaction.atomic():
        token, raw = ApiToken.issue(user=user, name=name[:100])
        audit_record(actor=actor, action="token.issue", obj=token, changes={"user": user.pk, "name": token.name})
    return token, raw
