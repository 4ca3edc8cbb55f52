"""The demo district's halls (政务服务中心, 便民服务中心) and their appointment slots.

The district's comprehensive hall sits in the district seat, 渌口镇; every town has a service
centre at its town government. Addresses are plausible, not real. Slots are opened through the
real action (as the first administrator), so they fall on working days only.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.regions.models import Level, Region

from ..actions.appointments import open_slots
from ..models import Hall

DISTRICT_HOURS = "工作日 上午9:00—12:00，下午14:00—17:00（法定节假日除外）"
TOWN_HOURS = "工作日 上午9:00—12:00，下午14:00—17:00"

# Where each town's centre is: the road the town government stands on.
TOWN_ADDRESSES = {
    "渌口镇": "渌口镇建设路18号",
    "南洲镇": "南洲镇南洲大道66号",
    "淦田镇": "淦田镇淦田中路21号",
    "古岳峰镇": "古岳峰镇古岳路9号",
    "朱亭镇": "朱亭镇朱亭老街32号",
    "龙船镇": "龙船镇龙船大道15号",
    "龙门镇": "龙门镇龙门路27号",
    "龙潭镇": "龙潭镇龙潭路8号",
}
DISTRICT_CAPACITY = 6  # several windows at the district's hall
TOWN_CAPACITY = 3


def seed_halls() -> list[Hall]:
    """The district's comprehensive hall and one service centre per town (idempotent: halls are
    found by name and left as they are)."""
    halls: list[Hall] = []
    for district in Region.objects.filter(level=Level.DISTRICT).order_by("code"):
        hall, _created = Hall.objects.get_or_create(
            name=f"{district.name}政务服务中心",
            defaults={
                "region": district,
                "address": f"{district.name}渌口镇湘江东路1号市民之家一楼",
                "hours": DISTRICT_HOURS,
            },
        )
        halls.append(hall)
        for town in Region.objects.filter(parent=district, level=Level.TOWN).order_by("code"):
            street = TOWN_ADDRESSES.get(town.name, f"{town.name}人民路1号")
            hall, _created = Hall.objects.get_or_create(
                name=f"{town.name}便民服务中心",
                defaults={
                    "region": town,
                    "address": f"{district.name}{street}（镇政府一楼）",
                    "hours": TOWN_HOURS,
                },
            )
            halls.append(hall)
    return halls


def seed_slots(days: int = 10, actor: Any = None) -> int:
    """Open slots at every hall on the next ``days`` working days from today, as ``actor`` or
    the first administrator; slots already open are kept. Returns how many were created."""
    actor = actor or User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    if actor is None:
        raise ValueError("no administrator account: seed the accounts first")
    today = timezone.localdate()
    created = 0
    for hall in Hall.objects.select_related("region").order_by("region_id", "name"):
        capacity = DISTRICT_CAPACITY if hall.region.level == Level.DISTRICT else TOWN_CAPACITY
        created += open_slots(actor, hall, today, days, capacity=capacity)
    return created
