"""Activity 7 records: a product's carbon footprint (its inventory, the factor table version and date it
was computed with, reduction scenarios), the claims that send reductions to outcomes, and the local
biodiversity register with the value products add with each resource. `core/` computes every figure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from uplift.outcomes.models import Observation, Wave
from uplift.toolkits.sustainable.core.reference import biodiversity_fields, categories

CATEGORY_CHOICES = [(code, row["name_th"]) for code, row in categories().items()]
KIND_CHOICES = [(row["code"], row["name_th"]) for row in biodiversity_fields()["kinds"]]


class Tracked(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ProductFootprint(Tracked):
    """A product's footprint per functional unit; the last computation is kept with the factor table
    version, the date its factors were valid on and each factor's own version."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="carbon_footprints")
    product = models.ForeignKey("registry.Product", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("sustainable", "name"), max_length=120, help_text=pgettext_lazy("sustainable", "e.g. the year or batch it describes"))
    functional_unit = models.CharField(pgettext_lazy("sustainable", "functional unit"), max_length=120)
    functional_units = models.FloatField(pgettext_lazy("sustainable", "functional units the inventory covers"), default=1)
    units_per_month = models.FloatField(pgettext_lazy("sustainable", "functional units made per month"), null=True, blank=True)
    reference_date = models.DateField(pgettext_lazy("sustainable", "factors valid on"))
    table_version = models.CharField(pgettext_lazy("sustainable", "factor table version"), max_length=20)
    include_upstream = models.BooleanField(pgettext_lazy("sustainable", "add the upstream part of factors"), default=False)
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="later",
                             verbose_name=pgettext_lazy("sustainable", "base-year footprint"))
    benchmark_kgco2e = models.FloatField(pgettext_lazy("sustainable", "category benchmark (kgCO2e per unit)"), null=True, blank=True)
    total_kgco2e = models.FloatField(pgettext_lazy("sustainable", "total (kgCO2e per unit)"), null=True, blank=True)
    biogenic_kgco2 = models.FloatField(pgettext_lazy("sustainable", "biogenic CO2 (kg per unit)"), null=True, blank=True)
    upstream_kgco2e = models.FloatField(pgettext_lazy("sustainable", "upstream part (kgCO2e per unit)"), null=True, blank=True)
    result = models.JSONField(pgettext_lazy("sustainable", "computation"), default=dict, blank=True)
    interval = models.JSONField(pgettext_lazy("sustainable", "uncertainty interval"), default=dict, blank=True)
    computed_at = models.DateTimeField(pgettext_lazy("sustainable", "computed at"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "product", "-reference_date", "-id"]
        verbose_name = pgettext_lazy("sustainable", "product carbon footprint")
        verbose_name_plural = pgettext_lazy("sustainable", "product carbon footprints")
        constraints = [models.CheckConstraint(condition=Q(functional_units__gt=0), name="sustainable_fu_positive")]

    def __str__(self) -> str:
        return f"{self.product} · {self.name}"


class InventoryItem(models.Model):
    footprint = models.ForeignKey(ProductFootprint, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(pgettext_lazy("sustainable", "item"), max_length=120)
    category = models.CharField(pgettext_lazy("sustainable", "category"), max_length=20, choices=CATEGORY_CHOICES)
    quantity = models.FloatField(pgettext_lazy("sustainable", "quantity"))
    unit = models.CharField(pgettext_lazy("sustainable", "unit"), max_length=20)
    factor = models.CharField(pgettext_lazy("sustainable", "emission factor"), max_length=40)
    quantity_low = models.FloatField(pgettext_lazy("sustainable", "lowest likely quantity"), null=True, blank=True)
    quantity_high = models.FloatField(pgettext_lazy("sustainable", "highest likely quantity"), null=True, blank=True)
    note = models.CharField(pgettext_lazy("sustainable", "note"), max_length=200, blank=True)

    class Meta:
        ordering = ["footprint", "id"]
        verbose_name = pgettext_lazy("sustainable", "inventory item")
        verbose_name_plural = pgettext_lazy("sustainable", "inventory items")
        constraints = [models.UniqueConstraint(fields=["footprint", "name"], name="sustainable_item_once")]


class Scenario(Tracked):
    """A reduction scenario: changes to some items and the footprint they would give."""

    footprint = models.ForeignKey(ProductFootprint, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(pgettext_lazy("sustainable", "scenario"), max_length=120)
    changes = models.JSONField(pgettext_lazy("sustainable", "changes"), default=list)
    result = models.JSONField(pgettext_lazy("sustainable", "result"), default=dict)

    class Meta:
        ordering = ["footprint", "-created_at", "-id"]
        verbose_name = pgettext_lazy("sustainable", "reduction scenario")
        verbose_name_plural = pgettext_lazy("sustainable", "reduction scenarios")


class CarbonClaim(Tracked):
    """Reductions sent to outcomes as `co2e_reduced` of one wave; each observation's origin is this claim."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="carbon_claims")
    wave = models.CharField(pgettext_lazy("sustainable", "wave"), max_length=8, choices=Wave.choices)
    source = models.CharField(pgettext_lazy("sustainable", "source"), max_length=10, choices=Observation.Source.choices,
                              default=Observation.Source.VERIFIED)
    footprints = models.ManyToManyField(ProductFootprint, related_name="claims")
    kgco2e_per_month = models.FloatField(pgettext_lazy("sustainable", "kgCO2e reduced per month"))
    detail = models.JSONField(pgettext_lazy("sustainable", "detail"), default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("sustainable", "carbon reduction claim")
        verbose_name_plural = pgettext_lazy("sustainable", "carbon reduction claims")

    @property
    def origin(self) -> str:
        return f"sustainable.CarbonClaim:{self.pk}"


def consent_upload_to(instance, filename: str) -> str:
    return f"toolkits/sustainable/biodiversity/{instance.enrolment_id}/{filename}"


class BiodiversityRecord(Tracked):
    """A species or local ingredient the entrepreneur uses: origin, community, traditional knowledge,
    prior informed consent (PIC), mutually agreed terms (MAT) and benefit sharing (Nagoya Protocol)."""

    enrolment = models.ForeignKey("programme.Enrolment", on_delete=models.CASCADE, related_name="biodiversity")
    kind = models.CharField(pgettext_lazy("sustainable", "kind"), max_length=20, choices=KIND_CHOICES)
    name_th = models.CharField(pgettext_lazy("sustainable", "Thai (local) name"), max_length=200)
    name_en = models.CharField(pgettext_lazy("sustainable", "English name"), max_length=200, blank=True)
    scientific_name = models.CharField(pgettext_lazy("sustainable", "scientific name"), max_length=200, blank=True)
    origin_place = models.CharField(pgettext_lazy("sustainable", "where it comes from"), max_length=255)
    origin_subdistrict = models.ForeignKey("geo.Subdistrict", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=pgettext_lazy("sustainable", "subdistrict"))
    community = models.CharField(pgettext_lazy("sustainable", "community it comes from"), max_length=200)
    traditional_knowledge_involved = models.BooleanField(pgettext_lazy("sustainable", "traditional knowledge involved"), default=False)
    traditional_knowledge = models.TextField(pgettext_lazy("sustainable", "traditional knowledge used"), blank=True)
    pic_date = models.DateField(pgettext_lazy("sustainable", "PIC date"), null=True, blank=True)
    pic_provider = models.CharField(pgettext_lazy("sustainable", "PIC given by"), max_length=200, blank=True)
    pic_recipient = models.CharField(pgettext_lazy("sustainable", "PIC given to"), max_length=200, blank=True)
    pic_document = models.CharField(pgettext_lazy("sustainable", "PIC document"), max_length=200, blank=True)
    mat_date = models.DateField(pgettext_lazy("sustainable", "MAT date"), null=True, blank=True)
    mat_parties = models.JSONField(pgettext_lazy("sustainable", "MAT parties"), default=list, blank=True)
    mat_terms = models.TextField(pgettext_lazy("sustainable", "MAT terms"), blank=True)
    mat_document = models.CharField(pgettext_lazy("sustainable", "MAT document"), max_length=200, blank=True)
    benefit_share_percent = models.FloatField(pgettext_lazy("sustainable", "benefit share (%)"), null=True, blank=True)
    benefit_beneficiaries = models.JSONField(pgettext_lazy("sustainable", "beneficiaries"), default=list, blank=True)
    benefit_terms = models.TextField(pgettext_lazy("sustainable", "benefit-sharing terms"), blank=True)
    protections = models.JSONField(pgettext_lazy("sustainable", "legal protections"), default=list, blank=True)
    consent_file = models.FileField(pgettext_lazy("sustainable", "signed consent or agreement"), upload_to=consent_upload_to, blank=True)

    class Meta:
        ordering = ["enrolment", "name_th", "id"]
        verbose_name = pgettext_lazy("sustainable", "biodiversity record")
        verbose_name_plural = pgettext_lazy("sustainable", "biodiversity records")

    def __str__(self) -> str:
        return self.name_th


class BiodiversityUse(models.Model):
    """A product made with the resource and the value it adds a year."""

    record = models.ForeignKey(BiodiversityRecord, on_delete=models.CASCADE, related_name="uses")
    product = models.ForeignKey("registry.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(pgettext_lazy("sustainable", "product"), max_length=200)
    value_added_baht_per_year = models.DecimalField(pgettext_lazy("sustainable", "value added (baht per year)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["record", "id"]
        verbose_name = pgettext_lazy("sustainable", "product using the resource")
        verbose_name_plural = pgettext_lazy("sustainable", "products using the resource")
