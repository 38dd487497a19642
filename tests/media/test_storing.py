"""Storing an upload: what passes, what is refused and what the stored files hold."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from porch.core.image_uploads import ImageRefusedError
from porch.core.sanitize import render_post_markdown
from porch.media.models import Image
from porch.media.services import image_store
from tests.media.pictures import GPS_IFD, bomb, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def store(upload: SimpleUploadedFile, alt: str = "The harbour at dawn") -> Image:
    return image_store(file=upload, name=upload.name, size=upload.size, alt=alt)


def test_a_photo_is_stored_with_copies_at_each_narrower_width(media_root):
    image = store(photo(2000, 1000))
    stored = image.stored
    assert stored is not None
    assert (image.width, image.height, image.image_format) == (2000, 1000, "JPEG")
    widths = {
        name: PillowImage.open(media_root / name).size for name in stored.all_names
    }
    assert sorted(widths.values()) == [
        (480, 240),
        (960, 480),
        (1600, 800),
        (2000, 1000),
    ]
    assert image.url.startswith("/media/images/")
    assert image.markdown == f"![The harbour at dawn]({image.url})"


def test_a_small_picture_is_never_enlarged(media_root):
    image = store(photo(700, 400, name="small.png", image_format="PNG"))
    assert image.stored is not None
    assert image.stored.copy_widths == [480]
    assert sorted(p.name.split(".")[-2] for p in media_root.rglob("*.png")) == [
        "480w",
        "700x400",
    ]


def test_a_camera_photo_is_stored_upright_without_its_gps_position(media_root):
    image = store(photo(1200, 800, sideways=True))
    with PillowImage.open(media_root / image.file.name) as stored:
        exif = stored.getexif()
        assert stored.size == (800, 1200)
        assert GPS_IFD not in exif
        assert exif.get_ifd(GPS_IFD) == {}
        assert len(exif) == 0
        # Turned clockwise: the red left half is now on top.
        assert stored.convert("RGB").getpixel((400, 100)) == pytest.approx(
            (200, 30, 30), abs=12
        )
    assert (image.width, image.height) == (800, 1200)


def test_a_huge_photo_is_kept_at_2400_pixels_wide(media_root):
    image = store(photo(4000, 1000))
    assert (image.width, image.height) == (2400, 600)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.jpg", b"Dear diary, today I " * 50),
            "notes.jpg is not a picture Porch can read; upload a JPEG, PNG, WebP "
            "or GIF file.",
        ),
        (
            bomb(),
            "tiny.png has too many pixels (100 megapixels); pictures may have at "
            "most 40 megapixels.",
        ),
    ],
)
def test_what_is_not_a_picture_we_store_is_refused_with_the_reason(
    media_root, upload, message
):
    with pytest.raises(ImageRefusedError) as refused:
        store(upload)
    assert str(refused.value) == message
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_a_file_over_20_mb_is_refused_before_it_is_read(media_root):
    upload = photo(100, 100)
    with pytest.raises(ImageRefusedError) as refused:
        image_store(file=upload, name="big.jpg", size=21 * 1024 * 1024, alt="Big")
    assert str(refused.value) == "big.jpg is 21.0 MB; pictures may be at most 20 MB."
    assert not Image.objects.exists()


def test_a_picture_without_a_description_is_refused(media_root):
    with pytest.raises(ImageRefusedError) as refused:
        store(photo(), alt="   ")
    assert str(refused.value).startswith("Describe harbour.jpg first")
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_a_tiff_is_refused_by_its_kind(media_root):
    upload = photo(50, 50, name="scan.tif", image_format="TIFF")
    with pytest.raises(ImageRefusedError) as refused:
        store(upload)
    assert (
        str(refused.value)
        == "scan.tif is a TIFF file; upload a JPEG, PNG, WebP or GIF."
    )


def test_a_webp_gets_copies_in_its_own_format(media_root):
    image = store(photo(1000, 500, name="boats.webp", image_format="WEBP"))
    assert image.image_format == "WEBP"
    names = sorted(p.name.split(".", 1)[1] for p in media_root.rglob("*.*"))
    assert names == ["1000x500.webp", "480w.webp", "960w.webp"]


def test_an_animated_gif_is_kept_byte_for_byte_without_copies(media_root):
    frames = [PillowImage.new("P", (800, 600), colour) for colour in (1, 2, 3)]
    buffer = BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    upload = SimpleUploadedFile("wave.gif", buffer.getvalue())
    image = store(upload)
    stored = media_root / image.file.name
    assert stored.read_bytes() == buffer.getvalue()
    assert [p.name for p in media_root.rglob("*.gif")] == [stored.name]
    with PillowImage.open(stored) as reopened:
        assert reopened.n_frames == 3


def test_an_import_storing_the_same_file_twice_gets_the_first_record(media_root):
    first = image_store(
        file=photo(), name="porch.jpg", size=1, alt="Porch", source_key="wp:porch.jpg"
    )
    again = image_store(
        file=photo(), name="porch.jpg", size=1, alt="Porch", source_key="wp:porch.jpg"
    )
    assert again.pk == first.pk
    assert Image.objects.count() == 1
    assert len(list(media_root.rglob("*.jpg"))) == 4


def test_brackets_in_a_description_survive_the_markdown(media_root):
    image = store(photo(), alt="A [draft] sketch")
    assert image.markdown == f"![A \\[draft\\] sketch]({image.url})"
    assert 'alt="A [draft] sketch"' in render_post_markdown(image.markdown)
