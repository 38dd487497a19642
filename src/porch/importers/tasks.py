"""The background job behind the admin's import page."""

from __future__ import annotations

from django_tasks import task

from porch.importers.jobs import import_job_run
from porch.importers.models import ImportJob


@task()
def import_job_task(job_id: int) -> str:
    """Run the import queued as ``job_id``; returns its final status.

    Takes the id only: the job row is read fresh when the worker gets to it.
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    return str(import_job_run(job=job).status)
