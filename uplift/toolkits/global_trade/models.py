"""Activity 1 records: a listing per registry product (with its photos and each target's check result),
dated channel events, saved export price quotes, online and export sales by month, and the national
(8-digit) tariff codes officers add on top of HS 2022.

A listing holds nothing personal (see core/listing.py): it may be shown on the public product page
and sent in feeds. Photos are stored under `toolkits/global_trade/`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def _money(verbose_name, **extra):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, validators=NOT_NEGATIVE, **extra)


def _measure(verbose_name):
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, null=True, blank=True,
                               validators=NOT_NEGATIVE)


class Stamped(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Listing(Stamped):
    class Condition(models.TextChoices):
        NEW = "new", _("new")
        REFURBISHED = "refurbished", _("refurbished")
        USED = "used", _("used")

    class Availability(models.TextChoices):
        IN_STOCK = "in_stock", _("in stock")
        OUT_OF_STOCK = "out_of_stock", _("out of stock")
        PREORDER = "preorder", _("pre-order")
        BACKORDER = "backorder", _("back-order")

    product = models.OneToOneField("registry.Product", on_delete=models.CASCADE, related_name="global_listing")
    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.PROTECT, related_name="global_listings")
    sku = models.CharField(_("SKU"), max_length=64, blank=True)
    title_th = models.CharField(_("Thai title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    description_th = models.TextField(_("Thai description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    brand = models.CharField(_("brand"), max_length=120, blank=True)
    gtin = models.CharField(_("GTIN (barcode number)"), max_length=20, blank=True)
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices, default=Condition.NEW)
    availability = models.CharField(_("availability"), max_length=12, choices=Availability.choices,
                                    default=Availability.IN_STOCK)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True,
                                validators=NOT_NEGATIVE)
    currency = models.CharField(_("currency"), max_length=3, default="THB")
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    net_weight_g = _measure(_("net weight of the product (g)"))
    package_weight_g = _measure(_("weight with packaging (g)"))
    package_length_cm = _measure(_("package length (cm)"))
    package_width_cm = _measure(_("package width (cm)"))
    package_height_cm = _measure(_("package height (cm)"))
    materials = models.JSONField(_("materials"), default=list, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=8, blank=True)
    category_path = models.JSONField(_("marketplace category"), default=list, blank=True)
    variations = models.JSONField(_("variations"), default=list, blank=True)
    link = models.URLField(_("own product page"), max_length=500, blank=True)
    published = models.BooleanField(_("shown on the public product page"), default=False)

    class Meta:
        ordering = ["product__entrepreneur", "product_id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0),
                                              name="global_listing_price_not_negative")]

    def __str__(self) -> str:
        return self.title_th

    @property
    def feed_id(self) -> str:
        """The id feeds carry: stable for the product (≤ 50 characters)."""
        return f"OTOP-{self.product_id}"


class ListingImage(Stamped):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("photo"), upload_to="toolkits/global_trade/images/%Y/%m/")
    position = models.PositiveSmallIntegerField(default=0)
    format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    border_white_share = models.FloatField()
    fill_longest_share = models.FloatField()

    class Meta:
        ordering = ["listing", "position", "id"]
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")


class ListingCheck(Stamped):
    """The last check of a listing against one target's rules (data/targets/<target>.json)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="checks")
    target = models.CharField(max_length=40)
    target_version = models.CharField(max_length=20)
    passed = models.BooleanField()
    errors = models.PositiveSmallIntegerField(default=0)
    warnings = models.PositiveSmallIntegerField(default=0)
    issues = models.JSONField(default=list)

    class Meta:
        ordering = ["listing", "target"]
        verbose_name = _("listing check")
        verbose_name_plural = _("listing checks")
        constraints = [models.UniqueConstraint(fields=["listing", "target"], name="global_check_once_per_target")]


