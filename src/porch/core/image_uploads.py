"""An uploaded picture checked and made ready to store: upright, stripped, in sizes.

Only real JPEG, PNG, WebP and GIF files pass, read by Pillow rather than trusted by
their name. The size in bytes and in pixels is checked before any pixel is decoded,
so a small file that would unpack to gigabytes (a "decompression bomb") is refused
from its header. Camera photos are turned upright from their EXIF orientation and
lose every metadata block (EXIF with its GPS position, XMP, comments); the colour
profile stays, since it changes how the picture looks.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from PIL import Image, ImageOps, UnidentifiedImageError

from porch.core.errors import PorchError
from porch.core.responsive import EXTENSIONS, RESPONSIVE_WIDTHS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_SIDE_PIXELS = 12_000
MAX_MEGAPIXELS = 40
# The largest copy a page asks for is 1600 px; the stored original keeps a margin
# for high-density screens without keeping a camera's full 6000 px.
STORED_MAX_WIDTH = 2400
_UNBOUNDED = 100_000
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82},
}


class ImageRefusedError(PorchError):
    """The upload is not a picture Porch stores; the message tells the writer why."""


@dataclass(frozen=True)
class PreparedImage:
    """What to store: the upright, stripped picture and its narrower copies."""

    image_format: str
    width: int
    height: int
    content: bytes
    copies: dict[int, bytes] = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.image_format]


def image_prepare(source: IO[bytes], *, name: str, size: int) -> PreparedImage:
    """Check ``source`` (``size`` bytes, uploaded as ``name``) and make it ready.

    Raises ``ImageRefusedError`` naming the file and the limit it broke: too large,
    not an image, a kind other than JPEG/PNG/WebP/GIF, too many pixels, or damaged.
    GIFs are kept byte for byte (a resize would drop an animation's frames).
    """
    if size > MAX_UPLOAD_BYTES:
        raise ImageRefusedError(
            f"{name} is {size / 1024 / 1024:.1f} MB; pictures may be at most "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    source.seek(0)
    with warnings.catch_warnings():
        # Pillow warns from 89 megapixels and refuses from twice that in ``open``;
        # our own limit is lower and checked from the header, with the measured size.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                _check_kind_and_size(image, name)
                if image.format == "GIF":
                    image.load()
                    source.seek(0)
                    return PreparedImage(
                        "GIF", image.width, image.height, source.read()
                    )
                return _upright_and_sized(image)
        except UnidentifiedImageError as error:
            raise ImageRefusedError(
                f"{name} is not a picture Porch can read; upload a JPEG, PNG, WebP "
                "or GIF file."
            ) from error
        except Image.DecompressionBombError as error:
            raise _too_many_pixels(name) from error
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageRefusedError(
                f"{name} could not be read: the file is damaged or cut short."
            ) from error


def _check_kind_and_size(image: Image.Image, name: str) -> None:
    if image.format not in EXTENSIONS:
        raise ImageRefusedError(
            f"{name} is a {image.format} file; upload a JPEG, PNG, WebP or GIF."
        )
    width, height = image.size
    if width > MAX_SIDE_PIXELS or height > MAX_SIDE_PIXELS:
        raise ImageRefusedError(
            f"{name} is {width} by {height} pixels; a side may be at most "
            f"{MAX_SIDE_PIXELS:,} pixels."
        )
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        raise _too_many_pixels(name, width, height)


def _too_many_pixels(name: str, width: int = 0, height: int = 0) -> ImageRefusedError:
    measured = f" ({width * height / 1_000_000:.0f} megapixels)" if width else ""
    return ImageRefusedError(
        f"{name} has too many pixels{measured}; pictures may have at most "
        f"{MAX_MEGAPIXELS} megapixels."
    )


def _upright_and_sized(image: Image.Image) -> PreparedImage:
    image_format = str(image.format)
    icc_profile = image.info.get("icc_profile")
    image.load()
    upright = ImageOps.exif_transpose(image)
    # Everything Pillow would carry over (EXIF, XMP, comments) goes; see the docstring.
    upright.info = {}
    upright.thumbnail((STORED_MAX_WIDTH, _UNBOUNDED), Image.Resampling.LANCZOS)
    copies = {}
    for width in RESPONSIVE_WIDTHS:
        if width < upright.width:
            copy = upright.copy()
            copy.thumbnail((width, _UNBOUNDED), Image.Resampling.LANCZOS)
            copies[width] = _encoded(copy, image_format, icc_profile)
    return PreparedImage(
        image_format=image_format,
        width=upright.width,
        height=upright.height,
        content=_encoded(upright, image_format, icc_profile),
        copies=copies,
    )


def _encoded(image: Image.Image, image_format: str, icc_profile: bytes | None) -> bytes:
    options = dict(_SAVE_OPTIONS.get(image_format, {}))
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = BytesIO()
    image.save(buffer, format=image_format, exif=b"", **options)
    return buffer.getvalue()
