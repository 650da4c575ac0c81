"""Forms only shape input; the lean actions decide what is valid and report it by field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from uplift.outcomes.models import Observation, Wave
from uplift.toolkits.lean.models import (
    METRIC_CHOICES, REJECT_CHOICES, RULE_CHOICES, STOP_CHOICES, WASTE_CHOICES, TimingStudy,
)

STOP_ROWS = 4
REJECT_ROWS = 2
DATE = {"type": "date"}
NUMBER = {"inputmode": "decimal"}
COUNT = {"inputmode": "numeric"}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's errors on the form's fields (others on the form as a whole)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class Form(forms.Form):
    """Labels without a trailing colon: they sit above their fields on a phone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LineForm(Form):
    name = forms.CharField(label=pgettext_lazy("lean", "Line name"), max_length=100)
    available_minutes_per_day = forms.FloatField(label=pgettext_lazy("lean", "Available minutes per day"), required=False,
                                                 widget=forms.NumberInput(attrs=NUMBER))
    breaks_minutes_per_day = forms.FloatField(label=pgettext_lazy("lean", "Breaks (minutes per day)"), required=False, initial=0,
                                              widget=forms.NumberInput(attrs=NUMBER))
    demand_per_day = forms.FloatField(label=pgettext_lazy("lean", "Customer demand per day (pieces)"), required=False,
                                      widget=forms.NumberInput(attrs=NUMBER))


