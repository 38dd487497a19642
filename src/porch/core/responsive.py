"""Where uploaded images live and how a page asks for the right size of one.

An upload is stored once upright and stripped, plus one narrower copy per width in
``RESPONSIVE_WIDTHS`` below its own. The stored name carries the picture's size
(``images/2026/12/sunset-k3j9x2.2400x1600.jpg``, copies ``…k3j9x2.960w.jpg``), so the
Markdown renderer can write ``srcset``, ``width`` and ``height`` from the address alone:
no query while rendering, and an address that does not match is left as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

IMAGE_FOLDER = "images"
RESPONSIVE_WIDTHS = (480, 960, 1600)
# The post column is 40rem wide (``--measure`` in porch.css) and full width below.
POST_IMAGE_SIZES = "(min-width: 44rem) 40rem, 100vw"
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_STORED = re.compile(
    rf"^{IMAGE_FOLDER}/\d{{4}}/\d{{2}}/(?P<stem>[a-z0-9][a-z0-9_-]*)"
    r"\.(?P<width>[1-9]\d{0,4})x(?P<height>[1-9]\d{0,4})\.(?P<ext>jpg|png|webp|gif)$"
)


@dataclass(frozen=True)
class StoredImage:
    """An upload's stored name, read back: its size and its narrower copies."""

    name: str
    width: int
    height: int
    extension: str

    @property
    def copy_widths(self) -> list[int]:
        # An animated GIF would lose its frames in a resize, so GIFs get no copies.
        if self.extension == "gif":
            return []
        return [width for width in RESPONSIVE_WIDTHS if width < self.width]

    def copy_name(self, width: int) -> str:
        path = PurePosixPath(self.name)
        base = path.name.split(".")[0]
        return str(path.with_name(f"{base}.{width}w.{self.extension}"))

    @property
    def all_names(self) -> list[str]:
        return [self.name, *(self.copy_name(width) for width in self.copy_widths)]


def stored_image_name(
    *, folder: str, stem: str, width: int, height: int, ext: str
) -> str:
    """The name an upload of this size is stored under (see the module docstring)."""
    return f"{folder}/{stem}.{width}x{height}.{ext}"


def stored_image_from_name(name: str) -> StoredImage | None:
    """The stored image a media-folder name stands for, or None if it is not one."""
    match = _STORED.match(name)
    if not match:
        return None
    return StoredImage(
        name=name,
        width=int(match["width"]),
        height=int(match["height"]),
        extension=match["ext"],
    )


def stored_image_from_url(src: str) -> StoredImage | None:
    """The stored image an ``<img src>`` points at, or None for any other address.

    Only a path under ``MEDIA_URL`` counts (or the site's own absolute URL to it), so
    an image on another server never gets a ``srcset`` made up for it.
    """
    for prefix in (settings.MEDIA_URL, f"{settings.SITE_URL}{settings.MEDIA_URL}"):
        if src.startswith(prefix):
            return stored_image_from_name(src.removeprefix(prefix))
    return None


def responsive_attributes(src: str) -> dict[str, str]:
    """``width``, ``height`` and, when there are copies, ``srcset`` and ``sizes``."""
    stored = stored_image_from_url(src)
    if stored is None:
        return {}
    attributes = {"width": str(stored.width), "height": str(stored.height)}
    if stored.copy_widths:
        candidates = [
            f"{settings.MEDIA_URL}{stored.copy_name(width)} {width}w"
            for width in stored.copy_widths
        ]
        candidates.append(f"{settings.MEDIA_URL}{stored.name} {stored.width}w")
        attributes["srcset"] = ", ".join(candidates)
        attributes["sizes"] = POST_IMAGE_SIZES
    return attributes


def srcset_is_ours(srcset: str) -> bool:
    """True when every candidate in ``srcset`` is one of our stored images' files."""
    media_url = settings.MEDIA_URL
    for candidate in srcset.split(","):
        url = candidate.strip().split(" ")[0]
        name = url.removeprefix(media_url)
        if not url.startswith(media_url) or not _is_stored_file(name):
            return False
    return True


def _is_stored_file(name: str) -> bool:
    if stored_image_from_name(name):
        return True
    base, _sep, rest = name.rpartition("/")
    parts = rest.split(".")
    if len(parts) != 3 or not parts[1].endswith("w"):
        return False
    return bool(_STORED.match(f"{base}/{parts[0]}.1x1.{parts[2]}"))
