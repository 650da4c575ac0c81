import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from uplift.screening.models import Scenario
from uplift.screening.rules import FIELDS, OP_LABELS


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    budget = forms.DecimalField(label=_("Total budget (baht)"), min_value=0, max_digits=14, decimal_places=2)
    target_entrepreneurs = forms.IntegerField(label=_("Target number of entrepreneurs"), min_value=1, initial=1000)
    target_value = forms.DecimalField(label=_("Target economic value (baht)"), min_value=0, initial=500_000_000)
    max_activities_per_entrepreneur = forms.IntegerField(label=_("Most activities per entrepreneur"), min_value=1,
                                                         max_value=7, initial=2)


YES = {"true", "yes", "ใช่", "มี"}
NO = {"false", "no", "ไม่ใช่", "ไม่มี"}


def _scalar(text: str):
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return text


def parse_value(raw: str):
    """A rule's value as typed: JSON (``[3, 5]``, ``true``), or plain words: ``3–5``, ``3 ถึง 5``, ``ใช่``, ``20%``,
    ``83, 50``. The rule's own check (``rules.validate_rule``) decides what the field accepts."""
    text = raw.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    parts = [part for part in re.split(r"\s*(?:,|–|—|ถึง)\s*", text) if part]
    return [_scalar(part) for part in parts] if len(parts) > 1 else _scalar(text)


class RuleForm(forms.Form):
    round_activity = forms.TypedChoiceField(label=_("Activity"), coerce=int)
    field = forms.CharField(label=_("Field"), max_length=60, help_text=_("Choose from the list."),
                            widget=forms.TextInput(attrs={"list": "rule-fields"}))
    op = forms.ChoiceField(label=_("Condition"), choices=list(OP_LABELS.items()))
    value = forms.CharField(label=_("Value"), max_length=500,
                            help_text=_("A number (3), a range (3–5), yes or no, or several values separated by "
                                        "commas; shares may be given as percentages (20%)."))

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round_activity"].choices = [(ra.pk, f"{ra.activity.number}. {ra.activity.name_th}") for ra in activities]

    def clean_value(self):
        return parse_value(self.cleaned_data["value"])

    def clean(self):
        data = super().clean()
        if data.get("op") in ("in", "not_in") and "value" in data and not isinstance(data["value"], list):
            data["value"] = [data["value"]]
        return data

    def rule(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("field", "op", "value")}


def field_options() -> list[tuple[str, str]]:
    """The rule fields for the form's suggestion list, each with its description (one per standard)."""
    from uplift.registry.models import Standard

    options = [(name, str(spec.label)) for name, spec in FIELDS.items() if name != "holds_standard"]
    options += [(f"holds_standard:{code}", f"{FIELDS['holds_standard'].label}: {name}")
                for code, name in Standard.objects.values_list("code", "name_th")]
    return options


def quota_field(level: str, key, bound: str) -> str:
    return f"quota_{level}_{key}_{bound}"


