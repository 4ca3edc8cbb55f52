"""The registry: the five elements 人、地、事、物、情 every other module reads.

Every record lives in a grid; its ``grid`` foreign key points at the grid's *code* (column
``grid_code``), so the scope filter ``grid_code LIKE '430212100%'`` needs no join. Records carry a
``version`` that every change increments with a conditional UPDATE: a change based on an older
version is stale and never overwrites newer data.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.scope import ScopedQuerySet, ScopeRule

ID_CONTEXT = b"registry.person.id_number"


class NameFrom(models.Func):
    """``SUBSTR(name, n)`` with ``n`` written into the SQL rather than bound: SQLite uses an
    expression index only when the query's expression is the index's, literally."""

    function = "SUBSTR"
    template = "%(function)s(%(expressions)s, %(position)d)"
    output_field = models.CharField()

    def __init__(self, position: int) -> None:
        super().__init__(models.F("name"), position=int(position))


def _shared_with(record_type: str):  # noqa: ANN202 - returns the ScopeRule hook
    def grant(department_id: int) -> bool:
        return SharingRule.objects.filter(
            department_id=department_id, record_type=record_type
        ).exists()

    return grant


def grid_field(**kwargs: object) -> models.ForeignKey:
    """The record's grid, by code. Not indexed on its own: each model has a composite index
    that starts with the grid (one index fewer to maintain on bulk imports)."""
    return models.ForeignKey(
        "regions.Region",
        verbose_name=_("grid"),
        to_field="code",
        db_column="grid_code",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=kwargs.pop("db_index", False),
        **kwargs,
    )


class RecordType(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household")
    BUILDING = "building", _("Building")
    FACILITY = "facility", _("Facility")
    ORGANIZATION = "organization", _("Organization")


class GridRecord(models.Model):
    """What every registry record has: its grid (by code), a version that every change
    increments, and the scope rule that goes with them. Department staff read a record type only
    if the sharing catalog grants it (``record_type`` names it)."""

    record_type: ClassVar[str]
    scope_rule: ClassVar[ScopeRule]

    grid = grid_field()
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        record_type = cls.__dict__.get("record_type")
        if record_type:
            cls.scope_rule = ScopeRule(
                region="grid__code", department_grant=_shared_with(record_type)
            )


class AreaCode(models.Model):
    """A GB/T 2260 county-level division code and the years it was in use (as data: the
    administrator updates it when divisions change; seeded from python-stdnum's table)."""

    code = models.CharField(_("code"), max_length=6, db_index=True)
    name = models.CharField(_("name"), max_length=60)
    province = models.CharField(_("province"), max_length=30, blank=True)
    valid_from = models.PositiveSmallIntegerField(_("in use from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("in use until (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("division code")
        verbose_name_plural = _("division codes")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="one_area_code_per_start")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Tag(models.Model):
    """A special group a person can belong to (elderly 60+, retired fisherman, …).

    Tags are data, not columns: the administrator adds them. ``attributes`` lists the extra facts
    recorded with the tag, e.g. a retired fisherman's employment ledger
    ``[{"name": "status", "label": "就业状态"}, {"name": "form", …}, {"name": "employer", …}]``.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    attributes = models.JSONField(_("attributes"), default=list, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered (户籍)")
    RESIDENT = "resident", _("Resident (常住)")
    FLOATING = "floating", _("Floating (流动)")


class Building(GridRecord):
    """A place (地): a building with its address, use, floors and location."""

    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("Residential")
        COMMERCIAL = "commercial", _("Commercial")
        MIXED = "mixed", _("Mixed")
        PUBLIC = "public", _("Public")
        INDUSTRIAL = "industrial", _("Industrial")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=24, unique=True)
    address = models.CharField(_("address"), max_length=200)
    use = models.CharField(_("use"), max_length=12, choices=Use.choices, default=Use.RESIDENTIAL)
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    record_type = "building"

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["grid_id", "code"]
        indexes = [models.Index(fields=["grid"], name="building_grid_idx")]

    def __str__(self) -> str:
        return self.address


class Household(GridRecord):
    """A household (户) with its number, address, building and head."""

    number = models.CharField(_("household number"), max_length=24, unique=True)
    address = models.CharField(_("address"), max_length=200)
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    head = models.ForeignKey(
        "Person",
        verbose_name=_("head of household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    record_type = "household"

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["grid_id", "number"]
        indexes = [models.Index(fields=["grid"], name="household_grid_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.address}"


class Person(GridRecord):
    """A person (人). The ID number is stored only encrypted (SM4-GCM, ``id_number_enc``) with a
    keyed blind index for exact lookup and its masked form for display; birth date and sex are
    derived from it. The name has expression indexes on its 2nd–4th characters so that one- and
    two-character infix searches are index range scans (see ``registry.search``).
    """

    id_number_enc = models.BinaryField(_("ID number (encrypted)"))
    id_number_index = models.CharField(_("ID number blind index"), max_length=32, unique=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=40)
    name_initials = models.CharField(_("pinyin initials"), max_length=20)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    relation = models.CharField(_("relation to head"), max_length=20, blank=True)
    residence_type = models.CharField(
        _("residence type"),
        max_length=12,
        choices=ResidenceType.choices,
        default=ResidenceType.REGISTERED,
    )
    deceased_on = models.DateField(_("deceased on"), null=True, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    tags = models.ManyToManyField(Tag, through="PersonTag", related_name="people", blank=True)

    record_type = "person"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["grid_id", "id"]
        indexes = [
            models.Index(fields=["grid", "birth_date"], name="person_grid_birth_idx"),
            # (key, id): results come out of the index already in page order on both databases
            # (PostgreSQL does not order equal keys by id, so it would sort every match).
            models.Index(fields=["name", "id"], name="person_name_idx"),
            models.Index(fields=["name_initials", "id"], name="person_initials_idx"),
            models.Index(NameFrom(2), models.F("id"), name="person_name_from2_idx"),
            models.Index(NameFrom(3), models.F("id"), name="person_name_from3_idx"),
            models.Index(NameFrom(4), models.F("id"), name="person_name_from4_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"


class PersonTag(models.Model):
    """A person's membership of a special group, with the tag's attributes (e.g. the retired
    fisherman's employment status, form and employer)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="person_tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="+")
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("person tag")
        verbose_name_plural = _("person tags")
        constraints = [models.UniqueConstraint(fields=["person", "tag"], name="one_tag_per_person")]
        indexes = [models.Index(fields=["tag", "person"], name="persontag_tag_idx")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.tag_id}"


class Facility(GridRecord):
    """A thing (物): a public facility — garbage pool, public toilet, street light, camera,
    hydrant — with its location and the unit responsible for it."""

    class Kind(models.TextChoices):
        GARBAGE_POOL = "garbage_pool", _("Garbage pool")
        PUBLIC_TOILET = "public_toilet", _("Public toilet")
        STREET_LIGHT = "street_light", _("Street light")
        CAMERA = "camera", _("Camera")
        HYDRANT = "hydrant", _("Fire hydrant")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=24, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)

    record_type = "facility"

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["grid_id", "code"]
        indexes = [models.Index(fields=["grid", "kind"], name="facility_grid_idx")]

    def __str__(self) -> str:
        return self.name


class Organization(GridRecord):
    """An organization: enterprise, institution, cooperative or village collective, identified by
    its unified social credit code (GB 32100)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INSTITUTION = "institution", _("Institution")
        COOPERATIVE = "cooperative", _("Cooperative")
        VILLAGE_COLLECTIVE = "village_collective", _("Village collective")
        SOCIAL = "social", _("Social organization")
        OTHER = "other", _("Other")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    legal_representative = models.CharField(_("legal representative"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    record_type = "organization"

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["grid_id", "name"]
        indexes = [models.Index(fields=["grid"], name="organization_grid_idx")]

    def __str__(self) -> str:
        return self.name


class VisitLog(models.Model):
    """A situation (情): a grid worker's visit log (民情日志) — what they found at a household,
    what the household needs, and the follow-up."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    grid = grid_field()
    visited_on = models.DateField(_("visited on"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    findings = models.TextField(_("findings"))
    needs = models.TextField(_("needs"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid__code")

    class Meta:
        verbose_name = _("visit log")
        verbose_name_plural = _("visit logs")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["grid", "visited_on"], name="visit_grid_idx")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.household_id}"


class ChangeRequest(models.Model):
    """A collected change waiting for the grid center's review (采集 → 审核).

    ``data`` holds the proposed values (ID numbers in it are encrypted, see
    ``registry.changes``); ``base_version`` is the record's version the collector saw. Approval
    applies the change only if the record is still at that version; otherwise the request is
    stale and is refused, never applied over newer data.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("New record")
        UPDATE = "update", _("Change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    record_type = models.CharField(_("record type"), max_length=16, choices=RecordType.choices)
    record_id = models.BigIntegerField(_("record"), null=True, blank=True)
    base_version = models.PositiveIntegerField(_("based on version"), null=True, blank=True)
    data = models.JSONField(_("proposed values"))
    summary = models.CharField(_("summary"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    grid = grid_field(db_index=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    applied_record_id = models.BigIntegerField(_("applied to record"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid__code")

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "grid"], name="change_status_grid_idx"),
            models.Index(fields=["record_type", "record_id"], name="change_record_idx"),
        ]

    def __str__(self) -> str:
        return self.summary


class RecordHistory(models.Model):
    """One version of a registry record: who changed which fields (old → new) and why.

    ID numbers appear here only masked. A reviewer can restore a record to any earlier version.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        RESTORE = "restore", _("Restored")
        IMPORT = "import", _("Imported")

    record_type = models.CharField(_("record type"), max_length=16, choices=RecordType.choices)
    record_id = models.BigIntegerField(_("record"))
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    diff = models.JSONField(_("changes"))
    grid = grid_field(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("change request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid__code")

    class Meta:
        verbose_name = _("record history")
        verbose_name_plural = _("record history")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version"], name="one_history_row_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.record_id} v{self.version}"


class SharingRule(models.Model):
    """The sharing catalog (共享目录): which fields of which record type a department may read.
    Department staff see only those fields, in pages, API reads and exports alike."""

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="sharing_rules",
    )
    record_type = models.CharField(_("record type"), max_length=16, choices=RecordType.choices)
    fields = models.JSONField(_("fields"), default=list)

    class Meta:
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing catalog")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "record_type"], name="one_rule_per_department_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.record_type}"


class GridPersonCount(models.Model):
    """People per grid, sex and birth year, maintained in the same transaction as every change
    (age bands are sums over birth years, so they never go stale as people age)."""

    grid_code = models.CharField(max_length=15)
    sex = models.CharField(max_length=1)
    birth_year = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grid_code", "sex", "birth_year"], name="grid_person_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grid_code} {self.sex} {self.birth_year}: {self.count}"


class GridTagCount(models.Model):
    """People with a tag per grid (maintained like GridPersonCount)."""

    grid_code = models.CharField(max_length=15)
    tag_id = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grid_code", "tag_id"], name="grid_tag_count_key")
        ]

    def __str__(self) -> str:
        return f"{self.grid_code} tag {self.tag_id}: {self.count}"


class GridRecordCount(models.Model):
    """Households, buildings, facilities and organizations per grid."""

    grid_code = models.CharField(max_length=15)
    record_type = models.CharField(max_length=16)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grid_code", "record_type"], name="grid_record_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grid_code} {self.record_type}: {self.count}"


