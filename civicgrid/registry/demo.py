"""The demo district's registry: generated people, households, places, facilities and
organizations, imported through the same bulk importer as real data."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction

from civicgrid.accounts.models import Department, User
from civicgrid.regions.models import Level, Region

from .actions.changes import submit_update
from .actions.sharing_in import DEFAULT_MAPPINGS
from .generator import generate
from .importer import run_import
from .models import Building, DataSource, ImportJob, Person, SharingRule

DEMO_PEOPLE = 20_000
ORDER = ["buildings", "households", "people", "facilities", "organizations"]


def seed(people: int = DEMO_PEOPLE, log: Any = None) -> int:
    """Generate and import ``people`` people with their households and places (once)."""
    if Person.objects.exists():
        return 0
    grids = list(
        Region.objects.filter(level=Level.GRID, boundary__isnull=False).values_list(
            "code", "boundary"
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out, people, grids)
        for kind in ORDER:
            path = out / f"{kind}.csv"
            job = ImportJob.objects.create(kind=kind, file_name=path.name, path=str(path))
            report = run_import(job)
            if log:
                log(f"  {kind}: {report.imported:,} imported")
    _link_demo_accounts()
    return Person.objects.count()


@transaction.atomic
def _link_demo_accounts() -> None:
    resident = User.objects.filter(username="resident").first()
    worker = User.objects.filter(username="gw001").select_related("scope_region").first()
    if worker is not None and worker.scope_region is not None:
        grid = worker.scope_region.code
        person = Person.objects.filter(grid_id=grid, birth_date__year__lt=1990).first()
        if resident is not None and person is not None:
            person.account = resident
            person.save(update_fields=["account"])
            resident.full_name = person.name
            resident.save(update_fields=["full_name"])
        building = Building.objects.filter(grid_id=grid).first()
        if building is not None:
            submit_update(
                worker,
                building,
                "building",
                {"floors": building.floors + 1},
                f"{building.address} 加建一层",
            )
    police = Department.objects.filter(name="区公安分局").first()
    civil = Department.objects.filter(name="区民政局").first()
    if police:
        SharingRule.objects.get_or_create(
            department=police,
            record_type="person",
            defaults={
                "fields": [
                    "id_number_masked",
                    "name",
                    "sex",
                    "birth_date",
                    "residence_type",
                    "grid",
                ]
            },
        )
        DataSource.objects.get_or_create(
            name="公安户籍",
            defaults={
                "department": police,
                "kind": "household_registration",
                "column_mapping": DEFAULT_MAPPINGS["household_registration"],
            },
        )
    if civil:
        SharingRule.objects.get_or_create(
            department=civil,
            record_type="person",
            defaults={"fields": ["name", "sex", "birth_date", "household", "grid", "tags"]},
        )
