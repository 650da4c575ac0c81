"""What screening tells other apps.

``selection_approved`` is sent once the approval of a scenario has committed (its offers and
waitlists exist), with ``round_id``, ``run_id``, ``scenario_id`` and ``actor``: outcomes freezes
the round's evaluation plan on it. Receivers run after the commit; a receiver's failure does not
undo the approval.
"""

from django.dispatch import Signal

selection_approved = Signal()