class ImportJob(models.Model):
    """A bulk import of a registry file (people, households, buildings, facilities,
    organizations), run by ``civicgrid import`` or by the task worker for a web upload.

    The counters are updated in the same transaction as each committed batch, so what the job
    reports as imported is exactly what is in the registry, even if the process is killed.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("People")
        HOUSEHOLDS = "households", _("Households")
        BUILDINGS = "buildings", _("Buildings")
        FACILITIES = "facilities", _("Facilities")
        ORGANIZATIONS = "organizations", _("Organizations")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=200)
    path = models.CharField(_("stored at"), max_length=400)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    already_present = models.PositiveIntegerField(_("already present"), default=0)
    error_rows = models.PositiveIntegerField(_("rejected rows"), default=0)
    errors_path = models.CharField(_("error report"), max_length=400, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Imports are district-wide work: only administrators and the uploader see them.
    scope_rule: ClassVar[ScopeRule] = ScopeRule(owner="created_by_id")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.rows_done / self.total_rows))


class DataSource(models.Model):
    """A department's dataset that feeds the registry (部门数据共享): public security household
    registration, health births and deaths, HR employment, civil-affairs assistance.

    ``column_mapping`` is saved with the source (target field → the department's column name),
    so each month's file imports the same way. ``rule`` says what happens to changed rows:
    applied at once, or sent to the grid center's review. Conflicts (the department's name for an
    ID number differs from the registry's) always go to review.
    """

    class Kind(models.TextChoices):
        HOUSEHOLD_REGISTRATION = "household_registration", _("Household registration (police)")
        BIRTHS_DEATHS = "births_deaths", _("Births and deaths (health)")
        EMPLOYMENT = "employment", _("Employment (human resources)")
        ASSISTANCE = "assistance", _("Assistance (civil affairs)")

    class Rule(models.TextChoices):
        REVIEW = "review", _("Send changes to review")
        APPLY = "apply", _("Apply changes at once")

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="data_sources",
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    column_mapping = models.JSONField(_("column mapping"), default=dict)
    rule = models.CharField(
        _("rule for changes"), max_length=8, choices=Rule.choices, default=Rule.REVIEW
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(department="department_id")

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SharedImport(models.Model):
    """One file received from a data source, and what became of its rows."""

    source = models.ForeignKey(
        DataSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="imports"
    )
    file_name = models.CharField(_("file"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    conflicts = models.PositiveIntegerField(_("conflicts"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    applied = models.PositiveIntegerField(_("applied at once"), default=0)
    sent_to_review = models.PositiveIntegerField(_("sent to review"), default=0)
    report_path = models.CharField(_("report"), max_length=400, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(department="source__department_id")

    class Meta:
        verbose_name = _("shared data import")
        verbose_name_plural = _("shared data imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name}"
