"""Pages behind the links in notification emails: confirm and unsubscribe.

Both links carry a signed token. Following a link (GET) only shows a page with a
button, because mail scanners open links by themselves; the button's POST acts.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from porch.comments.cookies import proof_cookie_add
from porch.comments.notifications import (
    SubscriptionLinkExpiredError,
    subscription_confirm,
    subscription_for_confirm_link,
    subscription_for_unsubscribe_link,
    subscription_unsubscribe,
)


@require_http_methods(["GET", "POST"])
def subscription_confirm_view(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        link = subscription_for_confirm_link(signed=signed)
    except SubscriptionLinkExpiredError:
        return render(request, "comments/subscription_expired.html", status=410)
    context = {
        "post": link.subscription.post,
        "kinds": [sub.get_kind_display() for sub in link.pending],
    }
    if request.method == "POST":
        subscription_confirm(link=link)
        response = render(request, "comments/subscription_confirmed.html", context)
        # This browser followed the emailed link: its owner is who the address is.
        proof_cookie_add(request, response, email=link.subscription.email)
        return response
    return render(request, "comments/subscription_confirm.html", context)


# Mail providers send RFC 8058's one-click POST (List-Unsubscribe=One-Click) with no
# cookie and no CSRF token. The signed token in the address is what authorises it,
# and a forged request could only do what the owner of the link asked for anyway.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscription_unsubscribe_view(request: HttpRequest, signed: str) -> HttpResponse:
    sub = subscription_for_unsubscribe_link(signed=signed)
    context = {"post": sub.post, "kind": sub.get_kind_display()}
    if request.method == "POST":
        subscription_unsubscribe(subscription=sub)
        return render(request, "comments/subscription_unsubscribed.html", context)
    return render(request, "comments/subscription_unsubscribe.html", context)
