"""The desk's pages: parse the request, call a moderation service, then render.

Every state change is a POST with Django's CSRF token, checked per comment on the
server: the page only offers what the moderator may do, the view enforces it.
A request asking for JSON (the desk's script) gets a small answer instead of a
redirect, so a keyboard action needs no page reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from porch.blog.access import user_may_moderate, user_moderates_every_post
from porch.comments.models import Comment
from porch.comments.services import CommentRejectedError
from porch.core.client_ip import client_ip
from porch.core.input_checks import control_character_in, id_from_text
from porch.desk.audit import (
    AUTOMATIC,
    LogFilters,
    events_csv_lines,
    log_actors,
    moderation_events,
    moderation_events_page,
)
from porch.desk.errors import ModerationRefusedError
from porch.desk.forms import (
    ACTION_CHOICES,
    DESK_DECISIONS,
    SPAM_VIEW_ACTION_CHOICES,
    ActionForm,
    BlockForm,
    BulkActionForm,
    CommentBodyForm,
    LogFilterForm,
    QueueFilterForm,
)
from porch.desk.learning import learning_page_get
from porch.desk.selectors import (
    QueueFilters,
    held_count,
    held_posts,
    held_queue_page,
    moderates_anything,
)
from porch.desk.services.blocks import commenter_block
from porch.desk.services.comments import (
    comment_edit_by_moderator,
    comment_moderate,
    comment_reply_by_moderator,
    comments_moderate,
)
from porch.moderation.models import ModerationEvent

View = Callable[..., HttpResponseBase]


def moderator_required(view: View) -> View:
    """Log in first; then only people who may moderate some post get through.

    No answer is kept by a browser or proxy cache: each shows held comments.
    """

    @never_cache
    @login_required
    @wraps(view)
    def checked(
        request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponseBase:
        if not moderates_anything(request.user):
            raise PermissionDenied("You do not moderate any post.")
        return view(request, *args, **kwargs)

    return checked


def _moderator(request: HttpRequest) -> AbstractBaseUser:
    if not isinstance(request.user, AbstractBaseUser):
        raise PermissionDenied("Log in to moderate.")
    return request.user


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("accept", "") == "application/json"


def _next_url(request: HttpRequest) -> str:
    given = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # A control character would go out in the Location header.
    if allowed and given.startswith("/") and not control_character_in(given):
        return given
    return reverse("desk:queue")


def _done(request: HttpRequest, message: str, *, status: int = 200) -> HttpResponse:
    if _wants_json(request):
        body = {"message": message, "pending": held_count(user=request.user)}
        if status >= 400:
            body = {"error": message}
        return JsonResponse(body, status=status)
    if status >= 400:
        messages.error(request, message)
    else:
        messages.success(request, message)
    return HttpResponseRedirect(_next_url(request))


def _described(key: str, comments: Sequence[Comment]) -> str:
    done = DESK_DECISIONS[key].desk_done
    if len(comments) == 1:
        return f"{done}: the comment by {comments[0].author_name}."
    return f"{done}: {len(comments)} comments."


def _comment_for_moderator(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    if not user_may_moderate(request.user, comment.post):
        raise PermissionDenied("You may not moderate comments on this post.")
    return comment


@require_GET
@moderator_required
def desk_queue_view(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = QueueFilters(
        reason=data.get("reason") or "",
        post_id=data.get("post"),
        author=(data.get("author") or "").strip(),
        search=(data.get("q") or "").strip(),
        status=data.get("status") or "",
    )
    page = held_queue_page(
        user=request.user, filters=filters, page=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    spam_view = filters.is_spam_view
    context = {
        "desk_tab": "spam" if spam_view else "queue",
        "is_spam_view": spam_view,
        "query_string": query.urlencode(),
        "filter_form": form,
        "is_filtered": filters.is_filtered,
        "page_obj": page,
        "post_choices": held_posts(user=request.user),
        "action_choices": SPAM_VIEW_ACTION_CHOICES if spam_view else ACTION_CHOICES,
        "pending_count": held_count(user=request.user),
    }
    return render(request, "desk/queue.html", context)


@require_POST
@moderator_required
def desk_action_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for_moderator(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _done(
            request, "Choose approve, spam, offensive or off-topic.", status=400
        )
    key = form.cleaned_data["action"]
    action = DESK_DECISIONS[key].action
    try:
        comment_moderate(comment=comment, actor=_moderator(request), action=action)
    except ModerationRefusedError as error:
        return _done(request, str(error), status=403)
    return _done(request, _described(key, [comment]))


@require_POST
@moderator_required
def desk_bulk_view(request: HttpRequest) -> HttpResponse:
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _done(request, str(first), status=400)
    chosen = list(
        Comment.objects.filter(pk__in=form.cleaned_data["comments"]).select_related(
            "post"
        )
    )
    if len(chosen) != len(form.cleaned_data["comments"]) or not all(
        user_may_moderate(request.user, comment.post) for comment in chosen
    ):
        # All or nothing: one comment out of reach refuses the whole batch.
        raise PermissionDenied("Some of those comments are not yours to moderate.")
    key = form.cleaned_data["action"]
    action = DESK_DECISIONS[key].action
    try:
        comments_moderate(comments=chosen, actor=_moderator(request), action=action)
    except ModerationRefusedError as error:
        return _done(request, str(error), status=403)
    return _done(request, _described(key, chosen))


@require_POST
@moderator_required
def desk_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for_moderator(request, pk)
    form = CommentBodyForm(request.POST)
    if not form.is_valid():
        return _done(
            request, "A comment cannot be empty; nothing was changed.", status=400
        )
    approve = request.POST.get("approve") == "1"
    try:
        comment_edit_by_moderator(
            comment=comment,
            actor=_moderator(request),
            body=form.cleaned_data["body"],
            approve=approve,
        )
    except ModerationRefusedError as error:
        return _done(request, str(error), status=400)
    except ValidationError as error:
        return _done(request, " ".join(error.messages), status=400)
    done = "Edited and approved" if approve else "Edited"
    return _done(request, f"{done} the comment by {comment.author_name}.")


@require_POST
@moderator_required
def desk_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment_for_moderator(request, pk)
    form = CommentBodyForm(request.POST)
    if not form.is_valid():
        return _done(request, "Your reply was empty; nothing was sent.", status=400)
    try:
        comment_reply_by_moderator(
            comment=comment,
            actor=_moderator(request),
            body=form.cleaned_data["body"],
            ip=client_ip(request),
        )
    except CommentRejectedError as error:
        return _done(request, error.message, status=400)
    except ModerationRefusedError as error:
        return _done(request, str(error), status=403)
    return _done(request, f"Approved {comment.author_name}'s comment and replied.")


@require_http_methods(["GET", "POST"])
@moderator_required
def desk_block_view(request: HttpRequest) -> HttpResponse:
    """A block form; from a held comment it blocks that commenter's own details."""
    form = BlockForm(
        request.POST or None,
        initial={"comment": request.GET.get("comment")},
        email_only=not user_moderates_every_post(request.user),
    )
    source = _block_source(request)
    if request.method == "POST" and form.is_valid():
        try:
            _block(request, form, source)
        except ModerationRefusedError as error:  # about the block, not the value
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("value", " ".join(error.messages))
        else:
            messages.success(request, "Blocked. New comments that match go to spam.")
            return HttpResponseRedirect(reverse("desk:queue"))
    context = {
        "desk_tab": "block",
        "form": form,
        "source": source,
        "pending_count": held_count(user=request.user),
    }
    status = 400 if form.is_bound else 200
    return render(request, "desk/block_form.html", context, status=status)


