"""Forms only shape input; the identity actions decide what is valid and report it by field.

The worksheet and the brief are built from their field data: a list is one item per line, a
timeline one ``YYYY-MM-DD name`` per line; labels are the data's Thai labels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from uplift.outcomes.models import Observation, Wave
from uplift.toolkits.identity.core.fields import Field
from uplift.toolkits.identity.core.label import label_rules
from uplift.toolkits.identity.core.star_readiness import opc_criteria

DATE = {"type": "date"}
MONTH = {"type": "month"}
NUMBER = {"inputmode": "decimal"}
INGREDIENT_ROWS = 8
ADDITIVE_ROWS = 4


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


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _ce(day: str) -> str:
    """A Buddhist-era date (2569-02-01) as the ISO date the core reads; anything else unchanged."""
    year, _, rest = day.partition("-")
    return f"{int(year) - 543}-{rest}" if year.isdigit() and int(year) > 2400 and rest else day


def _form_field(f: Field) -> forms.Field:
    common = {"label": f.label_th, "required": False, "help_text": f.prompt_th}
    if f.kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *[(o.code, o.label_th) for o in f.options]], **common)
    if f.kind in ("long_text", "list", "colours", "milestones"):
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(**common)


class DataFieldsForm(Form):
    """A form over core fields; ``answers()`` gives the shapes the core checks."""

    data_fields: tuple[Field, ...] = ()

    def __init__(self, *args, data_fields: tuple[Field, ...] = (), answers: dict[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_fields = tuple(f for f in data_fields if f.kind != "photos")
        for f in self.data_fields:
            self.fields[f.code] = _form_field(f)
            if answers and f.code in answers and not self.is_bound:
                self.initial[f.code] = self._as_text(f, answers[f.code])

    @staticmethod
    def _as_text(f: Field, value: Any) -> str:
        if f.kind == "milestones":
            return "\n".join(f"{m.get('due', '')} {m.get('name', '')}".strip() for m in value or ())
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value or ""

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.data_fields:
            text = self.cleaned_data.get(f.code) or ""
            if f.kind in ("list", "colours"):
                out[f.code] = _lines(text.replace(",", "\n")) if f.kind == "colours" else _lines(text)
            elif f.kind == "milestones":
                out[f.code] = [{"due": _ce(line.split(" ", 1)[0]), "name": line.split(" ", 1)[1] if " " in line else ""}
                               for line in _lines(text)]
            else:
                out[f.code] = text.strip()
        return {k: v for k, v in out.items() if v not in ("", [])}

    def section(self, codes) -> list:
        return [self[code] for code in codes if code in self.fields]


class PhotoForm(Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, up to 5 MB)"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class BriefCreateForm(Form):
    title = forms.CharField(label=_("Brief title"), max_length=200)
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products if products is not None else self.fields["product"].queryset
        self.fields["product"].label_from_instance = lambda p: p.name_th


class VersionForm(Form):
    file = forms.FileField(label=_("Mock-up (image or PDF, up to 10 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))
    note = forms.CharField(label=_("What changed in this version"), max_length=300, required=False)


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
    x = forms.FloatField(required=False, widget=forms.HiddenInput)
    y = forms.FloatField(required=False, widget=forms.HiddenInput)


def _allergen_choices():
    return [(g["code"], g["name_th"]) for g in label_rules()["allergen_groups"]]


class LabelForm(Form):
    """The label as printed on a version, read off the mock-up by the designer."""

    product_name = forms.CharField(label=_("Name of the food"), required=False)
    fda_number = forms.CharField(label=_("Food serial number (อย.)"), required=False,
                                 help_text=_("13 digits as XX-X-XXXXX-X-XXXX"))
    fda_number_in_mark = forms.BooleanField(label=_("The number is inside the อย. mark"), required=False)
    business_role = forms.ChoiceField(label=_("Who is named"), choices=())
    business_name = forms.CharField(label=_("Name of the maker, packer or importer"), required=False)
    business_address = forms.CharField(label=_("Address"), required=False)
    country_of_origin = forms.CharField(label=_("Country of manufacture (imported food)"), required=False)
    net_quantity = forms.FloatField(label=_("Net content"), required=False, widget=forms.NumberInput(attrs=NUMBER))
    net_unit = forms.CharField(label=_("Unit"), required=False)
    allergens_contained = forms.MultipleChoiceField(label=_("Allergens in the recipe"), required=False,
                                                    widget=forms.CheckboxSelectMultiple, choices=())
    allergens_declared = forms.MultipleChoiceField(label=_("Allergens the label declares"), required=False,
                                                   widget=forms.CheckboxSelectMultiple, choices=())
    date_phrase = forms.ChoiceField(label=_("Date wording"), required=False, choices=())
    date_shows_day = forms.BooleanField(label=_("The date shows day, month and year"), required=False)
    shelf_life_days = forms.IntegerField(label=_("Shelf life (days)"), required=False, min_value=0)
    needs_storage_instructions = forms.BooleanField(label=_("The food needs storage instructions"), required=False)
    storage_instructions = forms.CharField(label=_("Storage instructions"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = label_rules()
        self.fields["business_role"].choices = [(r["code"], r["name_th"]) for r in rules["business_roles"]]
        self.fields["allergens_contained"].choices = _allergen_choices()
        self.fields["allergens_declared"].choices = _allergen_choices()
        self.fields["date_phrase"].choices = [("", "—")] + [(p["text"], p["text"]) for p in rules["date_phrases"]]
        for n in range(INGREDIENT_ROWS):
            self.fields[f"ingredient_name_{n}"] = forms.CharField(label=_("Ingredient"), required=False)
            self.fields[f"ingredient_percent_{n}"] = forms.FloatField(label=_("Percent"), required=False,
                                                                      widget=forms.NumberInput(attrs=NUMBER))
        for n in range(ADDITIVE_ROWS):
            self.fields[f"additive_name_{n}"] = forms.CharField(label=_("Additive"), required=False)
            self.fields[f"additive_function_{n}"] = forms.CharField(label=_("Functional class"), required=False)
            self.fields[f"additive_ins_{n}"] = forms.CharField(label=_("INS number"), required=False)

    @classmethod
    def initial_for(cls, label: dict | None) -> dict[str, Any]:
        if not label:
            return {}
        initial = {k: v for k, v in label.items() if k not in ("ingredients", "additives")}
        for n, item in enumerate(label.get("ingredients") or ()):
            initial[f"ingredient_name_{n}"], initial[f"ingredient_percent_{n}"] = item["name"], item["percent"]
        for n, item in enumerate(label.get("additives") or ()):
            initial[f"additive_name_{n}"] = item["name"]
            initial[f"additive_function_{n}"], initial[f"additive_ins_{n}"] = item["function"], item["ins"]
        return initial

    @property
    def head_fields(self):
        return [self[name] for name in ("product_name", "fda_number", "fda_number_in_mark", "business_role",
                                        "business_name", "business_address", "country_of_origin", "net_quantity",
                                        "net_unit")]

    @property
    def tail_fields(self):
        return [self[name] for name in ("allergens_contained", "allergens_declared", "date_phrase", "date_shows_day",
                                        "shelf_life_days", "needs_storage_instructions", "storage_instructions")]

    @property
    def ingredient_rows(self):
        return [(self[f"ingredient_name_{n}"], self[f"ingredient_percent_{n}"]) for n in range(INGREDIENT_ROWS)]

    @property
    def additive_rows(self):
        return [(self[f"additive_name_{n}"], self[f"additive_function_{n}"], self[f"additive_ins_{n}"])
                for n in range(ADDITIVE_ROWS)]

    def label(self) -> dict[str, Any]:
        data = self.cleaned_data
        out = {k: data.get(k) for k in ("product_name", "fda_number", "fda_number_in_mark", "business_role",
                                        "business_name", "business_address", "country_of_origin", "net_quantity",
                                        "net_unit", "allergens_contained", "allergens_declared", "date_phrase",
                                        "date_shows_day", "shelf_life_days", "needs_storage_instructions",
                                        "storage_instructions")}
        out["ingredients"] = [{"name": data[f"ingredient_name_{n}"], "percent": data[f"ingredient_percent_{n}"]}
                              for n in range(INGREDIENT_ROWS) if data.get(f"ingredient_name_{n}")]
        out["additives"] = [{"name": data[f"additive_name_{n}"], "function": data[f"additive_function_{n}"],
                             "ins": data[f"additive_ins_{n}"]} for n in range(ADDITIVE_ROWS)
                            if data.get(f"additive_name_{n}")]
        return out


class StarForm(Form):
    """One number per OPC criterion (0 to its points), and the product it scores."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: p.name_th
        for criterion in opc_criteria().criteria:
            self.fields[criterion.code] = forms.FloatField(
                label=f"{criterion.code} {criterion.name_th}", required=False, min_value=0,
                max_value=criterion.max_points, help_text=criterion.hint_th,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}))

    def parts(self):
        return [{"part": part, "fields": [self[c.code] for c in part.criteria]} for part in opc_criteria().parts]

    def scores(self) -> dict[str, float]:
        return {c.code: self.cleaned_data[c.code] for c in opc_criteria().criteria
                if self.cleaned_data.get(c.code) is not None}


