"""Creating users with a role and a scope, and handing out consultants' assignments."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from uplift.access.models import ConsultantAssignment, Profile, Role
from uplift.audit.services import audit_record
from uplift.geo.models import RegionalCentre


def user_create(*, actor=None, username: str, password: str, role: str, centres=(), entrepreneur=None,
                first_name: str = "", last_name: str = "", email: str = ""):
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if role == Role.REGIONAL_OFFICER and not centres:
        raise ValidationError({"centres": "A regional officer needs at least one regional centre."})
    if role == Role.ENTREPRENEUR and entrepreneur is None:
        raise ValidationError({"entrepreneur": "An entrepreneur account needs its entrepreneur record."})
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, password=password, first_name=first_name, last_name=last_name, email=email,
            is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
        )
        profile = Profile.objects.create(user=user, role=role, entrepreneur=entrepreneur)
        if centres:
            profile.centres.set(RegionalCentre.objects.filter(number__in=[getattr(c, "number", c) for c in centres]))
        audit_record(actor=actor, action="create", obj=user, changes={"role": role, "centres": [getattr(c, "number", c) for c in centres]})
    return user


def consultant_assign(*, actor=None, consultant, entrepreneurs) -> int:
    with transaction.atomic():
        made = ConsultantAssignment.objects.bulk_create(
            [ConsultantAssignment(consultant=consultant, entrepreneur=e) for e in entrepreneurs], ignore_conflicts=True
        )
        audit_record(actor=actor, action="assign", obj=consultant, changes={"entrepreneurs": [e.pk for e in entrepreneurs]})
    return len(made)
