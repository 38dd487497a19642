"""``porch backup`` and ``porch restore``: a whole site as one file, and back.

A backup holds the database, the uploads, the site's learned moderation model and,
only when asked, the secret key (see ``archive.py`` for the layout). It is for the
same Porch version, or a newer one (the restored site is migrated when it starts);
``porch export json`` is the portable format across versions and databases.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from porch.backup import archive, database
from porch.backup.errors import BackupError, RestoreError
from porch.config import SECRET_KEY_FILE
from porch.moderation.adapter import adapter_path

# What a data dir may hold and still count as empty: the key ``porch`` itself
# generates on its first run, before any command sees the folder.
EMPTY_DATA_DIR_ALLOWS = {SECRET_KEY_FILE}
# Where a restore unpacks, inside the data dir so that moving into place is a rename.
STAGING_PREFIX = ".restore-"


@dataclass
class BackupSummary:
    path: Path
    engine: str
    uploads: int = 0
    size: int = 0
    has_secret_key: bool = False
    has_adapter: bool = False


def porch_version() -> str:
    try:
        return version("porch")
    except PackageNotFoundError:  # run from a source tree
        return "unknown"


def backup_write(
    *, out: Path, with_secret_key: bool = False, now: datetime | None = None
) -> BackupSummary:
    """Write the whole site to ``out``, atomically: a failure leaves no file there.

    The file is readable by its owner only: it holds every commenter's email and IP.
    """
    folder = out.parent
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder: create it first")
    if out.is_dir():
        raise BackupError(f"{out} is a folder: give a file name such as site.tar.gz")
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    engine = database.engine_name(settings_dict)
    if not database.holds_a_site(DEFAULT_DB_ALIAS):
        raise BackupError(
            "the database holds no Porch site yet (run porch init): nothing to back up"
        )
    summary = BackupSummary(path=out, engine=engine)
    try:
        descriptor, partial = tempfile.mkstemp(
            dir=folder, prefix=f".{out.name}.", suffix=".part"
        )
    except OSError as error:
        raise BackupError(f"cannot write in {folder}: {error.strerror}") from None
    os.close(descriptor)
    try:
        with tempfile.TemporaryDirectory(prefix="porch-backup-") as staging:
            _archive_write(Path(partial), Path(staging), summary, with_secret_key, now)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    summary.size = out.stat().st_size
    return summary


def _archive_write(
    partial: Path,
    staging: Path,
    summary: BackupSummary,
    with_secret_key: bool,
    now: datetime | None,
) -> None:
    dump = staging / Path(archive.ENGINES[summary.engine]).name
    if summary.engine == "sqlite":
        database.sqlite_copy(DEFAULT_DB_ALIAS, dump)
        migrations = database.migrations_in_sqlite(dump)
    else:
        migrations = database.migrations_applied(DEFAULT_DB_ALIAS)
        database.pg_dump(connections[DEFAULT_DB_ALIAS].settings_dict, dump)
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        writer = archive.ArchiveWriter(tar)
        writer.add_file(archive.ENGINES[summary.engine], dump)
        writer.add_folder("media", Path(settings.MEDIA_ROOT))
        adapter = adapter_path()
        if adapter is not None and adapter.is_file():
            writer.add_file(archive.ADAPTER_MEMBER, adapter)
            summary.has_adapter = True
        if with_secret_key:
            key = staging / archive.SECRET_KEY_MEMBER
            key.write_text(settings.SECRET_KEY)
            writer.add_file(archive.SECRET_KEY_MEMBER, key)
            summary.has_secret_key = True
        writer.add_manifest({
            "format": archive.FORMAT, "version": archive.VERSION,
            "created_at": (now or timezone.now()).isoformat(),
            "porch_version": porch_version(),
            "database": {"engine": summary.engine,
                         "member": archive.ENGINES[summary.engine],
                         "migrations": migrations},
            "secret_key": with_secret_key,
        })  # fmt: skip
        summary.uploads = sum(m.name.startswith("media/") for m in writer.members)


@dataclass
class RestoreSummary:
    engine: str
    created_at: str
    porch_version: str
    uploads: int = 0
    has_secret_key: bool = False
    notes: list[str] = field(default_factory=list)


def backup_restore(*, path: Path) -> RestoreSummary:
    """Restore a ``porch backup`` file into an empty data dir and database.

    Checks everything first (the manifest, the database engine, the migrations, that
    the data dir and database are empty), unpacks into a hidden folder inside the
    data dir, checks each file's digest, and only then moves the files into place
    and loads the database. Any failure removes what it placed.
    """
    if not path.is_file():
        raise RestoreError(f"{path} does not exist or is not a file")
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError) as error:
        raise RestoreError(
            f"not a Porch backup: {path} is no tar file ({error})"
        ) from None
    with tar:
        try:
            return _restore(tar)
        except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
            strerror = error.strerror if isinstance(error, OSError) else None
            reason = strerror or str(error) or "cut short"
            raise RestoreError(f"the backup could not be restored ({reason})") from None


def _restore(tar: tarfile.TarFile) -> RestoreSummary:
    manifest = archive.manifest_read(tar)
    members = archive.members_of(manifest)
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    engine = database.engine_name(settings_dict)
    _compatible_check(manifest, engine)
    data_dir = Path(settings.DATA_DIR)
    _empty_check(data_dir, settings_dict)
    unlisted = archive.unlisted_members(tar, members)
    if unlisted:
        raise RestoreError(
            f"the backup holds files its manifest does not list: {unlisted[0]}"
        )
    summary = RestoreSummary(
        engine=engine,
        created_at=str(manifest.get("created_at", "")),
        porch_version=str(manifest.get("porch_version", "")),
        uploads=sum(name.startswith("media/") for name in members),
    )
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=data_dir))
    try:
        for member in members.values():
            archive.member_extract(tar, member, staging / member.name)
        _place(staging, data_dir, settings_dict, engine, summary)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _compatible_check(manifest: dict[str, Any], engine: str) -> None:
    made_on = manifest["database"]["engine"]
    if made_on != engine:
        raise RestoreError(
            f"this backup holds a {made_on} database and this site is configured "
            f"for {engine} (PORCH_DATABASE_URL): restore it on {made_on}, or move "
            "between databases with porch export json / porch import json"
        )
    unknown = database.migrations_unknown(manifest["database"]["migrations"])
    if unknown:
        raise RestoreError(
            f"this backup was made by a newer Porch (it has migration {unknown[0]}): "
            "upgrade Porch first"
        )


def _empty_check(data_dir: Path, settings_dict: dict[str, Any]) -> None:
    for stale in data_dir.glob(f"{STAGING_PREFIX}*"):  # a restore killed midway
        shutil.rmtree(stale, ignore_errors=True)
    kept = sorted(
        str(item.relative_to(data_dir))
        for item in data_dir.rglob("*")
        if not item.is_dir() and item.name not in EMPTY_DATA_DIR_ALLOWS
    )
    if kept:
        raise RestoreError(
            f"the data dir {data_dir} is not empty (it holds {kept[0]}"
            f"{f' and {len(kept) - 1} more' if len(kept) > 1 else ''}): restore "
            "into a new, empty data dir (set PORCH_DATA_DIR)"
        )
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        target = Path(str(settings_dict["NAME"]))
        if target.exists() and target.stat().st_size > 0:
            raise RestoreError(
                f"the database {target} already exists: restore into a new one"
            )
        return
    tables = database.pg_tables(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS].close()
    if tables:
        raise RestoreError(
            f"the database {settings_dict['NAME']} is not empty (it has "
            f"{len(tables)} tables): restore into a new, empty database"
        )


def _place(
    staging: Path,
    data_dir: Path,
    settings_dict: dict[str, Any],
    engine: str,
    summary: RestoreSummary,
) -> None:
    """Move the checked files into place, then the database; undo all on failure."""
    dump = staging / archive.ENGINES[engine]
    if engine == "sqlite":
        database.sqlite_check(dump)
    placed: list[Path] = []
    try:
        media = staging / "media"
        if media.is_dir():
            placed.append(_move(media, Path(settings.MEDIA_ROOT)))
        adapter = staging / archive.ADAPTER_MEMBER
        if adapter.is_file():
            target = adapter_path()
            if target is None:
                summary.notes.append(
                    "the site's moderation model was left out: "
                    "learning is off in this configuration"
                )
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                placed.append(_move(adapter, target))
        if engine == "sqlite":
            placed.append(_move(dump, Path(str(settings_dict["NAME"]))))
        else:
            database.pg_restore(settings_dict, dump)
    except BaseException:
        for item in reversed(placed):
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)
        raise
    key = staging / archive.SECRET_KEY_MEMBER
    if key.is_file():
        key.chmod(0o600)
        os.replace(key, data_dir / SECRET_KEY_FILE)
        summary.has_secret_key = True
        if os.environ.get("PORCH_SECRET_KEY"):
            summary.notes.append(
                "PORCH_SECRET_KEY is set: it, not the restored key file, is used"
            )


def _move(source: Path, target: Path) -> Path:
    if target.is_dir():  # holds no file (checked above): replaced
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return target
