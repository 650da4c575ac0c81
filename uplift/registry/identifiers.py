"""Thai identifier checks (python-stdnum), returning a message rather than raising."""

from django.utils.translation import gettext as _
from stdnum import exceptions
from stdnum.th import moa, pin


def identifier_error(id_type: str, number: str) -> str | None:
    if id_type == "none":
        return _("An unregistered group has no identifier number; clear it or choose the identifier type.") if number else None
    if not number:
        return _("Give the 13-digit identifier number.")
    module = pin if id_type == "citizen" else moa
    try:
        module.validate(number)
    except exceptions.InvalidLength:
        return _("%(number)s must have 13 digits.") % {"number": number}
    except exceptions.InvalidChecksum:
        return _("%(number)s has a wrong check digit.") % {"number": number}
    except exceptions.ValidationError:
        kind = _("citizen ID") if id_type == "citizen" else _("juristic person ID")
        return _("%(number)s is not a valid %(kind)s.") % {"number": number, "kind": kind}
    return None