def _block(request: HttpRequest, form: BlockForm, source: Comment | None) -> None:
    """Block the typed value or, with none typed, the commenter of ``source``."""
    days = int(form.cleaned_data["expires_in_days"])
    value = form.cleaned_data["value"].strip()
    commenter_block(
        actor=_moderator(request),
        kind=form.cleaned_data["kind"],
        value=value,
        comment=source if not value else None,
        reason=form.cleaned_data["note"],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )


def _block_source(request: HttpRequest) -> Comment | None:
    pk = id_from_text(request.POST.get("comment") or request.GET.get("comment"))
    return None if pk is None else _comment_for_moderator(request, pk)


def _log_filters(request: HttpRequest) -> tuple[LogFilterForm, LogFilters]:
    form = LogFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = LogFilters(
        action=data.get("action") or "",
        actor=(data.get("actor") or "").strip(),
        post_id=data.get("post"),
        since=data.get("since"),
        until=data.get("until"),
    )
    return form, filters


@require_GET
@moderator_required
def desk_log_view(request: HttpRequest) -> HttpResponse:
    form, filters = _log_filters(request)
    page = moderation_events_page(
        user=request.user, filters=filters, page=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "desk_tab": "log",
        "filter_form": form,
        "page_obj": page,
        "query_string": query.urlencode(),
        "action_choices": ModerationEvent.Action.choices,
        "actors": [AUTOMATIC, *log_actors(user=request.user)],
        "pending_count": held_count(user=request.user),
    }
    return render(request, "desk/log.html", context)


@require_GET
@moderator_required
def desk_log_csv_view(request: HttpRequest) -> StreamingHttpResponse:
    """The audit log as CSV, with the same filters as the page."""
    _form, filters = _log_filters(request)
    events = moderation_events(user=request.user, filters=filters)
    response = StreamingHttpResponse(
        events_csv_lines(events.iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="moderation-log.csv"'
    return response


@require_GET
@moderator_required
def desk_learning_view(request: HttpRequest) -> HttpResponse:
    """What the site's own model learned from the moderators' decisions."""
    context = {
        "desk_tab": "learning",
        "learning": learning_page_get(user=request.user),
        "pending_count": held_count(user=request.user),
    }
    return render(request, "desk/learning.html", context)
