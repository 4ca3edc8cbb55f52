"""Identity numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

Valid numbers are built with check digits from python-stdnum, an independent implementation, so a
shared mistake in CivicGrid's algorithms cannot make its own fixtures pass. Published examples
(from the standards and public sources) pin the algorithms to the real world.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from functools import cache

import pytest
from django.utils import translation
from stdnum.cn import ric, uscc

from civicgrid.registry.areacodes import in_use, stdnum_area_codes
from civicgrid.registry.identifiers import (
    REGISTRATION_AUTHORITIES,
    CreditCodeError,
    IdNumberError,
    id_check_digit,
    normalize_id_number,
    organization_code_check_char,
    parse_credit_code,
    parse_id_number,
    uscc_check_char,
)

TODAY = date(2026, 5, 1)


def id_number(area: str, birth: str, sequence: str = "123") -> str:
    """A number with a correct check digit, computed by python-stdnum."""
    first17 = area + birth + sequence
    return first17 + ric.calc_check_digit(first17 + "?")


@cache
def area_in_use() -> Callable[[str, int, int], bool]:
    """The checker CivicGrid builds from its seed table of division codes."""
    return in_use(stdnum_area_codes())


def credit_code(prefix: str, area: str, org_body: str) -> str:
    """A code with correct check characters; position 18 is computed by python-stdnum."""
    first17 = prefix + area + org_body + organization_code_check_char(org_body)
    return first17 + uscc.calc_check_digit(first17)


# --- identity numbers: check digit ---------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643-1999 example: Beijing Chaoyang, female, 1949-12-31
        "440524188001010014",  # GB 11643-1999 example: Guangdong, male, 1880-01-01
        "360426199101010071",  # python-stdnum documentation example
    ],
)
def test_check_digit_matches_published_examples(number: str) -> None:
    assert id_check_digit(number[:17]) == number[17]


def test_check_digit_agrees_with_python_stdnum_and_produces_every_character() -> None:
    seen = set()
    for n in range(200):
        first17 = f"4302121990{n % 12 + 1:02d}{n % 28 + 1:02d}{n:03d}"
        expected = ric.calc_check_digit(first17 + "?")
        assert id_check_digit(first17) == expected
        seen.add(expected)
    assert seen == set("0123456789X")


def test_check_digit_refuses_anything_but_17_digits() -> None:
    with pytest.raises(ValueError, match="17 digits"):
        id_check_digit("4302121990010112")
    with pytest.raises(ValueError, match="17 digits"):
        id_check_digit("43021219900101１23")


# --- identity numbers: normalization -------------------------------------------------------------


def test_number_with_x_check_digit_is_parsed() -> None:
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.area_code == "110105"
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "F"


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "\u3000１１０１０５１９４９１２３１００２Ｘ\u3000",
        "１１０１０５１９４９１２３１００２ｘ",
        "11010519491231002X\u200b",
    ],
)
def test_lowercase_full_width_and_spaced_input_is_normalized(typed: str) -> None:
    assert normalize_id_number(typed) == "11010519491231002X"
    assert parse_id_number(typed, today=TODAY).number == "11010519491231002X"


def test_first_generation_15_digit_number_becomes_the_published_18_digit_number() -> None:
    # The 15-digit form of the GB 11643 example: no century, no check digit.
    assert normalize_id_number("110105491231002") == "11010519491231002X"


def test_15_digit_number_gets_19_inserted_and_a_computed_check_digit() -> None:
    converted = normalize_id_number("430221900101123")
    assert converted == id_number("430221", "19900101")
    info = parse_id_number("430221900101123", area_in_use=area_in_use(), today=TODAY)
    assert info.birth_date == date(1990, 1, 1)


def test_normalization_does_not_validate() -> None:
    assert normalize_id_number("12345") == "12345"
    assert normalize_id_number("43021219900230123x") == "43021219900230123X"


# --- identity numbers: checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["4302121990010112", "4302121990010112345", "", "43021219900101123"]
)
def test_wrong_length_is_a_format_error(raw: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, today=TODAY)
    assert caught.value.reason == "format"


@pytest.mark.parametrize("raw", ["43021219900101A234", "X30212199001011234", "4302121990010112Y1"])
def test_letters_other_than_a_final_x_are_a_format_error(raw: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, today=TODAY)
    assert caught.value.reason == "format"


@pytest.mark.parametrize("birth", ["20000229", "19960229", "20240229", "19040229"])
def test_february_29_accepted_in_leap_years(birth: str) -> None:
    info = parse_id_number(id_number("430212", birth), today=TODAY)
    assert (info.birth_date.month, info.birth_date.day) == (2, 29)


@pytest.mark.parametrize("birth", ["19000229", "20230229", "19990229"])
def test_february_29_rejected_in_common_years_including_1900(birth: str) -> None:
    with translation.override("en"), pytest.raises(IdNumberError) as caught:
        parse_id_number(id_number("430212", birth), today=TODAY)
    assert caught.value.reason == "birth_date"
    assert str(caught.value) == f"The birth date {birth} does not exist."


@pytest.mark.parametrize("birth", ["19901301", "19900100", "19900431", "19900230"])
def test_impossible_months_and_days_are_rejected(birth: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(id_number("430212", birth), today=TODAY)
    assert caught.value.reason == "birth_date"


def test_birth_date_after_today_is_rejected() -> None:
    with translation.override("en"), pytest.raises(IdNumberError) as caught:
        parse_id_number(id_number("430212", "20260502"), today=TODAY)
    assert caught.value.reason == "birth_date"
    assert str(caught.value) == "The birth date 20260502 is in the future."


def test_a_baby_born_today_is_accepted() -> None:
    assert parse_id_number(id_number("430212", "20260501"), today=TODAY).birth_date == TODAY


def test_today_defaults_to_the_current_date() -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(id_number("430212", "29990101"))
    assert caught.value.reason == "birth_date"
    assert parse_id_number(id_number("430212", "19900101")).birth_date == date(1990, 1, 1)


def test_birth_before_1890_is_rejected_even_with_a_correct_check_digit() -> None:
    # The standard's own 1880 example is arithmetically right but nobody that old is alive.
    with translation.override("en"), pytest.raises(IdNumberError) as caught:
        parse_id_number("440524188001010014", today=TODAY)
    assert caught.value.reason == "birth_date"
    assert "before 1890-01-01" in str(caught.value)
    assert parse_id_number(id_number("440524", "18900101"), today=TODAY).birth_date.year == 1890


def test_wrong_check_digit_message_names_expected_and_actual() -> None:
    valid = id_number("430212", "19900101")
    expected = valid[17]
    wrong = "3" if expected != "3" else "4"
    with translation.override("en"), pytest.raises(IdNumberError) as caught:
        parse_id_number(valid[:17] + wrong, today=TODAY)
    assert caught.value.reason == "checksum"
    assert str(caught.value) == f"The check digit is wrong: expected {expected}, got {wrong}."
    assert caught.value.params == {"expected": expected, "actual": wrong}


def test_the_first_failing_check_is_reported() -> None:
    # Impossible date and wrong check digit: the date comes first.
    bad_date = id_number("430212", "19900230")
    wrong = "1" if bad_date[17] != "1" else "2"
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(bad_date[:17] + wrong, area_in_use=area_in_use(), today=TODAY)
    assert caught.value.reason == "birth_date"
    # Unknown area and wrong check digit: the checksum comes before the area.
    bad_area = id_number("439999", "19900101")
    wrong = "1" if bad_area[17] != "1" else "2"
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(bad_area[:17] + wrong, area_in_use=area_in_use(), today=TODAY)
    assert caught.value.reason == "checksum"


@pytest.mark.parametrize(
    ("sequence", "sex"), [("121", "M"), ("123", "M"), ("120", "F"), ("128", "F")]
)
def test_sex_comes_from_the_17th_digit(sequence: str, sex: str) -> None:
    assert parse_id_number(id_number("430212", "19900101", sequence), today=TODAY).sex == sex


# --- identity numbers: the area rule -------------------------------------------------------------


@pytest.mark.parametrize("birth", ["19900101", "20200101", "19500615"])
def test_current_district_code_430212_accepted_whenever_the_holder_was_born(birth: str) -> None:
    # Born long before 渌口区 existed (2018) but registered after the change: the new code.
    info = parse_id_number(id_number("430212", birth), area_in_use=area_in_use(), today=TODAY)
    assert info.area_code == "430212"


def test_former_county_code_accepted_for_people_born_before_2018() -> None:
    info = parse_id_number(id_number("430221", "19900101"), area_in_use=area_in_use(), today=TODAY)
    assert info.area_code == "430221"


def test_former_county_code_accepted_for_people_born_in_the_year_of_the_change() -> None:
    number = id_number("430221", "20180301")
    assert parse_id_number(number, area_in_use=area_in_use(), today=TODAY).area_code == "430221"


def test_former_county_code_rejected_for_people_born_after_it_was_abolished() -> None:
    number = id_number("430221", "20200101")
    with translation.override("en"), pytest.raises(IdNumberError) as caught:
        parse_id_number(number, area_in_use=area_in_use(), today=TODAY)
    assert caught.value.reason == "area"
    assert str(caught.value) == (
        "Area code 430221 was not in use between the birth year 2020 and today."
    )


def test_code_that_never_existed_is_rejected_when_areas_are_checked() -> None:
    number = id_number("439999", "19900101")
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(number, area_in_use=area_in_use(), today=TODAY)
    assert caught.value.reason == "area"


def test_area_is_not_checked_without_a_checker() -> None:
    assert parse_id_number(id_number("439999", "19900101"), today=TODAY).area_code == "439999"


def test_checker_is_asked_about_birth_year_to_current_year() -> None:
    calls = []

    def checker(code: str, from_year: int, to_year: int) -> bool:
        calls.append((code, from_year, to_year))
        return True

    parse_id_number(id_number("430221", "19851120"), area_in_use=checker, today=TODAY)
    assert calls == [("430221", 1985, 2026)]


# --- unified social credit codes: check characters -----------------------------------------------


@pytest.mark.parametrize(
    ("code", "org_type_name"),
    [
        ("91350100M000100Y43", "企业"),  # the worked example in GB 32100-2015
        ("91110000600037341L", "企业"),  # python-stdnum documentation example
        # 中国全聚德（集团）股份有限公司 and 北京长峰医院, as published in
        # blog.csdn.net/ellasun_web/article/details/130267762
        ("91110000101623741K", "企业"),
        ("911101066976941872", "企业"),
    ],
)
def test_published_codes_validate(code: str, org_type_name: str) -> None:
    info = parse_credit_code(code)
    assert info.code == code
    assert info.org_type_name == org_type_name


def test_standard_worked_example_is_parsed_into_its_parts() -> None:
    info = parse_credit_code("91350100M000100Y43")
    assert (info.authority, info.authority_name) == ("9", "工商")
    assert (info.org_type, info.org_type_name) == ("1", "企业")
    assert info.area_code == "350100"
    assert info.code[8:17] == "M000100Y4"


def test_check_character_agrees_with_python_stdnum_and_reaches_zero() -> None:
    seen = set()
    for n in range(400):
        first17 = f"91430212MA4L{n:04d}" + "0"
        expected = uscc.calc_check_digit(first17)
        assert uscc_check_char(first17) == expected
        seen.add(expected)
    assert "0" in seen  # 31 - 0 wraps to 0, not to an index past the end
    assert len(seen) > 25


def test_check_character_refuses_characters_outside_the_charset() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("91350100M0001O0Y4")


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("D2143569", "X"),  # the example in GB 11714-1997: D2143569-X
        ("MA1FL0LY", "9"),  # wenerme/go-gb test case
        ("M000100Y", "4"),  # inside the GB 32100 worked example
        ("60003734", "1"),  # inside the python-stdnum example
        ("00000000", "0"),  # sum 0: 11 - 0 = 11, written 0
    ],
)
def test_organization_code_check_character(body: str, check: str) -> None:
    assert organization_code_check_char(body) == check


# --- unified social credit codes: authorities and types ------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "authority_name", "type_name"),
    [
        ("91", "工商", "企业"),
        ("92", "工商", "个体工商户"),
        ("93", "工商", "农民专业合作社"),
        ("N2", "农业", "村级集体经济组织"),
        ("N1", "农业", "组级集体经济组织"),
        ("51", "民政", "社会团体"),
        ("52", "民政", "民办非企业单位"),
        ("53", "民政", "基金会"),
        ("54", "民政", "村民委员会"),
        ("55", "民政", "居民委员会"),
        ("12", "机构编制", "事业单位"),
        ("31", "司法行政", "律师执业机构"),
        ("71", "宗教", "宗教活动场所"),
        ("81", "工会", "基层工会"),
        ("A1", "中央军委改革和编制办公室", "军队事业单位"),
        ("G1", "公安", "境外非政府组织代表机构"),
        ("J1", "住房城乡建设", "业主大会"),
        ("Y1", "其他", "其他"),
    ],
)
def test_codes_of_every_kind_of_organization_parse(
    prefix: str, authority_name: str, type_name: str
) -> None:
    info = parse_credit_code(credit_code(prefix, "430212", "MA4L0K2C"))
    assert (info.authority, info.org_type) == (prefix[0], prefix[1])
    assert (info.authority_name, info.org_type_name) == (authority_name, type_name)
    assert info.area_code == "430212"


def test_village_collective_of_luokou_district_parses() -> None:
    code = credit_code("N2", "430212", "MA4T7QX1")
    assert code.startswith("N2430212")
    info = parse_credit_code(code)
    assert info.org_type_name == "村级集体经济组织"


def test_every_type_in_the_table_is_accepted() -> None:
    for authority, (_name, types) in REGISTRATION_AUTHORITIES.items():
        for org_type in types:
            assert parse_credit_code(credit_code(authority + org_type, "110105", "12345678"))


def test_national_level_area_100000_is_accepted() -> None:
    assert parse_credit_code(credit_code("11", "100000", "00001018")).area_code == "100000"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_codes_with_i_o_z_s_v_are_rejected(letter: str) -> None:
    valid = credit_code("91", "430212", "MA4L0K2C")
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code(valid[:10] + letter + valid[11:])
    assert caught.value.reason == "format"
    assert caught.value.params == {"char": letter, "position": 11}


def test_standard_example_with_z_as_check_character_is_rejected() -> None:
    # GB 32100 uses 91350100M000100Y4Z to show a failing check; Z is never used at all.
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code("91350100M000100Y4Z")
    assert caught.value.reason == "format"


@pytest.mark.parametrize("raw", ["91350100M000100Y4", "91350100M000100Y433", ""])
def test_credit_code_of_wrong_length_is_rejected(raw: str) -> None:
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code(raw)
    assert caught.value.reason == "format"


@pytest.mark.parametrize("authority", ["0", "B", "C", "H", "M", "X"])
def test_unknown_registration_authority_is_rejected(authority: str) -> None:
    with translation.override("en"), pytest.raises(CreditCodeError) as caught:
        parse_credit_code(credit_code(authority + "1", "430212", "MA4L0K2C"))
    assert caught.value.reason == "authority"
    assert str(caught.value) == f"Registration authority code {authority} does not exist."


@pytest.mark.parametrize("prefix", ["94", "99", "Y2", "56", "N4", "A2", "37", "G2"])
def test_unknown_type_under_a_known_authority_is_rejected(prefix: str) -> None:
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code(credit_code(prefix, "430212", "MA4L0K2C"))
    assert caught.value.reason == "type"


def test_area_outside_any_province_is_rejected() -> None:
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code(credit_code("91", "990100", "MA4L0K2C"))
    assert caught.value.reason == "area"


def test_area_with_letters_is_rejected() -> None:
    first17 = "9143A212MA4L0K2C" + organization_code_check_char("MA4L0K2C")
    with pytest.raises(CreditCodeError) as caught:
        parse_credit_code(first17 + uscc.calc_check_digit(first17))
    assert caught.value.reason == "area"


def test_wrong_organization_code_check_character_is_rejected() -> None:
    valid = credit_code("91", "430212", "MA4L0K2C")
    wrong = "1" if valid[16] != "1" else "2"
    first17 = valid[:16] + wrong
    with translation.override("en"), pytest.raises(CreditCodeError) as caught:
        parse_credit_code(first17 + uscc.calc_check_digit(first17))
    assert caught.value.reason == "org_checksum"
    assert f"expected {valid[16]}, got {wrong}" in str(caught.value)


def test_wrong_check_character_is_rejected_naming_expected_and_actual() -> None:
    valid = credit_code("N2", "430212", "MA4T7QX1")
    wrong = "Y" if valid[17] != "Y" else "0"
    with translation.override("en"), pytest.raises(CreditCodeError) as caught:
        parse_credit_code(valid[:17] + wrong)
    assert caught.value.reason == "checksum"
    assert str(caught.value) == (
        f"The check character is wrong: expected {valid[17]}, got {wrong}."
    )


def test_credit_code_input_is_normalized() -> None:
    typed = " ９１３５０１００ｍ０００１００ｙ４３\u3000"
    assert parse_credit_code(typed).code == "91350100M000100Y43"
    assert parse_credit_code("91350100m000100y43").code == "91350100M000100Y43"


# --- no Django needed ----------------------------------------------------------------------------


def test_modules_work_without_django_being_set_up() -> None:
    script = textwrap.dedent(
        """
        from civicgrid.registry.areacodes import in_use, stdnum_area_codes
        from civicgrid.registry.identifiers import IdNumberError, id_check_digit, parse_id_number

        first17 = "43022120200101123"
        check = in_use(stdnum_area_codes())
        try:
            parse_id_number(first17 + id_check_digit(first17), area_in_use=check)
        except IdNumberError as error:
            print(error.reason, error)
        """
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - our own interpreter running a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "area Area code 430221 was not in use between the birth year 2020 and today.\n"
    )
