from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent_code: str | None
    centroid: list[float] | None = Field(None, description="[lon, lat] inside the region")

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent_code(obj: Any) -> str | None:
        return obj.code[: {9: 6, 12: 9, 15: 12}[len(obj.code)]] if len(obj.code) > 6 else None

    @staticmethod
    def resolve_centroid(obj: Any) -> list[float] | None:
        if obj.centroid_lon is None:
            return None
        return [obj.centroid_lon, obj.centroid_lat]


class AssignmentOut(Schema):
    post: str
    worker_id: int
    worker_name: str
    username: str

    @staticmethod
    def resolve_worker_name(obj: Any) -> str:
        return obj.worker.display_name

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return obj.worker.username


class RegionDetailOut(RegionOut):
    children_count: int
    grid_count: int
    grid_posts: list[AssignmentOut]


class LocateOut(Schema):
    code: str
    name: str


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


class AssignIn(Schema):
    worker: str = Field(..., description="user name of a grid-worker account")
    post: str = Field("A", pattern="^[AB]$")


class GeoJSONIn(Schema):
    type: str
    features: list[dict[str, Any]]