class LaunchForm(Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    brief = forms.ModelChoiceField(label=_("Design brief"), queryset=None, required=False)
    launch_month = forms.CharField(label=_("Launch month"), widget=forms.TextInput(attrs=MONTH),
                                   help_text=_("The month the new design went on sale"))
    price_before = forms.DecimalField(label=_("Price before (baht)"), required=False, min_value=0,
                                      widget=forms.NumberInput(attrs=NUMBER))
    price_after = forms.DecimalField(label=_("Price after (baht)"), required=False, min_value=0,
                                     widget=forms.NumberInput(attrs=NUMBER))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, products=None, briefs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: p.name_th
        self.fields["brief"].queryset = briefs
        self.fields["brief"].label_from_instance = lambda b: b.title


class MonthForm(Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs=MONTH))
    sales = forms.DecimalField(label=_("Sales (baht)"), min_value=0, widget=forms.NumberInput(attrs=NUMBER))
    price = forms.DecimalField(label=_("Price (baht)"), required=False, min_value=0,
                               widget=forms.NumberInput(attrs=NUMBER))
    units = forms.DecimalField(label=_("Units sold"), required=False, min_value=0,
                               widget=forms.NumberInput(attrs=NUMBER))


class CsvForm(Form):
    csv = forms.FileField(label=_("CSV file: month, sales, price, units"), widget=forms.ClearableFileInput(
        attrs={"accept": ".csv,text/csv"}))


class ClaimForm(Form):
    launches = forms.MultipleChoiceField(label=_("Launches"), widget=forms.CheckboxSelectMultiple, choices=())
    wave = forms.ChoiceField(label=_("Wave"), choices=[(w.value, w.label) for w in Wave if w != Wave.BASELINE])
    source = forms.ChoiceField(label=_("Source"), initial=Observation.Source.VERIFIED, choices=[
        (s.value, s.label) for s in Observation.Source if s != Observation.Source.REGISTRY])

    def __init__(self, *args, launches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launches"].choices = [(str(launch.pk), launch.product.name_th) for launch in launches]

