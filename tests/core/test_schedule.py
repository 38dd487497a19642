"""Daily jobs run once a local day, from their hour on, whichever process asks."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from porch.comments.models import Comment
from porch.core.management.server import Supervisor, schedule_tick
from porch.core.models import DailyJobRun
from porch.core.schedule import daily_jobs_enqueue_due
from porch.moderation.models import ModerationEvent
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

BEFORE_DAWN = datetime(2026, 3, 2, 2, 59, tzinfo=UTC)
PURGE_TIME = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def comment_jobs(settings):
    """The comments app's two jobs: these tests are about when jobs run, not which."""
    settings.DAILY_JOBS = {
        "spam_purge": ("porch.desk.tasks.spam_purge_daily", 3),
        "moderator_digest": ("porch.desk.tasks.moderator_digest_daily", 7),
    }


@pytest.fixture
def comments():
    """Spam from January (past the 30 days' retention) and newer, kinder comments."""
    with time_machine.travel("2026-01-10 12:00Z", tick=False):
        old_spam = CommentFactory(status=Comment.Status.SPAM, body="Cheap watches.")
        old_pending = CommentFactory(status=Comment.Status.PENDING)
        old_shown = CommentFactory(status=Comment.Status.APPROVED)
    with time_machine.travel("2026-02-20 12:00Z", tick=False):
        new_spam = CommentFactory(status=Comment.Status.SPAM)
    return {
        "old_spam": old_spam,
        "kept": {old_pending.pk, old_shown.pk, new_spam.pk},
    }


def remaining() -> set[int]:
    return set(Comment.objects.values_list("pk", flat=True))


def test_schedule_purges_only_spam_older_than_retention(comments):
    with time_machine.travel(PURGE_TIME, tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge"]

    assert remaining() == comments["kept"]
    purged = ModerationEvent.objects.get(comment_id=comments["old_spam"].pk)
    assert (purged.action, purged.text_snapshot) == ("purge", "Cheap watches.")


def test_nothing_runs_before_its_hour(comments):
    with time_machine.travel(BEFORE_DAWN, tick=False):
        assert daily_jobs_enqueue_due() == []

    assert remaining() == {comments["old_spam"].pk, *comments["kept"]}
    assert not DailyJobRun.objects.exists()


def test_each_job_runs_once_a_day_and_again_the_next(comments):
    with time_machine.travel(PURGE_TIME, tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge"]
    with time_machine.travel(PURGE_TIME.replace(hour=23), tick=False):
        assert daily_jobs_enqueue_due() == ["moderator_digest"]
        assert daily_jobs_enqueue_due() == []
    with time_machine.travel(PURGE_TIME.replace(day=3), tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge"]

    runs = DailyJobRun.objects.order_by("day", "job").values_list("job", "day")
    assert list(runs) == [
        ("moderator_digest", date(2026, 3, 2)),
        ("spam_purge", date(2026, 3, 2)),
        ("spam_purge", date(2026, 3, 3)),
    ]


def test_days_and_hours_are_the_sites_local_time(settings):
    settings.TIME_ZONE = "America/New_York"  # UTC-5 in early March
    with time_machine.travel("2026-03-02 07:30Z", tick=False):
        assert daily_jobs_enqueue_due() == []  # 02:30 in New York
    with time_machine.travel("2026-03-02 08:00Z", tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge"]
    with time_machine.travel("2026-03-03 03:30Z", tick=False):
        # 22:30 on the 2nd in New York: the digest is due, the purge already ran.
        assert daily_jobs_enqueue_due() == ["moderator_digest"]

    assert set(DailyJobRun.objects.values_list("day", flat=True)) == {date(2026, 3, 2)}


def test_the_database_refuses_a_second_claim_of_the_same_day():
    DailyJobRun.objects.create(job="spam_purge", day=date(2026, 3, 2))

    with pytest.raises(IntegrityError), transaction.atomic():
        DailyJobRun.objects.create(job="spam_purge", day=date(2026, 3, 2))

    assert DailyJobRun.objects.count() == 1


def test_a_day_claimed_by_another_process_is_not_run_here(comments):
    DailyJobRun.objects.create(job="spam_purge", day=date(2026, 3, 2))

    with time_machine.travel(PURGE_TIME, tick=False):
        assert daily_jobs_enqueue_due() == []

    assert comments["old_spam"].pk in remaining()


def test_a_job_that_cannot_be_loaded_is_skipped_and_left_unclaimed(
    settings, comments, caplog
):
    settings.DAILY_JOBS = {
        "broken": ("porch.desk.tasks.no_such_task", 0),
        "spam_purge": ("porch.desk.tasks.spam_purge_daily", 3),
    }
    with time_machine.travel(PURGE_TIME, tick=False):
        assert daily_jobs_enqueue_due() == ["spam_purge"]

    assert list(DailyJobRun.objects.values_list("job", flat=True)) == ["spam_purge"]
    assert remaining() == comments["kept"]
    assert "daily job broken: cannot import" in caplog.text


def test_old_claims_are_forgotten_after_ninety_days():
    DailyJobRun.objects.create(job="spam_purge", day=date(2025, 12, 1))
    DailyJobRun.objects.create(job="spam_purge", day=date(2025, 12, 3))

    with time_machine.travel(PURGE_TIME, tick=False):
        daily_jobs_enqueue_due()

    days = DailyJobRun.objects.order_by("day").values_list("day", flat=True)
    assert list(days) == [date(2025, 12, 3), date(2026, 3, 2)]


# transaction=True: the jobs are committed to the real task table, as in production,
# and the worker picks them up from there.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_serve_enqueues_due_jobs_for_the_worker_once(comments):
    with time_machine.travel(PURGE_TIME, tick=False):
        schedule_tick()
        schedule_tick()  # a second app process, or the next hour

    waiting = DBTaskResult.objects.filter(status="READY")
    assert list(waiting.values_list("task_path", flat=True)) == [
        "porch.desk.tasks.spam_purge_daily"
    ]
    assert comments["old_spam"].pk in remaining()

    with time_machine.travel(PURGE_TIME.replace(minute=31), tick=False):
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
        )

    assert remaining() == comments["kept"]
    assert list(DBTaskResult.objects.values_list("status", "return_value")) == [
        ("SUCCESSFUL", 1)
    ]


def test_only_a_supervisor_with_a_worker_schedules_jobs():
    web = ["true"]
    assert Supervisor(web=web, worker=["true"]).schedule is schedule_tick
    assert Supervisor(web=web, worker=None).schedule is None
