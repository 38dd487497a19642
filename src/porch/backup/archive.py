"""The backup file: a gzipped tar holding the files and a manifest that lists them.

    manifest.json            {"format": "porch-backup", "version": 1, "created_at",
                              "porch_version", "database": {"engine", "member",
                              "migrations": [[app, name], ...]}, "secret_key": bool,
                              "members": [{"name", "size", "sha256"}, ...]}
    database/porch.sqlite3   SQLite's online backup of the database, or
    database/porch.pgdump    pg_dump's custom format for PostgreSQL
    media/...                uploads (photos, featured images)
    moderation/adapter.npz   the site's learned moderation model, when it has one
    secret_key               only with ``--with-secret-key``

The manifest is the last member, written once every file's digest is known. A
restore reads it first and accepts nothing it does not list, with the listed size
and SHA-256, under a name of the shapes above.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from porch.backup.errors import RestoreError

FORMAT, VERSION = "porch-backup", 1
MANIFEST = "manifest.json"
ENGINES = {"sqlite": "database/porch.sqlite3", "postgresql": "database/porch.pgdump"}
SECRET_KEY_MEMBER = "secret_key"  # noqa: S105 (a member's name, not a secret)
ADAPTER_MEMBER = "moderation/adapter.npz"
_FOLDERS = ("media/",)
_CHUNK = 1 << 20
# The manifest lists every member; a file that lists millions is not one we wrote.
_MANIFEST_MAX_BYTES = 64 << 20


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


class _Hashing:
    """Reads through to a file, hashing and counting what was read."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds files to the tar, remembering each one's size and digest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.members: list[Member] = []

    def add_file(self, name: str, path: Path) -> None:
        info = tarfile.TarInfo(name)
        stat = path.stat()
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        with path.open("rb") as stream:
            hashing = _Hashing(stream)
            self.tar.addfile(info, hashing)
        self.members.append(Member(name, info.size, hashing.digest.hexdigest()))

    def add_folder(self, prefix: str, folder: Path) -> None:
        """Every regular file under ``folder``, as ``prefix/relative/path``."""
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                self.add_file(f"{prefix}/{path.relative_to(folder).as_posix()}", path)

    def add_manifest(self, manifest: dict[str, Any]) -> None:
        manifest = {
            **manifest,
            "members": [
                {"name": m.name, "size": m.size, "sha256": m.sha256}
                for m in self.members
            ],
        }
        data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, 0
        self.tar.addfile(info, io.BytesIO(data))


def manifest_read(tar: tarfile.TarFile) -> dict[str, Any]:
    """The archive's manifest, checked; ``RestoreError`` says what is wrong."""
    try:
        info = tar.getmember(MANIFEST)
    except KeyError:
        raise RestoreError(
            "not a Porch backup: it has no manifest.json (make one with porch backup)"
        ) from None
    stream = tar.extractfile(info)
    if stream is None or info.size > _MANIFEST_MAX_BYTES:
        raise RestoreError("the backup's manifest.json is not a readable file")
    try:
        manifest = json.loads(stream.read())
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise RestoreError(
            f"the backup's manifest.json is not JSON ({error})"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError('not a Porch backup: its manifest says no "porch-backup"')
    if manifest.get("version") != VERSION:
        raise RestoreError(
            f"backup version {manifest.get('version')!r} is not one this Porch reads "
            f"(version {VERSION}); restore it with the Porch that made it"
        )
    _database_check(manifest.get("database"))
    members_of(manifest)
    return manifest


def _database_check(database: object) -> None:
    if not isinstance(database, dict) or database.get("engine") not in ENGINES:
        raise RestoreError("the backup's manifest names no database it can restore")
    migrations = database.get("migrations")
    if not isinstance(migrations, list) or not all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(p, str) for p in pair)
        for pair in migrations
    ):
        raise RestoreError("the backup's manifest lists its migrations wrongly")


_SHA256 = re.compile(r"[0-9a-f]{64}")


def members_of(manifest: dict[str, Any]) -> dict[str, Member]:
    """The members the manifest lists, each with a name a restore may write."""
    rows = manifest.get("members")
    if not isinstance(rows, list):
        raise RestoreError("the backup's manifest lists no files")
    members = {}
    for row in rows:
        try:
            member = Member(str(row["name"]), int(row["size"]), str(row["sha256"]))
        except (KeyError, TypeError, ValueError):
            raise RestoreError(f"the backup's manifest lists {row!r} wrongly") from None
        if not is_allowed_name(member.name) or not _SHA256.fullmatch(member.sha256):
            raise RestoreError(
                f"the backup lists a file it may not hold: {member.name}"
            )
        members[member.name] = member
    database = ENGINES[manifest["database"]["engine"]]
    if database not in members:
        raise RestoreError(f"the backup's manifest does not list {database}")
    return members


def is_allowed_name(name: str) -> bool:
    """A relative name under a known folder, with no ``..`` and no odd characters."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or "\0" in name:
        return False
    if name in ENGINES.values() or name in {SECRET_KEY_MEMBER, ADAPTER_MEMBER}:
        return True
    return name.startswith(_FOLDERS) and len(path.parts) > 1


def member_extract(tar: tarfile.TarFile, member: Member, target: Path) -> None:
    """Write one member to ``target``, checking its size and digest as it goes."""
    try:
        info = tar.getmember(member.name)
    except KeyError:
        raise RestoreError(
            f"the backup is incomplete: {member.name} is missing"
        ) from None
    stream = tar.extractfile(info) if info.isreg() else None
    if stream is None:
        raise RestoreError(f"the backup's {member.name} is not a plain file")
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != member.size or digest.hexdigest() != member.sha256:
        raise RestoreError(
            f"the backup is damaged: {member.name} does not match its manifest"
        )


def unlisted_members(tar: tarfile.TarFile, members: dict[str, Member]) -> list[str]:
    """Names in the archive that the manifest does not list."""
    return [name for name in tar.getnames() if name != MANIFEST and name not in members]
