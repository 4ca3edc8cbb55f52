"""The ten default criteria of the star ratings (one star each)."""

from __future__ import annotations

from .models import Criterion

DEFAULT_CRITERIA = [
    ("爱党爱国", "拥护党的领导，热爱祖国，积极参加村里组织的学习活动"),
    ("遵纪守法", "遵守法律法规和村规民约，家庭成员无违法违纪行为"),
    ("诚信友善", "诚实守信，邻里和睦，不拖欠、不失信"),
    ("勤劳致富", "勤劳肯干，有稳定的产业或就业，不等不靠"),
    ("孝老爱亲", "孝敬老人，关爱子女，家庭和睦"),
    ("感恩奋进", "感党恩、听党话、跟党走，自强自立"),
    ("清洁卫生", "房前屋后整洁，室内干净，垃圾分类入池"),
    ("重教好学", "重视子女教育，无辍学，积极参加技能培训"),
    ("移风易俗", "红白喜事简办，不铺张浪费，不参与赌博和封建迷信"),
    ("热心公益", "积极参加义务劳动、志愿服务和村里公益事业"),
]


def ensure_default_criteria() -> int:
    """Create the default criteria that are missing (by name); returns how many were added."""
    have = set(Criterion.objects.values_list("name", flat=True))
    new = [
        Criterion(name=name, description=description, order=n)
        for n, (name, description) in enumerate(DEFAULT_CRITERIA, start=1)
        if name not in have
    ]
    Criterion.objects.bulk_create(new)
    return len(new)
