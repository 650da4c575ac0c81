"""Feeds built from listings: Google Merchant Center (TSV, RSS 2.0 with the g: namespace), schema.org
JSON-LD for a public product page (or as one JSON array), marketplace bulk sheets (xlsx or CSV).

A feed never carries a listing that fails its target's rules: every builder returns a `Feed` with the
content, the ids it included and the listings it left out with their failing rules. Warnings
(recommendations) do not exclude. Columns and values come only from the target's column map over
`Listing`, which holds no personal data, so no person's telephone, ID number or address can reach a
public page or a feed.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from uplift.security import cells

from .columns import cell, column_values
from .listing import Listing
from .targets import CategoryTree, Issue, Target, check_listing, errors, load_target

GOOGLE_NS = "http://base.google.com/ns/1.0"
ET.register_namespace("g", GOOGLE_NS)


@dataclass(frozen=True)
class Excluded:
    listing_id: str
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Feed:
    content: str | bytes
    included: tuple[str, ...]
    excluded: tuple[Excluded, ...]


def split_by_rules(listings: Iterable[Listing], target: Target,
                   category_tree: CategoryTree | None = None) -> tuple[list[Listing], tuple[Excluded, ...]]:
    passing, excluded = [], []
    for listing in listings:
        failed = errors(check_listing(listing, target, category_tree))
        if failed:
            excluded.append(Excluded(listing.id, failed))
        else:
            passing.append(listing)
    return passing, tuple(excluded)


def google_tsv(listings: Iterable[Listing], target: Target | None = None) -> Feed:
    """Tab-separated, a header row of attribute names; tabs and line breaks inside values become spaces."""
    target = target or load_target("google_merchant")
    passing, excluded = split_by_rules(listings, target)
    lines = ["\t".join(c.header for c in target.columns)]
    for listing in passing:
        lines.append("\t".join(_one_line(cell(listing, c)) for c in target.columns))
    return Feed("\n".join(lines) + "\n", tuple(l.id for l in passing), excluded)


def google_rss(listings: Iterable[Listing], *, title: str, link: str, description: str,
               target: Target | None = None) -> Feed:
    """RSS 2.0 with one <item> per listing and one g:<attribute> element per value (repeated where `many`)."""
    target = target or load_target("google_merchant")
    passing, excluded = split_by_rules(listings, target)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    for name, text in (("title", title), ("link", link), ("description", description)):
        ET.SubElement(channel, name).text = text
    for listing in passing:
        item = ET.SubElement(channel, "item")
        for column in target.columns:
            values = column_values(listing, column) if column.many else [cell(listing, column)]
            for value in values:
                if value is not None:
                    ET.SubElement(item, f"{{{GOOGLE_NS}}}{column.header}").text = str(value)
    content = ET.tostring(rss, encoding="unicode", xml_declaration=True)
    return Feed(content, tuple(l.id for l in passing), excluded)


def product_jsonld(listing: Listing, target: Target | None = None) -> dict[str, Any]:
    """The schema.org Product (with its Offer) of one listing, unchecked: pages use `jsonld_scripts`."""
    target = target or load_target("schema_org")
    document: dict[str, Any] = {"@context": "https://schema.org", "@type": target.types[""]}
    for column in target.columns:
        values = column_values(listing, column) if column.many else [cell(listing, column)]
        values = [str(v) for v in values if v is not None]
        if not values:
            continue
        *path, name = column.header.split(".")
        node = document
        for step in path:
            node = node.setdefault(step, {"@type": target.types[step]})
        node[name] = values if column.many else values[0]
    return document


def jsonld_scripts(listings: Iterable[Listing], target: Target | None = None) -> Feed:
    """One <script type="application/ld+json"> per passing listing, safe to place in an HTML page."""
    target = target or load_target("schema_org")
    passing, excluded = split_by_rules(listings, target)
    scripts = []
    for listing in passing:
        text = json.dumps(product_jsonld(listing, target), ensure_ascii=False, indent=1)
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        scripts.append(f'<script type="application/ld+json">\n{text}\n</script>')
    return Feed("\n".join(scripts), tuple(l.id for l in passing), excluded)


def jsonld_documents(listings: Iterable[Listing], target: Target | None = None) -> Feed:
    """The schema.org Product documents of the passing listings as one JSON array (a download)."""
    target = target or load_target("schema_org")
    passing, excluded = split_by_rules(listings, target)
    documents = [product_jsonld(listing, target) for listing in passing]
    return Feed(json.dumps(documents, ensure_ascii=False, indent=1), tuple(l.id for l in passing), excluded)


def bulk_xlsx(listings: Iterable[Listing], target: Target, category_tree: CategoryTree | None = None) -> Feed:
    """A marketplace bulk-upload sheet: the target's column headers, then one row per passing listing."""
    passing, excluded = split_by_rules(listings, target, category_tree)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = target.code[:31]
    sheet.append([c.header for c in target.columns])
    for listing in passing:
        sheet.append([cell(listing, c) for c in target.columns])
    cells.xlsx_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Feed(buffer.getvalue(), tuple(l.id for l in passing), excluded)


def bulk_csv(listings: Iterable[Listing], target: Target, category_tree: CategoryTree | None = None) -> Feed:
    """The bulk sheet as CSV text, UTF-8 with a byte-order mark so spreadsheet programs read Thai correctly."""
    passing, excluded = split_by_rules(listings, target, category_tree)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in target.columns])
    for listing in passing:
        writer.writerow(["" if (value := cell(listing, c)) is None else _plain_cell(value) for c in target.columns])
    return Feed("\ufeff" + buffer.getvalue(), tuple(l.id for l in passing), excluded)


def _plain_cell(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return cells.csv_value(str(value))


def _one_line(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())
