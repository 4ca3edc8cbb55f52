from __future__ import annotations

from civicgrid.regions.models import Level, Region, validate_region_code


def test_subtree_is_every_descendant_and_nothing_else(district) -> None:
    codes = set(Region.objects.subtree("430212100").values_list("code", flat=True))
    assert codes == {
        "430212100",
        "430212100001",
        "430212100001001",
        "430212100001002",
        "430212100201",
        "430212100201001",
    }


def test_subtree_query_uses_the_code_not_recursion(district, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        assert len(list(Region.objects.subtree("430212").grids())) == 5


def test_valid_codes_pass(district) -> None:
    assert validate_region_code("430212102", Level.TOWN, district["430212"]) == []
    assert validate_region_code("430212100201002", Level.GRID, district["430212100201"]) == []


def test_code_must_extend_its_parent(district) -> None:
    errors = validate_region_code("430212101202", Level.VILLAGE, district["430212100"])
    assert any("430212100" in e for e in errors)


def test_code_length_and_digits_follow_the_level(district) -> None:
    assert validate_region_code("4302121", Level.TOWN, district["430212"])
    assert validate_region_code("43021210A", Level.TOWN, district["430212"])


def test_grid_only_under_village_or_community(district) -> None:
    errors = validate_region_code("430212100001", Level.GRID, district["430212100"])
    assert errors


def test_ancestor_codes_come_from_the_code(district) -> None:
    assert district["430212100201001"].ancestor_codes == ["430212", "430212100", "430212100201"]
