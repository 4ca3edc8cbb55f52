"""Demo government services: the catalog (930 items of 40 departments), the bundles, one approver
per department the demo's journeys need, halls with appointment slots, and applications in every
state so that queues and the monitoring page have something to show."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from civicgrid.accounts.demo import DEMO_PASSWORD, DemoLogin
from civicgrid.accounts.models import Department, Role, User
from civicgrid.core.workdays import working_days_between

from ..models import Application, Bundle, BundleItem, Material, Part, ServiceItem
from . import appointments
from .catalog_data import BUNDLES, FieldSpec, ItemSpec, MaterialSpec, items

# Approvers of the departments the demo bundles reach (the police's is the `approver` login).
APPROVERS = [
    ("weijian", "区卫生健康局", "周卫健"),
    ("jikong", "区疾病预防控制中心", "吴疾控"),
    ("yibao", "区医疗保障局", "郑医保"),
    ("shichang", "区市场监督管理局", "孙市监"),
    ("jiaotong", "区交通运输局", "钱交通"),
    ("minzheng", "区民政局", "冯民政"),
    ("renshe", "区人力资源和社会保障局", "陈人社"),
    ("gongjijin", "区住房公积金管理部", "褚公积金"),
]


def _field(spec: FieldSpec) -> dict[str, Any]:
    row: dict[str, Any] = {"name": spec.name, "label": spec.label, "type": spec.type}
    if not spec.required:
        row["required"] = False
    for key in ("min", "max", "max_length", "prefill"):
        value = getattr(spec, key)
        if value not in (None, ""):
            row[key] = value
    if spec.choices:
        row["choices"] = list(spec.choices)
    return row


def _form(fields: tuple[FieldSpec, ...]) -> list[dict[str, Any]]:
    """The form without a mailing address: how the result reaches the applicant (pick-up or
    mail, and where) is asked on every application, not per item."""
    return [_field(f) for f in fields if f.name != "mailing_address"]


def _materials(specs: tuple[MaterialSpec, ...], **owner: Any) -> list[Material]:
    return [
        Material(
            name=m.name,
            required=m.required,
            form=m.form,
            count=m.count,
            held=m.held,
            order=n,
            **owner,
        )
        for n, m in enumerate(specs)
    ]


@transaction.atomic
def seed_catalog() -> int:
    """The 930 items and the bundles (once); returns how many items were created."""
    if ServiceItem.objects.exists():
        return 0
    departments = {d.name: d for d in Department.objects.all()}
    specs: list[ItemSpec] = items()
    created = ServiceItem.objects.bulk_create(
        ServiceItem(
            code=s.code,
            name=s.name,
            kind=s.kind,
            department=departments[s.department],
            legal_days=s.legal_days,
            promised_days=s.promised_days,
            fee=Decimal(s.fee),
            accept_town="town" in s.levels,
            accept_village="village" in s.levels,
            online=s.online,
            steps=list(s.steps),
            form=_form(s.fields),
            conditions=s.conditions,
            basis=s.basis,
        )
        for s in specs
    )
    by_code = {item.code: item for item in ServiceItem.objects.all()}
    rows: list[Material] = []
    for s in specs:
        rows += _materials(s.materials, item=by_code[s.code])
    for spec in BUNDLES:
        bundle = Bundle.objects.create(
            code=spec.code,
            name=spec.name,
            description=spec.description,
            promised_days=spec.promised_days,
            form=_form(spec.fields),
        )
        BundleItem.objects.bulk_create(
            BundleItem(bundle=bundle, item=by_code[code], stage=stage, order=n)
            for n, (code, stage) in enumerate(spec.items)
        )
        rows += _materials(spec.materials, bundle=bundle)
    Material.objects.bulk_create(rows)
    return len(created)


def seed_approvers() -> list[User]:
    password = make_password(DEMO_PASSWORD)
    users = []
    for username, department_name, full_name in APPROVERS:
        department = Department.objects.filter(name=department_name).first()
        if department is None:
            continue
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "role": Role.APPROVER,
                "department": department,
                "full_name": full_name,
            },
        )
        users.append(user)
    return users


def demo_logins() -> list[DemoLogin]:
    rows = User.objects.filter(username__in=[a[0] for a in APPROVERS]).select_related("department")
    return [DemoLogin(u.username, u.get_role_display(), u.department.name) for u in rows]


@transaction.atomic
def seed_applications(count: int = 60, seed: int = 5) -> int:
    """Applications of the demo residents through the real actions, in every state, then dated
    back over the last weeks so that the monitoring page shows measured working days. Once."""
    from ..actions import applications as intake
    from ..actions import parts as back_office
    from ..actions.applications import Submission, submit_application

    if Application.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    clerk = User.objects.filter(username="clerk").first()
    residents = list(User.objects.filter(role=Role.RESIDENT, person__isnull=False)[:1])
    if clerk is None or not residents:
        return 0
    approvers = {u.department_id: u for u in User.objects.filter(role=Role.APPROVER)}
    candidates = list(
        ServiceItem.objects.filter(online=True, department_id__in=list(approvers))
        .prefetch_related("materials")
        .order_by("code")
    )
    made = 0
    for n in range(count):
        item = rng.choice(candidates)
        values = _sample_values(item.form, rng)
        files = {
            m.pk: [_sample_pdf(m.name)] for m in item.materials.all() if m.asked and m.required
        }
        # the sample values always satisfy the forms: a refusal here is a bug in the catalog
        application, _ = submit_application(rng.choice(residents), Submission(item, values, files))
        made += 1
        fate = n % 6
        if fate == 0:
            continue  # waits at the window
        asked = [m for m in item.materials.all() if m.asked]
        if fate == 1 and asked:
            intake.request_supplement(
                clerk, application, problems={asked[0].pk: "照片不清晰，请重新上传"}
            )
            continue
        intake.accept_application(clerk, application)
        approver = approvers[item.department_id]
        for part in application.parts.all():
            if fate == 2:
                continue
            back_office.take_up_part(approver, part)
            while not part.last_step:
                back_office.complete_step(approver, part)
            back_office.decide_part(
                approver, part, approve=fate != 3, note="" if fate != 3 else "不符合条件"
            )
            if fate >= 4:
                back_office.issue_part(approver, part, certificate_number=f"ZS{2026}{n:05d}")
                back_office.deliver_part(clerk, part, method="pickup")
                back_office.close_part(clerk, part)
        _date_back(application, rng)
    return made


def _date_back(application: Application, rng: random.Random) -> None:
    """Move the application's history back in time: submitted some weeks ago, each part decided
    after a plausible number of days (at most its promise, usually well inside the legal limit)."""
    shift = timedelta(days=rng.randint(3, 40))
    Application.objects.filter(pk=application.pk).update(
        submitted_at=application.submitted_at - shift,
        clock_started_at=application.clock_started_at - shift,
    )
    for part in Part.objects.filter(application=application, decided_at__isnull=False):
        started = part.started_at - shift
        decided = started + timedelta(days=rng.randint(0, max(part.item.promised_days, 1)))
        Part.objects.filter(pk=part.pk).update(
            started_at=started,
            decided_at=decided,
            days_taken=working_days_between(started, decided),
        )


def _sample_values(form: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in form:
        if field.get("prefill"):
            continue
        kind = field["type"]
        if kind == "choice":
            values[field["name"]] = rng.choice(field["choices"])
        elif kind in ("integer", "decimal"):
            low, high = field.get("min", 1), field.get("max", 100)
            values[field["name"]] = str(int(low + (high - low) * rng.random()))
        elif kind == "date":
            values[field["name"]] = (
                timezone.localdate() - timedelta(days=rng.randint(1, 300))
            ).isoformat()
        elif kind == "phone":
            values[field["name"]] = f"139{rng.randint(10000000, 99999999)}"
        elif kind == "id_number":
            values[field["name"]] = "43021219900101123" + "6"
        elif kind == "boolean":
            values[field["name"]] = True
        else:
            values[field["name"]] = "示例"
    return values


def _sample_pdf(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n% demo material\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(f"{name}.pdf", body, content_type="application/pdf")


def seed(log: Callable[[str], Any] | None = print) -> int:
    """Catalog, approvers, halls and slots, sample applications (each once)."""
    created = seed_catalog()
    seed_approvers()
    halls = appointments.seed_halls()
    appointments.seed_slots()
    applications = seed_applications()
    if log and (created or applications):
        log(
            f"  services: {created} items, {Bundle.objects.count()} bundles, {len(halls)} halls, "
            f"{applications} applications"
        )
    return created
