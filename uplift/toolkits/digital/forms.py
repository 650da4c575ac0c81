"""Forms only shape input; the digital actions decide what is valid and report it by field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from uplift.outcomes.models import Wave
from uplift.toolkits.digital.models import Assessment
from uplift.toolkits.digital.selectors import photo_rules, questionnaire
from uplift.web.templatetags.thai import is_thai

DATE = {"type": "date"}
PHOTO_ACCEPT = {"accept": "image/jpeg,image/png,image/webp"}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's errors on the form's fields (others on the form as a whole)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def _label(thai: str, english: str) -> str:
    return thai if is_thai() else english


class AssessmentForm(forms.Form):
    """One respondent's answers: a field per question, grouped by the six dimensions."""

    name = forms.CharField(label=pgettext_lazy("digital", "Respondent's name"), max_length=100)
    role = forms.ChoiceField(label=pgettext_lazy("digital", "Respondent role"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        q = questionnaire()
        self.fields["role"].choices = [(r.code, _label(r.name_th, r.name_en)) for r in q.roles]
        for question in q.questions:
            choices = [(a.code, _label(a.label_th, a.label_en)) for a in question.answers]
            label = _label(question.text_th, question.text_en)
            if question.kind == "multiple":
                field = forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
            else:
                field = forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)
            field.kind = question.kind
            self.fields[question.id] = field

    def groups(self):
        q = questionnaire()
        return [{"code": d.code, "name": _label(d.name_th, d.name_en),
                 "fields": [self[question.id] for question in q.questions_of(d.code)]} for d in q.dimensions]

    def answers(self) -> dict:
        return {question.id: self.cleaned_data.get(question.id) for question in questionnaire().questions}

    @classmethod
    def initial_for(cls, respondent) -> dict:
        return {"name": respondent.name, "role": respondent.role,
                **{k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in respondent.answers.items()}}


class RecordForm(forms.Form):
    wave = forms.ChoiceField(label=pgettext_lazy("digital", "Outcome wave"),
                             choices=[(w, label) for w, label in Wave.choices if w != Wave.BASELINE])


class RoadmapForm(forms.Form):
    wave = forms.ChoiceField(label=pgettext_lazy("digital", "From the assessment"), choices=Assessment.Wave.choices,
                             initial=Assessment.Wave.T0)
    starts_on = forms.DateField(label=pgettext_lazy("digital", "Plan starts on"),
                                widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    days_per_week = forms.FloatField(label=pgettext_lazy("digital", "Working days per week"), initial=2,
                                     widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}))
    target = forms.FloatField(label=pgettext_lazy("digital", "Target score per dimension (0-100)"), required=False,
                              widget=forms.NumberInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()


class RoadmapItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    due_on = forms.DateField(label=pgettext_lazy("digital", "Due on"),
                             widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    done_on = forms.DateField(label=pgettext_lazy("digital", "Done on"), required=False,
                              widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    milestone = forms.TypedChoiceField(label=pgettext_lazy("digital", "Milestone"), coerce=int, required=False,
                                       empty_value=None)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", "—"), *[(m.pk, m.template.name_th) for m in milestones]]


class CheckForm(forms.Form):
    marketplaces = forms.MultipleChoiceField(label=pgettext_lazy("digital", "Marketplaces"),
                                             widget=forms.CheckboxSelectMultiple)
    product = forms.TypedChoiceField(label=pgettext_lazy("digital", "Product"), coerce=int, required=False,
                                     empty_value=None)
    photo = forms.FileField(label=pgettext_lazy("digital", "Product photo"), required=False,
                            widget=forms.ClearableFileInput(attrs=PHOTO_ACCEPT))
    title_th = forms.CharField(label=pgettext_lazy("digital", "Title (Thai)"), max_length=500, required=False)
    title_en = forms.CharField(label=pgettext_lazy("digital", "Title (English)"), max_length=500, required=False)
    description_th = forms.CharField(label=pgettext_lazy("digital", "Description (Thai)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(label=pgettext_lazy("digital", "Description (English)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        markets = photo_rules().marketplaces
        self.fields["marketplaces"].choices = [(m.code, _label(m.name_th, m.name_en)) for m in markets]
        self.fields["marketplaces"].initial = [m.code for m in markets]
        self.fields["product"].choices = [("", "—"), *[(p.pk, p.name_th) for p in products]]
