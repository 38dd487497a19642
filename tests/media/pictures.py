"""Pictures made on the spot for the media tests: real files Pillow wrote."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(
    width: int = 2000,
    height: int = 1000,
    *,
    name: str = "harbour.jpg",
    image_format: str = "JPEG",
    sideways: bool = False,
) -> SimpleUploadedFile:
    """A picture with a GPS position in its EXIF; ``sideways`` sets orientation 6.

    The left half is red and the right half blue, so a test can see which way up
    the stored picture is.
    """
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 12.0), 3: "E", 4: (4.0, 53.0, 30.0)}
    if sideways:
        exif[ORIENTATION] = 6  # "turn 90° clockwise to view"
    buffer = BytesIO()
    image.save(buffer, format=image_format, exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def bomb() -> SimpleUploadedFile:
    """A PNG of a few kilobytes that would unpack to 10,000 by 10,000 pixels."""
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    return SimpleUploadedFile("tiny.png", buffer.getvalue(), content_type="image/png")
