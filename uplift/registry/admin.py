from django.contrib import admin

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
class EntrepreneurAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "province", "id_type", "id_number", "phone"]
    list_filter = ["kind", "province__centre"]
    search_fields = ["name_th", "name_en", "id_number", "phone"]
    raw_id_fields = ["subdistrict"]
    list_select_related = ["province"]
    inlines = [PersonInline, ProductInline]

    def save_model(self, request, obj, form, change):
        from uplift.registry.search import search_text_for

        obj.province_id = obj.subdistrict_id[:2]
        obj.search_text = search_text_for(name_th=obj.name_th, name_en=obj.name_en, id_number=obj.id_number, phone=obj.phone)
        super().save_model(request, obj, form, change)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name_th", "category", "star_rating", "entrepreneur"]
    list_filter = ["category", "star_rating"]
    search_fields = ["name_th", "name_en"]
    raw_id_fields = ["entrepreneur"]
    inlines = [ProductStandardInline]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "issuer"]


@admin.register(MonthlySales)
class MonthlySalesAdmin(admin.ModelAdmin):
    list_display = ["entrepreneur", "month", "shop", "fair", "wholesale", "online", "export", "is_average"]
    raw_id_fields = ["entrepreneur"]
    date_hierarchy = "month"