def quota_area_options() -> dict[str, list[tuple[str, str]]]:
    """The rows of the quota table: regional centres (by number) and provinces (by code), with Thai names."""
    from uplift.geo.models import Province, RegionalCentre

    return {
        Scenario.QuotaLevel.CENTRE: [(str(n), name) for n, name in RegionalCentre.objects.order_by("number")
                                     .values_list("number", "name_th")],
        Scenario.QuotaLevel.PROVINCE: [(code, name) for code, name in Province.objects.order_by("name_th")
                                       .values_list("code", "name_th")],
    }


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sales_drop = forms.FloatField(label=_("Weight: sales drop"), min_value=0)
    tourist_share = forms.FloatField(label=_("Weight: tourist share"), min_value=0)
    exposure = forms.FloatField(label=_("Weight: province tourism exposure"), min_value=0)
    vulnerability = forms.FloatField(label=_("Weight: size and vulnerability"), min_value=0)
    foreign_weight = forms.FloatField(label=_("Foreign tourists count"), min_value=0,
                                      help_text=_("times a Thai tourist's share"))
    budget = forms.DecimalField(label=_("Budget (baht)"), min_value=0, required=False)
    max_per_entrepreneur = forms.IntegerField(label=_("Most activities per entrepreneur"), min_value=1, max_value=7,
                                              required=False)
    min_selected = forms.IntegerField(label=_("Select at least"), min_value=0, initial=0)
    quota_level = forms.ChoiceField(label=_("Regional quotas"), choices=Scenario.QuotaLevel.choices)
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=60)

    def __init__(self, *args, activities=(), quota_areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        for ra in self.activities:
            self.fields[f"places_{ra.activity.number}"] = forms.IntegerField(
                label=_("Places: activity %(n)s") % {"n": ra.activity.number}, min_value=0, required=False,
                help_text=_("round: %(places)s") % {"places": ra.places})
        # one row per centre and per province (minimum, maximum); the chosen level's rows are kept
        self.quota_areas = quota_areas if quota_areas is not None else quota_area_options()
        for level, areas in self.quota_areas.items():
            for key, name in areas:
                for bound in ("min", "max"):
                    label = (_("%(name)s: at least") if bound == "min" else _("%(name)s: at most")) % {"name": name}
                    self.fields[quota_field(level, key, bound)] = forms.IntegerField(
                        label=label, min_value=0, required=False,
                        widget=forms.NumberInput(attrs={"aria-label": label, "inputmode": "numeric"}),
                        error_messages={"min_value": _("%(name)s: give 0 or more.") % {"name": name},
                                        "invalid": _("%(name)s: give a whole number.") % {"name": name}})

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("quota_") or name == "quota_level"]

    def quota_rows(self, level: str) -> list[dict]:
        return [{"key": key, "name": name, "min": self[quota_field(level, key, "min")],
                 "max": self[quota_field(level, key, "max")]} for key, name in self.quota_areas.get(level, [])]

    def clean(self):
        data = super().clean()
        level = data.get("quota_level")
        quotas = {}
        for key, name in self.quota_areas.get(level, []):
            low, high = data.get(quota_field(level, key, "min")), data.get(quota_field(level, key, "max"))
            if low is None and high is None:
                continue
            if low is not None and high is not None and low > high:
                self.add_error(quota_field(level, key, "min"), _(
                    "%(name)s: the minimum (%(min)s) is more than the maximum (%(max)s).") % {
                    "name": name, "min": f"{low:,}", "max": f"{high:,}"})
                continue
            quotas[str(key)] = {"min": low or 0, "max": high}
        data["quotas"] = quotas
        return data

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "weights": {k: d[k] for k in ("sales_drop", "tourist_share", "exposure", "vulnerability", "foreign_weight")},
            "budget": d.get("budget"), "max_per_entrepreneur": d.get("max_per_entrepreneur"),
            "min_selected": d.get("min_selected") or 0, "quota_level": d["quota_level"], "quotas": d.get("quotas") or {},
            "time_limit": d["time_limit"],
            "places": {str(ra.activity.number): d[f"places_{ra.activity.number}"] for ra in self.activities
                       if d.get(f"places_{ra.activity.number}") is not None},
        }

    @classmethod
    def initial_for(cls, scenario, weights: dict) -> dict:
        initial = dict(weights)
        if scenario is not None:
            initial |= scenario.weights | {
                "name": scenario.name, "budget": scenario.budget, "max_per_entrepreneur": scenario.max_per_entrepreneur,
                "min_selected": scenario.min_selected, "quota_level": scenario.quota_level,
                "time_limit": scenario.time_limit,
            } | {f"places_{k}": v for k, v in scenario.places.items()}
            for key, bounds in (scenario.quotas or {}).items():
                initial[quota_field(scenario.quota_level, key, "min")] = bounds.get("min")
                initial[quota_field(scenario.quota_level, key, "max")] = bounds.get("max")
        return initial


SCALE = [("", "—"), (0, "0"), (1, "1"), (2, "2"), (3, "3")]


class NeedsForm(forms.Form):
    online_presence = forms.TypedChoiceField(label=_("Online presence (0 none – 3 strong)"), choices=SCALE, coerce=int,
                                             empty_value=None, required=False)
    standards_held = forms.IntegerField(label=_("Standards held"), min_value=0, max_value=50, required=False)
    production_problems = forms.TypedChoiceField(label=_("Production problems (0 none – 3 severe)"), choices=SCALE,
                                                 coerce=int, empty_value=None, required=False)
    has_successor = forms.NullBooleanField(label=_("Has a successor"), required=False)
    environmental_practice = forms.TypedChoiceField(label=_("Environmental practice (0 none – 3 established)"),
                                                    choices=SCALE, coerce=int, empty_value=None, required=False)
