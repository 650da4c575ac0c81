"""The OTOP registry: entrepreneurs, their people and products, standards held, monthly sales."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from uplift.registry import identifiers

DUPLICATE_IDENTIFIER = "duplicate_identifier"
DUPLICATE_IDENTIFIER_MESSAGE = _("This identifier number is already registered; ask the regional centre.")


class Entrepreneur(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_GROUP = "community_group", _("community group")
        INDIVIDUAL = "individual", _("individual producer")
        SME = "sme", _("SME")
        COMMUNITY_ENTERPRISE = "community_enterprise", _("community enterprise")

    class IdType(models.TextChoices):
        CITIZEN = "citizen", _("citizen ID")
        JURISTIC = "juristic", _("juristic person ID")
        NONE = "none", _("none (unregistered group)")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    id_type = models.CharField(_("identifier type"), max_length=10, choices=IdType.choices, default=IdType.NONE)
    id_number = models.CharField(_("identifier number"), max_length=13, blank=True)
    otop_year = models.PositiveSmallIntegerField(
        _("OTOP registration year (CE)"), null=True, blank=True,
        validators=[MinValueValidator(2001), MaxValueValidator(2100)],
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    address_line = models.CharField(_("address (house no., moo, road)"), max_length=255, blank=True)
    subdistrict = models.ForeignKey(
        "geo.Subdistrict", verbose_name=_("subdistrict"), on_delete=models.PROTECT, related_name="entrepreneurs",
        db_index=False,
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="entrepreneurs",
        editable=False, db_index=False, db_constraint=False,
        help_text="The subdistrict code's first two digits, kept as a column for scoping. The database checks "
                  "that it is that prefix (entrepreneur_province_of_subdistrict) rather than by a second foreign "
                  "key: the subdistrict's key already proves the area exists, and a national import would pay "
                  "for every row's extra key lookup.",
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_th", "id"]
        verbose_name = _("entrepreneur")
        verbose_name_plural = _("entrepreneurs")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="entrepreneur_unique_identifier"
            ),
            models.CheckConstraint(
                condition=Q(id_type="none", id_number="") | ~Q(id_type="none"), name="entrepreneur_none_has_no_number"
            ),
            models.CheckConstraint(
                condition=Q(province=Left("subdistrict", 2)), name="entrepreneur_province_of_subdistrict"
            ),
        ]
        # (province, name, id) serves scoping, the province filter and the name order, and answers a region's
        # list page and its count from the index alone; no query looks up by subdistrict alone (the import's
        # duplicate check names the province too), and each index is paid for on every write of a national import.
        indexes = [models.Index(fields=["province", "name_th", "id"], name="registry_en_prov_name_id")]

    def __str__(self) -> str:
        return self.name_th

    def validate_constraints(self, exclude=None):
        """The unique-identifier constraint is checked in clean(), where the error can name its field."""
        super().validate_constraints(exclude={*(exclude or ()), "id_number"})

    def refresh_derived(self) -> None:
        """Province from the subdistrict code's first two digits; the word-cut search text."""
        from uplift.registry.search import search_text_for

        self.province_id = self.subdistrict_id[:2] if self.subdistrict_id else None
        self.search_text = search_text_for(
            name_th=self.name_th, name_en=self.name_en, id_number=self.id_number, phone=self.phone
        )

    def clean(self) -> None:
        """A duplicate identifier is reported without naming its holder: the holder may lie outside the
        scope of whoever is writing (the registry's actions name it when the actor may see it)."""
        errors: dict[str, str | ValidationError] = {}
        if self.id_type != self.IdType.NONE or self.id_number:
            message = identifiers.identifier_error(self.id_type, self.id_number)
            if message:
                errors["id_number"] = message
            elif Entrepreneur.objects.filter(id_number=self.id_number).exclude(pk=self.pk).exists():
                errors["id_number"] = ValidationError(DUPLICATE_IDENTIFIER_MESSAGE, code=DUPLICATE_IDENTIFIER)
        if self.subdistrict_id and self.postal_code:
            from uplift.geo.models import Subdistrict

            sub = Subdistrict.objects.filter(code=self.subdistrict_id).first()
            if sub is not None and self.postal_code not in sub.postal_code_list:
                errors["postal_code"] = _("Postal code %(code)s is not used in %(sub)s (it uses %(valid)s).") % {
                    "code": self.postal_code, "sub": sub.name_th, "valid": ", ".join(sub.postal_code_list),
                }
        if errors:
            raise ValidationError(errors)


