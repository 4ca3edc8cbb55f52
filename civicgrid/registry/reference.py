"""Reference data the registry ships with: the special-group tags and the division-code table
(seeded from python-stdnum). Used by the seeding migration and, when a test run has flushed the
tables, by :func:`ensure`."""

from __future__ import annotations

from typing import Any

TAGS = [
    ("elderly_60", "60岁以上老人", "Elderly, 60 and over", []),
    ("subsidy_80_90", "80-90岁高龄补贴", "80–90 year-olds receiving the longevity subsidy", []),
    ("disabled", "残疾人", "Person with a disability", []),
    ("poverty_alleviated", "脱贫户", "Member of a poverty-alleviated household", []),
    (
        "retired_fisherman",
        "退捕渔民",
        "Retired fisherman (employment ledger)",
        [
            {"name": "status", "label": "就业状态"},
            {"name": "form", "label": "就业形式"},
            {"name": "employer", "label": "就业单位"},
        ],
    ),
    ("left_behind_child", "留守儿童", "Left-behind child", []),
    ("registered_unemployed", "登记失业人员", "Registered unemployed", []),
]


def seed(area_code_model: Any, tag_model: Any) -> None:
    """Fill empty tables (models may be historical ones from a migration)."""
    from .areacodes import stdnum_area_codes

    if not area_code_model.objects.exists():
        rows = {(a.code, a.valid_from): a for a in stdnum_area_codes()}
        area_code_model.objects.bulk_create(
            [
                area_code_model(
                    code=a.code,
                    name=a.name,
                    province=a.province,
                    valid_from=a.valid_from,
                    valid_to=a.valid_to,
                )
                for a in rows.values()
            ],
            batch_size=2000,
        )
    if not tag_model.objects.exists():
        tag_model.objects.bulk_create(
            [tag_model(code=c, name=n, description=d, attributes=a) for c, n, d, a in TAGS]
        )


def ensure() -> None:
    from .divisions import forget
    from .models import AreaCode, Tag

    seed(AreaCode, Tag)
    forget()
