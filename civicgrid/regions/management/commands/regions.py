"""``civicgrid regions import FILE`` / ``civicgrid regions export FILE``: regions as GeoJSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicgrid.regions import actions
from civicgrid.regions.models import Region


class Command(BaseCommand):
    help = "Import or export regions and grid boundaries as a GeoJSON FeatureCollection."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="create or update regions from a GeoJSON file")
        imp.add_argument("file", type=Path)
        exp = sub.add_parser("export", help="write regions as GeoJSON ('-' for standard output)")
        exp.add_argument("file")
        exp.add_argument("--within", default="", help="only this region's subtree (a code)")
        exp.add_argument("--level", action="append", default=[], help="only these levels")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "import":
            self._import(options["file"])
        else:
            self._export(options["file"], options["within"], options["level"])

    def _import(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path}: cannot read GeoJSON: {exc}") from exc
        try:
            summary = actions.import_regions(None, data)
        except actions.RegionImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"{path}: nothing imported ({len(exc.errors)} problems)") from exc
        self.stdout.write(
            f"{path}: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        )

    def _export(self, target: str, within: str, levels: list[str]) -> None:
        regions = Region.objects.all()
        if within:
            regions = regions.subtree(within)
        if levels:
            regions = regions.filter(level__in=levels)
        text = json.dumps(actions.export_regions(regions), ensure_ascii=False)
        if target == "-":
            sys.stdout.write(text + "\n")
        else:
            Path(target).write_text(text, encoding="utf-8")
            self.stdout.write(f"{target}: {regions.count()} regions")
