"""Forms only shape input; the sustainable actions decide what is valid and report it by field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from uplift.outcomes.models import Observation, Wave
from uplift.toolkits.sustainable.core.factors import available_versions, load_table
from uplift.toolkits.sustainable.core.reference import biodiversity_fields
from uplift.toolkits.sustainable.models import CATEGORY_CHOICES, KIND_CHOICES

CHANGE_ROWS = 3
USE_ROWS = 3
DATE = {"type": "date"}
NUMBER = {"inputmode": "decimal"}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """An action's errors on the form's fields (others on the form as a whole)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def factor_choices(version: str | None = None) -> list[tuple[str, str]]:
    table = load_table(version)
    names = {}
    for factor in table.factors:
        names.setdefault(factor.code, f"{factor.name_th} ({factor.unit})")
    return list(names.items())


class Form(forms.Form):
    """Labels without a trailing colon: they sit above their fields on a phone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FootprintForm(Form):
    product = forms.TypedChoiceField(label=pgettext_lazy("sustainable", "Product"), coerce=int)
    name = forms.CharField(label=pgettext_lazy("sustainable", "Name"), max_length=120, help_text=pgettext_lazy("sustainable", "e.g. the year or batch it describes"))
    functional_unit = forms.CharField(label=pgettext_lazy("sustainable", "Functional unit"), max_length=120,
                                      help_text=pgettext_lazy("sustainable", "What one unit of the footprint is, e.g. one 500 g jar"))
    functional_units = forms.FloatField(label=pgettext_lazy("sustainable", "Functional units the inventory covers"), initial=1,
                                        widget=forms.NumberInput(attrs=NUMBER),
                                        help_text=pgettext_lazy("sustainable", "Enter a month's inventory and the units made that month"))
    units_per_month = forms.FloatField(label=pgettext_lazy("sustainable", "Functional units made per month"), required=False,
                                       widget=forms.NumberInput(attrs=NUMBER))
    reference_date = forms.DateField(label=pgettext_lazy("sustainable", "Factors valid on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    table_version = forms.ChoiceField(label=pgettext_lazy("sustainable", "Factor table version"))
    include_upstream = forms.BooleanField(label=pgettext_lazy("sustainable", "Add the upstream part of factors"), required=False)
    base = forms.TypedChoiceField(label=pgettext_lazy("sustainable", "Base-year footprint"), coerce=int, required=False, empty_value=None)
    benchmark_kgco2e = forms.FloatField(label=pgettext_lazy("sustainable", "Category benchmark (kgCO2e per unit)"), required=False,
                                        widget=forms.NumberInput(attrs=NUMBER))

    def __init__(self, *args, products=(), footprints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [(p.pk, p.name_th) for p in products]
        self.fields["table_version"].choices = [(v, v) for v in reversed(available_versions())]
        self.fields["base"].choices = [("", "—"), *[(f.pk, str(f)) for f in footprints]]
        self.fields["reference_date"].initial = timezone.localdate()


class ItemForm(Form):
    name = forms.CharField(label=pgettext_lazy("sustainable", "Item"), max_length=120)
    category = forms.ChoiceField(label=pgettext_lazy("sustainable", "Category"), choices=CATEGORY_CHOICES)
    quantity = forms.FloatField(label=pgettext_lazy("sustainable", "Quantity"), min_value=0, widget=forms.NumberInput(attrs=NUMBER))
    unit = forms.CharField(label=pgettext_lazy("sustainable", "Unit"), max_length=20,
                           widget=forms.TextInput(attrs={"list": "unit-names", "autocomplete": "off"}),
                           help_text=pgettext_lazy("sustainable", "e.g. kg, g, L, kWh, หน่วย, tkm"))
    factor = forms.ChoiceField(label=pgettext_lazy("sustainable", "Emission factor"))
    quantity_low = forms.FloatField(label=pgettext_lazy("sustainable", "Lowest likely quantity"), required=False, min_value=0,
                                    widget=forms.NumberInput(attrs=NUMBER))
    quantity_high = forms.FloatField(label=pgettext_lazy("sustainable", "Highest likely quantity"), required=False, min_value=0,
                                     widget=forms.NumberInput(attrs=NUMBER))
    note = forms.CharField(label=pgettext_lazy("sustainable", "Note"), max_length=200, required=False)

    def __init__(self, *args, version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].choices = factor_choices(version)


class ImportForm(Form):
    file = forms.FileField(label=pgettext_lazy("sustainable", "Inventory CSV"),
                           help_text=pgettext_lazy("sustainable", "Columns item,category,quantity,unit,factor (optional quantity_low,quantity_high)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class ScenarioForm(Form):
    name = forms.CharField(label=pgettext_lazy("sustainable", "Scenario"), max_length=120)

    def __init__(self, *args, items=(), version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        item_choices = [("", "—"), *[(item.name, item.name) for item in items]]
        for n in range(CHANGE_ROWS):
            self.fields[f"item_{n}"] = forms.ChoiceField(label=pgettext_lazy("sustainable", "Item to change"), choices=item_choices,
                                                         required=False)
            self.fields[f"quantity_{n}"] = forms.FloatField(label=pgettext_lazy("sustainable", "New quantity"), required=False, min_value=0,
                                                            widget=forms.NumberInput(attrs=NUMBER))
            self.fields[f"unit_{n}"] = forms.CharField(label=pgettext_lazy("sustainable", "New unit"), max_length=20, required=False)
            self.fields[f"factor_{n}"] = forms.ChoiceField(label=pgettext_lazy("sustainable", "New emission factor"), required=False,
                                                           choices=[("", "—"), *factor_choices(version)])

    @property
    def change_rows(self):
        return [[self[f"{key}_{n}"] for key in ("item", "quantity", "unit", "factor")] for n in range(CHANGE_ROWS)]

    def changes(self) -> list[dict]:
        data = self.cleaned_data
        return [{"item": data[f"item_{n}"], "quantity": data[f"quantity_{n}"], "unit": data[f"unit_{n}"],
                 "factor": data[f"factor_{n}"]} for n in range(CHANGE_ROWS) if data.get(f"item_{n}")]


class ClaimForm(Form):
    footprints = forms.TypedMultipleChoiceField(label=pgettext_lazy("sustainable", "Footprints"), coerce=int, widget=forms.CheckboxSelectMultiple)
    wave = forms.ChoiceField(label=pgettext_lazy("sustainable", "Wave"), choices=[c for c in Wave.choices if c[0] != Wave.BASELINE])
    source = forms.ChoiceField(label=pgettext_lazy("sustainable", "Source"), choices=[(Observation.Source.VERIFIED, Observation.Source.VERIFIED.label),
                                                           (Observation.Source.DOCUMENT, Observation.Source.DOCUMENT.label)])

    def __init__(self, *args, footprints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["footprints"].choices = [(f.pk, str(f)) for f in footprints]


def _protection_choices():
    return [(p["code"], p["name_th"]) for p in biodiversity_fields()["protections"]]


class BiodiversityForm(Form):
    kind = forms.ChoiceField(label=pgettext_lazy("sustainable", "Kind"), choices=KIND_CHOICES)
    name_th = forms.CharField(label=pgettext_lazy("sustainable", "Thai (local) name"), max_length=200)
    name_en = forms.CharField(label=pgettext_lazy("sustainable", "English name"), max_length=200, required=False)
    scientific_name = forms.CharField(label=pgettext_lazy("sustainable", "Scientific name"), max_length=200, required=False,
                                      help_text=pgettext_lazy("sustainable", "Needed for a species, e.g. Curcuma longa"))
    origin_place = forms.CharField(label=pgettext_lazy("sustainable", "Where it comes from"), max_length=255)
    origin_subdistrict = forms.CharField(label=pgettext_lazy("sustainable", "Subdistrict code (DOPA, 6 digits)"), max_length=6, required=False)
    community = forms.CharField(label=pgettext_lazy("sustainable", "Community it comes from"), max_length=200)
    traditional_knowledge_involved = forms.BooleanField(label=pgettext_lazy("sustainable", "Traditional knowledge involved"), required=False)
    traditional_knowledge = forms.CharField(label=pgettext_lazy("sustainable", "Traditional knowledge used"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 2}))
    pic_date = forms.DateField(label=pgettext_lazy("sustainable", "PIC date"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    pic_provider = forms.CharField(label=pgettext_lazy("sustainable", "PIC given by"), max_length=200, required=False)
    pic_recipient = forms.CharField(label=pgettext_lazy("sustainable", "PIC given to"), max_length=200, required=False)
    pic_document = forms.CharField(label=pgettext_lazy("sustainable", "PIC document"), max_length=200, required=False)
    mat_date = forms.DateField(label=pgettext_lazy("sustainable", "MAT date"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    mat_parties = forms.CharField(label=pgettext_lazy("sustainable", "MAT parties"), required=False, help_text=pgettext_lazy("sustainable", "Separate with commas"))
    mat_terms = forms.CharField(label=pgettext_lazy("sustainable", "MAT terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    mat_document = forms.CharField(label=pgettext_lazy("sustainable", "MAT document"), max_length=200, required=False)
    benefit_share_percent = forms.FloatField(label=pgettext_lazy("sustainable", "Benefit share (%)"), required=False,
                                             widget=forms.NumberInput(attrs=NUMBER))
    benefit_beneficiaries = forms.CharField(label=pgettext_lazy("sustainable", "Beneficiaries"), required=False,
                                            help_text=pgettext_lazy("sustainable", "Separate with commas"))
    benefit_terms = forms.CharField(label=pgettext_lazy("sustainable", "Benefit-sharing terms"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    protections = forms.MultipleChoiceField(label=pgettext_lazy("sustainable", "Legal protections"), required=False,
                                            widget=forms.CheckboxSelectMultiple, choices=_protection_choices)
    consent_file = forms.FileField(label=pgettext_lazy("sustainable", "Signed consent or agreement"), required=False,
                                   widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"}))

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        product_choices = [("", "—"), *[(p.pk, p.name_th) for p in products]]
        for n in range(USE_ROWS):
            self.fields[f"use_product_{n}"] = forms.ChoiceField(label=pgettext_lazy("sustainable", "Product using it"), required=False,
                                                                choices=product_choices)
            self.fields[f"use_value_{n}"] = forms.DecimalField(label=pgettext_lazy("sustainable", "Value added (baht per year)"), required=False,
                                                               widget=forms.NumberInput(attrs=NUMBER))

    @property
    def use_rows(self):
        return [(self[f"use_product_{n}"], self[f"use_value_{n}"]) for n in range(USE_ROWS)]

    def uses(self) -> list[dict]:
        data = self.cleaned_data
        return [{"product": data[f"use_product_{n}"], "value_added_baht_per_year": data[f"use_value_{n}"]}
                for n in range(USE_ROWS) if data.get(f"use_product_{n}") or data.get(f"use_value_{n}") is not None]

    @classmethod
    def initial_for(cls, record) -> dict:
        keys = ("kind", "name_th", "name_en", "scientific_name", "origin_place", "community",
                "traditional_knowledge_involved", "traditional_knowledge", "pic_date", "pic_provider", "pic_recipient",
                "pic_document", "mat_date", "mat_terms", "mat_document", "benefit_share_percent", "benefit_terms",
                "protections")
        initial = {key: getattr(record, key) for key in keys}
        initial["origin_subdistrict"] = record.origin_subdistrict_id or ""
        initial["mat_parties"] = ", ".join(record.mat_parties)
        initial["benefit_beneficiaries"] = ", ".join(record.benefit_beneficiaries)
        for n, use in enumerate(list(record.uses.all())[:USE_ROWS]):
            initial[f"use_product_{n}"], initial[f"use_value_{n}"] = use.product_id, use.value_added_baht_per_year
        return initial
