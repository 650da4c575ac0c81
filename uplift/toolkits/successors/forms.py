"""Forms only shape input; the successors actions decide what is valid and report it by field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from uplift.toolkits.successors.selectors import canvas_spec, criterion_name
from uplift.web.templatetags.thai import is_thai

DATE = {"type": "date"}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's errors on the form's fields (others on the form as a whole)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class CanvasForm(forms.Form):
    """The idea and its Lean Canvas: one text box per block, limits shown (the action enforces them)."""

    title = forms.CharField(label=pgettext_lazy("successors", "The idea in one line"), max_length=200)
    successor_name = forms.CharField(label=pgettext_lazy("successors", "Successor's name"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai = is_thai()
        for block in canvas_spec().blocks:
            self.fields[block.code] = forms.CharField(
                label=block.label_th if thai else block.label_en, required=False,
                help_text=(block.prompt_th if thai else block.prompt_en),
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": block.max_chars, "data-min": block.min_chars}))
        self.fields["note"] = forms.CharField(label=pgettext_lazy("successors", "What changed in this version"),
                                              max_length=255, required=False)

    def blocks(self) -> dict:
        return {b.code: self.cleaned_data.get(b.code, "") for b in canvas_spec().blocks}

    def block_fields(self):
        return [self[b.code] for b in canvas_spec().blocks]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=pgettext_lazy("successors", "Attachment (PDF, picture, slides)"))


class EventForm(forms.Form):
    round_activity = forms.TypedChoiceField(label=pgettext_lazy("successors", "Round"), coerce=int)
    centre = forms.TypedChoiceField(label=pgettext_lazy("successors", "Regional centre"), coerce=int, required=False,
                                    empty_value=None)
    name = forms.CharField(label=pgettext_lazy("successors", "Event name"), max_length=200)
    held_on = forms.DateField(label=pgettext_lazy("successors", "Held on"),
                              widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    venue = forms.CharField(label=pgettext_lazy("successors", "Venue"), max_length=200, required=False)
    winners = forms.IntegerField(label=pgettext_lazy("successors", "Number of winners"), min_value=1, initial=1)

    def __init__(self, *args, round_activities=(), centres=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["round_activity"].choices = [(ra.pk, ra.round.name) for ra in round_activities]
        choices = [(c.pk, c.name_th) for c in centres]
        national_choice = ("", pgettext_lazy("successors", "National (no centre)"))
        self.fields["centre"].choices = [national_choice, *choices] if national else choices
        self.fields["centre"].required = not national


class JudgeForm(forms.Form):
    username = forms.CharField(label=pgettext_lazy("successors", "Judge's user name"), max_length=150)
    name = forms.CharField(label=pgettext_lazy("successors", "Name shown"), max_length=100, required=False)


class PitchForm(forms.Form):
    enrolment = forms.TypedChoiceField(label=pgettext_lazy("successors", "Successor's enrolment"), coerce=int)

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [(e.pk, e.entrepreneur.name_th) for e in enrolments]


class ScoreForm(forms.Form):
    """One pitch on a judge's sheet: a number per criterion of the event's rubric."""

    def __init__(self, *args, book=None, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        step = "0.5"
        for criterion in book.criteria:
            self.fields[criterion.code] = forms.DecimalField(
                label=criterion_name(criterion), required=False, min_value=book.scale_min, max_value=book.scale_max,
                initial=(values or {}).get(criterion.code),
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": step, "min": f"{book.scale_min:g}",
                                                "max": f"{book.scale_max:g}"}))
            self.fields[criterion.code].weight = criterion.weight
            self.fields[criterion.code].descriptor = criterion.descriptor_th if is_thai() else criterion.descriptor_en


class PublishForm(forms.Form):
    winners = forms.IntegerField(label=pgettext_lazy("successors", "Number of winners"), min_value=1, initial=1)


class PlanStepForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("successors", "Step"), max_length=255)
    due_on = forms.DateField(label=pgettext_lazy("successors", "Due on"),
                             widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    milestone = forms.TypedChoiceField(label=pgettext_lazy("successors", "Milestone"), coerce=int, required=False,
                                       empty_value=None)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", "—"), *[(m.pk, m.template.name_th) for m in milestones]]
