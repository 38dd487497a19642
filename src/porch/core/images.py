"""Uploaded pictures made fit for a page: upright, no larger than needed, no metadata.

Cameras store a photo sideways plus an EXIF "orientation" flag; browsers disagree on
honouring it, so the pixels are turned upright once, here. The rest of the EXIF block
goes too: it can hold where and when a photo was taken, which no upload should leak.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps, UnidentifiedImageError

from porch.core.errors import PorchError

UNBOUNDED = 100_000
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}


class ImageError(PorchError):
    """An upload is not a picture Pillow can read."""


def image_fit(
    source: File[Any], *, max_width: int, max_height: int | None = None
) -> File[Any]:
    """``source`` turned upright and shrunk to fit the box, in its own format.

    Keeps the aspect ratio and never enlarges. Returns ``source`` itself when there is
    nothing to do (small enough, no EXIF); animated images are kept as they are, since
    re-encoding would keep only their first frame. Raises ``ImageError`` when the file
    is not a readable image.
    """
    source.seek(0)
    try:
        with Image.open(source) as image:
            image_format = image.format or "PNG"
            box = (max_width, max_height or UNBOUNDED)
            if getattr(image, "is_animated", False) or not _needs_work(image, box):
                source.seek(0)
                return source
            icc_profile = image.info.get("icc_profile")
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail(box, Image.Resampling.LANCZOS)
            buffer = BytesIO()
            options = dict(_SAVE_OPTIONS.get(image_format, {}))
            if icc_profile:
                options["icc_profile"] = icc_profile
            upright.save(buffer, format=image_format, exif=b"", **options)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        raise ImageError(f"{_name(source)} is not an image that can be read") from error
    return ContentFile(buffer.getvalue(), name=_name(source))


def image_fit_upload(
    field_file: FieldFile, *, max_width: int, max_height: int | None = None
) -> None:
    """Fit a file just uploaded into an image field, before the model is saved.

    A file already in storage is left alone: it was fitted when it arrived.
    """
    if not field_file or getattr(field_file, "_committed", True):
        return
    fitted = image_fit(field_file.file, max_width=max_width, max_height=max_height)
    if fitted is not field_file.file:
        field_file.file = fitted


def _needs_work(image: Image.Image, box: tuple[int, int]) -> bool:
    too_big = image.width > box[0] or image.height > box[1]
    return too_big or bool(image.getexif())


def _name(source: File[Any]) -> str:
    return PurePath(source.name or "image").name
