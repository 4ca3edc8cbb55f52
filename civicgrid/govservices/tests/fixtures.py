"""Government-services fixtures: a small catalog over departments D001 (公安) and D002 (民政),
two bundles, an applicant linked to the registry, and the halls of the test district."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civicgrid.govservices.models import Bundle, BundleItem, Hall, Material, ServiceItem
from civicgrid.registry.actions.records import apply_create
from civicgrid.registry.models import RecordType
from civicgrid.registry.tests.fixtures import GRID_A, id_number, person_values

APPLICANT_PHONE = "13912345678"

PERSON_FIELDS = [
    {"name": "applicant_name", "label": "申请人", "type": "text", "prefill": "applicant.name"},
    {
        "name": "applicant_id",
        "label": "身份证号",
        "type": "id_number",
        "prefill": "applicant.id_number",
    },
    {"name": "phone", "label": "联系电话", "type": "phone", "prefill": "applicant.phone"},
    {
        "name": "address",
        "label": "户籍地址",
        "type": "text",
        "prefill": "household.address",
        "required": False,
    },
]


@dataclass
class Catalog:
    id_card: ServiceItem  # D001, online, town + village, steps 审查 → 决定
    allowance: ServiceItem  # D002, online, town only, one step
    licence: ServiceItem  # D002, window only (not online), district only
    birth: Bundle  # id_card + allowance in parallel
    chain: Bundle  # id_card, then allowance (stage 2)

    def material(self, target: Any, name: str) -> Material:
        return target.materials.get(name=name)


def pdf_upload(name: str = "证明.pdf", size: int = 2000) -> SimpleUploadedFile:
    """A small but real PDF file."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n" + b"%" * max(size - 60, 0) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def image_upload(name: str = "照片.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 200)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _item(code: str, name: str, department: Any, **kw: Any) -> ServiceItem:
    defaults: dict[str, Any] = {
        "kind": "licensing",
        "legal_days": 20,
        "promised_days": 5,
        "online": True,
        "steps": ["审查", "决定"],
        "form": PERSON_FIELDS,
    }
    return ServiceItem.objects.create(
        code=code, name=name, department=department, **{**defaults, **kw}
    )


@pytest.fixture
def catalog(departments: dict[str, Any]) -> Catalog:
    police, civil = departments["D001"], departments["D002"]
    id_card = _item(
        "000104001000",
        "居民身份证换领",
        police,
        promised_days=3,
        accept_town=True,
        accept_village=True,
        form=[
            *PERSON_FIELDS,
            {"name": "reason", "label": "换领原因", "type": "choice", "choices": ["到期", "损坏"]},
            {"name": "copies", "label": "份数", "type": "integer", "min": 1, "max": 3},
        ],
    )
    Material.objects.create(item=id_card, name="居民身份证", held="id_card", form="original")
    Material.objects.create(item=id_card, name="户口簿", held="household_register")
    Material.objects.create(item=id_card, name="证件照片", form="electronic", order=1)
    Material.objects.create(item=id_card, name="损坏证件", required=False, order=2)

    allowance = _item(
        "000202002000",
        "高龄津贴申请",
        civil,
        kind="payment",
        promised_days=5,
        accept_town=True,
        steps=["审核"],
        form=[*PERSON_FIELDS, {"name": "bank", "label": "银行账号", "type": "text"}],
    )
    Material.objects.create(item=allowance, name="银行卡复印件", order=1)

    licence = _item("000102003000", "养老机构备案", civil, online=False, steps=["审查"])
    Material.objects.create(item=licence, name="场所证明", order=1)

    birth = Bundle.objects.create(
        code="BIRTH_TEST",
        name="测试一件事",
        promised_days=5,
        form=[
            *PERSON_FIELDS,
            {"name": "child_name", "label": "新生儿姓名", "type": "text", "max_length": 20},
            {
                "name": "weight",
                "label": "出生体重（克）",
                "type": "integer",
                "min": 500,
                "max": 6000,
            },
            {"name": "other_parent_id", "label": "另一方身份证号", "type": "id_number"},
        ],
    )
    BundleItem.objects.create(bundle=birth, item=id_card, stage=1, order=1)
    BundleItem.objects.create(bundle=birth, item=allowance, stage=1, order=2)
    Material.objects.create(bundle=birth, name="出生医学证明", order=1)
    Material.objects.create(bundle=birth, name="结婚证", order=2)
    Material.objects.create(bundle=birth, name="户口簿", held="household_register", order=3)

    chain = Bundle.objects.create(code="CHAIN_TEST", name="先后办", promised_days=8, form=[])
    BundleItem.objects.create(bundle=chain, item=id_card, stage=1)
    BundleItem.objects.create(bundle=chain, item=allowance, stage=2)
    Material.objects.create(bundle=chain, name="申请书", order=1)
    return Catalog(id_card, allowance, licence, birth, chain)


@pytest.fixture
def applicant(personas: dict[str, Any]) -> Any:
    """The ``resident`` persona, linked to a registry person in grid A with a household."""
    admin = personas["admin"]
    household = apply_create(
        RecordType.HOUSEHOLD,
        {"number": "H-APPLICANT-1", "address": "渌口镇建设路8号", "grid_id": GRID_A},
        admin,
    )
    person = apply_create(
        RecordType.PERSON,
        {
            **person_values(id_number("19920520", "486"), "李春梅", phone=APPLICANT_PHONE),
            "household_id": household.pk,
            "grid_id": GRID_A,
        },
        admin,
    )
    resident = personas["resident"]
    person.account = resident
    person.save(update_fields=["account"])
    return resident


@pytest.fixture
def halls(district: Any) -> dict[str, Hall]:
    """The district's comprehensive hall, 甲镇's centre and 石门村's centre."""
    return {
        "district": Hall.objects.create(name="区政务服务中心", region=district["430212"]),
        "town": Hall.objects.create(name="甲镇便民服务中心", region=district["430212100"]),
        "village": Hall.objects.create(name="石门村便民服务站", region=district["430212100201"]),
    }


@pytest.fixture
def applications(catalog: Catalog, applicant: Any, personas: dict[str, Any]) -> list[Any]:
    """Applications spread over the scope rules: a bundle of the resident in grid A routed to
    D001 and D002; a window application of someone not in the registry (district) routed to
    D002; a submitted one of a person in 石门村 (village staff's area); one in grid B."""
    from civicgrid.govservices.actions.applications import (
        Submission,
        accept_application,
        submit_application,
    )

    clerk = personas["clerk"]
    birth_files = {
        catalog.material(catalog.birth, "出生医学证明").pk: [pdf_upload()],
        catalog.material(catalog.birth, "结婚证").pk: [pdf_upload()],
    }
    values = {"child_name": "李小宝", "weight": "3200", "other_parent_id": id_number()}
    bundle, _ = submit_application(applicant, Submission(catalog.birth, values, birth_files))
    accept_application(clerk, bundle)

    card = {catalog.material(catalog.allowance, "银行卡复印件").pk: [pdf_upload()]}
    window, _ = submit_application(
        clerk,
        Submission(
            catalog.allowance,
            {"bank": "6222"},
            card,
            name="王五",
            id_number=id_number("19800304", "001"),
            phone="13700000001",
        ),
    )
    accept_application(clerk, window)

    admin = personas["admin"]
    submitted = []
    for n, grid in enumerate(("430212100201001", "430212101201001"), start=1):
        person = apply_create(
            RecordType.PERSON,
            {
                **person_values(
                    id_number(f"1970010{n}", f"55{n}"), f"赵{n}", phone=f"1360000000{n}"
                ),
                "grid_id": grid,
            },
            admin,
        )
        application, _ = submit_application(
            clerk, Submission(catalog.id_card, {"reason": "到期", "copies": "1"}, {}, person=person)
        )
        submitted.append(application)
    return [bundle, window, *submitted]
