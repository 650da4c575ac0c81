"""Writes to the registry: check everything, then write and audit in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from uplift.access.scoping import can_edit_registry, entrepreneur_filter, role_of
from uplift.access.models import Role
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.registry.models import Entrepreneur, Product, ProductStandard
from uplift.registry.search import digits

ENTREPRENEUR_FIELDS = (
    "kind", "name_th", "name_en", "id_type", "id_number", "otop_year", "members", "employees",
    "address_line", "subdistrict", "postal_code", "phone", "line_id", "email",
)
PRODUCT_FIELDS = ("name_th", "name_en", "category", "star_rating", "star_year", "unit", "price")
STANDARD_FIELDS = ("standard", "number", "issued_on", "expires_on")


def _check_can_edit(actor) -> None:
    if not can_edit_registry(actor):
        raise PermissionDenied(_("Your role cannot change the registry."))


def _apply(instance, data: dict, fields: tuple[str, ...]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    for name, value in data.items():
        if name in ("subdistrict", "standard"):
            setattr(instance, f"{name}_id", value)
        else:
            setattr(instance, name, "" if value is None and name not in ("otop_year", "star_rating", "star_year", "expires_on") else value)


def _check_entrepreneur(actor, entrepreneur: Entrepreneur) -> None:
    """Validate and derive: area known and in the actor's scope, province from the code, search text."""
    sub = Subdistrict.objects.select_related("province").filter(code=entrepreneur.subdistrict_id).first()
    if sub is None:
        raise ValidationError({"subdistrict": _("Unknown subdistrict code %(code)s.") % {"code": entrepreneur.subdistrict_id}})
    if role_of(actor) == Role.REGIONAL_OFFICER and not actor.profile.centres.filter(pk=sub.province.centre_id).exists():
        raise ValidationError({"subdistrict": _("%(sub)s, %(prov)s is outside your regional centres.") % {
            "sub": sub.name_th, "prov": sub.province.name_th}})
    entrepreneur.id_number = digits(entrepreneur.id_number or "") if entrepreneur.id_number else ""
    entrepreneur.refresh_derived()
    entrepreneur.full_clean()


def _editable_entrepreneur(actor, pk: int) -> Entrepreneur:
    entrepreneur = Entrepreneur.objects.filter(entrepreneur_filter(actor), pk=pk).first()
    if entrepreneur is None:
        raise ValidationError({"entrepreneur": _("No entrepreneur %(pk)s within your scope.") % {"pk": pk}})
    return entrepreneur


def entrepreneur_create(*, actor, data: dict) -> Entrepreneur:
    _check_can_edit(actor)
    entrepreneur = Entrepreneur()
    _apply(entrepreneur, data, ENTREPRENEUR_FIELDS)
    _check_entrepreneur(actor, entrepreneur)
    with transaction.atomic():
        entrepreneur.save()
        audit_record(actor=actor, action="create", obj=entrepreneur, changes=_jsonable(data))
    return entrepreneur


def entrepreneur_update(*, actor, pk: int, data: dict) -> Entrepreneur:
    _check_can_edit(actor)
    with transaction.atomic():
        entrepreneur = _editable_entrepreneur(actor, pk)
        before = model_to_dict(entrepreneur, fields=ENTREPRENEUR_FIELDS)
        _apply(entrepreneur, data, ENTREPRENEUR_FIELDS)
        _check_entrepreneur(actor, entrepreneur)
        entrepreneur.save()
        after = model_to_dict(entrepreneur, fields=ENTREPRENEUR_FIELDS)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit_record(actor=actor, action="update", obj=entrepreneur, changes=_jsonable(changed))
    return entrepreneur


def _validated_standards(product: Product, standards: list[dict]) -> list[ProductStandard]:
    held, errors = [], {}
    for i, data in enumerate(standards):
        ps = ProductStandard(product=product)
        try:
            _apply(ps, data, STANDARD_FIELDS)
            ps.full_clean(exclude=["product"])
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                errors[f"standards.{i}.{field}"] = messages
        held.append(ps)
    if errors:
        raise ValidationError(errors)
    return held


def product_create(*, actor, entrepreneur_id: int, data: dict, standards: list[dict] = ()) -> Product:
    _check_can_edit(actor)
    with transaction.atomic():
        entrepreneur = _editable_entrepreneur(actor, entrepreneur_id)
        product = Product(entrepreneur=entrepreneur)
        _apply(product, data, PRODUCT_FIELDS)
        product.full_clean()
        held = _validated_standards(product, list(standards))
        product.save()
        for ps in held:
            ps.product = product
        ProductStandard.objects.bulk_create(held)
        audit_record(actor=actor, action="create", obj=product, changes=_jsonable({**data, "standards": list(standards)}))
    return product


def product_update(*, actor, pk: int, data: dict, standards: list[dict] | None = None) -> Product:
    """Update a product; when `standards` is given it replaces the standards held."""
    _check_can_edit(actor)
    with transaction.atomic():
        product = Product.objects.filter(entrepreneur__in=Entrepreneur.objects.filter(entrepreneur_filter(actor)), pk=pk).first()
        if product is None:
            raise ValidationError({"product": _("No product %(pk)s within your scope.") % {"pk": pk}})
        _apply(product, data, PRODUCT_FIELDS)
        product.full_clean()
        if standards is not None:
            held = _validated_standards(product, list(standards))
            product.standards.all().delete()
            ProductStandard.objects.bulk_create(held)
        product.save()
        audit_record(actor=actor, action="update", obj=product,
                     changes=_jsonable({**data, **({"standards": standards} if standards is not None else {})}))
    return product


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
