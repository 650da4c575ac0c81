"""Forms only shape input; the actions decide what is valid and report it by field (``form_errors_from``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from uplift.registry.models import Entrepreneur, Product
from uplift.registry.selectors import SORTS

from uplift.web.templatetags.thai import BE_OFFSET, is_thai
from uplift.web.widgets import QuickSelect

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

STAR_CHOICES = [
    ("", _("Any stars")),
    ("3-5", _("3–5 stars")),
    *[(str(n), "★" * n) for n in range(5, 0, -1)],
    ("unrated", _("Unrated")),
]
SORT_LABELS = {
    "name": _("Name A–Z"),
    "-name": _("Name Z–A"),
    "province": _("Province A–Z"),
    "-province": _("Province Z–A"),
    "members": _("Fewest members"),
    "-members": _("Most members"),
    "stars": _("Fewest stars"),
    "-stars": _("Most stars"),
    "newest": _("Newest first"),
}


class EntrepreneurSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    centre = forms.TypedChoiceField(label=_("Regional centre"), required=False, coerce=int, empty_value=None,
                                    widget=QuickSelect)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect,
                             choices=[("", _("All kinds")), *Entrepreneur.Kind.choices])
    category = forms.ChoiceField(label=_("Product category"), required=False, widget=QuickSelect,
                                 choices=[("", _("All categories")), *Product.Category.choices])
    stars = forms.ChoiceField(label=_("Stars"), required=False, choices=STAR_CHOICES, widget=QuickSelect)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[(k, SORT_LABELS.get(k, k)) for k in SORTS],
                             widget=QuickSelect)
    page_size = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, centres=(), provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        name = "name_th" if is_thai() else "name_en"
        self.fields["centre"].choices = [("", _("All centres")), *[(c.number, getattr(c, name)) for c in centres]]
        provinces = sorted(provinces, key=lambda p: getattr(p, name))
        self.fields["province"].choices = [("", _("All provinces")), *[(p.code, getattr(p, name)) for p in provinces]]
        self.fields["q"].widget.attrs.update({"placeholder": _("Name, ID number or phone"), "autocomplete": "off"})

    def clean_page_size(self):
        size = self.cleaned_data.get("page_size") or PAGE_SIZE
        return min(size, MAX_PAGE_SIZE)


class EntrepreneurForm(forms.Form):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=Entrepreneur.Kind.choices)
    name_th = forms.CharField(label=_("Thai name"), max_length=255)
    name_en = forms.CharField(label=_("English name"), max_length=255, required=False)
    id_type = forms.ChoiceField(label=capfirst(_("identifier type")), choices=Entrepreneur.IdType.choices,
                                initial=Entrepreneur.IdType.NONE)
    id_number = forms.CharField(label=capfirst(_("identifier number")), max_length=20, required=False,
                                help_text=_("13 digits: citizen ID or juristic person ID."))
    otop_year = forms.IntegerField(label=_("OTOP registration year (BE)"), required=False,
                                   help_text=_("Buddhist era, e.g. 2559."))
    members = forms.IntegerField(label=capfirst(_("members")), min_value=0, initial=0)
    employees = forms.IntegerField(label=capfirst(_("employees")), min_value=0, initial=0)
    address_line = forms.CharField(label=capfirst(_("address (house no., moo, road)")), max_length=255, required=False)
    subdistrict = forms.CharField(
        label=capfirst(_("subdistrict")),
        validators=[RegexValidator(r"^\d{6}$", _("Give the 6-digit DOPA subdistrict code."))],
        help_text=_("6-digit DOPA code, e.g. 830202 for Patong, Kathu, Phuket. Type a name to look it up."),
    )
    postal_code = forms.CharField(label=capfirst(_("postal code")), max_length=5, required=False)
    phone = forms.CharField(label=capfirst(_("phone")), max_length=20, required=False)
    line_id = forms.CharField(label=_("LINE ID"), max_length=64, required=False)
    email = forms.EmailField(label=capfirst(_("email")), required=False)

    def clean_otop_year(self):
        year = self.cleaned_data.get("otop_year")
        return year - BE_OFFSET if year and year > 2400 else year

    @classmethod
    def initial_for(cls, entrepreneur: Entrepreneur) -> dict:
        data = {name: getattr(entrepreneur, name) for name in cls.base_fields if name != "subdistrict"}
        data["subdistrict"] = entrepreneur.subdistrict_id
        if entrepreneur.otop_year:
            data["otop_year"] = entrepreneur.otop_year + BE_OFFSET
        return data


def form_errors_from(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's ValidationError on the form: each message on its field, or above the form when
    the action names a field the form lacks (``standards.0.number``, ``__all__``). Codes and params are
    kept, so a view can ask ``form.has_error(field, code)`` or ``error_params``."""
    errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, items in errors.items():
        target = field if field in form.fields else None
        for item in items:
            form.add_error(target, item)


def error_params(form: forms.BaseForm, field: str, code: str) -> dict | None:
    """The params of the first error of ``code`` on ``field``, or None."""
    for error in form.errors.as_data().get(field, ()):
        if error.code == code:
            return error.params or {}
    return None
