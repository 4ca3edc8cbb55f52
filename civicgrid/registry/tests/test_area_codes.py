"""Division codes with years of use: the python-stdnum seed, the in-use checker, admin CSV."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from civicgrid.registry.areacodes import (
    AreaCode,
    AreaCodeCsvError,
    in_use,
    parse_area_code_csv,
    stdnum_area_codes,
)
from civicgrid.registry.identifiers import parse_id_number

# --- the python-stdnum seed ----------------------------------------------------------------------


def entries_for(code: str) -> list[AreaCode]:
    return [entry for entry in stdnum_area_codes() if entry.code == code]


def test_stdnum_table_has_luokou_district_since_2018() -> None:
    assert entries_for("430212") == [AreaCode("430212", "渌口区", "湖南省", 2018, None)]


def test_stdnum_table_has_zhuzhou_county_until_2018() -> None:
    assert entries_for("430221") == [AreaCode("430221", "株洲县", "湖南省", None, 2018)]


def test_a_code_with_several_names_gives_one_entry_per_name() -> None:
    # loc.dat: 0202 county="[1983-1996]东区,[1997-]荷塘区" under 43 湖南省
    assert entries_for("430202") == [
        AreaCode("430202", "东区", "湖南省", 1983, 1996),
        AreaCode("430202", "荷塘区", "湖南省", 1997, None),
    ]


def test_entries_without_years_are_open_ended() -> None:
    assert entries_for("110101") == [AreaCode("110101", "东城区", "北京市", None, None)]


def test_reversed_years_in_the_data_are_read_as_the_span_they_name() -> None:
    # loc.dat: 0311 county="[1983-1982]郊区,[1983-1995]旧堡区,[1996-]千山区" under 21 辽宁省
    assert entries_for("210311")[0] == AreaCode("210311", "郊区", "辽宁省", 1982, 1983)
    assert in_use(stdnum_area_codes())("210311", 1982, 1982)


def test_every_seed_entry_is_well_formed() -> None:
    entries = stdnum_area_codes()
    assert len(entries) > 6000
    for entry in entries:
        assert re.fullmatch(r"[0-9]{6}", entry.code), entry
        assert entry.name
        assert entry.province
        assert "[" not in entry.name
        assert "]" not in entry.name
        if entry.valid_from is not None and entry.valid_to is not None:
            assert entry.valid_from <= entry.valid_to, entry


def test_province_level_codes_are_included() -> None:
    assert AreaCode("430000", "湖南省", "湖南省", None, None) in stdnum_area_codes()


# --- the in-use checker --------------------------------------------------------------------------


def test_current_code_in_use_between_1990_and_2026() -> None:
    assert in_use(stdnum_area_codes())("430212", 1990, 2026)


def test_former_county_code_in_use_between_1990_and_2026() -> None:
    assert in_use(stdnum_area_codes())("430221", 1990, 2026)


def test_former_county_code_not_in_use_between_2020_and_2026() -> None:
    assert not in_use(stdnum_area_codes())("430221", 2020, 2026)


def test_in_use_includes_both_ends_of_the_span() -> None:
    check = in_use(stdnum_area_codes())
    assert check("430221", 2018, 2026)
    assert check("430212", 2018, 2018)
    assert not check("430212", 1990, 2017)
    assert not check("430221", 2019, 2019)


def test_unknown_code_is_never_in_use() -> None:
    assert not in_use(stdnum_area_codes())("439999", 1900, 2100)


def test_reused_code_is_not_in_use_in_the_gap_between_its_uses() -> None:
    check = in_use(
        [
            AreaCode("990101", "甲县", "测试省", None, 1990),
            AreaCode("990101", "乙区", "测试省", 2005, None),
        ]
    )
    assert check("990101", 1980, 1985)
    assert check("990101", 1995, 2010)
    assert not check("990101", 1991, 2004)
    assert check("990101", 2030, 2030)


def test_python_stdnum_rejects_a_430212_number_of_someone_born_in_1990() -> None:
    # python-stdnum checks the code only against the birth year, so it rejects people born before
    # 2018 and registered in 渌口区 after it was created; that is why CivicGrid does not use it.
    first17 = "43021219900101123"
    number = first17 + ric.calc_check_digit(first17 + "?")
    with pytest.raises(InvalidComponent):
        ric.validate(number)
    check = in_use(stdnum_area_codes())
    assert parse_id_number(number, area_in_use=check).area_code == "430212"
    # The same number with a 2020 birth date passes python-stdnum: only the area rule differs.
    first17_2020 = "43021220200101123"
    assert ric.validate(first17_2020 + ric.calc_check_digit(first17_2020 + "?"))


# --- administrator CSV ---------------------------------------------------------------------------


def test_csv_rows_become_entries() -> None:
    text = (
        "code,name,valid_from,valid_to\n"
        "430212,渌口区,2018,\n"
        '430221,"株洲县",,2018\n'
        "430299,新区,,\n"
        "430298,测试区,2001,2009\n"
    )
    assert parse_area_code_csv(text) == [
        AreaCode("430212", "渌口区", "湖南省", 2018, None),
        AreaCode("430221", "株洲县", "湖南省", None, 2018),
        AreaCode("430299", "新区", "湖南省", None, None),
        AreaCode("430298", "测试区", "湖南省", 2001, 2009),
    ]


def test_csv_from_excel_with_bom_crlf_spaces_and_blank_lines_is_accepted() -> None:
    text = "\ufeffcode, name ,valid_from,valid_to\r\n 430212 , 渌口区 , 2018 ,\r\n\r\n,,,\r\n"
    assert parse_area_code_csv(text) == [AreaCode("430212", "渌口区", "湖南省", 2018, None)]


def test_csv_with_only_a_header_gives_no_entries() -> None:
    assert parse_area_code_csv("code,name,valid_from,valid_to\n") == []


def test_csv_code_may_repeat_for_a_reused_code() -> None:
    text = "code,name,valid_from,valid_to\n990101,甲县,,1990\n990101,乙区,2005,\n"
    check = in_use(parse_area_code_csv(text))
    assert not check("990101", 1991, 2004)
    assert check("990101", 2006, 2026)


def test_csv_entries_added_to_the_seed_extend_the_checker() -> None:
    added = parse_area_code_csv("code,name,valid_from,valid_to\n430213,新设区,2025,\n")
    assert not in_use(stdnum_area_codes())("430213", 2025, 2026)
    assert in_use([*stdnum_area_codes(), *added])("430213", 2025, 2026)


def test_csv_province_is_blank_for_an_unknown_province_prefix() -> None:
    assert parse_area_code_csv("code,name,valid_from,valid_to\n990101,甲县,,\n")[0].province == ""


def test_bad_csv_rows_are_all_reported_with_their_line_numbers() -> None:
    text = (
        "code,name,valid_from,valid_to\n"  # line 1
        "43021,短码,,\n"  # line 2
        "430212,渌口区,2018,\n"  # line 3: fine
        "4302120,长码,,\n"  # line 4
        "43O212,字母,,\n"  # line 5
        "430221,株洲县,,二〇一八\n"  # line 6
        "430222,某县,1990.5,\n"  # line 7
        "430223,某区,2019,2018\n"  # line 8
        "430224,,,\n"  # line 9
        "430225,多列,,,x\n"  # line 10
    )
    with translation.override("en"), pytest.raises(AreaCodeCsvError) as caught:
        parse_area_code_csv(text)
    problems = caught.value.problems
    assert [line for line, _ in problems] == [2, 4, 5, 6, 7, 8, 9, 10]
    assert problems[0] == (2, "the code must be six digits (got 43021).")
    assert problems[3] == (6, "valid_to must be a year such as 2018, or blank (got 二〇一八).")
    assert problems[5] == (8, "valid_from 2019 is after valid_to 2018.")
    assert problems[6] == (9, "the name is missing.")
    assert problems[7] == (10, "expected 4 columns, found 5.")
    assert "line 8: valid_from 2019 is after valid_to 2018." in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_several_problems_on_one_row_are_all_listed() -> None:
    with pytest.raises(AreaCodeCsvError) as caught:
        parse_area_code_csv("code,name,valid_from,valid_to\n4302,,x,y\n")
    assert [line for line, _ in caught.value.problems] == [2, 2, 2, 2]


def test_line_numbers_count_physical_lines_of_quoted_multiline_names() -> None:
    text = 'code,name,valid_from,valid_to\n430212,"渌口\n区",2018,\n43021,x,,\n'
    with pytest.raises(AreaCodeCsvError) as caught:
        parse_area_code_csv(text)
    assert [line for line, _ in caught.value.problems] == [4]


@pytest.mark.parametrize(
    "header",
    ["", "code,name,from,to\n", "name,code,valid_from,valid_to\n", "430212,渌口区,2018,\n"],
)
def test_csv_without_the_expected_header_is_rejected_at_line_1(header: str) -> None:
    with translation.override("en"), pytest.raises(AreaCodeCsvError) as caught:
        parse_area_code_csv(header)
    assert caught.value.problems == [(1, "the header must be code,name,valid_from,valid_to.")]