class ShiftForm(Form):
    line = forms.CharField(label=pgettext_lazy("lean", "Line"), max_length=100,
                           widget=forms.TextInput(attrs={"list": "line-names", "autocomplete": "off"}))
    date = forms.DateField(label=pgettext_lazy("lean", "Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    shift = forms.CharField(label=pgettext_lazy("lean", "Shift"), max_length=30, initial="1")
    product = forms.CharField(label=pgettext_lazy("lean", "Product"), max_length=200, required=False)
    planned_minutes = forms.FloatField(label=pgettext_lazy("lean", "Planned production time (minutes)"),
                                       widget=forms.NumberInput(attrs=NUMBER),
                                       help_text=pgettext_lazy("lean", "Shift length less planned breaks"))
    downtime_minutes = forms.FloatField(label=pgettext_lazy("lean", "Downtime (minutes)"), required=False,
                                        widget=forms.NumberInput(attrs=NUMBER),
                                        help_text=pgettext_lazy("lean", "Leave empty to use the sum of the stops below"))
    ideal_cycle_seconds = forms.FloatField(label=pgettext_lazy("lean", "Ideal cycle time (seconds per piece)"),
                                           widget=forms.NumberInput(attrs=NUMBER))
    total_count = forms.IntegerField(label=pgettext_lazy("lean", "Total count (pieces)"), min_value=0, widget=forms.NumberInput(attrs=COUNT))
    good_count = forms.IntegerField(label=pgettext_lazy("lean", "Good count (pieces)"), min_value=0, widget=forms.NumberInput(attrs=COUNT))
    note = forms.CharField(label=pgettext_lazy("lean", "Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        for n in range(STOP_ROWS):
            self.fields[f"stop_loss_{n}"] = forms.ChoiceField(label=pgettext_lazy("lean", "Stop reason"), required=False,
                                                              choices=[("", "—"), *STOP_CHOICES])
            self.fields[f"stop_minutes_{n}"] = forms.FloatField(label=pgettext_lazy("lean", "Minutes"), required=False, min_value=0,
                                                                widget=forms.NumberInput(attrs=NUMBER))
        for n in range(REJECT_ROWS):
            self.fields[f"reject_loss_{n}"] = forms.ChoiceField(label=pgettext_lazy("lean", "Reject reason"), required=False,
                                                                choices=[("", "—"), *REJECT_CHOICES])
            self.fields[f"reject_count_{n}"] = forms.IntegerField(label=pgettext_lazy("lean", "Pieces"), required=False, min_value=0,
                                                                  widget=forms.NumberInput(attrs=COUNT))

    @property
    def stop_rows(self):
        return [(self[f"stop_loss_{n}"], self[f"stop_minutes_{n}"]) for n in range(STOP_ROWS)]

    @property
    def reject_rows(self):
        return [(self[f"reject_loss_{n}"], self[f"reject_count_{n}"]) for n in range(REJECT_ROWS)]

    def stops(self) -> list[dict]:
        data = self.cleaned_data
        return [{"loss": data[f"stop_loss_{n}"], "minutes": data[f"stop_minutes_{n}"]} for n in range(STOP_ROWS)
                if data.get(f"stop_loss_{n}") or data.get(f"stop_minutes_{n}") is not None]

    def rejects(self) -> list[dict]:
        data = self.cleaned_data
        return [{"loss": data[f"reject_loss_{n}"], "count": data[f"reject_count_{n}"]} for n in range(REJECT_ROWS)
                if data.get(f"reject_loss_{n}") or data.get(f"reject_count_{n}") is not None]

    @classmethod
    def initial_for(cls, shift) -> dict:
        initial = {key: getattr(shift, key) for key in ("date", "shift", "product", "planned_minutes",
                                                        "downtime_minutes", "ideal_cycle_seconds", "total_count",
                                                        "good_count", "note")}
        initial["line"] = shift.line.name
        for n, stop in enumerate(list(shift.stops.all())[:STOP_ROWS]):
            initial[f"stop_loss_{n}"], initial[f"stop_minutes_{n}"] = stop.loss, stop.minutes
        for n, reject in enumerate(list(shift.rejects.all())[:REJECT_ROWS]):
            initial[f"reject_loss_{n}"], initial[f"reject_count_{n}"] = reject.loss, reject.count
        return initial


class LineChoiceMixin:
    def set_lines(self, lines) -> None:
        self.fields["line"].choices = [("", pgettext_lazy("lean", "All lines")), *[(line.pk, line.name) for line in lines]]


class WasteForm(LineChoiceMixin, Form):
    date = forms.DateField(label=pgettext_lazy("lean", "Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    line = forms.TypedChoiceField(label=pgettext_lazy("lean", "Line"), coerce=int, required=False, empty_value=None)
    waste = forms.ChoiceField(label=pgettext_lazy("lean", "Waste (TIMWOODS)"), choices=WASTE_CHOICES)
    description = forms.CharField(label=pgettext_lazy("lean", "What was seen"), max_length=255)
    quantity = forms.FloatField(label=pgettext_lazy("lean", "Quantity"), required=False, widget=forms.NumberInput(attrs=NUMBER))
    unit = forms.CharField(label=pgettext_lazy("lean", "Unit"), max_length=30, required=False)
    baht = forms.DecimalField(label=pgettext_lazy("lean", "Value (baht)"), required=False, min_value=0, decimal_places=2,
                              widget=forms.NumberInput(attrs=NUMBER))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.set_lines(lines)


class KaizenForm(LineChoiceMixin, Form):
    line = forms.TypedChoiceField(label=pgettext_lazy("lean", "Line"), coerce=int, required=False, empty_value=None)
    problem = forms.CharField(label=pgettext_lazy("lean", "Problem"), widget=forms.Textarea(attrs={"rows": 2}))
    countermeasure = forms.CharField(label=pgettext_lazy("lean", "Countermeasure"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=pgettext_lazy("lean", "Owner"), max_length=100)
    started_on = forms.DateField(label=pgettext_lazy("lean", "Started on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    due_on = forms.DateField(label=pgettext_lazy("lean", "Due on"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    done_on = forms.DateField(label=pgettext_lazy("lean", "Done on"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    metric = forms.ChoiceField(label=pgettext_lazy("lean", "Measure of effect"), choices=METRIC_CHOICES)
    baseline_start = forms.DateField(label=pgettext_lazy("lean", "Baseline from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    baseline_end = forms.DateField(label=pgettext_lazy("lean", "Baseline to"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    after_start = forms.DateField(label=pgettext_lazy("lean", "After from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    after_end = forms.DateField(label=pgettext_lazy("lean", "After to"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    before_photo = forms.FileField(label=pgettext_lazy("lean", "Photo before"), required=False,
                                   widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    after_photo = forms.FileField(label=pgettext_lazy("lean", "Photo after"), required=False,
                                  widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_lines(lines)


class SavingForm(LineChoiceMixin, Form):
    rule = forms.ChoiceField(label=pgettext_lazy("lean", "Savings rule"), choices=RULE_CHOICES)
    line = forms.TypedChoiceField(label=pgettext_lazy("lean", "Line"), coerce=int, required=False, empty_value=None)
    before_start = forms.DateField(label=pgettext_lazy("lean", "Before from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    before_end = forms.DateField(label=pgettext_lazy("lean", "Before to"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    after_start = forms.DateField(label=pgettext_lazy("lean", "After from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    after_end = forms.DateField(label=pgettext_lazy("lean", "After to"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    planned_minutes_per_month = forms.FloatField(label=pgettext_lazy("lean", "Planned minutes per month"), required=False)
    contribution_margin_baht = forms.FloatField(label=pgettext_lazy("lean", "Contribution margin per piece (baht)"), required=False)
    worker_hours_per_month = forms.FloatField(label=pgettext_lazy("lean", "Worker-hours per month"), required=False)
    demand_pieces_per_month = forms.FloatField(label=pgettext_lazy("lean", "Demand per month (pieces)"), required=False)
    labour_baht_per_hour = forms.FloatField(label=pgettext_lazy("lean", "Labour (baht per hour)"), required=False)
    energy_baht_per_hour = forms.FloatField(label=pgettext_lazy("lean", "Energy (baht per hour)"), required=False)
    pieces_per_month = forms.FloatField(label=pgettext_lazy("lean", "Pieces made per month"), required=False)
    material_baht_per_piece = forms.FloatField(label=pgettext_lazy("lean", "Material cost per piece (baht)"), required=False)
    conversion_baht_per_piece = forms.FloatField(label=pgettext_lazy("lean", "Conversion cost per piece (baht)"), required=False)
    piece_mass_kg = forms.FloatField(label=pgettext_lazy("lean", "Mass of a piece (kg)"), required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_lines(lines)


class ClaimForm(Form):
    savings = forms.TypedMultipleChoiceField(label=pgettext_lazy("lean", "Savings"), coerce=int, widget=forms.CheckboxSelectMultiple)
    wave = forms.ChoiceField(label=pgettext_lazy("lean", "Wave"), choices=[c for c in Wave.choices if c[0] != Wave.BASELINE])
    source = forms.ChoiceField(label=pgettext_lazy("lean", "Source"), choices=[(Observation.Source.VERIFIED, Observation.Source.VERIFIED.label),
                                                           (Observation.Source.DOCUMENT, Observation.Source.DOCUMENT.label)])
    baseline_production_cost = forms.DecimalField(label=pgettext_lazy("lean", "Production cost per month before (baht)"), required=False,
                                                  min_value=0)
    baseline_productivity = forms.DecimalField(label=pgettext_lazy("lean", "Productivity before (baht per worker-hour)"), required=False,
                                               min_value=0)

    def __init__(self, *args, savings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["savings"].choices = [(s.pk, f"#{s.pk} {s.get_rule_display()}") for s in savings]


class TimingForm(Form):
    line = forms.CharField(label=pgettext_lazy("lean", "Line"), max_length=100,
                           widget=forms.TextInput(attrs={"list": "line-names", "autocomplete": "off"}))
    step = forms.CharField(label=pgettext_lazy("lean", "Process step"), max_length=100)
    order = forms.IntegerField(label=pgettext_lazy("lean", "Order on the line"), min_value=1, initial=1)
    kind = forms.ChoiceField(label=pgettext_lazy("lean", "Kind"), choices=TimingStudy.Kind.choices, initial=TimingStudy.Kind.STOPWATCH)
    splits = forms.CharField(required=False, widget=forms.HiddenInput)
    marks = forms.CharField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=pgettext_lazy("lean", "Note"), max_length=255, required=False)
