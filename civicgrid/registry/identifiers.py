"""Chinese identity numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

Pure Python: importable and usable without Django being set up. Error messages are English source
strings marked for translation; they are translated into the active language when Django is
running and stay English in plain scripts.

Citizen identity number (居民身份证号码), 18 characters::

    430212 19900101 123 X
    area   birth    seq check        seq: odd = male, even = female; check: ISO 7064 MOD 11-2

Unified social credit code (统一社会信用代码), 18 characters::

    9 1 430212 MA4L12345 6
    | | area   org code  check       org code: GB 11714 body of 8 + its own check character
    | type under that authority
    registration authority
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .messages import gettext_noop, translated

__all__ = [
    "REGISTRATION_AUTHORITIES",
    "USCC_CHARSET",
    "CreditCodeError",
    "CreditCodeInfo",
    "IdInfo",
    "IdNumberError",
    "id_check_digit",
    "normalize_credit_code",
    "normalize_id_number",
    "organization_code_check_char",
    "parse_credit_code",
    "parse_id_number",
    "uscc_check_char",
]

# Birth dates are calendar dates in China; the country has kept UTC+8 without daylight saving
# since 1991, so a fixed offset gives the right "today" without needing tz data on the host.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

# Nobody born earlier is alive; an earlier date is a typing error, not a centenarian.
EARLIEST_BIRTH_DATE = date(1890, 1, 1)

# Characters users paste from Word, web pages and Chinese input methods.
_FULL_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULL_WIDTH |= {0xFF21 + i: ord("A") + i for i in range(26)}
_FULL_WIDTH |= {0xFF41 + i: ord("a") + i for i in range(26)}
# Zero-width characters are not whitespace to str.split() but come along with copied text.
_INVISIBLE = {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}
_CLEAN = _FULL_WIDTH | _INVISIBLE


def _clean(raw: str) -> str:
    """Drop all whitespace (also U+3000 and zero-width characters) and fold full-width to ASCII."""
    return "".join(raw.translate(_CLEAN).split())


# --- GB 11643-1999 citizen identity number -------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
_ID15_PATTERN = re.compile(r"[0-9]{15}")
_DIGITS17 = re.compile(r"[0-9]{17}")


@dataclass(frozen=True)
class IdInfo:
    """What a valid identity number says about its holder."""

    number: str  # normalized, 18 characters
    area_code: str  # first six digits: where the number was first issued
    birth_date: date
    sex: str  # "M" or "F"


class IdNumberError(ValueError):
    """An identity number failed a check.

    ``reason`` is one of ``"format"``, ``"birth_date"``, ``"checksum"``, ``"area"``; ``params``
    holds the values named in the message (e.g. ``expected``/``actual`` for a checksum).
    """

    def __init__(self, reason: str, message: str, params: Mapping[str, object]) -> None:
        self.reason = reason
        self.params = dict(params)
        self.message = translated(message, params)
        super().__init__(self.message)


def id_check_digit(first17: str) -> str:
    """The check character (``0``–``9`` or ``X``) for the first 17 digits of an identity number.

    ISO 7064 MOD 11-2. Raises ``ValueError`` unless ``first17`` is exactly 17 ASCII digits.
    """
    if not _DIGITS17.fullmatch(first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw: str) -> str:
    """``raw`` in canonical form; does not validate it.

    Removes whitespace anywhere (including full-width spaces), converts full-width digits and X to
    ASCII, upper-cases a trailing x, and converts a 15-digit first-generation number to 18 digits
    (``19`` inserted before its two-digit year, the check digit appended).
    """
    number = _clean(raw)
    if number.endswith("x"):
        number = number[:-1] + "X"
    if _ID15_PATTERN.fullmatch(number):
        # First-generation cards (1984–2004) were only issued to people born in the 1900s.
        first17 = number[:6] + "19" + number[6:]
        number = first17 + id_check_digit(first17)
    return number


def parse_id_number(
    raw: str,
    *,
    area_in_use: Callable[[str, int, int], bool] | None = None,
    today: date | None = None,
) -> IdInfo:
    """Normalize and validate an identity number; return what it encodes.

    Checks, in order, and raises :class:`IdNumberError` for the first that fails:

    ``format``
        18 characters: 17 digits and a digit or X.
    ``birth_date``
        a real calendar date, not after ``today`` and not before 1890-01-01.
    ``checksum``
        the ISO 7064 MOD 11-2 check digit.
    ``area``
        only when ``area_in_use`` is given: ``area_in_use(code, birth_year, today.year)`` must be
        true. A number is issued at or after birth and never changes, so its area code is right if
        it was in use at any time from the birth year until now — people born long before a
        district was renamed still get the new code when first registered after the change.

    ``today`` defaults to the current date in China.
    """
    if today is None:
        today = datetime.now(CHINA_TZ).date()
    number = normalize_id_number(raw)
    if len(number) != 18:
        raise IdNumberError(
            "format",
            gettext_noop(
                "An identity number has 18 characters (15 on first-generation cards); "
                "got %(length)d."
            ),
            {"length": len(number)},
        )
    if not _ID_PATTERN.fullmatch(number):
        raise IdNumberError(
            "format",
            gettext_noop("An identity number is 17 digits followed by a digit or X."),
            {},
        )

    birth_text = number[6:14]
    try:
        birth_date = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise IdNumberError(
            "birth_date",
            gettext_noop("The birth date %(date)s does not exist."),
            {"date": birth_text},
        ) from None
    if birth_date > today:
        raise IdNumberError(
            "birth_date",
            gettext_noop("The birth date %(date)s is in the future."),
            {"date": birth_text},
        )
    if birth_date < EARLIEST_BIRTH_DATE:
        raise IdNumberError(
            "birth_date",
            gettext_noop("The birth date %(date)s is before 1890-01-01."),
            {"date": birth_text},
        )

    expected = id_check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            "checksum",
            gettext_noop("The check digit is wrong: expected %(expected)s, got %(actual)s."),
            {"expected": expected, "actual": number[17]},
        )

    area_code = number[:6]
    if area_in_use is not None and not area_in_use(area_code, birth_date.year, today.year):
        raise IdNumberError(
            "area",
            gettext_noop(
                "Area code %(code)s was not in use between the birth year %(year)d and today."
            ),
            {"code": area_code, "year": birth_date.year},
        )

    return IdInfo(
        number=number,
        area_code=area_code,
        birth_date=birth_date,
        sex="M" if int(number[16]) % 2 else "F",
    )


# --- GB 32100-2015 unified social credit code ----------------------------------------------------

# I, O, Z, S and V are left out because they are easily read as 1, 0, 2, 5 and U.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_CHARSET)}
# W_i = 3^(i-1) mod 31.
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY = re.compile(r"[0-9A-Z]{8}")
_AREA = re.compile(r"[0-9]{6}")

# First two digits of GB/T 2260 division codes, plus 10 for 100000, the code of national-level
# registration authorities (central government bodies, SAMR-registered enterprises).
_PROVINCE_PREFIXES = frozenset(
    "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

# Registration authority (position 1) -> (name, {institution type (position 2): name}).
#
# Source: the code table that accompanied GB 32100-2015 (authorities 1-9, A, N, Y), as reproduced
# identically by several independent public copies: wenerme/go-gb gb32100/code.go, the
# issue9/validator gb32100 package, blog.csdn.net/lh1424573495/article/details/108776492.
#
# Later additions, kept only where at least two independent public sources agree (the
# howardli/CredentialKit OrgCategory/RegistrationDepartment enums; wanghanwanghan/someUtils
# nsrsbhToType.php, which cites a county statistics bureau page; the prefix list of the validator in
# blog.csdn.net/Syracuse123_/article/details/127120513, which holds 54, 55, G1 and J1; bank
# front-end checks that accept 55... and G... codes):
#   5/4 村民委员会, 5/5 居民委员会   village and residents' committees (special legal persons)
#   G/1 境外非政府组织代表机构       offices of foreign NGOs, registered by public security
#   J/1 业主大会                      homeowners' assemblies, registered by housing departments
#   Q   侨联                          grassroots federations of returned overseas Chinese, coded
#                                     since 中侨厅〔2019〕29号; its type codes 1-3 have one source
#                                     only (CredentialKit)
# Seen in a single source and therefore left out (add them when a real code turns up):
# 3/6 商事调解组织, 8/2 非法人工会组织, 9/9 其他, G/9, J/9, Q/9.
# Names are those of the standard; 9 工商 is now 市场监管 and N 农业 is now 农业农村.
REGISTRATION_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": (
        "民政",
        {
            "1": "社会团体",
            "2": "民办非企业单位",
            "3": "基金会",
            "4": "村民委员会",
            "5": "居民委员会",
            "9": "其他",
        },
    ),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "G": ("公安", {"1": "境外非政府组织代表机构"}),
    "J": ("住房城乡建设", {"1": "业主大会"}),
    "N": (
        "农业",
        {
            "1": "组级集体经济组织",
            "2": "村级集体经济组织",
            "3": "乡镇级集体经济组织",
            "9": "其他",
        },
    ),
    "Q": ("侨联", {"1": "区县级侨联组织", "2": "乡镇级侨联组织", "3": "村级侨联组织"}),
    "Y": ("其他", {"1": "其他"}),
}


@dataclass(frozen=True)
class CreditCodeInfo:
    """The parts of a valid unified social credit code."""

    code: str  # normalized, 18 characters
    authority: str  # position 1
    authority_name: str
    org_type: str  # position 2
    org_type_name: str
    area_code: str  # positions 3-8: division of the registration authority
    # The organization code (positions 9-17) is code[8:17].


class CreditCodeError(ValueError):
    """A unified social credit code failed a check.

    ``reason`` is one of ``"format"``, ``"authority"``, ``"type"``, ``"area"``,
    ``"org_checksum"``, ``"checksum"``; ``params`` holds the values named in the message.
    """

    def __init__(self, reason: str, message: str, params: Mapping[str, object]) -> None:
        self.reason = reason
        self.params = dict(params)
        self.message = translated(message, params)
        super().__init__(self.message)


def uscc_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a credit code.

    C18 = 31 - (sum of value x weight mod 31), 31 meaning 0, mapped back through
    :data:`USCC_CHARSET`. Raises ``ValueError`` unless ``first17`` is 17 characters of that set.
    """
    if len(first17) != 17 or any(char not in _USCC_VALUES for char in first17):
        raise ValueError(f"expected 17 characters of {USCC_CHARSET}, got {first17!r}")
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def organization_code_check_char(body: str) -> str:
    """The GB 11714 check character for the 8-character body of an organization code.

    Values: digits as themselves, A=10 … Z=35; C9 = 11 - (weighted sum mod 11), where 10 is
    written ``X`` and 11 is written ``0``. Raises ``ValueError`` unless ``body`` is 8 characters
    of 0-9/A-Z.
    """
    if not _ORG_BODY.fullmatch(body):
        raise ValueError(f"expected 8 characters 0-9/A-Z, got {body!r}")
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def normalize_credit_code(raw: str) -> str:
    """``raw`` without whitespace, full-width characters folded to ASCII, upper-cased."""
    return _clean(raw).upper()


