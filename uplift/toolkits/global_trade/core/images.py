"""Measure a product photo with Pillow: format, size, how white its background is, how much of the frame
the product fills. General on purpose: listings check sizes, Activity 2's photo checks reuse the shares.

Background is near-white (every RGB channel ≥ `white_level`) or transparent. `border_white_share` is the
share of near-white pixels in a band around the edge (`border` of the shorter side, at least one
pixel); `fill_width_share`, `fill_height_share` and `fill_area_share` describe the bounding box of the
non-background pixels against the frame (marketplace guides speak of the product "filling" a share
of the frame: the longer of the two side shares is the usual reading).

Refused cleanly, with a Thai/English message: bytes that are not an image, images above
`max_pixels` (Pillow's `Image.MAX_IMAGE_PIXELS` by default: decompression-bomb protection, checked on
the header before any pixel is decoded; a larger `max_pixels` does not lift Pillow's own limit), and
truncated or corrupt files. Width and height are as displayed, after the EXIF orientation is applied.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError


class ImageRefused(ValueError):
    """Not measurable; the message is Thai first, then English."""


@dataclass(frozen=True)
class ImageMeasure:
    format: str
    width: int
    height: int
    border_white_share: float
    fill_width_share: float
    fill_height_share: float
    fill_area_share: float
    product_box: tuple[int, int, int, int] | None

    @property
    def fill_longest_share(self) -> float:
        return max(self.fill_width_share, self.fill_height_share)


def measure_image(data: bytes, *, white_level: int = 245, border: float = 0.02,
                  max_pixels: int | None = None) -> ImageMeasure:
    limit = Image.MAX_IMAGE_PIXELS if max_pixels is None else max_pixels
    image, file_format = _open(data, limit)
    width, height = image.size
    product = _product_mask(image, white_level)
    box = product.getbbox()
    box_width, box_height = (0, 0) if box is None else (box[2] - box[0], box[3] - box[1])
    return ImageMeasure(
        format=file_format, width=width, height=height,
        border_white_share=_border_white_share(product, border),
        fill_width_share=box_width / width, fill_height_share=box_height / height,
        fill_area_share=box_width * box_height / (width * height), product_box=box,
    )


def _open(data: bytes, limit: int | None) -> tuple[Image.Image, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if limit is not None and image.width * image.height > limit:
                raise ImageRefused(f"รูปใหญ่เกินไป ({image.width}×{image.height} พิกเซล เกิน {limit:,}) / "
                                   f"image too large ({image.width}×{image.height} pixels, more than {limit:,})")
            file_format = image.format or "unknown"
            Image.open(io.BytesIO(data)).verify()
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ImageRefused:
        raise
    except UnidentifiedImageError as error:
        raise ImageRefused("ไฟล์นี้ไม่ใช่รูปภาพที่อ่านได้ / not a readable image") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(f"รูปใหญ่เกินไป / image too large: {error}") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageRefused(f"ไฟล์รูปเสียหรือไม่สมบูรณ์ / damaged or truncated image: {error}") from error
    return upright, file_format


def _product_mask(image: Image.Image, white_level: int) -> Image.Image:
    """255 where a pixel is part of the product: some channel below `white_level` and not transparent."""
    rgba = image.convert("RGBA")
    red, green, blue, alpha = rgba.split()
    channels = [band.point(lambda v: 255 if v < white_level else 0) for band in (red, green, blue)]
    not_white = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    return ImageChops.darker(not_white, alpha.point(lambda v: 255 if v > 0 else 0))


def _border_white_share(product: Image.Image, border: float) -> float:
    width, height = product.size
    band = max(1, round(min(width, height) * border))
    strips = [(0, 0, width, band), (0, height - band, width, height),
              (0, band, band, height - band), (width - band, band, width, height - band)]
    total = product_pixels = 0
    for strip in strips:
        histogram = product.crop(strip).histogram()
        total += sum(histogram)
        product_pixels += histogram[255]
    return 1 - product_pixels / total
