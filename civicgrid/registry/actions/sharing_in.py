"""Departmental datasets into the registry: matched by ID number, counted, applied or reviewed.

Each row is one person as the department knows them. Target fields (what a mapping can fill):

    id_number        required; matched through the blind index
    name             the department's name for the person (differs → conflict, always review)
    phone, residence_type
    deceased_on      a date: the person died (births and deaths)
    household_of     an ID number whose household a *new* person joins (a newborn's mother)
    tag_add, tag_remove   a tag code to add or remove (employment, assistance)
    tag_value        with tag_add: "1/是/yes" adds, "0/否/no" removes (e.g. an employment flag)
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError

from ..identifiers import IdNumberError
from ..importer import ImportFileError, read_table
from ..models import ChangeRequest, DataSource, Person, RecordType, SharedImport, Tag
from ..names import initials
from .records import apply_update, id_index, identity_values, snapshot

TARGETS = [
    "id_number",
    "name",
    "phone",
    "residence_type",
    "deceased_on",
    "household_of",
    "tag_add",
    "tag_remove",
    "tag_value",
]
DEFAULT_MAPPINGS = {
    DataSource.Kind.HOUSEHOLD_REGISTRATION: {
        "id_number": "公民身份号码",
        "name": "姓名",
        "residence_type": "户口性质",
    },
    DataSource.Kind.BIRTHS_DEATHS: {
        "id_number": "身份证号",
        "name": "姓名",
        "deceased_on": "死亡日期",
        "household_of": "母亲身份证号",
    },
    DataSource.Kind.EMPLOYMENT: {
        "id_number": "身份证号",
        "name": "姓名",
        "tag_add": "标签",
        "tag_value": "是否登记失业",
    },
    DataSource.Kind.ASSISTANCE: {"id_number": "身份证号码", "name": "姓名", "tag_add": "救助类别"},
}
YES = {"1", "是", "yes", "y", "true", "有"}
NO = {"0", "否", "no", "n", "false", "无"}


@dataclass
class Outcome:
    status: str  # new, changed, conflict, unchanged, invalid
    detail: str = ""


def _rows(path: Path, mapping: dict[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    columns, rows, _total = read_table(path)
    missing = [c for t, c in mapping.items() if c and c not in columns]
    if "id_number" not in mapping or missing:
        raise ImportFileError(
            _("The file lacks the mapped columns: %(cols)s")
            % {"cols": ", ".join(missing or ["id_number"])}
        )
    for line, row in rows:
        yield (
            line,
            {target: row.get(column, "").strip() for target, column in mapping.items() if column},
        )


def import_shared(actor: Any, source: DataSource, path: Path, file_name: str) -> SharedImport:
    """Import one file of ``source``; every row is counted as new, changed, conflict, unchanged
    or invalid, and a report (CSV: line, outcome, detail) is written beside the file."""
    own_department = source.department_id == getattr(actor, "department_id", None)
    if not (own_department or actor.has_full_scope):
        raise ActionError(_("Only the source's own department imports its data."))
    tags = dict(Tag.objects.values_list("code", "pk"))
    record = SharedImport.objects.create(source=source, file_name=file_name, created_by=actor)
    report_path = Path(settings.VAR_DIR) / "imports" / f"shared-{record.pk}.report.csv"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    counts = {"new": 0, "changed": 0, "conflict": 0, "unchanged": 0, "invalid": 0}
    applied = reviewed = rows = 0
    with report_path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "outcome", "detail"])
        for line, row in _rows(path, source.column_mapping):
            rows += 1
            with transaction.atomic():
                outcome, how = _one_row(actor, source, row, tags)
            counts[outcome.status] += 1
            applied += how == "applied"
            reviewed += how == "review"
            writer.writerow([line, outcome.status, outcome.detail])
    SharedImport.objects.filter(pk=record.pk).update(
        rows=rows,
        new=counts["new"],
        changed=counts["changed"],
        conflicts=counts["conflict"],
        unchanged=counts["unchanged"],
        invalid=counts["invalid"],
        applied=applied,
        sent_to_review=reviewed,
        report_path=str(report_path),
    )
    audit(
        actor,
        "registry.shared_import",
        record,
        after={**counts, "applied": applied, "sent_to_review": reviewed},
    )
    record.refresh_from_db()
    return record


def _one_row(
    actor: Any, source: DataSource, row: dict[str, str], tags: dict[str, int]
) -> tuple[Outcome, str]:
    try:
        index = id_index(row["id_number"])
        identity = identity_values(row["id_number"])
    except (IdNumberError, KeyError) as exc:
        return Outcome("invalid", str(exc)), ""
    person = Person.objects.filter(id_number_index=index).first()
    if person is None:
        return _new_person(actor, source, row, identity)
    current = snapshot(person, RecordType.PERSON)
    values: dict[str, Any] = {}
    if row.get("name") and row["name"] != person.name:
        return _to_review(
            actor,
            source,
            person,
            {"name": row["name"], "name_initials": initials(row["name"])},
            conflict=True,
        )
    if row.get("phone") and row["phone"] != person.phone:
        values["phone"] = row["phone"]
    residence = {"户籍": "registered", "常住": "resident", "流动": "floating"}.get(
        row.get("residence_type", ""), row.get("residence_type", "")
    )
    if residence in ("registered", "resident", "floating") and residence != person.residence_type:
        values["residence_type"] = residence
    if row.get("deceased_on"):
        try:
            died = date.fromisoformat(row["deceased_on"].replace("/", "-")).isoformat()
        except ValueError:
            return Outcome("invalid", _("Not a date: %(v)s") % {"v": row["deceased_on"]}), ""
        if died != current.get("deceased_on"):
            values["deceased_on"] = died
    tag_values = _tag_change(current["tags"], row, tags)
    if tag_values is not None:
        values["tags"] = tag_values
    if not values:
        return Outcome("unchanged"), ""
    if source.rule == DataSource.Rule.APPLY:
        apply_update(RecordType.PERSON, person.pk, person.version, values, actor, action="update")
        return Outcome("changed", ", ".join(values)), "applied"
    return _to_review(actor, source, person, values)


def _tag_change(
    current: list[dict[str, Any]], row: dict[str, str], tags: dict[str, int]
) -> list[dict[str, Any]] | None:
    have = {t["tag"]: t for t in current}
    add, remove = row.get("tag_add", ""), row.get("tag_remove", "")
    flag = row.get("tag_value", "").lower()
    if add and flag in NO:
        add, remove = "", add
    changed = False
    if add in tags and tags[add] not in have:
        have[tags[add]] = {"tag": tags[add], "attributes": {}}
        changed = True
    if remove in tags and tags[remove] in have:
        del have[tags[remove]]
        changed = True
    return sorted(have.values(), key=lambda t: t["tag"]) if changed else None


def _to_review(
    actor: Any,
    source: DataSource,
    person: Person,
    values: dict[str, Any],
    *,
    conflict: bool = False,
) -> tuple[Outcome, str]:
    summary = (
        _("%(source)s: %(name)s — name differs from the registry")
        if conflict
        else _("%(source)s: change %(name)s")
    ) % {"source": source.name, "name": person.name}
    change = ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.UPDATE,
        record_type=RecordType.PERSON,
        record_id=person.pk,
        base_version=person.version,
        data={
            "values": values,
            "before": {k: snapshot(person, RecordType.PERSON).get(k) for k in values},
        },
        summary=summary[:200],
        grid_id=person.grid_id,
        submitted_by=actor,
        source=f"shared:{source.pk}",
    )
    return Outcome("conflict" if conflict else "changed", f"#{change.pk}"), "review"


def _new_person(
    actor: Any, source: DataSource, row: dict[str, str], identity: Any
) -> tuple[Outcome, str]:
    """A person the registry does not know: joins the household of ``household_of`` if given,
    else is reported for the grid center to place by hand."""
    anchor = None
    if row.get("household_of"):
        try:
            anchor = Person.objects.filter(id_number_index=id_index(row["household_of"])).first()
        except IdNumberError:
            anchor = None
    if anchor is None or not row.get("name"):
        return Outcome("new", _("not placed: no known household (add by hand)")), ""
    values = {
        **identity.as_values(),
        "name": row["name"],
        "name_initials": initials(row["name"]),
        "phone": row.get("phone", ""),
        "relation": "子女",
        "residence_type": "registered",
        "household_id": anchor.household_id,
        "grid_id": anchor.grid_id,
        "tags": [],
    }
    change = submit_create_system(
        actor,
        values,
        anchor.grid_id,
        _("%(source)s: new person %(name)s") % {"source": source.name, "name": row["name"]},
        source=f"shared:{source.pk}",
    )
    return Outcome("new", f"#{change.pk}"), "review"


def submit_create_system(
    actor: Any, values: dict[str, Any], grid: str, summary: str, *, source: str
) -> ChangeRequest:
    """A new record proposed by a department's data (not a collector in a grid)."""
    change = ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.CREATE,
        record_type=RecordType.PERSON,
        data=values,
        summary=summary[:200],
        grid_id=grid,
        submitted_by=actor,
        source=source,
    )
    audit(actor, "registry.submit", change, after={"summary": summary})
    return change


def create_source(actor: Any, department: Any, name: str, kind: str, rule: str) -> DataSource:
    """A department registers one of its datasets, starting from the usual column names."""
    with transaction.atomic():
        source = DataSource.objects.create(
            department=department,
            name=name,
            kind=kind,
            rule=rule,
            column_mapping=DEFAULT_MAPPINGS.get(kind, {"id_number": "身份证号"}),
        )
        audit(actor, "registry.source_create", source)
    return source


def save_mapping(actor: Any, source: DataSource, mapping: dict[str, str], rule: str) -> None:
    """Save the source's column mapping and rule for changed rows (audited, before and after)."""
    if "id_number" not in mapping:
        raise ActionError(_("Map the column that holds the ID number."))
    with transaction.atomic():
        before = {"mapping": source.column_mapping, "rule": source.rule}
        source.column_mapping, source.rule = mapping, rule
        source.save(update_fields=["column_mapping", "rule"])
        audit(
            actor,
            "registry.source_mapping",
            source,
            before=before,
            after={"mapping": mapping, "rule": rule},
        )
