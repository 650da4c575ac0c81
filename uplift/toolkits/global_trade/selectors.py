"""Reads of the OTOP to Global toolkit; every one starts from `policy.visible()` except the public
showcase, which reads only listings someone marked public and only their listing fields (no person's
name, telephone, identifier or address is on a listing)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access import policy
from uplift.programme.models import Enrolment
from uplift.registry.models import Entrepreneur, MonthlySales, Product

from .convert import showcase_entrepreneur_pk
from .core.channels import MonthFigures, RecordedMonth, RegistryMonth, Shares, channel_shares, merge_months
from .core.hs import HsMatch, search_hs
from .models import ChannelSales, Listing, ListingEvent, ListingImage, NationalCode, PriceQuote

ACTIVITY = "global"
ENROLMENT_RELATED = ("entrepreneur__province", "round_activity__round", "round_activity__activity")
SORTS = {
    "name": ("entrepreneur__name_th", "pk"), "-name": ("-entrepreneur__name_th", "-pk"),
    "round": ("round_activity__round__starts_on", "entrepreneur__name_th"),
    "-round": ("-round_activity__round__starts_on", "entrepreneur__name_th"),
    "listings": ("listing_count", "entrepreneur__name_th"), "-listings": ("-listing_count", "entrepreneur__name_th"),
    "status": ("status", "entrepreneur__name_th"), "-status": ("-status", "entrepreneur__name_th"),
}


def enrolments(actor, *, sort: str = "name", query: str = "") -> QuerySet[Enrolment]:
    """Activity 1 enrolments the actor sees, with how many listings the entrepreneur has (one query)."""
    listings = (Listing.objects.filter(product__entrepreneur=OuterRef("entrepreneur")).order_by()
                .values("product__entrepreneur").annotate(n=Count("pk")).values("n"))
    qs = (policy.visible(actor, Enrolment).filter(round_activity__activity__code=ACTIVITY)
          .select_related(*ENROLMENT_RELATED)
          .annotate(listing_count=Coalesce(Subquery(listings, output_field=IntegerField()), Value(0))))
    if query.strip():
        qs = qs.filter(Q(entrepreneur__name_th__icontains=query.strip()) | Q(entrepreneur__name_en__icontains=query.strip()))
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def enrolment_get(actor, pk) -> Enrolment:
    enrolment = policy.get_visible(actor, Enrolment, pk, related=ENROLMENT_RELATED)
    if enrolment.round_activity.activity.code != ACTIVITY:
        raise Http404(_("Not found."))
    return enrolment


def listings(actor, entrepreneur_id: int) -> QuerySet[Listing]:
    return (policy.visible(actor, Listing).filter(product__entrepreneur_id=entrepreneur_id)
            .select_related("product").prefetch_related("images", "checks", "events").order_by("product_id"))


def listing_get(actor, pk) -> Listing:
    listing = policy.get_visible(actor, Listing, pk, related=(
        "product__entrepreneur", "enrolment__round_activity__activity", "enrolment__round_activity__round"))
    return listing


def image_get(actor, pk) -> ListingImage:
    return policy.get_visible(actor, ListingImage, pk, related=("listing",))


def products_without_listing(actor, entrepreneur_id: int) -> QuerySet[Product]:
    return policy.visible(actor, Product).filter(entrepreneur_id=entrepreneur_id, global_listing__isnull=True)


def products(actor, entrepreneur_id: int) -> QuerySet[Product]:
    return policy.visible(actor, Product).filter(entrepreneur_id=entrepreneur_id)


def product_get(actor, pk) -> Product:
    return policy.get_visible(actor, Product, pk)


def quotes(actor, enrolment: Enrolment) -> QuerySet[PriceQuote]:
    return policy.visible(actor, PriceQuote).filter(enrolment=enrolment).select_related("product")


def quote_get(actor, pk) -> PriceQuote:
    return policy.get_visible(actor, PriceQuote, pk, related=(
        "product", "enrolment__entrepreneur", "enrolment__round_activity__round", "enrolment__round_activity__activity"))


def events(actor, entrepreneur_id: int) -> QuerySet[ListingEvent]:
    return (policy.visible(actor, ListingEvent).filter(listing__product__entrepreneur_id=entrepreneur_id)
            .select_related("listing").order_by("on", "pk"))


def channel_sales(actor, enrolment: Enrolment) -> QuerySet[ChannelSales]:
    return policy.visible(actor, ChannelSales).filter(enrolment=enrolment).select_related("listing", "created_by")


@dataclass(frozen=True)
class ChannelResults:
    months: list[MonthFigures]
    shares: Shares
    start: date
    first_live: ListingEvent | None
    first_online_order: ListingEvent | None
    first_export_order: ListingEvent | None


def channel_results(actor, enrolment: Enrolment) -> ChannelResults:
    """Online and export sales by month (registry, with the toolkit's records over it) and their shares
    before and after the start, with the first live listing and the first orders."""
    registry = [RegistryMonth(r.month, r.shop, r.fair, r.wholesale, r.online, r.export)
                for r in policy.visible(actor, MonthlySales).filter(entrepreneur_id=enrolment.entrepreneur_id)]
    recorded = [RecordedMonth(r.month, r.online, r.export, r.total) for r in channel_sales(actor, enrolment)]
    months = merge_months(registry, recorded)
    start = enrolment.started_on or enrolment.round_activity.round.starts_on
    firsts = {}
    for event in events(actor, enrolment.entrepreneur_id):
        firsts.setdefault(event.kind, event)
    return ChannelResults(months, channel_shares(months, start), start.replace(day=1),
                          firsts.get(ListingEvent.Kind.LIVE), firsts.get(ListingEvent.Kind.FIRST_ONLINE_ORDER),
                          firsts.get(ListingEvent.Kind.FIRST_EXPORT_ORDER))


@dataclass(frozen=True)
class NationalMatch:
    code: str
    hs6: str
    description_th: str
    description_en: str
    source: str


def hs_find(actor, query: str, limit: int = 20) -> tuple[list[HsMatch], list[NationalMatch]]:
    """HS 2022 subheadings (English words, Thai keywords, digits) and the national codes officers added."""
    query = (query or "").strip()
    if not query:
        return [], []
    matches = search_hs(query, limit=limit)
    digits = "".join(ch for ch in query if ch.isdigit())
    national = policy.visible(actor, NationalCode)
    codes = {m.code for m in matches if m.level == 6}
    condition = Q(description_th__icontains=query) | Q(description_en__icontains=query) | Q(hs6__in=codes)
    if len(digits) >= 4:
        condition |= Q(code__startswith=digits)
    found = [NationalMatch(n.code, n.hs6, n.description_th, n.description_en, n.source)
             for n in national.filter(condition).order_by("code")[:limit]]
    return matches, found


def national_codes(actor) -> QuerySet[NationalCode]:
    return policy.visible(actor, NationalCode).order_by("code")


@dataclass(frozen=True)
class Showcase:
    name_th: str
    name_en: str
    province_th: str
    province_en: str
    listings: list[Listing]


def showcase(token: str) -> Showcase:
    """The public page of one entrepreneur: only listings marked public; 404 when the token is wrong or none is.
    The shop is named only when it is a group or a business: an individual producer's name is a person's name."""
    pk = showcase_entrepreneur_pk(token)
    if pk is None:
        raise Http404(_("Not found."))
    public = list(Listing.objects.filter(product__entrepreneur_id=pk, published=True)
                  .select_related("product__entrepreneur__province").prefetch_related("images").order_by("product_id"))
    if not public:
        raise Http404(_("Not found."))
    entrepreneur = public[0].product.entrepreneur
    named = entrepreneur.kind != Entrepreneur.Kind.INDIVIDUAL
    return Showcase(entrepreneur.name_th if named else "", entrepreneur.name_en if named else "",
                    entrepreneur.province.name_th, entrepreneur.province.name_en, public)


def image_public(pk: int) -> ListingImage:
    """A photo reached through its signed address (feeds and the public page)."""
    image = ListingImage.objects.filter(pk=pk).first()
    if image is None:
        raise Http404(_("Not found."))
    return image
