"""``porch backup`` then ``porch restore`` into a fresh data dir: the same site, row
for row and file for file; and what a restore refuses, leaving nothing behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from porch.comments.models import Comment
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from tests.backup.site import build_full_site, sqlite_dump, sqlite_of_the_test_database

pytestmark = pytest.mark.django_db(transaction=True)
ON_SQLITE = connection.vendor == "sqlite"


def porch(
    data_dir: Path, *args: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    """The real ``porch`` command with Porch's own settings and its own data dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PORCH_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {"PORCH_DATA_DIR": str(data_dir), "PORCH_SENTENCE_MODEL": "off", **variables}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "porch", *args],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


@pytest.fixture
def adapter_file(settings, tmp_path: Path) -> Path:
    path = tmp_path / "site-model" / "adapter.npz"
    settings.MODERATION_ADAPTER_PATH = path
    return path


@pytest.fixture
def backup_of_full_site(tmp_path: Path, adapter_file: Path) -> Path:
    build_full_site()
    assert adapter_file.is_file()  # the decisions refitted the site's model
    out = tmp_path / "site.tar.gz"
    call_command("backup", str(out), "--with-secret-key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return out


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip")
def test_a_restored_sqlite_site_has_every_row_and_file(
    backup_of_full_site: Path, adapter_file: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"

    done = porch(fresh, "restore", str(backup_of_full_site))

    assert done.returncode == 0, done.stderr
    assert "with its secret key" in done.stdout
    with sqlite_of_the_test_database() as original:
        before = sqlite_dump(original)
    with sqlite3.connect(fresh / "porch.sqlite3") as restored:
        after = sqlite_dump(restored)
    assert after == before
    assert len(before["comments_comment"]) == Comment.objects.count() == 8
    assert len(before["moderation_moderationevent"]) == ModerationEvent.objects.count()
    assert ModerationExample.objects.count() == 3
    assert BlockRule.objects.count() == 2
    _files_equal(fresh, adapter_file)


def _files_equal(fresh: Path, adapter_file: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    originals = {
        p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()
    }
    copies = {
        p.relative_to(fresh / "media"): p.read_bytes()
        for p in (fresh / "media").rglob("*")
        if p.is_file()
    }
    assert copies == originals
    assert Path("people/maya.jpg") in copies
    restored_adapter = fresh / "moderation" / "adapter.npz"
    assert restored_adapter.read_bytes() == adapter_file.read_bytes()
    assert (fresh / "secret_key").read_text() == settings.SECRET_KEY
    assert (fresh / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(not ON_SQLITE, reason="a restored SQLite site serves its pages")
def test_the_restored_site_serves_the_same_comment_at_the_same_address(
    backup_of_full_site: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    assert porch(fresh, "restore", str(backup_of_full_site)).returncode == 0
    reply = Comment.objects.get(author_name="Kim")
    code = (
        "from porch.comments.models import Comment; "
        f"c = Comment.objects.get(pk={reply.pk}); "
        "print(c.author_name, c.get_absolute_url())"
    )

    done = porch(fresh, "manage", "shell", "--no-imports", "-c", code)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Kim {reply.get_absolute_url()}"


def test_a_backup_without_the_secret_key_leaves_it_out(tmp_path: Path) -> None:
    build_full_site()
    out = tmp_path / "site.tar.gz"
    call_command("backup", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115

    with tarfile.open(out) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert "secret_key" not in names
    assert manifest["secret_key"] is False
    assert settings.SECRET_KEY.encode() not in _unpacked(out)
    assert out.stat().st_mode & 0o777 == 0o600
    assert [m["name"] for m in manifest["members"]] == [
        n for n in names if n != "manifest.json"
    ]


def _unpacked(path: Path) -> bytes:
    with tarfile.open(path) as tar:
        return b"".join(
            tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
            if member.isreg()
        )


def test_a_backup_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder: create it first"):
        call_command("backup", str(tmp_path / "nope" / "site.tar.gz"))
    assert not (tmp_path / "nope").exists()


@pytest.fixture
def small_backup(tmp_path: Path) -> Path:
    Comment.objects.all().delete()
    build_full_site()
    out = tmp_path / "small.tar.gz"
    call_command("backup", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return out


def _rewritten(source: Path, target: Path, change) -> Path:
    """A copy of a backup with one member's bytes changed by ``change``."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            data = change(member.name, data)
            member.size = len(data)
            new.addfile(member, __import__("io").BytesIO(data))
    return target


def _left_in(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != "secret_key"
    )


@pytest.mark.skipif(not ON_SQLITE, reason="restores into SQLite data dirs")
def test_a_restore_refuses_a_data_dir_that_holds_a_site(
    small_backup: Path, tmp_path: Path
) -> None:
    lived_in = tmp_path / "lived-in"
    (lived_in / "media").mkdir(parents=True)
    (lived_in / "media" / "photo.jpg").write_bytes(b"mine")

    done = porch(lived_in, "restore", str(small_backup))

    assert done.returncode == 1
    assert "is not empty (it holds media/photo.jpg)" in done.stderr
    assert "restore into a new, empty data dir" in done.stderr
    assert _left_in(lived_in) == ["media", "media/photo.jpg"]


@pytest.mark.skipif(not ON_SQLITE, reason="restores into SQLite data dirs")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda name, data: data[:-1] + b"!" if name.startswith("media/") else data,
            "the backup is damaged: media/",
        ),
        (
            lambda name, data: data.replace(b'"porch-backup"', b'"other"')
            if name == "manifest.json" else data,
            'not a Porch backup: its manifest says no "porch-backup"',
        ),
        (
            lambda name, data: data.replace(b'"media/', b'"../media/')
            if name == "manifest.json" else data,
            "the backup lists a file it may not hold: ../media/",
        ),
        (
            lambda name, data: data.replace(b'"0001_initial"', b'"0999_future"', 1)
            if name == "manifest.json" else data,
            "made by a newer Porch (it has migration",
        ),
    ],
)  # fmt: skip
def test_a_damaged_backup_restores_nothing(
    small_backup: Path,
    tmp_path: Path,
    change,
    message: str,
) -> None:
    damaged = _rewritten(small_backup, tmp_path / "damaged.tar.gz", change)
    fresh = tmp_path / "fresh"

    done = porch(fresh, "restore", str(damaged))

    assert done.returncode == 1
    assert message in done.stderr
    assert _left_in(fresh) == []


@pytest.mark.skipif(not ON_SQLITE, reason="restores into SQLite data dirs")
def test_a_file_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    not_a_backup = tmp_path / "site.tar.gz"
    not_a_backup.write_text("just text")
    fresh = tmp_path / "fresh"

    done = porch(fresh, "restore", str(not_a_backup))

    assert done.returncode == 1
    assert "not a Porch backup" in done.stderr
    assert _left_in(fresh) == []


@pytest.mark.skipif(not ON_SQLITE, reason="restores into SQLite data dirs")
def test_a_backup_cut_short_restores_nothing(
    small_backup: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.tar.gz"
    whole = small_backup.read_bytes()
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    fresh = tmp_path / "fresh"

    done = porch(fresh, "restore", str(cut))

    assert done.returncode == 1
    assert "the backup could not be restored" in done.stderr
    assert "Traceback" not in done.stderr
    assert _left_in(fresh) == []
