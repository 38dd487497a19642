"""What readers get: responsive images in posts, the default share image, the cache."""

from __future__ import annotations

import pytest
from django.test import Client

from porch.core.page_cache.generation import generation_current
from porch.core.sanitize import render_post_markdown
from porch.media.services import image_default_share_set, image_store
from tests.factories import PostFactory
from tests.media.pictures import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored(width: int = 2000, height: int = 1000, alt: str = "The harbour"):
    return image_store(file=photo(width, height), name="harbour.jpg", size=1, alt=alt)


def test_a_post_shows_an_uploaded_image_with_srcset_size_and_lazy_loading():
    image = stored()
    post = PostFactory(body=f"Dawn.\n\n{image.markdown}")
    html = Client().get(post.get_absolute_url()).content.decode()
    stem = image.url.rsplit(".", 2)[0]
    assert (
        f'<img src="{image.url}" alt="The harbour" width="2000" height="1000" '
        f'srcset="{stem}.480w.jpg 480w, {stem}.960w.jpg 960w, {stem}.1600w.jpg 1600w, '
        f'{image.url} 2000w" sizes="(min-width: 44rem) 40rem, 100vw" '
        'loading="lazy" decoding="async">'
    ) in html


def test_an_image_from_elsewhere_gets_no_srcset_and_a_forged_one_is_dropped():
    html = render_post_markdown(
        "![Elsewhere](https://example.org/a.jpg)\n\n"
        '<img src="/media/x.jpg" srcset="https://example.org/track.jpg 2x" alt="x">'
    )
    assert html == (
        '<p><img src="https://example.org/a.jpg" alt="Elsewhere" loading="lazy" '
        'decoding="async"></p>\n<img src="/media/x.jpg" alt="x">'
    )


def test_posts_without_a_featured_image_share_the_default_image():
    image = stored(1200, 630, alt="The porch at sunset")
    post = PostFactory()
    before = Client().get(post.get_absolute_url()).content.decode()
    assert 'property="og:image"' not in before
    image_default_share_set(image=image)
    html = Client().get(post.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="http://testserver{image.url}">' in html
    assert '<meta property="og:image:alt" content="The porch at sunset">' in html


def test_uploading_changes_no_cached_page_but_a_new_default_does():
    generation = generation_current()
    image = stored()
    assert generation_current() == generation
    image_default_share_set(image=image)
    assert generation_current() != generation
