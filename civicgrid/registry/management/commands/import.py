"""``civicgrid import KIND FILE``: bulk-import people, households, buildings, facilities or
organizations from CSV or XLSX, with a progress bar and a row-level error report."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicgrid.registry.importer import KINDS, ImportFileError, create_job, run_import


class ProgressBar:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.started = time.monotonic()

    def __call__(self, done: int, total: int | None) -> None:
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if total:
            filled = int(30 * done / total) if total else 0
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} {rate:,.0f} rows/s"
            )
        else:
            self.stream.write(f"\r{done:,} rows {rate:,.0f} rows/s")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import registry records from a CSV or XLSX file (see docs/data-formats.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--batch", type=int, default=5000, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.exists():
            raise CommandError(f"{source}: no such file")
        with source.open("rb") as handle:
            job = create_job(options["kind"], source.name, iter(lambda: handle.read(1 << 20), b""))
        bar = ProgressBar(sys.stderr)
        try:
            report = run_import(job, progress=bar, batch_rows=options["batch"])
        except ImportFileError as exc:
            sys.stderr.write("\n")
            raise CommandError(f"{source}: {exc}") from exc
        sys.stderr.write("\n")
        job.refresh_from_db()
        self.stdout.write(
            f"{source}: {report.imported:,} imported, "
            f"{report.already_present:,} already present, "
            f"{job.error_rows:,} rejected of {report.total:,} rows"
        )
        if job.error_rows:
            self.stdout.write(f"  rejected rows (line, column, reason): {job.errors_path}")
            for error in report.errors[:10]:
                self.stdout.write(f"  line {error.line}: {error.column}: {error.reason}")
