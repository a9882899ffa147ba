"""Backup and restore of both databases and the data directory (keys and encrypted files).

    python -m common.backup create  ARCHIVE [--data-dir var]
    python -m common.backup restore ARCHIVE [--data-dir var]

The databases are taken from IDP_DATABASE_URL / PORTAL_DATABASE_URL (PostgreSQL, dumped with
pg_dump) or are the SQLite files in the data directory (copied with SQLite's online backup, so
the apps may keep running). The cabinet's encrypted files come with it wherever they live: in
the data directory, or in the cabinet's database (PostgreSQL, FILE_STORAGE=database), where its
dump carries them. The archive holds the keys that decrypt the files: keep it as safe
as the production database, or set PORTAL_MASTER_KEY from a secret store so it is not in there.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

DATABASES = {"idp": "IDP_DATABASE_URL", "portal": "PORTAL_DATABASE_URL"}
SQLITE_FILES = {"idp": "idp.sqlite3", "portal": "portal.sqlite3"}


def postgres_url(variable: str) -> str | None:
    url = os.environ.get(variable, "")
    return (
        url.replace("postgresql+psycopg://", "postgresql://")
        if url.startswith("postgresql")
        else None
    )


def dump(name: str, data_dir: Path, target: Path) -> Path:
    url = postgres_url(DATABASES[name])
    if url:
        out = target / f"{name}.pgdump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={out}", url], check=True
        )
        return out
    out = target / f"{name}.sqlite3"
    with sqlite3.connect(data_dir / SQLITE_FILES[name]) as source, sqlite3.connect(out) as copy:
        source.backup(copy)
    return out


def create(archive: Path, data_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        dumps = [dump(name, data_dir, work) for name in DATABASES]
        with tarfile.open(archive, "w:gz") as tar:
            for item in dumps:
                tar.add(item, arcname=f"databases/{item.name}")
            for entry in sorted(data_dir.iterdir()):
                if entry.name not in SQLITE_FILES.values() and not entry.name.endswith(
                    ("-wal", "-shm", "-journal")
                ):
                    tar.add(entry, arcname=f"data/{entry.name}")
    os.chmod(archive, 0o600)


def restore_database(name: str, extracted: Path, data_dir: Path) -> None:
    url = postgres_url(DATABASES[name])
    if url:
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={url}",
                str(extracted / f"{name}.pgdump"),
            ],
            check=True,
        )
        return
    with (
        sqlite3.connect(extracted / f"{name}.sqlite3") as source,
        sqlite3.connect(data_dir / SQLITE_FILES[name]) as target,
    ):
        source.backup(target)


def restore(archive: Path, data_dir: Path) -> None:
    """Put the data directory and both databases back as they were in the archive."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        data_dir.mkdir(parents=True, exist_ok=True)
        for entry in (work / "data").iterdir():
            destination = data_dir / entry.name
            if destination.is_dir():
                shutil.rmtree(destination)
            shutil.move(str(entry), destination)
        for name in DATABASES:
            restore_database(name, work / "databases", data_dir)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["create", "restore"])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    args = parser.parse_args(argv)
    (create if args.action == "create" else restore)(args.archive, args.data_dir)
    print(f"{args.action}: {args.archive}")


if __name__ == "__main__":
    main()
