"""Feeds are parsed back and every required attribute checked; failing listings stay out, with reasons."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import extruct
from openpyxl import load_workbook

from uplift.toolkits.global_trade.core.feeds import (
    bulk_csv, bulk_xlsx, google_rss, google_tsv, jsonld_documents, jsonld_scripts, product_jsonld,
)
from uplift.toolkits.global_trade.core.listing import ListingImage
from uplift.toolkits.global_trade.core.targets import load_target

from .samples import SILK_SCARF

BASKET = replace(SILK_SCARF, id="OTOP-CM-0042", sku="CM-BASKET-42", title_th="กระติบข้าวไม้ไผ่สาน ลายดอกพิกุล",
                 title_en="Woven Bamboo Sticky-rice Basket", description_en="Hand-woven bamboo basket for sticky rice.\tTabbed",
                 gtin="", materials=("ไม้ไผ่",), variations=())
LONG_TITLE = replace(SILK_SCARF, id="OTOP-KK-0002", title_en="S" * 151)
SMALL_IMAGE = replace(SILK_SCARF, id="OTOP-KK-0003", images=(ListingImage("https://otop.example/small.jpg", 400, 400),))
LISTINGS = [SILK_SCARF, BASKET, LONG_TITLE, SMALL_IMAGE]
GOOGLE_REQUIRED = ("id", "title", "description", "link", "image_link", "availability", "price", "condition", "brand")
G = "{http://base.google.com/ns/1.0}"


def reasons(feed):
    return {e.listing_id: [i.rule for i in e.issues] for e in feed.excluded}


def test_google_tsv_parses_back_and_excludes_failures_with_reasons():
    feed = google_tsv(LISTINGS)
    rows = list(csv.DictReader(io.StringIO(feed.content), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [r["id"] for r in rows] == ["OTOP-KK-0001", "OTOP-CM-0042"] == list(feed.included)
    for row in rows:
        assert all(row[attribute] for attribute in GOOGLE_REQUIRED)
    scarf, basket = rows
    assert scarf["price"] == "1290.00 THB" and scarf["gtin"] == "8851234567898"
    assert scarf["additional_image_link"] == "https://otop.example/img/kk-0001-2.jpg"
    assert scarf["product_type"] == "แฟชั่นผู้หญิง > เครื่องประดับแฟชั่น > ผ้าพันคอและผ้าคลุมไหล่"
    assert scarf["shipping_weight"] == "250 g" and scarf["material"] == "ไหม/silk"
    assert basket["identifier_exists"] == "no" and basket["gtin"] == ""
    assert basket["description"] == "Hand-woven bamboo basket for sticky rice. Tabbed"
    assert reasons(feed) == {"OTOP-KK-0002": ["gmc_title_too_long"], "OTOP-KK-0003": ["gmc_image_too_small"]}
    too_long = feed.excluded[0].issues[0]
    assert (too_long.limit, too_long.actual) == (150, 151)


def test_google_rss_uses_the_g_namespace_and_repeats_additional_images():
    extra = replace(SILK_SCARF, images=(*SILK_SCARF.images, ListingImage("https://otop.example/img/3.jpg", 1500, 1500)))
    feed = google_rss([extra, LONG_TITLE, SMALL_IMAGE], title="ร้านผ้าไหมโนนสว่าง", link="https://otop.example/",
                      description="สินค้า OTOP")
    assert 'xmlns:g="http://base.google.com/ns/1.0"' in feed.content
    root = ET.fromstring(feed.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/title") == "ร้านผ้าไหมโนนสว่าง"
    [item] = root.findall("channel/item")
    for attribute in GOOGLE_REQUIRED:
        assert item.findtext(G + attribute)
    assert item.findtext(G + "title") == SILK_SCARF.title_en
    assert [e.text for e in item.findall(G + "additional_image_link")] == [
        "https://otop.example/img/kk-0001-2.jpg", "https://otop.example/img/3.jpg"]
    assert reasons(feed) == {"OTOP-KK-0002": ["gmc_title_too_long"], "OTOP-KK-0003": ["gmc_image_too_small"]}


def test_jsonld_is_read_back_by_extruct_from_a_product_page():
    no_price = replace(BASKET, id="OTOP-CM-0043", price=None)
    feed = jsonld_scripts([SILK_SCARF, no_price])
    html = f"<!doctype html><html lang='th'><head><title>ผ้าไหม</title>{feed.content}</head><body></body></html>"
    [product] = extruct.extract(html, base_url="https://otop.example/p/", syntaxes=["json-ld"])["json-ld"]
    assert product["@type"] == "Product"
    assert product["name"] == SILK_SCARF.title_en
    assert product["image"] == [i.url for i in SILK_SCARF.images]
    assert product["brand"] == {"@type": "Brand", "name": "ไหมโนนสว่าง Non Sawang Silk"}
    assert product["sku"] == "KK-SILK-SC-01" and product["gtin"] == "8851234567898"
    offer = product["offers"]
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"]) == ("1290.00", "THB")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["itemCondition"] == "https://schema.org/NewCondition"
    assert reasons(feed) == {"OTOP-CM-0043": ["schema_price_required"]}


def test_jsonld_cannot_break_out_of_its_script_element():
    sneaky = replace(SILK_SCARF, description_en="</script><script>alert(1)</script> & more")
    content = jsonld_scripts([sneaky]).content
    assert content.count("</script>") == 1
    body = content.split("\n", 1)[1].rsplit("\n", 1)[0]
    assert json.loads(body)["description"] == "</script><script>alert(1)</script> & more"


def test_jsonld_carries_only_mapped_product_attributes():
    document = product_jsonld(SILK_SCARF)
    assert set(document) == {"@context", "@type", "name", "description", "image", "sku", "gtin", "material",
                             "brand", "offers"}
    assert set(document["offers"]) == {"@type", "url", "price", "priceCurrency", "availability", "itemCondition"}


def test_shopee_bulk_sheet_rows_follow_the_column_map():
    too_long_th = replace(BASKET, id="OTOP-CM-0044", title_th="ก" * 81)
    feed = bulk_xlsx([SILK_SCARF, BASKET, too_long_th], load_target("shopee_th"))
    sheet = load_workbook(io.BytesIO(feed.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == [c.header for c in load_target("shopee_th").columns]
    scarf = dict(zip(header, rows[0]))
    assert scarf["Product Name"] == SILK_SCARF.title_th and scarf["Category"] == "ผ้าพันคอและผ้าคลุมไหล่"
    # 250 g with packaging = 0.25 kg
    assert (scarf["Price"], scarf["Stock"], scarf["Weight"]) == (1290, 25, 0.25)
    assert scarf["Cover image"] == SILK_SCARF.images[0].url and scarf["Item Image 2"] is None
    assert len(rows) == 2
    assert reasons(feed) == {"OTOP-CM-0044": ["shopee_name_too_long"]}


def test_lazada_bulk_sheet_excludes_a_category_that_is_not_the_deepest():
    tree = {SILK_SCARF.category_path, SILK_SCARF.category_path[:2], SILK_SCARF.category_path[:1],
            ("แฟชั่นผู้หญิง", "กระเป๋า"), ("แฟชั่นผู้หญิง", "กระเป๋า", "กระเป๋าสาน")}
    shallow = replace(BASKET, category_path=("แฟชั่นผู้หญิง", "กระเป๋า"))
    feed = bulk_xlsx([SILK_SCARF, shallow], load_target("lazada_th"), tree)
    rows = list(load_workbook(io.BytesIO(feed.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "ผ้าพันคอและผ้าคลุมไหล่"
    assert reasons(feed) == {"OTOP-CM-0042": ["lazada_category_not_deepest"]}


def test_bulk_csv_has_the_sheet_columns_with_a_byte_order_mark_and_leaves_out_failures():
    too_long_th = replace(BASKET, id="OTOP-CM-0044", title_th="ก" * 81)
    feed = bulk_csv([SILK_SCARF, too_long_th], load_target("shopee_th"))
    assert feed.content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(feed.content[1:])))
    assert [r["Parent SKU"] for r in rows] == ["KK-SILK-SC-01"]
    # 250 g with packaging = 0.25 kg, numbers written plainly
    assert (rows[0]["Price"], rows[0]["Weight"], rows[0]["Item Image 2"]) == ("1290", "0.25", "")
    assert reasons(feed) == {"OTOP-CM-0044": ["shopee_name_too_long"]}


def test_jsonld_documents_are_one_json_array_of_the_passing_listings():
    no_name = replace(BASKET, id="OTOP-CM-0045", title_en="")
    feed = jsonld_documents([SILK_SCARF, no_name])
    [document] = json.loads(feed.content)
    assert document["name"] == SILK_SCARF.title_en and document["offers"]["price"] == "1290.00"
    assert reasons(feed) == {"OTOP-CM-0045": ["schema_name_required"]}
