from uplift.access import policy
from uplift.web.toolkits import toolkit_labels


def permissions(request) -> dict:
    """``can``: the verbs the user may do to something, for menus and buttons (``{% if "import.create" in can %}``).
    The views and actions still ask the policy for themselves."""
    return {"can": policy.verbs_for(getattr(request, "user", None)), "toolkit_labels": toolkit_labels()}
