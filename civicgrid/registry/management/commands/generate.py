"""``civicgrid generate --people N [--out DIR] [--seed S]``: synthetic registry files.

Writes buildings.csv, households.csv, people.csv, facilities.csv and organizations.csv for the
grids in the database (see :mod:`civicgrid.registry.generator`), ready for ``civicgrid import``.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from civicgrid.regions.models import Level, Region
from civicgrid.registry import generator

NO_GRIDS = "No grids: run `civicgrid demo --no-serve` or import regions first"


def _positive(text: str) -> int:
    value = int(text.replace(",", "").replace("_", ""))
    if value < 1:
        raise ValueError(text)
    return value


_positive.__name__ = "number of people"  # argparse names the type in its error message


class ProgressBar:
    """``[#####.....]  45 %  1,390,500 / 3,090,000 people`` on one line of ``stream`` (a Django
    ``OutputWrapper``), redrawn with a carriage return whenever the whole percentage changes; only
    drawn for runs of at least ``minimum`` people."""

    def __init__(self, stream: OutputWrapper, *, width: int = 30, minimum: int = 50_000) -> None:
        self.stream = stream
        self.width = width
        self.minimum = minimum
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum:
            return
        percent = done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r[{bar}] {percent:3d} %  {done:,} / {total:,} people", ending=end)
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Write synthetic registry files (people, households, buildings, facilities, "
        "organizations) for the grids in the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people", type=_positive, required=True, help="number of people (e.g. 3090000)"
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=Path("var/generated"),
            help="output directory (default: var/generated)",
        )
        parser.add_argument(
            "--seed", type=int, default=430212, help="random seed: same seed, same files"
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help=f"date ages and tags refer to, YYYY-MM-DD (default {generator.AS_OF})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        grids = list(
            Region.objects.filter(level=Level.GRID).order_by("code").values_list("code", "boundary")
        )
        if not grids:
            raise CommandError(NO_GRIDS)
        out: Path = options["out"]
        people: int = options["people"]
        self.stdout.write(f"Generating {people:,} people in {len(grids)} grids into {out}/ …")
        started = time.monotonic()
        counts = generator.generate(
            out,
            people,
            grids,
            seed=options["seed"],
            progress=ProgressBar(self.stderr),
            as_of=options["as_of"],
        )
        elapsed = time.monotonic() - started
        width = max(len(name) for name in counts)
        for name, rows in counts.items():
            size = generator.summary_size(out / name)
            self.stdout.write(f"  {name:<{width}}  {rows:>10,} rows  {size:>9}")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
