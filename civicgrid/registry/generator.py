"""Synthetic registry files for the grids in the database: people, households, buildings,
facilities and organizations, shaped like the source district's registry.

The source district (渌口区 and the city around it, as the source articles count it) has 3,090,000
people in 950,000 households, 75,200 buildings and 2,100 organizations; :func:`generate` keeps those
proportions for any number of people. What it writes is meant to pass the importer unchanged:

* every identity number is a valid, unique GB 11643 number whose area code was in use between the
  holder's birth year and today (430212 渌口区 since 2018, 430221 the former 株洲县 only for people
  born before 2018, and currently valid codes of nearby counties for people from elsewhere);
  ``birth_date`` and ``sex`` agree with the number;
* every credit code is a valid GB 32100 code whose registration authority and institution type
  match the organization's kind, with a valid GB 11714 organization code inside;
* every building and facility lies inside its grid's boundary;
* tags are consistent with the person (age, household, working age).

Everything comes from one ``random.Random(seed)``: the same seed, grids, region names and ``as_of``
date give byte-identical files. People have no coordinates, so the 3,090,000 people of the full
district cost no geometry work; they are written row by row as they are made.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .identifiers import id_check_digit, organization_code_check_char, uscc_check_char

__all__ = [
    "AS_OF",
    "FILES",
    "HEADERS",
    "credit_code",
    "generate",
]

# --- proportions of the source district -----------------------------------------------------------

SOURCE_PEOPLE = 3_090_000
SOURCE_HOUSEHOLDS = 950_000  # 3.25 people per household
SOURCE_BUILDINGS = 75_200  # one building per 41 people
SOURCE_ORGANIZATIONS = 2_100
PEOPLE_PER_BUILDING = SOURCE_PEOPLE / SOURCE_BUILDINGS

DISTRICT_CODE = "430212"
FORMER_COUNTY_CODE = "430221"  # 株洲县 until 2018, when it became 渌口区
RENAMED_IN = 2018
# Share of people born before 2018 and registered here whose number still carries 430221.
FORMER_COUNTY_SHARE = 0.30

# Ages and tags are computed as of this date (a fixed date keeps the output reproducible); the
# generator uses today instead if today is earlier, so that nobody is born in the future.
AS_OF = date(2026, 1, 1)
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

FILES = ("buildings.csv", "households.csv", "people.csv", "facilities.csv", "organizations.csv")
HEADERS: dict[str, tuple[str, ...]] = {
    "buildings.csv": ("code", "address", "use", "floors", "lon", "lat", "grid_code"),
    "households.csv": ("household_number", "address", "building_code", "grid_code"),
    "people.csv": (
        "id_number",
        "name",
        "phone",
        "household_number",
        "relation",
        "residence_type",
        "grid_code",
        "tags",
        "birth_date",
        "sex",
    ),
    "facilities.csv": ("code", "kind", "name", "lon", "lat", "grid_code", "responsible_unit"),
    "organizations.csv": (
        "credit_code",
        "name",
        "kind",
        "legal_representative",
        "address",
        "phone",
        "grid_code",
    ),
}

Progress = Callable[[int, int], None]


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _pick(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    """One of ``items`` with cumulative weights ``cum`` (a fast ``rng.choices(k=1)``)."""
    return items[bisect_right(cum, rng.random() * cum[-1])]


# --- the age pyramid ------------------------------------------------------------------------------

# Share of people by five-year age band (0-4 … 95-99, then 100), shaped like the 2020 census of a
# rural Hunan county: few young children, a dip at 15-29 (young adults work in the cities), the
# large cohorts born 1962-1976 now in their fifties and sixties, a quarter of people 60 or over.
_AGE_BANDS = (
    4.0, 5.6, 6.0, 5.0, 3.6, 4.0, 6.4, 6.2, 5.6, 8.0,
    8.8, 8.4, 6.6, 7.0, 5.2, 3.4, 2.3, 1.2, 0.42, 0.09,
)  # fmt: skip
_AGE_WEIGHTS = [_AGE_BANDS[min(age // 5, 19)] for age in range(100)] + [0.004]
MAX_AGE = len(_AGE_WEIGHTS) - 1  # 100
_AGE_CUM = [0.0, *accumulate(_AGE_WEIGHTS)]


def _headship(age: int) -> float:
    """Relative chance that a person of ``age`` heads a household."""
    if age < 20:
        return 0.0
    if age < 25:
        return 0.08
    if age < 30:
        return 0.3
    if age < 35:
        return 0.6
    if age < 40:
        return 0.85
    if age < 75:
        return 1.0
    return 0.9 if age < 85 else 0.6


_HEAD_CUM = [0.0, *accumulate(w * _headship(a) for a, w in enumerate(_AGE_WEIGHTS))]
# Floating households: people who came for work, heads of 20 to 55.
_FLOAT_HEAD_CUM = [
    0.0,
    *accumulate(
        w * (1.0 if 22 <= a <= 45 else 0.5 if 20 <= a <= 55 else 0.0)
        for a, w in enumerate(_AGE_WEIGHTS)
    ),
]


def _age_between(rng: random.Random, lo: int, hi: int, cum: Sequence[float] = _AGE_CUM) -> int:
    """An age in ``[lo, hi]`` (clamped to 0…100) following the pyramid within that range."""
    lo = max(0, lo)
    hi = min(MAX_AGE, hi)
    if hi <= lo:
        return lo
    low, high = cum[lo], cum[hi + 1]
    if high <= low:
        return rng.randint(lo, hi)
    age = bisect_right(cum, low + rng.random() * (high - low)) - 1
    return min(max(age, lo), hi)


# --- area codes -----------------------------------------------------------------------------------

# Where floating people and people married in come from: currently valid codes (checked against
# python-stdnum's table by the tests) of the nearby counties and cities, weighted by distance.
_OTHER_AREAS: tuple[tuple[str, float], ...] = (
    ("430202", 4), ("430203", 5), ("430204", 4), ("430211", 5),  # 株洲 city districts
    ("430223", 5), ("430224", 3), ("430225", 2), ("430281", 6),  # 攸县 茶陵 炎陵 醴陵
    ("430302", 3), ("430304", 3), ("430321", 5), ("430381", 3), ("430382", 1),  # 湘潭
    ("430102", 2), ("430103", 2), ("430104", 2), ("430105", 1), ("430111", 2),  # 长沙
    ("430121", 2), ("430181", 2),
    ("430421", 2), ("430422", 2), ("430423", 2), ("430424", 3), ("430426", 1),  # 衡阳
    ("430481", 2), ("430482", 1),
    ("430522", 1), ("430523", 1), ("430524", 1),  # 邵阳
    ("430621", 1), ("430626", 1), ("430681", 1),  # 岳阳
    ("360302", 1), ("360313", 1),  # 萍乡 (Jiangxi, across the border)
)  # fmt: skip
_OTHER_AREA_CODES = [code for code, _ in _OTHER_AREAS]
_OTHER_AREA_CUM = _cumulative([w for _, w in _OTHER_AREAS])
# People living here without being registered here (常住) mostly come from the city next door.
_RESIDENT_AREAS = ("430202", "430203", "430204", "430211", "430223", "430281", "430321")

# Every area code the generator writes (for tests and documentation).
AREA_CODES = frozenset({DISTRICT_CODE, FORMER_COUNTY_CODE, *_OTHER_AREA_CODES, *_RESIDENT_AREAS})

# --- names ----------------------------------------------------------------------------------------

# Surnames by their frequency in Hunan (刘 李 陈 王 张 lead; 谭 易 彭 曾 are typical of the
# province), with the compound surnames that occur: 欧阳 is common around 株洲, the rest rare.
_SURNAMES: tuple[tuple[str, float], ...] = (
    ("刘", 7.5), ("李", 6.5), ("陈", 6.0), ("王", 5.5), ("张", 5.0), ("黄", 3.5), ("周", 3.2),
    ("罗", 3.0), ("谭", 2.6), ("易", 2.4), ("彭", 2.3), ("曾", 2.2), ("杨", 2.2), ("肖", 2.0),
    ("唐", 2.0), ("邓", 1.9), ("吴", 1.6), ("胡", 1.5), ("何", 1.3), ("朱", 1.2), ("贺", 1.2),
    ("文", 1.1), ("谢", 1.1), ("赵", 1.0), ("徐", 1.0), ("龙", 0.9), ("袁", 0.9), ("廖", 0.9),
    ("蒋", 0.8), ("颜", 0.8), ("邹", 0.8), ("钟", 0.7), ("汤", 0.7), ("郭", 0.6), ("丁", 0.5),
    ("孙", 0.5), ("高", 0.5), ("林", 0.5), ("许", 0.5), ("马", 0.4), ("秦", 0.4), ("宋", 0.4),
    ("姚", 0.4), ("卢", 0.4), ("范", 0.4), ("方", 0.4), ("石", 0.4), ("尹", 0.4), ("戴", 0.4),
    ("夏", 0.4), ("熊", 0.4), ("陆", 0.3), ("左", 0.3), ("凌", 0.3), ("毛", 0.3), ("万", 0.3),
    ("雷", 0.3), ("傅", 0.3), ("段", 0.3), ("苏", 0.3), ("邱", 0.3), ("向", 0.3), ("阳", 0.3),
    ("聂", 0.3), ("江", 0.3), ("欧", 0.2), ("匡", 0.15), ("晏", 0.15), ("皮", 0.1), ("漆", 0.05),
    ("单", 0.05), ("欧阳", 0.3), ("司马", 0.01), ("上官", 0.01), ("诸葛", 0.005), ("司徒", 0.005),
)  # fmt: skip
_SURNAME_LIST = [s for s, _ in _SURNAMES]
_SURNAME_CUM = _cumulative([w for _, w in _SURNAMES])

# Characters of given names by sex and by the decade's fashion.
_GIVEN: dict[tuple[str, int], str] = {
    ("M", 0): "国建华志明德福生长文春军平富贵荣昌林海金松柏忠义仁财光宝庆祥云清汉正顺良才发成兴茂",
    ("F", 0): "秀英兰珍桂芳梅玉凤华淑莲菊琴翠娥云霞春香花金月娟满冬青素仙爱凤美",
    ("M", 1): "建军国华志强伟明勇斌平卫东红兵海波涛刚峰辉林新永杰文春雄彬良湘",
    ("F", 1): "红丽芳英燕萍霞玲娟敏华梅琴艳秀平春莉亚美娥小素冬爱",
    ("M", 2): "伟磊涛强浩鹏杰超勇军斌俊宇翔飞波亮刚峰辉明凯文鑫龙阳晨剑",
    ("F", 2): "静丽敏婷娜燕芳颖倩雪琳佳慧晶洁蓉艳莉思晓丹璐薇欢",
    ("M", 3): "浩宇轩子涵梓睿博文俊皓泽然一铭辰佑航晨逸杰瑞锦天嘉宸奕煜",
    ("F", 3): "梓涵欣怡诗雨萱可馨语思若琪佳悦紫晨一彤婉清安雅沐妍芷",
}
# Share of one-character given names by era (they peaked among people born in the 1980s).
_SINGLE_SHARE = (0.12, 0.2, 0.3, 0.08)


def _era(birth_year: int) -> int:
    if birth_year < 1960:
        return 0
    if birth_year < 1980:
        return 1
    return 2 if birth_year < 2000 else 3


def _given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    era = _era(birth_year)
    pool = _GIVEN[(sex, era)]
    first = pool[int(rng.random() * len(pool))]
    if rng.random() < _SINGLE_SHARE[era]:
        return first
    second = pool[int(rng.random() * len(pool))]
    if second == first and not (sex == "F" and era >= 2):  # 叠字 names are girls' names
        second = pool[(pool.index(first) + 1) % len(pool)]
    return first + second


def _surname(rng: random.Random) -> str:
    return _SURNAME_LIST[bisect_right(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


# --- phones ---------------------------------------------------------------------------------------

_MOBILE_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 166 "
    "173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199"
).split()


def _mobile(rng: random.Random) -> str:
    prefix = _MOBILE_PREFIXES[int(rng.random() * len(_MOBILE_PREFIXES))]
    return f"{prefix}{int(rng.random() * 100_000_000):08d}"


def _phone_share(age: int) -> float:
    """Share of people of ``age`` with a mobile number on record."""
    if age < 12:
        return 0.0
    if age < 16:
        return 0.3
    if age < 70:
        return 0.96
    return 0.75 if age < 80 else 0.4


# --- geometry -------------------------------------------------------------------------------------


def _geometry(boundary: Mapping[str, Any] | None) -> BaseGeometry | None:
    if not boundary:
        return None
    try:
        geom = shape(boundary)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.is_empty or geom.area <= 0:
        return None
    shapely.prepare(geom)
    return geom


def _points_inside(
    rng: random.Random, geom: BaseGeometry | None, count: int
) -> list[tuple[float, float]]:
    """``count`` random points inside ``geom``, rounded to 6 decimals (≈ 0.1 m).

    Rejection sampling in the bounding box, vectorised with :func:`shapely.contains_xy`; the
    rounding happens before the test, so the written coordinates are inside too. Without a usable
    geometry, or if a sliver of a polygon refuses to be hit, the rest are its representative point
    (or 0, 0 when there is no geometry at all).
    """
    if count <= 0:
        return []
    if geom is None:
        return [(0.0, 0.0)] * count
    minx, miny, maxx, maxy = geom.bounds
    fill = max(geom.area / max((maxx - minx) * (maxy - miny), 1e-18), 0.01)
    points: list[tuple[float, float]] = []
    for _ in range(50):
        need = count - len(points)
        if need <= 0:
            break
        batch = int(need / fill * 1.3) + 8
        xs = np.round(np.array([minx + rng.random() * (maxx - minx) for _ in range(batch)]), 6)
        ys = np.round(np.array([miny + rng.random() * (maxy - miny) for _ in range(batch)]), 6)
        inside = shapely.contains_xy(geom, xs, ys)
        points.extend(zip(xs[inside][:need].tolist(), ys[inside][:need].tolist(), strict=True))
    if len(points) < count:
        p = geom.representative_point()
        points.extend([(p.x, p.y)] * (count - len(points)))
    return points


# --- credit codes ---------------------------------------------------------------------------------

_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the credit-code character set (no I O Z S V)
_ENTERPRISE_PREFIX = ("MA4L", "MA4M", "MA4P", "MA4Q", "MA4R", "MA4T", "MA7A", "MABM")
# (registration authority + institution type) by kind: GB 32100's code table.
CREDIT_TYPES: dict[str, tuple[str, ...]] = {
    "enterprise": ("91",),  # 工商 (市场监管) / 企业
    "cooperative": ("93",),  # 工商 / 农民专业合作社
    "institution": ("12",),  # 机构编制 / 事业单位
    "village_collective": ("N2",),  # 农业 / 村级集体经济组织
    "social": ("51", "52"),  # 民政 / 社会团体, 民办非企业单位
}


def _org_body(rng: random.Random, kind: str) -> str:
    """Eight characters of a plausible organization-code body for ``kind``."""

    def chars(pool: str, n: int) -> str:
        return "".join(pool[int(rng.random() * len(pool))] for _ in range(n))

    digits = "0123456789"
    if kind in ("enterprise", "cooperative"):
        if kind == "enterprise" and rng.random() < 0.25:  # registered before 2015: old org code
            return rng.choice("567") + chars(digits, 7)
        return _ENTERPRISE_PREFIX[int(rng.random() * len(_ENTERPRISE_PREFIX))] + chars(
            _ORG_CHARS, 4
        )
    if kind == "institution":
        return "4" + chars(digits, 7)
    if kind == "village_collective":
        return "MF" + chars(digits, 6)
    return "MJ" + chars(digits, 6)  # social organizations: codes issued by 民政


def credit_code(rng: random.Random, kind: str, area: str = DISTRICT_CODE) -> str:
    """A valid unified social credit code for an organization of ``kind`` registered in ``area``.

    Authority and type follow :data:`CREDIT_TYPES`; positions 9-17 are an 8-character body and its
    GB 11714 check character, position 18 the GB 32100 check character. Raises ``KeyError`` for an
    unknown kind.
    """
    types = CREDIT_TYPES[kind]
    head = types[0] if len(types) == 1 else types[int(rng.random() * len(types))]
    body = _org_body(rng, kind)
    first17 = head + area + body + organization_code_check_char(body)
    return first17 + uscc_check_char(first17)


# --- the district's places ------------------------------------------------------------------------


@dataclass
class _Grid:
    code: str
    geom: BaseGeometry | None
    town: str
    unit: str  # village or community name
    community: bool
    people: int = 0
    addresses: list[str] = field(default_factory=list)


_ROADS = (
    "建设路 人民路 解放路 渌江路 湘江路 振兴路 迎宾路 新华路 滨江路 学府路 文化路 东风路 朝阳路 "
    "向阳路 兴隆街 沿江路 工业路 车站路 渌湘大道 和平路 民主街 东湖路 株洲铺路 王家洲路"
).split()


def _unit_is_community(code: str, level: str | None) -> bool:
    """Communities by their level; without one by the statistical rule (001-199: 居委会)."""
    if level in ("community", "village"):
        return level == "community"
    suffix = code[9:12]
    return suffix.isdigit() and int(suffix) < 200


def _load_regions(codes: set[str]) -> dict[str, tuple[str, str]]:
    from civicgrid.regions.models import Region

    return {
        code: (name, level)
        for code, name, level in Region.objects.filter(code__in=codes).values_list(
            "code", "name", "level"
        )
    }


def _places(
    grids: Sequence[tuple[str, Mapping[str, Any] | None]],
    regions: Mapping[str, tuple[str, str]] | None,
) -> list[_Grid]:
    codes = sorted({code for code, _ in grids})
    if regions is None:
        regions = _load_regions({c[:9] for c in codes} | {c[:12] for c in codes})
    boundaries = dict(grids)
    places = []
    for code in codes:
        town = regions.get(code[:9], ("", "town"))[0]
        unit_name, unit_level = regions.get(code[:12], ("", ""))
        community = _unit_is_community(code, unit_level or None)
        if not unit_name:
            unit_name = f"{int(code[9:12] or 0)}号{'社区' if community else '村'}"
        places.append(_Grid(code, _geometry(boundaries[code]), town, unit_name, community))
    return places


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split into integers proportional to ``weights`` (largest remainders)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], rng.random()))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- households and people ------------------------------------------------------------------------

_SIZES = (1, 2, 3, 4, 5, 6)
_SIZE_CUM = _cumulative((0.13, 0.21, 0.21, 0.21, 0.14, 0.10))  # mean 3.32
_FLOAT_SIZE_CUM = _cumulative((0.30, 0.25, 0.22, 0.15, 0.05, 0.03))  # mean 2.51
_RESIDENCE = ("registered", "resident", "floating")
_RESIDENCE_CUM = _cumulative((0.86, 0.06, 0.08))

_LEFT_BEHIND_AGE = 16  # 留守儿童: under 16 with both parents working away
_WORKING_AGE = (18, 59)


@dataclass
class _Member:
    relation: str
    age: int
    sex: str
    surname: str


class _People:
    """Makes households' members, birth dates and identity numbers (keeps the counters)."""

    def __init__(self, rng: random.Random, as_of: date) -> None:
        self.rng = rng
        self.as_of = as_of
        # Birth dates by age: people aged a were born in [first[a], last[a]] (ordinals).
        self.first: list[int] = []
        self.last: list[int] = []
        for age in range(MAX_AGE + 1):
            self.last.append(_years_before(as_of, age).toordinal())
            self.first.append(_years_before(as_of, age + 1).toordinal() + 1)
        self.dates: dict[int, tuple[str, str, int]] = {}
        # (area + birth date + sex) -> how many numbers were handed out
        self.issued: dict[int, int] = {}

    def household(self, size: int, residence: str) -> list[_Member]:
        """The members of one household, head first (户主, then relatives)."""
        rng = self.rng
        floating = residence == "floating"
        head_age = _age_between(rng, 20, MAX_AGE, _FLOAT_HEAD_CUM if floating else _HEAD_CUM)
        head_sex = "M" if rng.random() < (0.7 if floating else 0.78) else "F"
        family = _surname(rng)
        members = [_Member("户主", head_age, head_sex, family)]
        left = size - 1
        if left and rng.random() < (0.6 if head_age >= 75 else 0.88):
            offset = rng.gauss(-2 if head_sex == "M" else 2, 3)
            spouse_age = min(max(round(head_age + offset), 20), MAX_AGE)
            members.append(_Member("配偶", spouse_age, "F" if head_sex == "M" else "M", ""))
            left -= 1
        if left and head_age >= 52 and not floating and rng.random() < 0.2:
            # Grandparents bringing up their grandchildren while the parents work in the cities.
            for _ in range(left):
                members.append(
                    _Member(
                        "孙子女", _age_between(rng, 0, min(17, head_age - 40)), _child_sex(rng), ""
                    )
                )
            return members
        parents = 0
        while left:
            roll = rng.random()
            if head_age < 45:
                relation = "子女" if roll < 0.78 else "父母"
            elif head_age < 62:
                relation = (
                    "子女" if roll < 0.6 else "父母" if roll < 0.75 else "孙子女" if roll < 0.9
                    else "其他"
                )  # fmt: skip
            else:
                relation = "子女" if roll < 0.5 else "孙子女" if roll < 0.85 else "其他"
            if relation == "父母" and (parents >= 2 or head_age + 20 > MAX_AGE):
                relation = "子女"
            if relation == "子女":
                age, sex = _age_between(rng, head_age - 42, head_age - 20), _child_sex(rng)
            elif relation == "孙子女":
                age, sex = _age_between(rng, head_age - 75, head_age - 40), _child_sex(rng)
            elif relation == "父母":
                age = _age_between(rng, head_age + 20, head_age + 40)
                sex = (
                    ("M" if rng.random() < 0.45 else "F")
                    if parents == 0
                    else ("F" if members[-1].sex == "M" else "M")
                )
                parents += 1
            elif head_age < 40:  # a brother or sister
                age, sex = _age_between(rng, head_age - 8, head_age + 8), _child_sex(rng)
            else:  # a son- or daughter-in-law
                age = _age_between(rng, max(20, head_age - 40), max(20, head_age - 20))
                sex = "F" if rng.random() < 0.8 else "M"
            members.append(_Member(relation, age, sex, ""))
            left -= 1
        return members

    def birth(self, age: int) -> int:
        """A birth date (ordinal) for someone who is ``age`` on the as-of date."""
        first, last = self.first[age], self.last[age]
        return first + int(self.rng.random() * (last - first + 1))

    def date_text(self, ordinal: int) -> tuple[str, str, int]:
        """(YYYYMMDD, YYYY-MM-DD, year) of a date ordinal, cached."""
        found = self.dates.get(ordinal)
        if found is None:
            d = date.fromordinal(ordinal)
            found = (f"{d.year:04d}{d.month:02d}{d.day:02d}", d.isoformat(), d.year)
            self.dates[ordinal] = found
        return found

    def id_number(self, area: str, age: int, birth: int, sex: str) -> tuple[str, int]:
        """A new identity number and the birth date it encodes (ordinal).

        The three sequence digits come from a counter per (area, birth date, sex), walked through
        the odd (male) or even non-zero (female) values in a scrambled order, so numbers never
        repeat. When a day's sequence numbers are used up (only with tens of millions of people)
        the birth date moves to the nearest day of the same age that has some left.
        """
        male = sex == "M"
        modulus = 500 if male else 499
        first, last = self.first[age], self.last[age]
        for step in range(2 * (last - first) + 1):
            day = birth + ((step + 1) // 2 if step % 2 else -(step // 2))
            if not first <= day <= last:
                continue
            ymd = self.date_text(day)[0]
            key = int(area + ymd) * 2 + male
            used = self.issued.get(key, 0)
            if used >= modulus:
                continue
            self.issued[key] = used + 1
            index = ((key * 2654435761 >> 7) + used * 7) % modulus
            seq = 2 * index + 1 if male else 2 * index + 2
            first17 = f"{area}{ymd}{seq:03d}"
            return first17 + id_check_digit(first17), day
        raise RuntimeError(f"no identity numbers left for age {age} in area {area}")


def _child_sex(rng: random.Random) -> str:
    return "M" if rng.random() < 0.53 else "F"  # Hunan's sex ratio at birth is high


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- buildings and facilities ---------------------------------------------------------------------

_USES = ("residential", "mixed", "commercial", "public", "industrial", "other")
_VILLAGE_USE_CUM = _cumulative((0.82, 0.06, 0.03, 0.03, 0.03, 0.03))
_TOWN_USE_CUM = _cumulative((0.60, 0.15, 0.12, 0.05, 0.03, 0.05))
_FLOORS = (1, 2, 3, 4, 5, 6, 7)
_VILLAGE_FLOORS_CUM = _cumulative((0.10, 0.45, 0.33, 0.08, 0.03, 0.01, 0.0))
_TOWN_FLOORS_CUM = _cumulative((0.02, 0.08, 0.15, 0.15, 0.15, 0.25, 0.20))
_GROUPS_PER_GRID = 8  # 村民小组 numbered per grid: grid 2 of a village has groups 9-16

# kind, code prefix, name, people per facility, at least one per grid
_FACILITIES: tuple[tuple[str, str, str, float, bool], ...] = (
    ("garbage_pool", "LJ", "垃圾池", 250.0, True),
    ("public_toilet", "GC", "公厕", 1500.0, False),
    ("street_light", "LD", "路灯", 80.0, True),
    ("camera", "JK", "监控点", 300.0, True),
    ("hydrant", "XF", "消火栓", 600.0, False),
)
_CITY_MANAGEMENT = "区城市管理和综合执法局"


def _responsible(kind: str, place: _Grid) -> str:
    if kind == "camera":
        return "区公安分局"
    if kind == "hydrant":
        return "区消防救援大队"
    if place.community:
        return _CITY_MANAGEMENT
    return f"{place.unit}村委会"


# --- organizations --------------------------------------------------------------------------------

_ORG_KINDS = ("enterprise", "cooperative", "village_collective", "institution", "social")
_ORG_KIND_CUM = _cumulative((0.62, 0.14, 0.08, 0.09, 0.07))
_TRADE_CHARS = (
    "鑫盛宏达华泰金阳恒通湘渌绿源兴旺顺发福瑞嘉和永佳利丰隆昌裕祥安康锦鹏众诚新宇天博远腾飞"
)
_INDUSTRIES = (
    "商贸 建材 农业科技 食品 机械制造 物流 建筑工程 服装 电子科技 餐饮管理 陶瓷 生态农业开发 "
    "汽车服务 五金 家具 印务 装饰工程 环保科技 新材料 医药连锁 种养 粮油 竹木制品 劳务"
).split()
_COOP_PRODUCTS = (
    "水稻种植 生猪养殖 油茶 蔬菜种植 水产养殖 农机 果蔬 茶叶 中药材 家禽养殖 湘莲 黄桃 "
    "葡萄种植 蜜蜂养殖 竹笋"
).split()
_TOWN_INSTITUTIONS = (
    "中心小学 中学 中心幼儿园 卫生院 农业综合服务中心 综合文化站 社会事务综合服务中心 "
    "退役军人服务站 敬老院 便民服务中心"
).split()
_VILLAGE_INSTITUTIONS = ("小学", "幼儿园", "卫生室")
_SOCIAL_51 = ("老年人协会", "志愿者协会", "商会", "书法家协会", "篮球协会", "钓鱼协会")
_SOCIAL_52 = ("养老服务中心", "幼儿园", "培训学校", "社会工作服务中心", "康复中心")


def _trade_name(rng: random.Random) -> str:
    a = _TRADE_CHARS[int(rng.random() * len(_TRADE_CHARS))]
    b = _TRADE_CHARS[int(rng.random() * len(_TRADE_CHARS))]
    return a + b if a != b else a + "兴"


def _org_name(rng: random.Random, kind: str, place: _Grid, taken: set[str]) -> str:
    """A plausible name for an organization of ``kind`` in ``place``, not yet in ``taken``."""
    stem = place.unit.removesuffix("村").removesuffix("社区")
    name = ""
    for attempt in range(60):
        roll = rng.random()
        if kind == "cooperative":
            product = rng.choice(_COOP_PRODUCTS)
            where = stem if roll < 0.6 else _trade_name(rng)
            name = f"株洲渌口{where}{product}专业合作社"
            if roll >= 0.85:
                name = f"株洲市渌口区{where}{product}农民专业合作社"
        elif kind == "village_collective" and attempt == 0:
            name = f"株洲市渌口区{place.town}{place.unit}股份经济合作社"
        elif kind == "institution":
            if roll < 0.5:
                name = f"株洲市渌口区{place.town}{rng.choice(_TOWN_INSTITUTIONS)}"
            else:
                name = f"株洲市渌口区{place.town}{place.unit}{rng.choice(_VILLAGE_INSTITUTIONS)}"
        elif kind == "social":
            if roll < 0.5:
                where = place.town if rng.random() < 0.5 else _trade_name(rng)
                name = f"株洲市渌口区{where}{rng.choice(_SOCIAL_51)}"
            else:
                name = f"株洲市渌口区{_trade_name(rng)}{rng.choice(_SOCIAL_52)}"
        else:  # enterprises, and names for anything whose own patterns are used up
            prefix = "株洲" if roll < 0.45 else "湖南" if roll < 0.65 else "株洲市渌口区"
            name = f"{prefix}{_trade_name(rng)}{rng.choice(_INDUSTRIES)}有限公司"
        if name not in taken:
            break
        if attempt >= 20:
            kind = "enterprise"
    while name in taken:  # practically unreachable: tens of thousands of enterprise names
        name = f"株洲{_trade_name(rng)}{_trade_name(rng)}{rng.choice(_INDUSTRIES)}有限公司"
    taken.add(name)
    return name


def _landline(rng: random.Random) -> str:
    return f"0731-2{int(rng.random() * 10_000_000):07d}"  # 株洲's area code


# --- the generator --------------------------------------------------------------------------------


def default_as_of() -> date:
    """:data:`AS_OF`, or today in China if that is earlier (nobody may be born in the future)."""
    return min(AS_OF, datetime.now(CHINA_TZ).date())


def generate(
    out_dir: Path,
    people: int,
    grids: list[tuple[str, dict]],
    seed: int = 430212,
    progress: Progress | None = None,
    *,
    regions: Mapping[str, tuple[str, str]] | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    """Write the five registry files for ``people`` people living in ``grids``; return row counts.

    ``grids`` are ``(grid code, GeoJSON boundary)`` pairs (15-digit codes; a boundary may be
    missing, then points fall back to 0, 0). ``regions`` maps town and village/community codes to
    ``(name, level)`` for addresses and names; by default they are read from the Region table
    (Django must be set up then). ``as_of`` is the date ages and tags refer to (default:
    :func:`default_as_of`). ``progress(done, total)`` is called with the number of people written
    about every 0.5 % and once at the end.

    Writes UTF-8 CSV files with a header row into ``out_dir`` (created if needed, existing files
    replaced): the names in :data:`FILES`, columns in :data:`HEADERS`. ``people.csv`` has exactly
    ``people`` rows; the other counts follow the source district's proportions (about people/41
    buildings with at least one per grid, people/3.25 households, people × 2,100 / 3,090,000
    organizations with at least three). The same arguments give byte-identical files. Raises
    ``ValueError`` if ``grids`` is empty or ``people`` negative.
    """
    if not grids:
        raise ValueError("No grids to generate people for.")
    if people < 0:
        raise ValueError("The number of people cannot be negative.")
    as_of = as_of or default_as_of()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by design
    places = _places(grids, regions)
    for place, count in zip(
        places, _split(rng, people, [rng.uniform(0.75, 1.25) for _ in places]), strict=True
    ):
        place.people = count

    out_dir.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(FILES, 0)
    handles = {name: (out_dir / name).open("w", encoding="utf-8", newline="") for name in FILES}
    try:
        writers = {name: csv.writer(handle) for name, handle in handles.items()}
        for name, writer in writers.items():
            writer.writerow(HEADERS[name])
        maker = _People(rng, as_of)
        done = 0
        step = max(1, people // 200)
        next_report = step
        road_numbers: dict[tuple[str, str], int] = {}
        facility_numbers: dict[tuple[str, str], int] = {}
        for place in places:
            households = _grid_buildings_and_households(
                rng, place, writers, counts, road_numbers, facility_numbers
            )
            done += _grid_people(maker, place, households, writers["people.csv"], counts)
            if progress is not None and done >= next_report:
                progress(done, people)
                next_report = (done // step + 1) * step
        _organizations(rng, places, people, as_of, writers["organizations.csv"], counts)
    finally:
        for handle in handles.values():
            handle.close()
    if progress is not None:
        progress(people, people)
    return counts


def _household_sizes(rng: random.Random, people: int) -> list[tuple[int, str]]:
    """(size, residence type) of households holding exactly ``people`` people."""
    households = []
    placed = 0
    while placed < people:
        residence = _pick(rng, _RESIDENCE, _RESIDENCE_CUM)
        size = _pick(rng, _SIZES, _FLOAT_SIZE_CUM if residence == "floating" else _SIZE_CUM)
        size = min(size, people - placed)
        households.append((size, residence))
        placed += size
    return households


def _grid_buildings_and_households(
    rng: random.Random,
    place: _Grid,
    writers: dict[str, Any],
    counts: dict[str, int],
    road_numbers: dict[tuple[str, str], int],
    facility_numbers: dict[tuple[str, str], int],
) -> list[tuple[str, int, str]]:
    """Write one grid's buildings, households and facilities; return its households as
    (household number, size, residence type)."""
    code = place.code
    sizes = _household_sizes(rng, place.people)
    n_buildings = max(1, round(place.people / PEOPLE_PER_BUILDING))
    use_cum = _TOWN_USE_CUM if place.community else _VILLAGE_USE_CUM
    floors_cum = _TOWN_FLOORS_CUM if place.community else _VILLAGE_FLOORS_CUM
    if place.community:
        roads = rng.sample(_ROADS, 3)
    else:
        first_group = (int(code[12:15] or 1) - 1) * _GROUPS_PER_GRID + 1
        roads = [f"{g}组" for g in range(first_group, first_group + _GROUPS_PER_GRID)]
    buildings: list[tuple[str, str, str, int]] = []
    for seq in range(1, n_buildings + 1):
        use = "residential" if seq == 1 else _pick(rng, _USES, use_cum)
        floors = _pick(rng, _FLOORS, floors_cum)
        if use == "residential" and not place.community and floors > 4:
            floors = 3
        road = roads[int(rng.random() * len(roads))]
        key = (code[:12], road)
        number = road_numbers.get(key, 0) + 1 + int(rng.random() * 3)
        road_numbers[key] = number
        address = f"{place.town}{place.unit}{road}{number}号"
        buildings.append((f"B{code}{seq:04d}", address, use, floors))
    points = _points_inside(rng, place.geom, len(buildings))
    writer = writers["buildings.csv"]
    for (b_code, address, use, floors), (lon, lat) in zip(buildings, points, strict=True):
        writer.writerow((b_code, address, use, floors, f"{lon:.6f}", f"{lat:.6f}", code))
        place.addresses.append(address)
    counts["buildings.csv"] += len(buildings)

    # Households live in the residential and mixed buildings, more of them in taller ones.
    homes = [b for b in buildings if b[2] in ("residential", "mixed")]
    home_cum = _cumulative([b[3] * (2.0 if place.community else 1.0) for b in homes])
    chosen = [bisect_right(home_cum, rng.random() * home_cum[-1]) for _ in sizes]
    per_building = [0] * len(homes)
    for index in chosen:
        per_building[index] += 1
    rooms = [0] * len(homes)
    result = []
    writer = writers["households.csv"]
    for seq, ((size, residence), index) in enumerate(zip(sizes, chosen, strict=True), start=1):
        b_code, address, _, floors = homes[index]
        if per_building[index] > 1:
            room = rooms[index]
            rooms[index] += 1
            address = f"{address}{room % floors + 1}{room // floors + 1:02d}室"
        number = f"H{code}{seq:05d}"
        writer.writerow((number, address, b_code, code))
        result.append((number, size, residence))
    counts["households.csv"] += len(sizes)

    writer = writers["facilities.csv"]
    for kind, prefix, label, per, at_least_one in _FACILITIES:
        expected = place.people / per
        n = int(expected) + (rng.random() < expected - int(expected))
        if at_least_one:
            n = max(n, 1)
        for seq, (lon, lat) in enumerate(_points_inside(rng, place.geom, n), start=1):
            key = (code[:12], kind)
            facility_numbers[key] = facility_numbers.get(key, 0) + 1
            writer.writerow((
                f"{prefix}{code}{seq:04d}",
                kind,
                f"{place.unit}{label}{facility_numbers[key]}号",
                f"{lon:.6f}",
                f"{lat:.6f}",
                code,
                _responsible(kind, place),
            ))  # fmt: skip
        counts["facilities.csv"] += n
    return result


def _grid_people(
    maker: _People,
    place: _Grid,
    households: list[tuple[str, int, str]],
    writer: Any,
    counts: dict[str, int],
) -> int:
    """Write the people of one grid's households; return how many."""
    rng = maker.rng
    code = place.code
    rows = []
    for number, size, residence in households:
        members = maker.household(size, residence)
        head = members[0]
        family = head.surname
        if head.sex == "F" and len(members) > 1 and members[1].relation == "配偶":
            family = _surname(rng)  # the children take their father's surname
        # Poverty alleviation (脱贫户) is a household's status, and only for registered ones.
        poor = residence == "registered" and rng.random() < 0.03
        origin = _pick(rng, _OTHER_AREA_CODES, _OTHER_AREA_CUM) if residence == "floating" else ""
        parents_here = any(m.relation == "子女" and 20 <= m.age <= 55 for m in members)
        for m in members:
            if m.relation == "户主":
                surname = family if head.sex == "M" else head.surname
            elif m.relation in ("子女", "孙子女"):
                surname = family if rng.random() < 0.92 else _surname(rng)
            elif m.relation == "父母" and m.sex == "M":
                surname = head.surname
            else:
                surname = _surname(rng)
            age = m.age
            birth = maker.birth(age)
            year = maker.date_text(birth)[2]
            # Area code of the number: kept for life from the first registration.
            if residence == "floating":
                area = (
                    origin if rng.random() < 0.9 else _pick(rng, _OTHER_AREA_CODES, _OTHER_AREA_CUM)
                )
            elif residence == "resident" and rng.random() < 0.7:
                area = _RESIDENT_AREAS[int(rng.random() * len(_RESIDENT_AREAS))]
            elif m.relation == "配偶" and rng.random() < 0.15:  # married in from elsewhere
                area = _pick(rng, _OTHER_AREA_CODES, _OTHER_AREA_CUM)
            elif year < RENAMED_IN and rng.random() < FORMER_COUNTY_SHARE:
                area = FORMER_COUNTY_CODE
            else:
                area = DISTRICT_CODE
            id_number, birth = maker.id_number(area, age, birth, m.sex)
            _, iso, year = maker.date_text(birth)

            tags = []
            if age >= 60:
                tags.append("elderly_60")
                if age < 90:
                    if age >= 80:
                        tags.append("subsidy_80_90")
            if rng.random() < (0.005 if age < 18 else 0.015 if age < 60 else 0.035 if age < 80
                               else 0.07):  # fmt: skip
                tags.append("disabled")
            if poor:
                tags.append("poverty_alleviated")
            if age >= 18 and rng.random() < (0.0024 if m.sex == "M" else 0.0006):
                tags.append("retired_fisherman")
            if (
                age < _LEFT_BEHIND_AGE
                and m.relation == "孙子女"
                and not parents_here
                and rng.random() < 0.85
            ):
                tags.append("left_behind_child")
            if _WORKING_AGE[0] <= age <= _WORKING_AGE[1] and rng.random() < 0.015:
                tags.append("registered_unemployed")

            member_residence = residence
            if residence == "registered" and m.relation != "户主" and rng.random() < 0.02:
                member_residence = "resident"  # e.g. a spouse whose registration has not moved
            if area in (DISTRICT_CODE, FORMER_COUNTY_CODE) and residence == "floating":
                member_residence = "floating"
            phone = _mobile(rng) if rng.random() < _phone_share(age) else ""
            name = surname + _given_name(rng, m.sex, year)
            rows.append((
                id_number, name, phone, number, m.relation, member_residence, code,
                ";".join(tags), iso, m.sex,
            ))  # fmt: skip
    writer.writerows(rows)
    counts["people.csv"] += len(rows)
    return len(rows)


def _organizations(
    rng: random.Random,
    places: list[_Grid],
    people: int,
    as_of: date,
    writer: Any,
    counts: dict[str, int],
) -> None:
    """Write about people × 2,100 / 3,090,000 organizations (at least three)."""
    total = max(3, round(people * SOURCE_ORGANIZATIONS / SOURCE_PEOPLE))
    weights = _cumulative([p.people + 1 for p in places])
    villages_with_collective: set[str] = set()
    codes: set[str] = set()
    names: set[str] = set()
    for index in range(total):
        place = places[bisect_right(weights, rng.random() * weights[-1])]
        # The first five cover every kind; then by the source district's mix.
        kind = (
            _ORG_KINDS[index] if index < len(_ORG_KINDS) else _pick(rng, _ORG_KINDS, _ORG_KIND_CUM)
        )
        if kind == "village_collective":
            free = [p for p in places if p.code[:12] not in villages_with_collective]
            if place.code[:12] in villages_with_collective and free:
                place = free[int(rng.random() * len(free))]
            if place.code[:12] in villages_with_collective:
                kind = "enterprise"
            else:
                villages_with_collective.add(place.code[:12])
        code = credit_code(rng, kind)
        while code in codes:
            code = credit_code(rng, kind)
        codes.add(code)
        name = _org_name(rng, kind, place, names)
        legal_age = _age_between(rng, 28, 70)
        legal_sex = "M" if rng.random() < 0.75 else "F"
        legal = _surname(rng) + _given_name(rng, legal_sex, as_of.year - legal_age)
        address = (
            place.addresses[int(rng.random() * len(place.addresses))]
            if place.addresses
            else f"{place.town}{place.unit}"
        )
        phone = _landline(rng) if rng.random() < 0.55 else _mobile(rng)
        writer.writerow((code, name, kind, legal, address, phone, place.code))
    counts["organizations.csv"] += total


def summary_size(path: Path) -> str:
    """A file's size for people: ``12.3 MB``."""
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"  # pragma: no cover
