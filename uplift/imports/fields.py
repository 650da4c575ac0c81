"""What each importable field is called on screen and in reports (Thai through the catalogue)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABELS = {
    "seq": gettext_lazy("sequence number (ลำดับ)"),
    "name_th": gettext_lazy("Thai name"), "name_en": gettext_lazy("English name"), "kind": gettext_lazy("producer kind"),
    "id_number": gettext_lazy("identifier (citizen or juristic)"), "juristic_id": gettext_lazy("juristic person ID"),
    "citizen_id": gettext_lazy("citizen ID"), "otop_year": gettext_lazy("OTOP registration year"),
    "otop_date": gettext_lazy("OTOP registration date"), "members": gettext_lazy("members"),
    "employees": gettext_lazy("employees"), "address": gettext_lazy("full address (one cell)"),
    "address_line": gettext_lazy("house no., moo, road"), "subdistrict": gettext_lazy("subdistrict"),
    "district": gettext_lazy("district"), "province": gettext_lazy("province"),
    "postal_code": gettext_lazy("postal code"), "subdistrict_code": gettext_lazy("subdistrict code (DOPA)"),
    "phone": gettext_lazy("phone"), "line_id": gettext_lazy("LINE ID"), "email": gettext_lazy("email"),
    "entrepreneur_id": gettext_lazy("entrepreneur's identifier"), "entrepreneur_name": gettext_lazy("entrepreneur's name"),
    "category": gettext_lazy("category"), "star_rating": gettext_lazy("OPC stars"),
    "star_year": gettext_lazy("star rating year"), "star_date": gettext_lazy("star rating date"),
    "unit": gettext_lazy("unit"), "price": gettext_lazy("price (baht)"), "month": gettext_lazy("month"),
    "shop": gettext_lazy("shop or tourist site"), "fair": gettext_lazy("fairs"), "wholesale": gettext_lazy("wholesale"),
    "online": gettext_lazy("online"), "export": gettext_lazy("export"),
    "thai_tourist_share": gettext_lazy("share bought by Thai tourists"),
    "foreign_tourist_share": gettext_lazy("share bought by foreign tourists"),
    "product.name_th": gettext_lazy("product: name"), "product.name_en": gettext_lazy("product: English name"),
    "product.category": gettext_lazy("product: category"), "product.star_rating": gettext_lazy("product: OPC stars"),
    "product.star_year": gettext_lazy("product: star rating year"),
    "product.star_date": gettext_lazy("product: star rating date"), "product.unit": gettext_lazy("product: unit"),
    "product.price": gettext_lazy("product: price (baht)"),
    "person.name_th": gettext_lazy("owner or contact: name"), "person.phone": gettext_lazy("owner or contact: phone"),
    "round": gettext_lazy("round"), "indicator": gettext_lazy("indicator"), "wave": gettext_lazy("wave"),
    "period": gettext_lazy("month observed"), "value": gettext_lazy("value"), "source": gettext_lazy("source of the figure"),
    "document": gettext_lazy("supporting document"), "note": gettext_lazy("note"),
}
OBSERVATION_FIELDS = frozenset({"round", "indicator", "wave", "period", "value", "source", "document", "note"})
GROUPS = (  # the wizard's option groups: (label, field prefix or test)
    (gettext_lazy("Entrepreneur"), lambda f: "." not in f and not f.startswith(("avg:", "mon:")) and "tourist" not in f
     and f not in OBSERVATION_FIELDS),
    (gettext_lazy("Outcome observation"), lambda f: f in OBSERVATION_FIELDS),
    (gettext_lazy("Product"), lambda f: f.startswith("product.")),
    (gettext_lazy("Owner or contact"), lambda f: f.startswith("person.")),
    (gettext_lazy("Monthly sales"), lambda f: f.startswith(("avg:", "mon:")) or "tourist" in f),
)


def label(field: str) -> str:
    if field.startswith("avg:"):
        return _("average monthly sales in %(year)s") % {"year": int(field[4:]) + 543}
    if field.startswith("mon:"):
        return _("sales in %(month)s/%(year)s") % {"month": int(field[9:11]), "year": int(field[4:8]) + 543}
    return str(LABELS.get(field, field))


def column_label(column: str, headers: list[str]) -> str:
    """A report's column: the sheet's header, or the field's name when no column of the sheet holds it
    (a value set for the whole file, or a field the sheet lacks)."""
    return column if column in headers else label(column)
