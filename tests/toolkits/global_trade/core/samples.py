"""A listing that passes every target, for tests to break one field at a time with `dataclasses.replace`."""

from decimal import Decimal

from uplift.toolkits.global_trade.core.listing import Listing, ListingImage

SILK_SCARF = Listing(
    id="OTOP-KK-0001",
    sku="KK-SILK-SC-01",
    title_th="ผ้าคลุมไหล่ไหมมัดหมี่ ทอมือ ขอนแก่น",
    title_en="Hand-woven Mudmee Silk Shawl from Khon Kaen",
    description_th="ผ้าไหมมัดหมี่ทอมือ ย้อมสีธรรมชาติ ผลิตโดยกลุ่มทอผ้าบ้านโนนสว่าง",
    description_en="Hand-woven ikat (mudmee) silk shawl, naturally dyed, made by a weaving group in Khon Kaen.",
    brand="ไหมโนนสว่าง Non Sawang Silk",
    images=(ListingImage("https://otop.example/img/kk-0001-1.jpg", 1600, 1600),
            ListingImage("https://otop.example/img/kk-0001-2.jpg", 1200, 1200)),
    gtin="8851234567898",
    condition="new",
    availability="in_stock",
    price=Decimal("1290"),
    currency="THB",
    stock=25,
    net_weight_g=Decimal("180"),
    package_weight_g=Decimal("250"),
    package_length_cm=Decimal("30"),
    package_width_cm=Decimal("20"),
    package_height_cm=Decimal("4"),
    materials=("ไหม", "silk"),
    hs_code="621410",
    category_path=("แฟชั่นผู้หญิง", "เครื่องประดับแฟชั่น", "ผ้าพันคอและผ้าคลุมไหล่"),
    variations=("แดง", "คราม"),
    link="https://otop.example/p/OTOP-KK-0001",
)
