from django.contrib import admin

from uplift.audit.admin_mixins import AuditedModelAdmin

from uplift.registry.models import Entrepreneur, MonthlySales, Person, Product, ProductStandard, Standard


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    show_change_link = True


class ProductStandardInline(admin.TabularInline):
    model = ProductStandard
    extra = 0


@admin.register(Entrepreneur)
class EntrepreneurAdmin(AuditedModelAdmin):
    list_display = ["name_th", "kind", "province", "id_type", "id_number", "phone"]
    list_filter = ["kind", "province__centre"]
    search_fields = ["name_th", "name_en", "id_number", "phone"]
    raw_id_fields = ["subdistrict"]
    list_select_related = ["province"]
    inlines = [PersonInline, ProductInline]

    def save_model(self, request, obj, form, change):
        obj.refresh_derived()
        super().save_model(request, obj, form, change)


@admin.register(Product)
class ProductAdmin(AuditedModelAdmin):
    list_display = ["name_th", "category", "star_rating", "entrepreneur"]
    list_filter = ["category", "star_rating"]
    search_fields = ["name_th", "name_en"]
    raw_id_fields = ["entrepreneur"]
    inlines = [ProductStandardInline]


@admin.register(Standard)
class StandardAdmin(AuditedModelAdmin):
    list_display = ["code", "name_th", "name_en", "issuer"]


@admin.register(MonthlySales)
class MonthlySalesAdmin(AuditedModelAdmin):
    list_display = ["entrepreneur", "month", "shop", "fair", "wholesale", "online", "export", "is_average"]
    raw_id_fields = ["entrepreneur"]
    date_hierarchy = "month"
