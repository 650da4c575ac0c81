"""A product listing as marketplaces and feeds see it: bilingual text, measured images, identifiers,
the packed weight and size, price and availability.

No field holds personal data (no person's name, telephone, ID number or address): everything a listing
carries may be published on a public product page and in feeds. Weights and sizes are of the product
in its packaging (what carriers and marketplaces charge on); `net_weight_g` is the product alone.
`availability` and `condition` use Google's values (in_stock, new, …); targets map them when theirs differ.
"""

from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation

DECIMAL_FIELDS = ("price", "net_weight_g", "package_weight_g", "package_length_cm", "package_width_cm",
                  "package_height_cm")
TUPLE_FIELDS = ("images", "materials", "category_path", "variations")


@dataclass(frozen=True)
class ListingImage:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Listing:
    id: str
    sku: str = ""
    title_th: str = ""
    title_en: str = ""
    description_th: str = ""
    description_en: str = ""
    brand: str = ""
    images: tuple[ListingImage, ...] = ()
    gtin: str = ""
    condition: str = "new"
    availability: str = "in_stock"
    price: Decimal | None = None
    currency: str = "THB"
    stock: int | None = None
    net_weight_g: Decimal | None = None
    package_weight_g: Decimal | None = None
    package_length_cm: Decimal | None = None
    package_width_cm: Decimal | None = None
    package_height_cm: Decimal | None = None
    materials: tuple[str, ...] = ()
    hs_code: str = ""
    category_path: tuple[str, ...] = ()
    variations: tuple[str, ...] = ()
    link: str = ""

    def __post_init__(self) -> None:
        for name in TUPLE_FIELDS:
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in DECIMAL_FIELDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                try:
                    object.__setattr__(self, name, Decimal(str(value)))
                except InvalidOperation as error:
                    raise ValueError(f"{name}: ไม่ใช่ตัวเลข / not a number ({value!r})") from error


LISTING_FIELDS = frozenset(f.name for f in fields(Listing))


def field_value(listing: Listing, name: str) -> object:
    if name not in LISTING_FIELDS:
        raise KeyError(f"a target names {name!r}, which is not a listing field ({', '.join(sorted(LISTING_FIELDS))})")
    return getattr(listing, name)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == ()
