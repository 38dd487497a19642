"""Jobs queued before the upgrade still run: their task paths follow the desk."""

import importlib

import pytest
from django.apps import apps
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from porch.desk.notices import comment_removal_notify
from porch.desk.tasks import spam_purge_daily

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
migration = importlib.import_module(
    "porch.desk.migrations.0001_queued_jobs_follow_the_desk"
)


def queued(task, old_path: str, **kwargs) -> DBTaskResult:
    with override_settings(TASKS=DB_TASKS):
        result = task.enqueue(**kwargs)
    row = DBTaskResult.objects.get(id=result.id)
    DBTaskResult.objects.filter(id=row.id).update(task_path=old_path)
    return row


def test_queued_jobs_named_by_their_old_paths_point_at_the_desk():
    notice = queued(
        comment_removal_notify,
        "porch.comments.moderation_actions.comment_removal_notify",
        comment_id=1,
        action="remove",
    )
    purge = queued(spam_purge_daily, "porch.comments.daily_jobs.spam_purge_daily")

    migration.queued_jobs_repoint(apps, None)

    notice.refresh_from_db()
    purge.refresh_from_db()
    assert notice.task_path == "porch.desk.notices.comment_removal_notify"
    assert purge.task_path == "porch.desk.tasks.spam_purge_daily"
    assert notice.task.func is comment_removal_notify.func  # it loads again