def parse_credit_code(raw: str) -> CreditCodeInfo:
    """Normalize and validate a unified social credit code; return its parts.

    Checks, in order, and raises :class:`CreditCodeError` for the first that fails:

    ``format``
        18 characters, all from :data:`USCC_CHARSET` (no I, O, Z, S, V).
    ``authority``
        position 1 is a registration authority in :data:`REGISTRATION_AUTHORITIES`.
    ``type``
        position 2 is an institution type defined for that authority.
    ``area``
        positions 3-8 are six digits starting with a province code (or 10 for national level).
    ``org_checksum``
        position 17 is the GB 11714 check character of positions 9-16.
    ``checksum``
        position 18 is the GB 32100 check character.
    """
    code = normalize_credit_code(raw)
    if len(code) != 18:
        raise CreditCodeError(
            "format",
            gettext_noop("A unified social credit code has 18 characters; got %(length)d."),
            {"length": len(code)},
        )
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUES:
            raise CreditCodeError(
                "format",
                gettext_noop(
                    "The character %(char)s at position %(position)d is not used in unified "
                    "social credit codes (they have no I, O, Z, S or V)."
                ),
                {"char": char, "position": position},
            )

    authority, org_type, area_code = code[0], code[1], code[2:8]
    if authority not in REGISTRATION_AUTHORITIES:
        raise CreditCodeError(
            "authority",
            gettext_noop("Registration authority code %(authority)s does not exist."),
            {"authority": authority},
        )
    authority_name, types = REGISTRATION_AUTHORITIES[authority]
    if org_type not in types:
        raise CreditCodeError(
            "type",
            gettext_noop(
                "Institution type code %(type)s does not exist for registration authority "
                "%(authority)s."
            ),
            {"type": org_type, "authority": authority},
        )

    if not _AREA.fullmatch(area_code) or area_code[:2] not in _PROVINCE_PREFIXES:
        raise CreditCodeError(
            "area",
            gettext_noop(
                "Positions 3 to 8 must be the division code of the registration authority; "
                "%(area)s is not one."
            ),
            {"area": area_code},
        )

    org_expected = organization_code_check_char(code[8:16])
    if code[16] != org_expected:
        raise CreditCodeError(
            "org_checksum",
            gettext_noop(
                "The organization code %(org)s has a wrong check character: "
                "expected %(expected)s, got %(actual)s."
            ),
            {"org": code[8:17], "expected": org_expected, "actual": code[16]},
        )

    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            "checksum",
            gettext_noop("The check character is wrong: expected %(expected)s, got %(actual)s."),
            {"expected": expected, "actual": code[17]},
        )

    return CreditCodeInfo(
        code=code,
        authority=authority,
        authority_name=authority_name,
        org_type=org_type,
        org_type_name=types[org_type],
        area_code=area_code,
    )
