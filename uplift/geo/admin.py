from django.contrib import admin

from uplift.audit.admin_mixins import AuditedModelAdmin

from uplift.geo.models import District, Province, RegionalCentre, Subdistrict


class ProvinceInline(admin.TabularInline):
    model = Province
    fields = ["code", "name_th", "name_en"]
    readonly_fields = ["code", "name_th", "name_en"]
    extra = 0
    can_delete = False


@admin.register(RegionalCentre)
class RegionalCentreAdmin(AuditedModelAdmin):
    list_display = ["number", "name_th", "seat"]
    inlines = [ProvinceInline]


@admin.register(Province)
class ProvinceAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "centre"]
    list_editable = ["centre"]
    list_filter = ["centre"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Subdistrict)
class SubdistrictAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postal_codes"]
    search_fields = ["code", "name_th", "name_en", "postal_codes"]
    list_select_related = ["district"]
