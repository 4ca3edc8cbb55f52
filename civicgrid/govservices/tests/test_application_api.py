"""The services API: catalog, submission (JSON and multipart, idempotent), steps, tracking."""

from __future__ import annotations

import json
from typing import Any

from civicgrid.govservices.models import Application, SubmittedMaterial

from .fixtures import APPLICANT_PHONE, image_upload, pdf_upload


def test_the_catalog_is_public(client: Any, catalog: Any) -> None:
    listed = client.get("/api/services/items", {"q": "高龄"}).json()
    assert [i["code"] for i in listed["items"]] == [catalog.allowance.code]
    item = client.get(f"/api/services/items/{catalog.id_card.code}").json()
    assert item["steps"] == ["审查", "决定"] and item["levels"] == ["district", "town", "village"]
    assert {m["name"]: m["held"] for m in item["materials"]}["户口簿"] == "household_register"
    bundle = client.get(f"/api/services/bundles/{catalog.chain.code}").json()
    assert bundle["items"] == [catalog.id_card.code, catalog.allowance.code]
    assert client.get("/api/services/items/none").status_code == 404


def test_submit_json_twice_with_one_key_then_with_a_different_body(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    client = client_for("resident")
    body = {"item": catalog.id_card.code, "values": {"reason": "到期", "copies": 1}}
    headers = {"Idempotency-Key": "abc"}
    first = client.post("/api/services/applications", body, "application/json", headers=headers)
    assert first.status_code == 201, first.content
    again = client.post("/api/services/applications", body, "application/json", headers=headers)
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    body["values"]["copies"] = 2
    other = client.post("/api/services/applications", body, "application/json", headers=headers)
    assert other.status_code == 400 and "different application" in other.json()["detail"]
    assert Application.objects.count() == 1
    detail = first.json()
    assert detail["applicant_name"] == "李春梅" and detail["form"]["copies"] == 1
    assert APPLICANT_PHONE not in json.dumps(detail)


def test_submit_multipart_with_files_and_bad_ones(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    client = client_for("resident")
    photo = catalog.material(catalog.id_card, "证件照片")
    payload = json.dumps({"item": catalog.id_card.code, "values": {"reason": "到期", "copies": 1}})
    not_image = pdf_upload().__class__("x.png", b"\x89PNG but not really")
    bad = client.post(
        "/api/services/applications", {"payload": payload, f"material-{photo.pk}": not_image}
    )
    assert bad.status_code == 400 and "not a PDF, JPEG or PNG" in bad.json()["detail"]
    wrong_name = client.post(
        "/api/services/applications", {"payload": payload, "photo": image_upload()}
    )
    assert wrong_name.status_code == 400 and "material-<id>" in wrong_name.json()["detail"]
    assert SubmittedMaterial.objects.count() == 0
    ok = client.post(
        "/api/services/applications", {"payload": payload, f"material-{photo.pk}": image_upload()}
    )
    assert ok.status_code == 201
    assert SubmittedMaterial.objects.get().content_type == "image/jpeg"


def test_field_errors_are_named(client_for: Any, catalog: Any, applicant: Any) -> None:
    body = {"item": catalog.id_card.code, "values": {"reason": "x", "copies": 0}}
    answer = client_for("resident").post("/api/services/applications", body, "application/json")
    assert answer.status_code == 400
    assert {e["field"] for e in answer.json()["errors"]} == {"reason", "copies"}
    malformed = client_for("resident").post(
        "/api/services/applications", "{not json", "application/json"
    )
    assert malformed.status_code == 400 and malformed.json()["detail"] == "The request is invalid."


def test_steps_by_the_wrong_role_or_out_of_order(
    client_for: Any, catalog: Any, applicant: Any
) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    payload = json.dumps({"item": catalog.id_card.code, "values": {"reason": "到期", "copies": 1}})
    number = (
        client_for("resident")
        .post(
            "/api/services/applications",
            {"payload": payload, f"material-{photo.pk}": image_upload()},
        )
        .json()["number"]
    )
    url = f"/api/services/applications/{number}/steps"
    by_resident = client_for("resident").post(url, {"step": "accept"}, "application/json")
    assert by_resident.status_code == 403
    by_approver = client_for("approver").post(url, {"step": "accept"}, "application/json")
    assert by_approver.status_code == 404  # not routed to it yet: invisible
    accepted = client_for("clerk").post(url, {"step": "accept"}, "application/json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    twice = client_for("clerk").post(url, {"step": "accept"}, "application/json")
    assert twice.status_code == 400 and "cannot go" in twice.json()["detail"]
    detail = client_for("approver").get(f"/api/services/applications/{number}").json()
    part = detail["parts"][0]
    assert detail["part_steps"] == {str(part["id"]): ["take_up"]}
    part_url = f"/api/services/applications/{number}/parts/{part['id']}/steps"
    early = client_for("approver").post(
        part_url, {"step": "issue", "certificate_number": "1"}, "application/json"
    )
    assert early.status_code == 400
    other = client_for("other_approver").post(part_url, {"step": "take_up"}, "application/json")
    assert other.status_code == 404
    taken = client_for("approver").post(part_url, {"step": "take_up"}, "application/json")
    assert taken.json()["parts"][0]["state"] == "in_review"


def test_track_by_number_and_phone(client: Any, catalog: Any, applicant: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    body = {"item": catalog.id_card.code, "values": {"reason": "到期", "copies": 1}}
    from django.test import Client

    resident = Client()
    resident.force_login(applicant)
    number = resident.post("/api/services/applications", body, "application/json").json()["number"]
    found = client.post(
        "/api/services/track",
        {"number": number, "phone_last4": APPLICANT_PHONE[-4:]},
        "application/json",
    )
    assert found.status_code == 200 and found.json()["state"] == "submitted"
    missed = client.post(
        "/api/services/track", {"number": number, "phone_last4": "1111"}, "application/json"
    )
    assert missed.status_code == 400
    cache.clear()
