"""Daily background jobs without cron: ``porch serve`` asks every hour which are due.

``settings.DAILY_JOBS`` names each job's task (a django-tasks task, by dotted
path) and the local hour from which it is due. A job runs once per local calendar
day: enqueueing it first inserts a (job, day) row that the database keeps unique, so
when several app processes share one database only the first to claim the day
enqueues the job; the others get an integrity error and move on. The row and the
queued task are written in one transaction, so a crash leaves neither. A job that
fails in the worker waits for the next day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from porch.core.models import DailyJobRun

# Claims older than this are only history; deleting them keeps the table tiny.
KEEP_RUNS_FOR = timedelta(days=90)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    """A task enqueued once a day, from ``hour`` (0-23, local time) on."""

    name: str
    task_path: str
    hour: int

    def is_due(self, *, now: datetime) -> bool:
        return timezone.localtime(now).hour >= self.hour


def daily_jobs() -> list[DailyJob]:
    """The configured jobs, in the order ``settings.DAILY_JOBS`` lists them."""
    return [
        DailyJob(name=name, task_path=path, hour=hour)
        for name, (path, hour) in settings.DAILY_JOBS.items()
    ]


def daily_job_claim(*, job: DailyJob, day: date) -> bool:
    """Claim ``job`` for ``day`` and enqueue its task; False if already claimed.

    The claim and the enqueued task commit together (the task queue lives in the
    same database), so a task is never lost to a claim, nor queued twice.
    """
    if DailyJobRun.objects.filter(job=job.name, day=day).exists():
        return False  # the usual case; spares the database a failed insert
    try:
        with transaction.atomic():
            DailyJobRun.objects.create(job=job.name, day=day)
            import_string(job.task_path).enqueue()
    except IntegrityError:
        return False  # another process claimed it between our check and insert
    return True


def daily_jobs_enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every daily job that is due and not yet run today; return their names.

    Safe to call from any number of processes, as often as liked: each job is
    enqueued at most once per local day. A job whose task cannot be imported is
    logged and skipped, so one bad entry never stops the others.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    enqueued = []
    for job in daily_jobs():
        if not job.is_due(now=now):
            continue
        try:
            claimed = daily_job_claim(job=job, day=day)
        except ImportError:
            log.exception("daily job %s: cannot import %s", job.name, job.task_path)
            continue
        if claimed:
            enqueued.append(job.name)
    if enqueued:
        log.info("enqueued daily jobs: %s", ", ".join(enqueued))
        DailyJobRun.objects.filter(day__lt=day - KEEP_RUNS_FOR).delete()
    return enqueued
