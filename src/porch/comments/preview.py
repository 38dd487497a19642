"""A comment as it will look, before it is posted: the form's "Preview" button.

The text goes through the very renderer and sanitiser a posted comment does
(``porch.core.sanitize.render_comment_markdown``), so what the reader sees is what
the page will show. Nothing is stored; the attempts are counted per address, since
rendering costs a little and the endpoint is open to anyone.
"""

from __future__ import annotations

from porch.comments.services import CommentRateLimitedError
from porch.core.rate_limits import ip_source, rate_limit_hit, wait_in_words
from porch.core.sanitize import render_comment_markdown

# (previews, seconds): far more than a person pressing the button while writing.
PREVIEW_LIMITS = ((20, 60), (200, 3600))


def comment_preview(*, body: str, ip: str) -> str:
    """The HTML ``body`` will show as on the page, sanitised like a posted comment.

    Counts one preview from ``ip`` first; past ``PREVIEW_LIMITS`` raises
    ``CommentRateLimitedError`` with the seconds to wait.
    """
    hit = rate_limit_hit(
        scope="comment-preview", sources=[ip_source(ip)], limits=PREVIEW_LIMITS
    )
    if hit is not None:
        raise CommentRateLimitedError(
            "Too many previews in a short time. Please wait "
            f"{wait_in_words(hit.retry_after)} and try again.",
            retry_after=hit.retry_after,
        )
    return render_comment_markdown(body)
