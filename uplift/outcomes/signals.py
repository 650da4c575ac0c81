"""Events of outcomes: saved observations (their rounds' economic value is then recomputed in the background)."""

from django.dispatch import Signal

observations_saved = Signal()  # round_id; sent once the save has committed