class Person(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        SUCCESSOR = "successor", _("successor")
        OTHER = "other", _("other")

    entrepreneur = models.ForeignKey(Entrepreneur, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    role_note = models.CharField(_("role detail"), max_length=100, blank=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year (CE)"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["entrepreneur", "role", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        if self.role == self.Role.SUCCESSOR and not self.birth_year:
            raise ValidationError({"birth_year": _("A successor needs a birth year.")})


class Product(models.Model):
    class Category(models.TextChoices):
        FOOD = "food", _("food")
        BEVERAGE = "beverage", _("beverages")
        TEXTILE = "textile", _("textiles and clothing")
        HOUSEHOLD = "household", _("household items, decoration and souvenirs")
        HERBAL = "herbal", _("non-food herbal products")

    entrepreneur = models.ForeignKey(Entrepreneur, on_delete=models.CASCADE, related_name="products")
    name_th = models.CharField(_("Thai name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    star_rating = models.PositiveSmallIntegerField(
        _("OPC stars"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1–5, or empty when unrated"),
    )
    star_year = models.PositiveSmallIntegerField(
        _("star rating year (CE)"), null=True, blank=True, validators=[MinValueValidator(2001), MaxValueValidator(2100)]
    )
    unit = models.CharField(_("unit"), max_length=40)
    price = models.DecimalField(
        _("price (baht)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["entrepreneur", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="product_star_rating_1_to_5",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]
        indexes = [models.Index(fields=["category"]), models.Index(fields=["star_rating"])]

    def __str__(self) -> str:
        return self.name_th

    def clean(self) -> None:
        if self.star_rating and not self.star_year:
            raise ValidationError({"star_year": _("Give the year the stars were awarded.")})
        if self.star_year and not self.star_rating:
            raise ValidationError({"star_rating": _("A star year without a rating: give the rating or clear the year.")})


class Standard(models.Model):
    """Reference catalogue of standards, loaded from data/standards.csv (sources cited there)."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    number_pattern = models.CharField(_("number pattern (regular expression)"), max_length=200, blank=True)
    number_example = models.CharField(_("number example"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.name_th


class ProductStandard(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="standards")
    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.PROTECT)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["product", "standard"]
        verbose_name = _("standard held")
        verbose_name_plural = _("standards held")

    def __str__(self) -> str:
        return f"{self.standard_id} {self.number}"

    def clean(self) -> None:
        import re

        errors = {}
        if self.standard_id and self.number:
            pattern = Standard.objects.filter(code=self.standard_id).values_list("number_pattern", flat=True).first()
            if pattern and not re.fullmatch(pattern, self.number):
                errors["number"] = _("%(number)s is not a valid %(std)s number.") % {
                    "number": self.number, "std": self.standard_id,
                }
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = _("The expiry date must be after the issue date.")
        if errors:
            raise ValidationError(errors)


class MonthlySales(models.Model):
    """One entrepreneur's sales in one month, by channel, in baht.

    `is_average` marks figures that are a yearly average spread over months (old surveys
    report "average monthly sales in 2562"), so analyses can tell them from real months.
    """

    CHANNELS = ("shop", "fair", "wholesale", "online", "export")

    entrepreneur = models.ForeignKey(Entrepreneur, on_delete=models.CASCADE, related_name="sales")
    month = models.DateField(_("month"), help_text=_("first day of the month"))
    shop = models.DecimalField(_("shop or tourist site"), max_digits=14, decimal_places=2, default=0,
                               validators=[MinValueValidator(Decimal("0"))])
    fair = models.DecimalField(_("fairs"), max_digits=14, decimal_places=2, default=0,
                               validators=[MinValueValidator(Decimal("0"))])
    wholesale = models.DecimalField(_("wholesale"), max_digits=14, decimal_places=2, default=0,
                                    validators=[MinValueValidator(Decimal("0"))])
    online = models.DecimalField(_("online"), max_digits=14, decimal_places=2, default=0,
                                 validators=[MinValueValidator(Decimal("0"))])
    export = models.DecimalField(_("export"), max_digits=14, decimal_places=2, default=0,
                                 validators=[MinValueValidator(Decimal("0"))])
    thai_tourist_share = models.DecimalField(
        _("share bought by Thai tourists"), max_digits=4, decimal_places=3, default=0,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    foreign_tourist_share = models.DecimalField(
        _("share bought by foreign tourists"), max_digits=4, decimal_places=3, default=0,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    is_average = models.BooleanField(_("yearly average"), default=False)

    class Meta:
        ordering = ["entrepreneur", "month"]
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        constraints = [
            models.UniqueConstraint(fields=["entrepreneur", "month"], name="sales_one_row_per_month"),
            models.CheckConstraint(
                condition=Q(shop__gte=0, fair__gte=0, wholesale__gte=0, online__gte=0, export__gte=0),
                name="sales_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(thai_tourist_share__gte=0, foreign_tourist_share__gte=0)
                & Q(thai_tourist_share__lte=1, foreign_tourist_share__lte=1),
                name="sales_shares_in_range",
            ),
        ]

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, c) for c in self.CHANNELS), Decimal("0"))

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the first day of the month.")})
        t, f = self.thai_tourist_share or 0, self.foreign_tourist_share or 0
        if t + f > 1:
            raise ValidationError({"foreign_tourist_share": _("Thai and foreign tourist shares add up to more than 1.")})
