"""Writes to the registry, one action per write: the policy, then validation, then one audited transaction.

A refusal never describes what lies outside the actor's scope: a duplicate identifier held by an
entrepreneur the actor may not see is only "already registered; ask the regional centre".
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.geo.models import Subdistrict
from uplift.registry.models import DUPLICATE_IDENTIFIER, Entrepreneur, Product, ProductStandard
from uplift.registry.search import digits

ENTREPRENEUR_FIELDS = (
    "kind", "name_th", "name_en", "id_type", "id_number", "otop_year", "members", "employees",
    "address_line", "subdistrict", "postal_code", "phone", "line_id", "email",
)
PRODUCT_FIELDS = ("name_th", "name_en", "category", "star_rating", "star_year", "unit", "price")
STANDARD_FIELDS = ("standard", "number", "issued_on", "expires_on")
NULLABLE = ("otop_year", "star_rating", "star_year", "expires_on")

DUPLICATE_VISIBLE = "duplicate_identifier_visible"


def entrepreneur_create(*, actor, data: dict) -> Entrepreneur:
    policy.require(actor, "entrepreneur.create")
    entrepreneur = Entrepreneur()
    _apply(entrepreneur, data, ENTREPRENEUR_FIELDS)
    with transaction.atomic():
        _validate_entrepreneur(actor, entrepreneur, "entrepreneur.create")
        entrepreneur.save()
        audit_record(actor=actor, action="create", obj=entrepreneur, changes=_jsonable(data))
    return entrepreneur


def entrepreneur_update(*, actor, pk: int, data: dict) -> Entrepreneur:
    with transaction.atomic():
        entrepreneur = policy.get_visible(actor, Entrepreneur, pk)
        policy.require(actor, "entrepreneur.update", entrepreneur)
        before = model_to_dict(entrepreneur, fields=ENTREPRENEUR_FIELDS)
        _apply(entrepreneur, data, ENTREPRENEUR_FIELDS)
        _validate_entrepreneur(actor, entrepreneur, "entrepreneur.update")
        entrepreneur.save()
        after = model_to_dict(entrepreneur, fields=ENTREPRENEUR_FIELDS)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit_record(actor=actor, action="update", obj=entrepreneur, changes=_jsonable(changed))
    return entrepreneur


def product_create(*, actor, entrepreneur_id: int, data: dict, standards: list[dict] = ()) -> Product:
    with transaction.atomic():
        entrepreneur = policy.get_visible(actor, Entrepreneur, entrepreneur_id)
        product = Product(entrepreneur=entrepreneur)
        policy.require(actor, "product.create", product)
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
    with transaction.atomic():
        product = policy.get_visible(actor, Product, pk)
        policy.require(actor, "product.update", product)
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


def _apply(instance, data: dict, fields: tuple[str, ...]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    for name, value in data.items():
        if name in ("subdistrict", "standard"):
            setattr(instance, f"{name}_id", value)
        else:
            setattr(instance, name, "" if value is None and name not in NULLABLE else value)


def _validate_entrepreneur(actor, entrepreneur: Entrepreneur, verb: str) -> None:
    """Area known and within what ``verb`` reaches for the actor; province and search text derived;
    the model's rules; a duplicate identifier named only when the actor may see its holder."""
    sub = Subdistrict.objects.select_related("province").filter(code=entrepreneur.subdistrict_id).first()
    if sub is None:
        raise ValidationError({"subdistrict": _("Unknown subdistrict code %(code)s.") % {"code": entrepreneur.subdistrict_id}})
    if not policy.can(actor, verb, sub.province):
        raise ValidationError({"subdistrict": _("%(sub)s, %(prov)s is outside your regional centres.") % {
            "sub": sub.name_th, "prov": sub.province.name_th}})
    entrepreneur.id_number = digits(entrepreneur.id_number or "") if entrepreneur.id_number else ""
    entrepreneur.refresh_derived()
    try:
        entrepreneur.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict({})
        errors["id_number"] = [_duplicate_error(actor, entrepreneur, e) if e.code == DUPLICATE_IDENTIFIER else e
                               for e in errors.get("id_number", [])]
        raise ValidationError({field: messages for field, messages in errors.items() if messages}) from None


def _duplicate_error(actor, entrepreneur: Entrepreneur, error: ValidationError) -> ValidationError:
    """The model's anonymous message, or the holder's name when the actor may see the holder."""
    holder = Entrepreneur.objects.filter(id_number=entrepreneur.id_number).exclude(pk=entrepreneur.pk).first()
    if holder is None or not policy.can(actor, "entrepreneur.view", holder):
        return error
    return ValidationError(_("%(number)s is already registered to %(name)s."), code=DUPLICATE_VISIBLE,
                           params={"number": holder.id_number, "name": holder.name_th, "pk": holder.pk})


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


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
