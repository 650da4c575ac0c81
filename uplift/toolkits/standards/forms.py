"""Forms only shape input; the standards actions decide what is valid and report it by field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uplift.toolkits.standards.core.gap import STATUS_TH, Status
from uplift.toolkits.standards.models import SEVERITY_CHOICES, STANDARD_CHOICES

DATE = {"type": "date"}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's errors on the form's fields (others on the form as a whole)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages in errors.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class Form(forms.Form):
    """Labels without a trailing colon: they sit above their fields on a phone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _product_field(products) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=_("Product"), queryset=products)
    field.label_from_instance = lambda p: p.name_th
    return field


class AssessmentForm(Form):
    standard = forms.ChoiceField(label=_("Standard"), choices=STANDARD_CHOICES)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"product": _product_field(products), **self.fields}
        self.fields["assessed_on"].initial = timezone.localdate()


STATUS_CHOICES = [(s.value, STATUS_TH[s]) for s in Status]


def results_from_post(post, clause_ids) -> dict[str, dict[str, str]]:
    """`status_<clause>` and `note_<clause>` fields of the assessment page."""
    return {cid: {"status": post.get(f"status_{cid}", ""), "note": post.get(f"note_{cid}", "")} for cid in clause_ids
            if post.get(f"status_{cid}") or post.get(f"note_{cid}")}


class EvidenceForm(Form):
    clause_id = forms.ChoiceField(label=_("Clause"), choices=())
    file = forms.FileField(label=_("File (photo or PDF, up to 10 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause_id"].choices = [(c.id, f"{c.id} {c.text_th[:60]}") for c in clauses]


class ActionForm(Form):
    clause_id = forms.ChoiceField(label=_("Gap (clause)"), choices=())
    severity = forms.ChoiceField(label=_("Severity"), choices=SEVERITY_CHOICES, required=False)
    action = forms.CharField(label=_("Corrective action"), widget=forms.Textarea(attrs={"rows": 2}))
    root_cause = forms.CharField(label=_("Root cause"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), max_length=100)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, gaps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause_id"].choices = [(g.clause.id, f"{g.clause.id} {g.clause.text_th[:60]}") for g in gaps]


class AdvanceForm(Form):
    to_state = forms.ChoiceField(label=_("Next step"), choices=())
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(s.code, s.name_th) for s in states]
        self.fields["on"].initial = timezone.localdate()


class CertificateForm(Form):
    number = forms.CharField(label=_("Certificate number"), max_length=80)
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    expires_on = forms.DateField(label=_("Expires on"), required=False,
                                 widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                                 help_text=_("Leave empty to use the standard's usual validity"))
    on = forms.DateField(label=_("Recorded on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
