"""Jobs queued before the desk became its own app name their tasks by the old paths;
point the ones not yet run at where the tasks live now, so none is lost on upgrade."""

from django.db import migrations

MOVED_TASKS = {
    "porch.comments.moderation_actions.comment_removal_notify": (
        "porch.desk.notices.comment_removal_notify"
    ),
    "porch.comments.daily_jobs.spam_purge_daily": "porch.desk.tasks.spam_purge_daily",
    "porch.comments.daily_jobs.moderator_digest_daily": (
        "porch.desk.tasks.moderator_digest_daily"
    ),
}


def queued_jobs_repoint(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED_TASKS.items():
        DBTaskResult.objects.filter(task_path=old, status="READY").update(task_path=new)


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [migrations.RunPython(queued_jobs_repoint, migrations.RunPython.noop)]
