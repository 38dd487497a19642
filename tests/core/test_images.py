"""The image helper on real pictures made with Pillow in memory."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from porch.core.images import ImageError, image_fit

ORIENTATION = 0x0112
GPS_INFO = 0x8825


def picture(
    size: tuple[int, int], image_format: str = "JPEG", *, orientation: int = 0
) -> ContentFile[bytes]:
    image = Image.new("RGB", size, (200, 120, 40))
    # A red top-left corner shows where "up" went after turning the picture.
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = BytesIO()
    image.save(buffer, format=image_format, exif=exif.tobytes())
    return ContentFile(buffer.getvalue(), name=f"photos/holiday.{image_format.lower()}")


def opened(file: ContentFile[bytes]) -> Image.Image:
    file.seek(0)
    image = Image.open(file)
    image.load()
    return image


def test_large_jpeg_is_shrunk_to_the_width_keeping_its_shape():
    fitted = image_fit(picture((3000, 2000)), max_width=1600)
    image = opened(fitted)
    assert (image.format, image.size) == ("JPEG", (1600, 1067))
    assert fitted.name == "holiday.jpeg"


def test_png_stays_png():
    image = opened(image_fit(picture((2400, 600), "PNG"), max_width=1600))
    assert (image.format, image.size) == ("PNG", (1600, 400))


def test_box_limits_height_too():
    image = opened(image_fit(picture((900, 1800)), max_width=600, max_height=600))
    assert image.size == (300, 600)


def test_small_picture_without_metadata_is_returned_untouched():
    source = picture((800, 600), "PNG")
    assert image_fit(source, max_width=1600) is source


def test_sideways_photo_is_turned_upright_and_loses_its_exif():
    # Orientation 6: the camera held on its side; viewers must turn it 90° clockwise.
    image = opened(image_fit(picture((2000, 1000), orientation=6), max_width=1600))
    assert image.size == (1000, 2000)
    assert dict(image.getexif()) == {}
    # After turning clockwise the red corner sits top-right.
    assert image.getpixel((990, 10))[0] > 240
    assert image.getpixel((10, 10))[1] > 100


def test_metadata_is_stripped_even_when_no_resize_is_needed():
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (400, 300)).save(buffer, format="JPEG", exif=exif.tobytes())
    image = opened(
        image_fit(ContentFile(buffer.getvalue(), name="a.jpg"), max_width=1600)
    )
    assert (image.size, dict(image.getexif())) == ((400, 300), {})


def test_not_an_image_is_a_clear_error():
    with pytest.raises(
        ImageError, match=r"notes\.jpg is not an image that can be read"
    ):
        image_fit(ContentFile(b"just some text", name="notes.jpg"), max_width=1600)
