from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.importers.jobs import (
    JobProgress,
    import_job_run,
    import_jobs_fail_stale,
)
from porch.importers.models import ImportedObject, ImportJob
from porch.importers.report import ImportReport
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import UserFactory
from tests.importers.conftest import GARDEN

pytestmark = pytest.mark.django_db

ADD_URL = "admin:importers_importjob_add"


@pytest.fixture
def host_client(client):
    client.force_login(
        user_role_set(user=UserFactory(username="hana"), role=roles.HOST)
    )
    return client


def upload(client, path: Path, source: str, *, dry_run: bool = False, name: str = ""):
    data = {
        "source": source,
        "file": SimpleUploadedFile(name or path.name, path.read_bytes()),
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse(ADD_URL), data)


def test_host_uploads_a_wordpress_export_and_reads_the_report(
    host_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(host_client, GARDEN, "wordpress")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.progress, job.file_name) == ("finished", 100, GARDEN.name)
    assert job.requested_by.username == "hana"
    assert "posts        imported      4" in job.report
    assert job.summary.startswith("people: 2 imported; categories: 2 imported")
    assert Post.objects.filter(slug="planting-beans").exists()
    assert not job.file  # the upload held private data: gone once imported
    page = host_client.get(reverse("admin:importers_importjob_change", args=[job.pk]))
    html = page.content.decode()
    assert '<progress value="100" max="100">100%</progress> 100%' in html
    assert "Import finished" in html
    assert "lena@example.org" not in html
    assert 'http-equiv="refresh"' not in html


def test_dry_run_from_the_admin_reports_and_writes_nothing(
    host_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(host_client, GARDEN, "wordpress", dry_run=True)
    job = ImportJob.objects.get()
    assert job.status == "finished"
    assert job.report.startswith("Dry run (nothing was written)")
    assert "posts        imported      4" in job.report
    assert not Post.objects.exists()
    assert not ImportedObject.objects.exists()


def test_a_refused_file_fails_the_job_with_the_reason(
    host_client, django_capture_on_commit_callbacks, tmp_path
):
    bad = tmp_path / "export.xml"
    bad.write_text(
        '<!DOCTYPE disqus [<!ENTITY x "y">]><disqus xmlns="http://disqus.com"/>'
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(host_client, bad, "disqus")
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.report.startswith(
        "Import stopped: refused: the file declares a DOCTYPE, which Disqus exports "
        "never have"
    )
    assert not Comment.objects.exists()
    assert not job.file


def test_a_wrong_kind_of_file_is_refused_on_the_form(host_client):
    response = upload(host_client, GARDEN, "isso")
    assert response.status_code == 200
    assert "This kind of export is a .db or .sqlite or .sqlite3 file." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_a_running_job_page_refreshes_itself_and_shows_progress(host_client):
    job = ImportJob.objects.create(
        source="wordpress", file_name="big.xml", status="running", progress=40,
        summary="posts: 120 imported",
    )  # fmt: skip
    html = host_client.get(
        reverse("admin:importers_importjob_change", args=[job.pk])
    ).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress value="40" max="100">40%</progress> 40%' in html
    assert "posts: 120 imported" in html


@pytest.mark.parametrize("role", [role for role in roles.ROLES if role != roles.HOST])
def test_only_the_host_may_import(client, role, django_capture_on_commit_callbacks):
    job = ImportJob.objects.create(
        source="wordpress", status="finished", report="Import finished"
    )
    client.force_login(user_role_set(user=UserFactory(username="edda"), role=role))
    assert client.get(reverse(ADD_URL)).status_code == 403
    # A finished job's report names every post and comment id: hosts only, too.
    change = reverse("admin:importers_importjob_change", args=[job.pk])
    assert client.get(change).status_code == 403
    assert (
        client.get(reverse("admin:importers_importjob_changelist")).status_code == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, GARDEN, "wordpress")
    assert response.status_code == 403
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [job.pk]
    assert not Post.objects.exists()


def test_the_import_page_needs_a_login(client):
    response = client.get(reverse(ADD_URL))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def running_job(*, dry_run: bool = False) -> ImportJob:
    """A job whose worker started at T0 and last showed progress then."""
    with time_machine.travel(T0, tick=False):
        job = ImportJob(source="wordpress", status="running", progress=40,
                        summary="posts: 120 imported", dry_run=dry_run)  # fmt: skip
        job.file.save("big.xml", ContentFile(b"<rss/>"))
        os.utime(job.file.path, (T0.timestamp(), T0.timestamp()))
    return job


def test_a_job_whose_worker_was_killed_is_marked_failed(host_client):
    job = running_job()
    path = Path(job.file.path)
    with time_machine.travel(T0 + timedelta(minutes=10, seconds=1), tick=False):
        html = host_client.get(
            reverse("admin:importers_importjob_change", args=[job.pk])
        ).content.decode()
    job.refresh_from_db()
    assert (job.status, job.progress, job.finished_at) == (
        "failed", 40, T0 + timedelta(minutes=10, seconds=1),
    )  # fmt: skip
    assert job.report == (
        "Import stopped: no sign of progress for 10 minutes, so the background "
        "worker was probably stopped (a restart or a crash).\n\n"
        "What was imported before it stopped is kept. Upload the file again to "
        "finish: the import skips what it already has."
    )
    assert "no sign of progress for 10 minutes" in html
    assert 'http-equiv="refresh"' not in html
    assert not path.exists()
    assert not job.file


def test_a_job_showing_progress_keeps_running(host_client):
    job = running_job(dry_run=True)
    touched = (T0 + timedelta(minutes=8)).timestamp()
    os.utime(job.file.path, (touched, touched))  # a dry run's only heartbeat
    with time_machine.travel(T0 + timedelta(minutes=15), tick=False):
        host_client.get(reverse("admin:importers_importjob_changelist"))
    job.refresh_from_db()
    assert (job.status, job.progress, job.report, job.finished_at) == (
        "running", 40, "", None,
    )  # fmt: skip
    assert Path(job.file.path).exists()


def test_progress_is_a_heartbeat_even_in_a_dry_run(tmp_path):
    job = running_job(dry_run=True)
    later = T0 + timedelta(minutes=30)
    with time_machine.travel(later, tick=False):
        progress = JobProgress(job, total=200)
        progress(100, ImportReport(dry_run=True))
    assert os.path.getmtime(job.file.path) == later.timestamp()
    with time_machine.travel(later + timedelta(minutes=9), tick=False):
        assert import_jobs_fail_stale() == 0
    with time_machine.travel(later + timedelta(minutes=11), tick=False):
        assert import_jobs_fail_stale() == 1
    assert ImportJob.objects.get().status == "failed"


def test_a_job_delivered_twice_imports_once_and_keeps_its_report():
    job = ImportJob(source="wordpress")
    job.file.save("garden.xml", ContentFile(GARDEN.read_bytes()))
    second_delivery = ImportJob.objects.get(pk=job.pk)
    import_job_run(job=job)
    posts = sorted(Post.objects.values_list("slug", flat=True))
    assert posts
    first = ImportJob.objects.get(pk=job.pk)
    assert first.status == "finished"
    again = import_job_run(job=second_delivery)
    assert again.status == "finished"
    assert again.report == first.report
    assert sorted(Post.objects.values_list("slug", flat=True)) == posts
    assert ImportJob.objects.get(pk=job.pk).finished_at == first.finished_at
