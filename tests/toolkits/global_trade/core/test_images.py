"""Images are generated in the test; shares are checked against the drawn geometry."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from uplift.toolkits.global_trade.core.images import ImageRefused, measure_image


def encoded(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def product_on_white(size=(2000, 1000), box=(500, 100, 1499, 899)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle(box, fill=(150, 40, 60))
    return image


def test_product_on_white_background():
    measure = measure_image(encoded(product_on_white()))
    assert (measure.format, measure.width, measure.height) == ("PNG", 2000, 1000)
    assert measure.border_white_share == 1.0
    # box 500..1499 × 100..899: 1000 / 2000 = 0.5 wide, 800 / 1000 = 0.8 high, area 0.5 × 0.8 = 0.4
    assert measure.product_box == (500, 100, 1500, 900)
    assert (measure.fill_width_share, measure.fill_height_share) == (0.5, 0.8)
    assert measure.fill_area_share == pytest.approx(0.4)
    assert measure.fill_longest_share == 0.8


def test_jpeg_artefacts_move_the_box_by_a_few_pixels_only():
    # ringing around a sharp edge reaches a few pixels out of the 8 × 8 blocks: ± 5 px of 1,000 is ± 0.01
    measure = measure_image(encoded(product_on_white(), "JPEG", quality=85))
    assert measure.format == "JPEG"
    assert measure.fill_height_share == pytest.approx(0.8, abs=0.01)
    assert measure.border_white_share > 0.99


def test_coloured_background_is_not_white():
    image = Image.new("RGB", (600, 600), (230, 200, 160))
    measure = measure_image(encoded(image))
    assert measure.border_white_share == 0.0
    assert measure.fill_area_share == 1.0


def test_product_touching_one_edge_lowers_the_border_share():
    # a dark band 100 px high across the top of a 1000 × 1000 frame; border band = 2% × 1000 = 20 px:
    # top strip 1000 × 20 all product; side strips' top 80 px (80 × 20 × 2 = 3,200) product;
    # ring = 2 × 1000 × 20 + 2 × 20 × 960 = 78,400 px; product share = (20,000 + 3,200) / 78,400
    image = Image.new("RGB", (1000, 1000), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 999, 99), fill="black")
    measure = measure_image(encoded(image))
    assert measure.border_white_share == pytest.approx(1 - 23_200 / 78_400)


def test_transparent_background_counts_as_background():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 89, 89), fill=(20, 20, 20, 255))
    measure = measure_image(encoded(image))
    assert measure.product_box == (10, 10, 90, 90)
    assert measure.border_white_share == 1.0


def test_empty_white_frame_has_no_product():
    measure = measure_image(encoded(Image.new("RGB", (500, 500), "white")))
    assert measure.product_box is None and measure.fill_area_share == 0.0


def test_exif_orientation_gives_the_displayed_size():
    exif = Image.Exif()
    exif[0x0112] = 6
    measure = measure_image(encoded(Image.new("RGB", (300, 100), "white"), "JPEG", exif=exif))
    assert (measure.width, measure.height) == (100, 300)


@pytest.mark.parametrize("data", [b"", b"not an image", "ผ้าไหม".encode()])
def test_non_images_are_refused(data):
    with pytest.raises(ImageRefused, match="ไม่ใช่รูปภาพที่อ่านได้ / not a readable image"):
        measure_image(data)


def test_truncated_image_is_refused():
    with pytest.raises(ImageRefused, match="damaged or truncated"):
        measure_image(encoded(product_on_white())[:300])


def png_claiming(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header claims another size: Pillow reads the header, never the pixels."""
    data = encoded(Image.new("L", (1, 1)))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


@pytest.mark.parametrize("width, height", [(10_000, 10_000), (30_000, 30_000)])
def test_decompression_bombs_are_refused_before_decoding(width, height):
    # 10,000² = 100 M pixels > Pillow's 89,478,485 (a warning in Pillow); 30,000² = 900 M > twice it (an error)
    with pytest.raises(ImageRefused, match="รูปใหญ่เกินไป / image too large"):
        measure_image(png_claiming(width, height))


def test_a_lower_pixel_limit_can_be_set():
    with pytest.raises(ImageRefused, match=r"2000×1000 pixels, more than 1,000,000"):
        measure_image(encoded(product_on_white()), max_pixels=1_000_000)
