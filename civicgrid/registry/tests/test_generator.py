"""The synthetic registry generator: what a user checks before importing its files."""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import Point, shape

from civicgrid.conftest import District
from civicgrid.registry import generator
from civicgrid.registry.areacodes import in_use, stdnum_area_codes
from civicgrid.registry.identifiers import parse_credit_code, parse_id_number

PEOPLE = 2_000
AS_OF = date(2026, 1, 1)
TAGS = {
    "elderly_60",
    "subsidy_80_90",
    "disabled",
    "poverty_alleviated",
    "retired_fisherman",
    "left_behind_child",
    "registered_unemployed",
}


def _grids(district: District) -> list[tuple[str, dict[str, Any]]]:
    return [(g.code, g.boundary) for g in district.grids]


def _read(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == generator.HEADERS[name]
        return list(reader)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@pytest.fixture
def out(district: District, tmp_path: Path) -> Path:
    counts = generator.generate(tmp_path, PEOPLE, _grids(district), seed=7, as_of=AS_OF)
    for name, rows in counts.items():
        assert len(_read(tmp_path, name)) == rows
    return tmp_path


def test_counts_follow_the_source_district(out: Path) -> None:
    assert len(_read(out, "people.csv")) == PEOPLE
    households = len(_read(out, "households.csv"))
    assert PEOPLE / 3.6 < households < PEOPLE / 2.9  # 3.25 people per household
    buildings = _read(out, "buildings.csv")
    assert len({b["grid_code"] for b in buildings}) == 5  # at least one in every grid
    assert 40 <= len(buildings) <= 60  # about one per 41 people
    assert len(_read(out, "organizations.csv")) >= 3


def test_identity_numbers_are_valid_unique_and_match_the_columns(out: Path) -> None:
    area_in_use = in_use(stdnum_area_codes())
    seen: set[str] = set()
    for row in _read(out, "people.csv"):
        info = parse_id_number(row["id_number"], area_in_use=area_in_use)
        assert info.number == row["id_number"]
        assert info.number not in seen
        seen.add(info.number)
        assert info.birth_date.isoformat() == row["birth_date"]
        assert info.sex == row["sex"]
        assert 0 <= _age(info.birth_date, AS_OF) <= 100
        if info.birth_date.year >= 2018:
            assert info.area_code != "430221", row
    assert len(seen) == PEOPLE


def test_every_area_code_written_is_in_use_today() -> None:
    open_ended = {a.code for a in stdnum_area_codes() if a.valid_to is None}
    assert generator.AREA_CODES - {"430221"} <= open_ended
    assert {"430212", "430221"} <= generator.AREA_CODES


def test_households_hold_one_to_six_people_of_their_own_grid(out: Path) -> None:
    buildings = {b["code"]: b for b in _read(out, "buildings.csv")}
    households = {h["household_number"]: h for h in _read(out, "households.csv")}
    for household in households.values():
        assert buildings[household["building_code"]]["grid_code"] == household["grid_code"]
        assert household["address"].startswith(buildings[household["building_code"]]["address"])
    assert len({h["address"] for h in households.values()}) == len(households)

    members: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for person in _read(out, "people.csv"):
        household = households[person["household_number"]]
        assert household["grid_code"] == person["grid_code"]
        members[person["household_number"]].append(person)
    assert set(members) == set(households)
    sizes = Counter(len(m) for m in members.values())
    assert set(sizes) <= set(range(1, 7))
    assert len(sizes) >= 5  # a spread of sizes, not one shape
    for people in members.values():
        relations = [p["relation"] for p in people]
        assert relations[0] == "户主"
        assert relations.count("户主") == 1
        assert set(relations) <= {"户主", "配偶", "子女", "父母", "孙子女", "其他"}


def test_people_look_like_people(out: Path) -> None:
    people = _read(out, "people.csv")
    residence = Counter(p["residence_type"] for p in people)
    assert residence["registered"] > PEOPLE * 0.7
    assert residence["floating"] > 0
    assert all(2 <= len(p["name"]) <= 4 for p in people)
    for p in people:
        born = date.fromisoformat(p["birth_date"])
        if _age(born, AS_OF) < 12:
            assert p["phone"] == ""
        elif p["phone"]:
            assert len(p["phone"]) == 11
            assert p["phone"][0] == "1"
            assert p["phone"][1] in "3456789"
    heads = [p for p in people if p["relation"] == "户主"]
    assert len({p["name"][0] for p in heads}) > 20  # many surnames
    old = sum(_age(date.fromisoformat(p["birth_date"]), AS_OF) >= 60 for p in people)
    assert 0.12 < old / PEOPLE < 0.35


def test_tags_agree_with_the_person(out: Path) -> None:
    people = _read(out, "people.csv")
    counts: Counter[str] = Counter()
    for p in people:
        tags = set(filter(None, p["tags"].split(";")))
        assert tags <= TAGS
        counts.update(tags)
        age = _age(date.fromisoformat(p["birth_date"]), AS_OF)
        assert ("elderly_60" in tags) == (age >= 60)
        assert ("subsidy_80_90" in tags) == (80 <= age < 90)
        if "left_behind_child" in tags:
            assert age < 16
        if "registered_unemployed" in tags:
            assert 16 <= age < 60
        if "retired_fisherman" in tags:
            assert age >= 18
    assert counts["poverty_alleviated"] > 0
    assert counts["disabled"] > 0
    assert counts["left_behind_child"] > 0


def test_points_lie_inside_their_grid(district: District, out: Path) -> None:
    polygons = {code: shape(boundary) for code, boundary in _grids(district)}
    rows = _read(out, "buildings.csv") + _read(out, "facilities.csv")
    for row in rows:
        point = Point(float(row["lon"]), float(row["lat"]))
        assert polygons[row["grid_code"]].contains(point), row
    facilities = _read(out, "facilities.csv")
    assert {f["kind"] for f in facilities} >= {"garbage_pool", "street_light", "camera"}
    assert len({f["code"] for f in facilities}) == len(facilities)


def test_addresses_and_names_come_from_the_region_tree(out: Path) -> None:
    buildings = _read(out, "buildings.csv")
    for b in buildings:
        if b["grid_code"].startswith("430212100201"):
            assert b["address"].startswith("甲镇石门村")
            assert "组" in b["address"]
        if b["grid_code"].startswith("430212100001"):
            assert b["address"].startswith("甲镇东社区")
    assert len({b["address"] for b in buildings}) == len(buildings)
    facilities = _read(out, "facilities.csv")
    assert any(f["name"].startswith("枫林村垃圾池") for f in facilities)


def test_credit_codes_are_valid_and_match_the_kind(out: Path) -> None:
    organizations = _read(out, "organizations.csv")
    assert len({o["credit_code"] for o in organizations}) == len(organizations)
    assert len({o["name"] for o in organizations}) == len(organizations)
    for org in organizations:
        info = parse_credit_code(org["credit_code"])
        assert info.area_code == "430212"
        assert info.authority + info.org_type in generator.CREDIT_TYPES[org["kind"]]
        assert org["legal_representative"]


@pytest.mark.parametrize("kind", sorted(generator.CREDIT_TYPES))
def test_every_kind_of_credit_code_parses(kind: str) -> None:
    rng = random.Random(kind)
    for _ in range(300):
        info = parse_credit_code(generator.credit_code(rng, kind))
        assert info.authority + info.org_type in generator.CREDIT_TYPES[kind]


def test_the_same_seed_gives_the_same_files(district: District, tmp_path: Path) -> None:
    grids = _grids(district)
    generator.generate(tmp_path / "a", 500, grids, seed=1, as_of=AS_OF)
    generator.generate(tmp_path / "b", 500, grids, seed=1, as_of=AS_OF)
    generator.generate(tmp_path / "c", 500, grids, seed=2, as_of=AS_OF)
    for name in generator.FILES:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes(), name
    people = "people.csv"
    assert (tmp_path / "a" / people).read_bytes() != (tmp_path / "c" / people).read_bytes()


def test_progress_is_reported_up_to_the_total(district: District, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    generator.generate(tmp_path, 300, _grids(district), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (300, 300)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_command_writes_the_files_and_a_summary(district: District, tmp_path: Path) -> None:
    stdout = StringIO()
    call_command(
        "generate", "--people", "400", "--out", str(tmp_path), "--seed", "3", stdout=stdout
    )
    text = stdout.getvalue()
    for name in generator.FILES:
        assert (tmp_path / name).exists()
        assert name in text
    assert "400 rows" in text
    assert len(_read(tmp_path, "people.csv")) == 400


def test_command_without_grids_says_what_to_do(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"No grids: run `civicgrid demo --no-serve`"):
        call_command("generate", "--people", "10", "--out", str(tmp_path))
    assert not (tmp_path / "people.csv").exists()
