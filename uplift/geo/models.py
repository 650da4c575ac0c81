"""Thai administrative areas (DOPA codes, from geothai) and DIPROM's regional centres.

Area codes are the primary keys: a subdistrict code's first two digits are its province's
code and its first four its district's, so a code alone places an address.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalCentre(models.Model):
    number = models.PositiveSmallIntegerField(_("centre number"), unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    seat = models.ForeignKey(
        "geo.Province", verbose_name=_("seat province"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("regional industrial promotion centre")
        verbose_name_plural = _("regional industrial promotion centres")

    def __str__(self) -> str:
        return self.name_th


class Province(models.Model):
    code = models.CharField(_("DOPA code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    centre = models.ForeignKey(
        RegionalCentre, verbose_name=_("regional centre"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="provinces",
    )

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    code = models.CharField(_("DOPA code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(models.Model):
    code = models.CharField(_("DOPA code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="subdistricts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    postal_codes = models.CharField(_("postal codes"), max_length=64, help_text=_("comma-separated"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self) -> str:
        return self.name_th

    @property
    def postal_code_list(self) -> list[str]:
        return self.postal_codes.split(",") if self.postal_codes else []
