from uplift.access.scoping import can_edit_registry


def permissions(request) -> dict:
    """What the navigation needs to know about the user; the views still check for themselves."""
    return {"user_can_edit_registry": can_edit_registry(getattr(request, "user", None))}
