"""Events of programme delivery other apps answer (outcomes freezes a baseline when an enrolment starts)."""

from django.dispatch import Signal

enrolment_started = Signal()  # enrolment_id; sent once the start has committed
