"""Every write to the media library: storing an upload, deleting, the share image.

Storing touches no page: a post shows an image only once its Markdown names it, and
saving that post ends the cached pages. The default share image is on every post
page without a featured image, so changing it ends them too.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from porch.core.errors import PorchError
from porch.core.image_uploads import ImageRefusedError, PreparedImage, image_prepare
from porch.core.page_cache import page_cache_invalidate
from porch.core.responsive import IMAGE_FOLDER, stored_image_name
from porch.media.models import Image
from porch.media.selectors import image_uses

STEM_LENGTH = 40


class ImageInUseError(PorchError):
    """An image a post still shows cannot be deleted; the message names the posts."""


def image_store(
    *,
    file: IO[bytes],
    name: str,
    size: int,
    alt: str,
    uploaded_by: AbstractBaseUser | None = None,
    source_key: str = "",
    now: datetime | None = None,
) -> Image:
    """Check, prepare and store one picture with its description; return its record.

    ``name`` is the file's name as uploaded (it becomes part of the stored name),
    ``size`` its length in bytes. The record's ``url`` and ``markdown`` are what a
    post uses; storing changes no page until a post's Markdown names the ``url``.
    Raises ``ImageRefusedError`` with a message for the writer when the description
    is empty or the file is not a picture Porch stores; nothing is written then.

    Importers pass ``source_key`` (say ``"wordpress:2013/05/porch.jpg"``): when an
    image with that key is already stored, it is returned and nothing is written, so
    a second import adds nothing. Files written inside a transaction that later
    rolls back (a ``--dry-run``) stay in the media folder, unreferenced.
    """
    if source_key:
        found = Image.objects.filter(source_key=source_key).first()
        if found is not None:
            return found
    alt = " ".join(alt.split())
    if not alt:
        raise ImageRefusedError(
            f"Describe {name} first: the description (alt text) is what readers "
            "who cannot see the picture read instead."
        )
    prepared = image_prepare(file, name=name, size=size)
    return image_store_prepared(
        prepared=prepared,
        name=name,
        alt=alt,
        uploaded_by=uploaded_by,
        source_key=source_key,
        now=now,
    )


def image_store_prepared(
    *,
    prepared: PreparedImage,
    name: str,
    alt: str,
    uploaded_by: AbstractBaseUser | None = None,
    source_key: str = "",
    now: datetime | None = None,
) -> Image:
    """Store a picture ``image_prepare`` already checked (see ``image_store``)."""
    stored_name = _free_name(prepared, name, now or timezone.now())
    written = [default_storage.save(stored_name, ContentFile(prepared.content))]
    try:
        stem = stored_name.rsplit(".", 2)[0]
        for width, content in prepared.copies.items():
            copy_name = f"{stem}.{width}w.{prepared.extension}"
            written.append(default_storage.save(copy_name, ContentFile(content)))
        with transaction.atomic():
            return Image.objects.create(
                file=stored_name,
                alt=alt[:300],
                original_name=name[:255],
                width=prepared.width,
                height=prepared.height,
                image_format=prepared.image_format,
                size=len(prepared.content),
                uploaded_by_id=uploaded_by.pk if uploaded_by else None,
                source_key=source_key,
            )
    except BaseException:
        for path in written:
            default_storage.delete(path)
        raise


def image_delete(*, image: Image) -> None:
    """Delete an image no post uses, with its copies (after the commit).

    Raises ``ImageInUseError`` naming the posts that still show it.
    """
    uses = image_uses(image=image)
    if uses:
        titles = ", ".join(f"“{use.title}”" for use in uses)
        raise ImageInUseError(
            f"“{image.alt}” is used in {titles}; remove it from "
            f"{'that post' if len(uses) == 1 else 'those posts'} first."
        )
    stored = image.stored
    names = stored.all_names if stored else [str(image.file.name)]
    was_shared = image.is_default_share_image

    def files_delete() -> None:
        for stored_name in names:
            default_storage.delete(stored_name)

    with transaction.atomic():
        image.delete()
        transaction.on_commit(files_delete)
        if was_shared:
            page_cache_invalidate("the default share image was deleted")


@transaction.atomic
def image_default_share_set(*, image: Image | None) -> None:
    """Make ``image`` the default ``og:image`` of posts without one (None: none)."""
    Image.objects.filter(is_default_share_image=True).update(
        is_default_share_image=False
    )
    if image is not None:
        Image.objects.filter(pk=image.pk).update(is_default_share_image=True)
        image.is_default_share_image = True
    page_cache_invalidate("the default share image changed")


def _free_name(prepared: PreparedImage, name: str, now: datetime) -> str:
    folder = f"{IMAGE_FOLDER}/{now:%Y}/{now:%m}"
    base = slugify(name.rsplit(".", 1)[0])[:STEM_LENGTH].strip("-_") or "image"
    while True:
        # The token keeps two uploads of "photo.jpg" apart and the address unguessable.
        stem = f"{base}-{secrets.token_hex(3)}".lower()
        stored_name = stored_image_name(
            folder=folder,
            stem=stem,
            width=prepared.width,
            height=prepared.height,
            ext=prepared.extension,
        )
        if not default_storage.exists(stored_name):
            return stored_name
