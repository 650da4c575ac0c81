"""From the stored listing to the core's `Listing`, and the public addresses feeds point to.

Photos and the showcase page are reached through signed tokens (Django's signing with the secret key),
so their addresses can be published in feeds without exposing anything else: a photo's address opens
that photo only, the showcase address only the listings marked public. `base_url` makes them absolute
("https://uplift.example"); checks run without it, where only presence counts.
"""

from django.core import signing
from django.urls import reverse

from .core.listing import Listing as CoreListing
from .core.listing import ListingImage as CoreImage

IMAGE_SALT = "global_trade.image"
SHOWCASE_SALT = "global_trade.showcase"


def image_token(image_pk: int) -> str:
    return signing.Signer(salt=IMAGE_SALT).sign(str(image_pk))


def image_pk(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=IMAGE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def showcase_token(entrepreneur_pk: int) -> str:
    return signing.Signer(salt=SHOWCASE_SALT).sign(str(entrepreneur_pk))


def showcase_entrepreneur_pk(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=SHOWCASE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def image_url(image, base_url: str = "") -> str:
    return base_url + reverse("global_trade:image", args=[image_token(image.pk)])


def showcase_url(entrepreneur_pk: int, base_url: str = "") -> str:
    return base_url + reverse("global_trade:showcase", args=[showcase_token(entrepreneur_pk)])


def landing_link(listing, base_url: str = "") -> str:
    """The entrepreneur's own page when given, else the public showcase (only once the listing is public)."""
    if listing.link:
        return listing.link
    if listing.published:
        return f"{showcase_url(listing.product.entrepreneur_id, base_url)}#p{listing.pk}"
    return ""


def core_listing(listing, base_url: str = "") -> CoreListing:
    images = sorted(listing.images.all(), key=lambda i: (i.position, i.pk))
    return CoreListing(
        id=listing.feed_id, sku=listing.sku, title_th=listing.title_th, title_en=listing.title_en,
        description_th=listing.description_th, description_en=listing.description_en, brand=listing.brand,
        images=tuple(CoreImage(image_url(i, base_url), i.width, i.height) for i in images),
        gtin=listing.gtin, condition=listing.condition, availability=listing.availability, price=listing.price,
        currency=listing.currency, stock=listing.stock, net_weight_g=listing.net_weight_g,
        package_weight_g=listing.package_weight_g, package_length_cm=listing.package_length_cm,
        package_width_cm=listing.package_width_cm, package_height_cm=listing.package_height_cm,
        materials=tuple(listing.materials), hs_code=listing.hs_code, category_path=tuple(listing.category_path),
        variations=tuple(listing.variations), link=landing_link(listing, base_url),
    )