class ListingEvent(Stamped):
    class Kind(models.TextChoices):
        LIVE = "live", _("listing live")
        FIRST_ONLINE_ORDER = "first_online_order", _("first online order")
        FIRST_EXPORT_ORDER = "first_export_order", _("first export order")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=80)
    on = models.DateField(_("date"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("listing event")
        verbose_name_plural = _("listing events")
        constraints = [models.UniqueConstraint(fields=["listing", "kind", "channel"], name="global_event_once")]


class PriceQuote(Stamped):
    """An export price build-up as computed and saved (inputs per unit in baht; `result` from the core)."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.PROTECT, related_name="global_quotes")
    product = models.ForeignKey("registry.Product", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("product"))
    title = models.CharField(_("what is quoted"), max_length=200)
    destination_place = models.CharField(_("destination (named place or country)"), max_length=120, blank=True)
    quote_date = models.DateField(_("quote date"))
    exw = _money(_("ex-works cost per unit"))
    margin = models.DecimalField(_("markup on the ex-works cost"), max_digits=6, decimal_places=4, default=0,
                                 validators=NOT_NEGATIVE)
    packing = _money(_("export packing per unit"), null=True, blank=True)
    inland = _money(_("inland freight per unit"), null=True, blank=True)
    clearance = _money(_("export clearance per unit"), null=True, blank=True)
    handling = _money(_("origin handling and loading per unit"), null=True, blank=True)
    freight = _money(_("main freight per unit"), null=True, blank=True)
    insurance_rate = models.DecimalField(_("insurance rate"), max_digits=7, decimal_places=5, null=True, blank=True,
                                         validators=NOT_NEGATIVE)
    destination = _money(_("destination costs per unit"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    currency = models.CharField(_("quote currency"), max_length=3, default="THB")
    rate_thb_per_unit = models.DecimalField(_("baht per unit of the currency"), max_digits=14, decimal_places=6,
                                            null=True, blank=True)
    rate_on = models.DateField(_("rate date"), null=True, blank=True)
    incoterms_version = models.CharField(max_length=20)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-quote_date", "-id"]
        verbose_name = _("export price quote")
        verbose_name_plural = _("export price quotes")


class ChannelSales(Stamped):
    """Online and export sales of one month, as the toolkit recorded them; a wave month also writes
    the outcomes observations (online_sales, export_sales, and sales when the total is known)."""

    class Source(models.TextChoices):
        SELF_REPORTED = "self", _("self-reported")
        VERIFIED = "verified", _("consultant-verified")
        DOCUMENT = "document", _("document attached")

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.PROTECT, related_name="global_sales")
    month = models.DateField(_("month"))
    online = _money(_("online sales (baht)"), default=0)
    export = _money(_("export sales (baht)"), default=0)
    total = _money(_("total sales of all channels (baht)"), null=True, blank=True)
    online_orders = models.PositiveIntegerField(_("online orders"), null=True, blank=True)
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("listing that sold"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    document = models.CharField(_("document reference"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    wave = models.CharField(_("reported as wave"), max_length=8, blank=True)

    class Meta:
        ordering = ["enrolment", "month"]
        verbose_name = _("online and export sales")
        verbose_name_plural = _("online and export sales")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="global_sales_once_per_month"),
            models.CheckConstraint(condition=Q(online__gte=0, export__gte=0), name="global_sales_not_negative"),
        ]

    @property
    def wave_label(self) -> str:
        from uplift.outcomes.models import Wave

        return str(Wave(self.wave).label) if self.wave in Wave.values else ""


class NationalCode(Stamped):
    """An 8-digit national tariff code (AHTN) on an HS 2022 subheading, added by an officer."""

    code = models.CharField(_("national code (8 digits)"), max_length=8, unique=True)
    hs6 = models.CharField(max_length=6)
    description_th = models.CharField(_("Thai description"), max_length=300)
    description_en = models.CharField(_("English description"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("national tariff code")
        verbose_name_plural = _("national tariff codes")

    def __str__(self) -> str:
        return self.code
