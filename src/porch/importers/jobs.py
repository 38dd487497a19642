"""Imports started from the admin, as the worker runs them: the import, its report.

The admin and ``porch import`` run the very same import functions; only the way
progress is shown differs (a row the admin page reloads, or a bar on a terminal).
Queuing a job is ``services.import_job_submit``; the task in ``tasks`` calls
``import_job_run`` here.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from porch.importers.disqus.importer import disqus_import
from porch.importers.errors import ImportFileError
from porch.importers.isso.importer import isso_import
from porch.importers.models import ImportJob
from porch.importers.report import ImportReport
from porch.importers.wordpress.importer import wordpress_import
from porch.importers.wordpress.items import WxrError

# Job ids and error types only: a report line may be logged, a commenter never is.
logger = logging.getLogger(__name__)
# A running import shows a sign of life at least once per percent of the file.
STALE_AFTER = timedelta(minutes=10)
STALE_REPORT = (
    "Import stopped: no sign of progress for {minutes} minutes, so the background "
    "worker was probably stopped (a restart or a crash).\n\n"
    "{kept}Upload the file again to finish: the import skips what it already has."
)


class JobProgress:
    """Writes the percentage done to the job's row, once per whole percent."""

    def __init__(self, job: ImportJob, total: int) -> None:
        self.job, self.total, self.shown = job, max(total, 1), -1

    def __call__(self, done: int, report: ImportReport) -> None:
        percent = min(done * 100 // self.total, 99)
        if percent != self.shown:
            self.shown = percent
            now = timezone.now()
            ImportJob.objects.filter(pk=self.job.pk).update(
                progress=percent, summary=report.summary()[:500], updated_at=now
            )
            # A dry run's row updates stay in its rolled-back transaction, unseen:
            # the upload's modification time is a heartbeat every process sees.
            if self.job.file:
                os.utime(self.job.file.path, (now.timestamp(), now.timestamp()))


def import_job_run(*, job: ImportJob) -> ImportJob:
    """Run a queued import and store its report; the uploaded file is then deleted.

    A file the importer refuses marks the job failed with the reason. An unexpected
    error does too, and is logged by type only (its text could quote private data).
    """
    started = timezone.now()
    # Claimed in one conditional UPDATE: a task queue may deliver a job twice, and
    # the second delivery must not import again, nor overwrite the first's report.
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.QUEUED
    ).update(status=ImportJob.Status.RUNNING, started_at=started, updated_at=started)
    if not claimed:
        job.refresh_from_db()
        return job
    job.status, job.started_at = ImportJob.Status.RUNNING, started
    report = ImportReport(dry_run=job.dry_run)
    path = Path(job.file.path)
    status = ImportJob.Status.FINISHED
    try:
        _run(job, path, report)
    except (ImportFileError, WxrError) as error:
        report.interrupted = str(error)
        status = ImportJob.Status.FAILED
    except Exception as error:
        logger.error("Import job %s failed: %s", job.pk, type(error).__name__)
        report.interrupted = f"an unexpected error ({type(error).__name__})"
        status = ImportJob.Status.FAILED
    job.file.delete(save=False)
    job.status, job.finished_at = status, timezone.now()
    job.progress = 100 if status == ImportJob.Status.FINISHED else job.progress
    job.summary, job.report = report.summary()[:500], "\n".join(report.lines())
    job.save()
    return job


def import_jobs_fail_stale(*, now: datetime | None = None) -> int:
    """Mark failed the running imports whose worker stopped; return how many.

    A job that showed no progress (row or upload touched) for ``STALE_AFTER`` had
    its worker killed: without this it would say "importing" forever. Its upload is
    deleted, as after any run; what the import wrote before stopping is kept.
    """
    now = now or timezone.now()
    failed = 0
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING):
        if now - _last_sign_of_life(job) < STALE_AFTER:
            continue
        kept = "Nothing was written (a dry run). " if job.dry_run else (
            "What was imported before it stopped is kept. "
        )  # fmt: skip
        minutes = int(STALE_AFTER.total_seconds() // 60)
        failed += ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.RUNNING
        ).update(
            status=ImportJob.Status.FAILED, finished_at=now, updated_at=now,
            report=STALE_REPORT.format(minutes=minutes, kept=kept),
        )  # fmt: skip
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    return failed


def _last_sign_of_life(job: ImportJob) -> datetime:
    seen = job.updated_at
    if job.file:
        try:
            touched = os.path.getmtime(job.file.path)
        except OSError:
            return seen
        seen = max(seen, datetime.fromtimestamp(touched, tz=UTC))
    return seen


def _run(job: ImportJob, path: Path, report: ImportReport) -> None:
    if job.source == ImportJob.Source.WORDPRESS:
        progress = JobProgress(job, path.stat().st_size)
        wordpress_import(
            path=path, dry_run=job.dry_run, progress=progress, report=report
        )
        return
    run = disqus_import if job.source == ImportJob.Source.DISQUS else isso_import
    run(path=path, dry_run=job.dry_run, progress=JobProgress(job, 100), report=report)
