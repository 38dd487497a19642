"""Imports started from the admin: save the upload and queue it for the worker.

The worker's side (running the import, keeping its report) is in ``jobs``; the task
that joins the two is in ``tasks``, which imports ``jobs`` and never this module.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from porch.importers.models import ImportJob
from porch.importers.tasks import import_job_task


def import_job_submit(*, job: ImportJob) -> ImportJob:
    """Save an uploaded import and queue it to run once the upload is committed."""
    job.file_name = Path(job.file.name).name[:255] if job.file else ""
    job.status = ImportJob.Status.QUEUED
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: import_job_task.enqueue(job.pk))
    return job
