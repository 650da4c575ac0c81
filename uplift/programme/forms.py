"""Forms only shape input; the programme actions decide what is valid and report it by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from uplift.programme.models import Session


class SessionForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None,
                                    help_text=_("A visit may leave this empty: it joins the entrepreneur's cohort."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    subdistrict = forms.CharField(label=_("Place (subdistrict)"), required=False, max_length=6,
                                  help_text=_("Type the subdistrict's Thai name and choose it. A visit may leave this "
                                              "empty: it takes place in the entrepreneur's subdistrict."))
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    link = forms.URLField(label=_("Online link"), required=False)
    staff = forms.TypedChoiceField(label=_("Trainer or consultant"), coerce=int, required=False, empty_value=None)
    entrepreneur = forms.IntegerField(label=_("Visited entrepreneur (number)"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, initial=30)
    weeks = forms.IntegerField(label=_("Repeat weekly (number of weeks)"), min_value=1, max_value=52, initial=1)

    def __init__(self, *args, cohorts=(), staff=(), entrepreneurs=None, visits_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", "—"), *[(c.pk, str(c)) for c in cohorts]]
        if entrepreneurs is not None:
            self.fields["entrepreneur"] = forms.TypedChoiceField(
                label=_("Entrepreneur to visit"), coerce=int, required=False, empty_value=None,
                choices=[("", "—"), *[(e.pk, e.name_th) for e in entrepreneurs]])
        if visits_only:
            # a consultant books a one-to-one visit: no cohort, kind, trainer, capacity or repetition to choose
            self.fields["entrepreneur"].required = True
            for name, value in (("kind", Session.Kind.VISIT), ("cohort", ""), ("staff", ""), ("capacity", 1), ("weeks", 1)):
                self.fields[name].widget = forms.HiddenInput()
                self.fields[name].initial = value
                self.initial.pop(name, None)
            self.order_fields(["entrepreneur", "topic", "starts_at", "ends_at"])
        self.fields["staff"].choices = [("", "—"), *[(u.pk, u.get_full_name() or u.username) for u in staff]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VisitLogForm(forms.Form):
    entrepreneur = forms.TypedChoiceField(label=_("Entrepreneur"), coerce=int)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}))
    files = forms.FileField(label=_("Photos and documents"), required=False,
                            widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf,.docx,.xlsx"}))
    follow_up = forms.CharField(label=_("Follow-up action"), required=False, max_length=255)
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, entrepreneurs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrepreneur"].choices = [(e.pk, e.name_th) for e in entrepreneurs]
