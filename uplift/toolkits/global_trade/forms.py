"""Forms only shape input; the toolkit's actions decide what is valid and name each problem by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChannelSales, Listing, ListingEvent

NUMBER = {"inputmode": "decimal"}


def _decimal(label, **extra):
    return forms.DecimalField(label=label, required=False, min_value=0, widget=forms.TextInput(attrs=NUMBER), **extra)


class ListingForm(forms.Form):
    title_th = forms.CharField(label=_("Thai title"), max_length=300)
    title_en = forms.CharField(label=_("English title"), max_length=300, required=False)
    description_th = forms.CharField(label=_("Thai description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    description_en = forms.CharField(label=_("English description"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    brand = forms.CharField(label=_("Brand"), max_length=120, required=False)
    sku = forms.CharField(label=_("SKU (the shop's own product code)"), max_length=64, required=False)
    gtin = forms.CharField(label=_("GTIN (barcode number)"), max_length=20, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    condition = forms.ChoiceField(label=_("Condition"), choices=Listing.Condition.choices)
    availability = forms.ChoiceField(label=_("Availability"), choices=Listing.Availability.choices)
    price = _decimal(_("Price"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="THB")
    stock = forms.IntegerField(label=_("Stock"), required=False, min_value=0,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    net_weight_g = _decimal(_("Net weight of the product (g)"))
    package_weight_g = _decimal(_("Weight with packaging (g)"))
    package_length_cm = _decimal(_("Package length (cm)"))
    package_width_cm = _decimal(_("Package width (cm)"))
    package_height_cm = _decimal(_("Package height (cm)"))
    materials = forms.CharField(label=_("Materials (separate with commas)"), max_length=300, required=False)
    hs_code = forms.CharField(label=_("HS code (6 or 8 digits)"), max_length=12, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    category_path = forms.CharField(label=_("Marketplace category, top level first (separate with >)"),
                                    max_length=300, required=False)
    variations = forms.CharField(label=_("Variations (separate with commas)"), max_length=500, required=False)
    link = forms.URLField(label=_("The shop's own product page (optional)"), max_length=500, required=False,
                          assume_scheme="https")
    published = forms.BooleanField(label=_("Show on the public product page"), required=False)

    GROUPS = (
        (_("Titles and descriptions"), ("title_th", "title_en", "description_th", "description_en", "brand", "sku")),
        (_("Identifiers"), ("gtin", "hs_code", "condition")),
        (_("Price and availability"), ("price", "currency", "stock", "availability")),
        (_("Weight and size with packaging"), ("net_weight_g", "package_weight_g", "package_length_cm",
                                                 "package_width_cm", "package_height_cm")),
        (_("Materials, category and variations"), ("materials", "category_path", "variations")),
        (_("Where buyers see it"), ("link", "published")),
    )
    WIDE = ("title_th", "title_en", "description_th", "description_en", "category_path", "link", "published")

    @staticmethod
    def initial_from(listing: Listing) -> dict:
        initial = {name: getattr(listing, name) for name in ListingForm.base_fields if hasattr(listing, name)}
        initial["materials"] = ", ".join(listing.materials)
        initial["category_path"] = " > ".join(listing.category_path)
        initial["variations"] = ", ".join(listing.variations)
        return initial


class ImageForm(forms.Form):
    file = forms.FileField(label=_("Product photo"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=ListingEvent.Kind.choices)
    channel = forms.CharField(label=_("Channel"), max_length=80)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    url = forms.URLField(label=_("Link (optional)"), max_length=500, required=False, assume_scheme="https")
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class QuoteForm(forms.Form):
    title = forms.CharField(label=_("What is quoted"), max_length=200)
    product = forms.TypedChoiceField(label=_("Product"), coerce=int, required=False, empty_value=None)
    destination_place = forms.CharField(label=_("Destination (named place or country)"), max_length=120,
                                        required=False)
    quote_date = forms.DateField(label=_("Quote date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    quantity = forms.IntegerField(label=_("Quantity (units)"), min_value=1, initial=1,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    exw = forms.DecimalField(label=_("Ex-works cost per unit (baht)"), min_value=0,
                             widget=forms.TextInput(attrs=NUMBER))
    margin = _decimal(_("Markup on the ex-works cost (0.2 = 20%)"))
    packing = _decimal(_("Export packing per unit (baht)"))
    inland = _decimal(_("Inland freight per unit (baht)"))
    clearance = _decimal(_("Export clearance per unit (baht)"))
    handling = _decimal(_("Origin handling and loading per unit (baht)"))
    freight = _decimal(_("Main freight per unit (baht)"))
    insurance_rate = _decimal(_("Insurance rate (0.004 = 0.4%)"))
    destination = _decimal(_("Destination costs per unit for DAP (baht)"))
    currency = forms.CharField(label=_("Quote currency"), max_length=3, initial="THB")
    rate_thb_per_unit = _decimal(_("Baht per unit of the currency"))
    rate_on = forms.DateField(label=_("Date of the exchange rate"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "—"), *[(p.pk, p.name_th) for p in products]]


class ChannelSalesForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    online = forms.DecimalField(label=_("Online sales (baht)"), min_value=0, widget=forms.TextInput(attrs=NUMBER))
    export = forms.DecimalField(label=_("Export sales (baht)"), min_value=0, initial=0,
                                widget=forms.TextInput(attrs=NUMBER))
    total = _decimal(_("Total sales of all channels (baht, if known)"))
    online_orders = forms.IntegerField(label=_("Online orders"), required=False, min_value=0,
                                       widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    listing = forms.TypedChoiceField(label=_("Listing that sold"), coerce=int, required=False, empty_value=None)
    source = forms.ChoiceField(label=_("Source of the figures"), choices=ChannelSales.Source.choices)
    document = forms.CharField(label=_("Document reference"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, listings=(), can_verify: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].choices = [("", "—"), *[(l.pk, l.title_th) for l in listings]]
        if not can_verify:
            self.fields["source"].choices = [c for c in ChannelSales.Source.choices
                                             if c[0] != ChannelSales.Source.VERIFIED]


class HsSearchForm(forms.Form):
    q = forms.CharField(label=_("Product in Thai or English, or a code"), max_length=200, required=False)


class NationalCodeForm(forms.Form):
    code = forms.CharField(label=_("National code (8 digits)"), max_length=12,
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    description_th = forms.CharField(label=_("Thai description"), max_length=300)
    description_en = forms.CharField(label=_("English description"), max_length=300, required=False)
    source = forms.CharField(label=_("Source"), max_length=200)
