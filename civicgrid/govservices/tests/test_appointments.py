"""Appointments (办事预约): opening slots on working days, booking, cancelling, checking in, the
pages for residents and hall staff, the command and the demo.

The clock is fixed at Monday 2025-11-24 08:30 in the district (a working day), so "later today",
"tomorrow" and the working-day window are the same on every run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.models import AuditLog
from civicgrid.govservices.actions import appointments as actions
from civicgrid.govservices.actions.appointments import (
    CODE_ALPHABET,
    book,
    cancel,
    check_in,
    open_slots,
)
from civicgrid.govservices.models import Appointment, AppointmentState, Hall, Slot

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
MONDAY = date(2025, 11, 24)
API = "/api/services/appointments"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(local(MONDAY, 8, 30))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def slots(clock: Clock, personas: dict[str, Any], halls: dict[str, Hall]) -> dict[str, Slot]:
    """Two working days of slots (capacity 2) at 甲镇's centre and the district's hall."""
    admin = personas["admin"]
    assert open_slots(admin, halls["town"], MONDAY, 2, capacity=2) == 12
    assert open_slots(admin, halls["district"], MONDAY, 2, capacity=2) == 12
    at = Slot.objects.select_related("hall__region")
    return {
        "today": at.get(hall=halls["town"], starts_at=local(MONDAY, 9)),
        "today_late": at.get(hall=halls["town"], starts_at=local(MONDAY, 16)),
        "tomorrow": at.get(hall=halls["town"], starts_at=local(MONDAY + timedelta(1), 10)),
        "district": at.get(hall=halls["district"], starts_at=local(MONDAY, 10)),
    }


@pytest.fixture
def neighbour(personas: dict[str, Any]) -> User:
    """A second resident."""
    return User.objects.create_user(username="neighbour", role=Role.RESIDENT, full_name="王芳")


@pytest.fixture
def other_town_staff(district: Any) -> User:
    """Centre staff of 乙镇, the other town."""
    return User.objects.create_user(
        username="yizhen", role=Role.SERVICE_STAFF, scope_region=district["430212101"]
    )


def client_of(user: User) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


# --- opening slots -----------------------------------------------------------------------------
def test_slots_open_on_working_days_only_and_not_twice(
    clock: Clock, personas: dict[str, Any], halls: dict[str, Hall]
) -> None:
    # National Day 2025: Sunday 09-28 is worked in lieu (调休上班), 10-01 to 10-08 are days off.
    clock.now = local(date(2025, 9, 25), 18)
    admin, hall = personas["admin"], halls["town"]
    assert open_slots(admin, hall, date(2025, 9, 26), 5, times=((9, 0), (14, 30))) == 10
    days = sorted({timezone.localtime(s.starts_at).date() for s in hall.slots.all()})
    assert days == [date(2025, 9, d) for d in (26, 28, 29, 30)] + [date(2025, 10, 9)]
    slot = hall.slots.get(starts_at=local(date(2025, 9, 28), 14, 30))
    assert slot.ends_at - slot.starts_at == timedelta(hours=1) and slot.capacity == 4
    assert open_slots(admin, hall, date(2025, 9, 26), 6, times=((9, 0), (14, 30))) == 2
    assert AuditLog.objects.filter(action="govservices.open_slots").count() == 2


def test_slots_are_not_opened_in_the_past_nor_by_staff(
    clock: Clock, personas: dict[str, Any], halls: dict[str, Hall]
) -> None:
    clock.now = local(MONDAY, 12)
    assert open_slots(personas["admin"], halls["town"], MONDAY, 1) == 3  # 14, 15, 16 o'clock
    with pytest.raises(NotAllowed):
        open_slots(personas["clerk"], halls["town"], MONDAY, 1)
    with pytest.raises(ActionError):
        open_slots(personas["admin"], halls["town"], MONDAY, 1, capacity=0)


# --- booking -----------------------------------------------------------------------------------
def test_a_resident_books_a_place_and_gets_a_code(
    slots: dict[str, Slot], client_for: Any, catalog: Any
) -> None:
    slot = slots["today"]
    response = post(client_for("resident"), API, {"slot": slot.pk, "item": catalog.id_card.code})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "booked" and body["hall_name"] == "甲镇便民服务中心"
    assert body["item"] == catalog.id_card.code and body["item_name"] == "居民身份证换领"
    assert body["actions"] == ["cancel"]
    assert len(body["code"]) == 8 and set(body["code"]) <= set(CODE_ALPHABET)
    slot.refresh_from_db()
    assert slot.booked == 1
    entry = AuditLog.objects.get(action="govservices.book")
    assert entry.object_id == str(body["id"]) and entry.actor_name == "resident"


def test_the_last_place_goes_to_one_person_only(
    slots: dict[str, Slot], personas: dict[str, Any], neighbour: User
) -> None:
    slot = slots["today"]  # capacity 2
    book(personas["resident"], slot)
    book(neighbour, slot)
    third = User.objects.create_user(username="third", role=Role.RESIDENT)
    response = post(client_of(third), API, {"slot": slot.pk})
    assert response.status_code == 409
    assert response.json()["detail"] == "This time is fully booked; choose another."
    slot.refresh_from_db()
    assert slot.booked == 2 and slot.appointments.count() == 2


def test_booking_the_same_time_twice_is_refused_and_takes_no_place(
    slots: dict[str, Slot], client_for: Any
) -> None:
    slot = slots["today"]
    client = client_for("resident")
    assert post(client, API, {"slot": slot.pk}).status_code == 201
    again = post(client, API, {"slot": slot.pk})
    assert again.status_code == 400
    assert again.json()["detail"] == "You have already booked this time."
    slot.refresh_from_db()
    assert slot.booked == 1 and slot.appointments.count() == 1


def test_a_lost_double_click_gives_its_place_back(
    slots: dict[str, Slot], personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two simultaneous clicks passes the first check, claims a place, then loses
    on the one-live-booking constraint: the place it claimed is released, nothing is written."""
    resident, slot = personas["resident"], slots["today"]
    book(resident, slot)
    real = actions._has_live_booking
    calls: list[int] = []

    def first_check_misses(actor: Any, s: Slot) -> bool:
        calls.append(1)
        return False if len(calls) == 1 else real(actor, s)

    monkeypatch.setattr(actions, "_has_live_booking", first_check_misses)
    with pytest.raises(ActionError, match="already booked"):
        book(resident, slot)
    slot.refresh_from_db()
    assert slot.booked == 1 and slot.appointments.count() == 1
    assert AuditLog.objects.filter(action="govservices.book").count() == 1


def test_a_past_time_cannot_be_booked(
    slots: dict[str, Slot], clock: Clock, client_for: Any
) -> None:
    clock.now = local(MONDAY, 9, 5)
    response = post(client_for("resident"), API, {"slot": slots["today"].pk})
    assert response.status_code == 400
    assert response.json()["detail"] == "This time has passed; choose a later one."


@pytest.mark.parametrize("persona", ["clerk", "town_staff", "worker_a", "admin"])
def test_only_residents_book(slots: dict[str, Slot], client_for: Any, persona: str) -> None:
    response = post(client_for(persona), API, {"slot": slots["today"].pk})
    assert response.status_code == 403
    assert "residents" in response.json()["detail"]
    assert not Appointment.objects.exists()


def test_anonymous_visitors_cannot_book(slots: dict[str, Slot], client: Client) -> None:
    assert post(client, API, {"slot": slots["today"].pk}).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"slot": 987654}, 400, "No such time slot."),
        ({"item": "nope"}, 400, "Unknown code"),
        ({"item": "000102003000"}, 400, "does not accept"),  # district-only item at a town
        ({"bundle": "BIRTH_TEST", "item": "000104001000"}, 400, "not both"),
        ({"slot": "x"}, 422, "slot"),
    ],
)
def test_bad_bookings_get_clear_json_errors(
    slots: dict[str, Slot],
    catalog: Any,
    client_for: Any,
    body: dict[str, Any],
    status: int,
    text: str,
) -> None:
    response = post(client_for("resident"), API, {"slot": slots["today"].pk, **body})
    assert response.status_code == status
    assert text in str(response.json())
    assert not Appointment.objects.exists()
    assert Slot.objects.get(pk=slots["today"].pk).booked == 0


def test_the_district_hall_takes_every_service(
    slots: dict[str, Slot], catalog: Any, personas: dict[str, Any]
) -> None:
    appointment = book(personas["resident"], slots["district"], bundle=catalog.birth)
    assert appointment.bundle == catalog.birth


# --- cancelling --------------------------------------------------------------------------------
def test_cancelling_frees_the_place_for_someone_else(
    slots: dict[str, Slot], personas: dict[str, Any], neighbour: User, client_for: Any
) -> None:
    slot = slots["today"]
    mine = book(personas["resident"], slot)
    book(neighbour, slot)
    client = client_for("resident")
    response = post(client, f"{API}/{mine.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["state"] == "cancelled" and response.json()["actions"] == []
    slot.refresh_from_db()
    assert slot.booked == 1
    third = User.objects.create_user(username="third", role=Role.RESIDENT)
    assert post(client_of(third), API, {"slot": slot.pk}).status_code == 201
    # The freed place has gone to someone else: the resident who cancelled finds the time full.
    assert post(client, API, {"slot": slot.pk}).status_code == 409
    assert AuditLog.objects.filter(action="govservices.cancel_appointment").count() == 1


def test_a_double_click_on_cancel_gives_the_place_back_once(
    slots: dict[str, Slot], personas: dict[str, Any], client_for: Any
) -> None:
    slot = slots["today"]
    appointment = book(personas["resident"], slot)
    client = client_for("resident")
    assert post(client, f"{API}/{appointment.pk}/cancel").status_code == 200
    again = post(client, f"{API}/{appointment.pk}/cancel")
    assert again.status_code == 400 and again.json()["detail"] == "This booking was cancelled."
    slot.refresh_from_db()
    assert slot.booked == 0
    # A cancelled booking does not stand in the way of booking the same time again.
    assert post(client, API, {"slot": slot.pk}).status_code == 201


def test_someone_elses_booking_is_not_found(
    slots: dict[str, Slot], personas: dict[str, Any], neighbour: User, client_for: Any
) -> None:
    appointment = book(neighbour, slots["today"])
    client = client_for("resident")
    assert client.get(f"{API}/{appointment.pk}").status_code == 404
    assert post(client, f"{API}/{appointment.pk}/cancel").status_code == 404
    # Hall staff see it but only the person who booked may cancel.
    refused = post(client_for("town_staff"), f"{API}/{appointment.pk}/cancel")
    assert refused.status_code == 403
    appointment.refresh_from_db()
    assert appointment.state == "booked"


def test_a_started_time_cannot_be_cancelled(
    slots: dict[str, Slot], clock: Clock, personas: dict[str, Any]
) -> None:
    appointment = book(personas["resident"], slots["today"])
    clock.now = local(MONDAY, 9, 1)
    with pytest.raises(ActionError, match="already begun"):
        cancel(personas["resident"], appointment)


def test_a_cancel_racing_a_check_in_gets_a_conflict(
    slots: dict[str, Slot], personas: dict[str, Any]
) -> None:
    booked = book(personas["resident"], slots["today"])
    stale = Appointment.objects.select_related("slot").get(pk=booked.pk)
    check_in(personas["town_staff"], Appointment.objects.select_related("slot").get(pk=booked.pk))
    with pytest.raises(Conflict, match="just been checked in"):
        cancel(personas["resident"], stale)
    slot = Slot.objects.get(pk=booked.slot_id)
    assert slot.booked == 1


# --- checking in -------------------------------------------------------------------------------
def test_hall_staff_check_a_visitor_in(
    slots: dict[str, Slot], personas: dict[str, Any], client_for: Any
) -> None:
    appointment = book(personas["resident"], slots["today"])
    client = client_for("town_staff")
    assert client.get(f"{API}/{appointment.pk}").json()["actions"] == ["check_in"]
    response = post(client, f"{API}/{appointment.pk}/check-in")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "checked_in"
    appointment.refresh_from_db()
    assert appointment.checked_in_by == personas["town_staff"]
    assert appointment.checked_in_at == local(MONDAY, 8, 30)
    again = post(client, f"{API}/{appointment.pk}/check-in")
    assert again.status_code == 400
    assert again.json()["detail"] == "This visitor was already checked in at 08:30."
    assert AuditLog.objects.filter(action="govservices.check_in").count() == 1


def test_staff_of_another_area_do_not_find_the_booking(
    slots: dict[str, Slot],
    personas: dict[str, Any],
    other_town_staff: User,
    client_for: Any,
) -> None:
    appointment = book(personas["resident"], slots["today"])  # at 甲镇's centre
    assert post(client_of(other_town_staff), f"{API}/{appointment.pk}/check-in").status_code == 404
    # 石门村's staff work below 甲镇: the town's centre is not theirs.
    assert post(client_for("village_staff"), f"{API}/{appointment.pk}/check-in").status_code == 404
    with pytest.raises(NotAllowed):
        check_in(other_town_staff, appointment)
    appointment.refresh_from_db()
    assert appointment.state == "booked"


def test_only_window_and_centre_staff_check_in(
    slots: dict[str, Slot], personas: dict[str, Any], client_for: Any
) -> None:
    appointment = book(personas["resident"], slots["today"])
    for persona in ("leader", "admin", "resident"):
        assert post(client_for(persona), f"{API}/{appointment.pk}/check-in").status_code == 403
    assert post(client_for("clerk"), f"{API}/{appointment.pk}/check-in").status_code == 200


def test_check_in_happens_on_the_booked_day(
    slots: dict[str, Slot], clock: Clock, personas: dict[str, Any]
) -> None:
    appointment = book(personas["resident"], slots["tomorrow"])
    with pytest.raises(ActionError, match="for 2025-11-25"):
        check_in(personas["town_staff"], appointment)
    clock.now = local(MONDAY + timedelta(1), 10, 20)  # late, but on the day
    assert check_in(personas["town_staff"], appointment).state == "checked_in"


def test_a_cancelled_booking_cannot_be_checked_in(
    slots: dict[str, Slot], personas: dict[str, Any]
) -> None:
    appointment = book(personas["resident"], slots["today"])
    cancel(personas["resident"], appointment)
    with pytest.raises(ActionError, match="was cancelled"):
        check_in(personas["town_staff"], appointment)


# --- the API's lists ---------------------------------------------------------------------------
def test_halls_and_free_slots_are_public(
    slots: dict[str, Slot], personas: dict[str, Any], neighbour: User, client: Client
) -> None:
    halls = client.get(f"{API}/halls")
    assert halls.status_code == 200
    assert {h["name"] for h in halls.json()} == {
        "区政务服务中心",
        "甲镇便民服务中心",
        "石门村便民服务站",
    }
    full = slots["today"]
    book(personas["resident"], full)
    book(neighbour, full)
    response = client.get(f"{API}/halls/{full.hall_id}/slots?days=1")
    listed = {s["id"]: s for s in response.json()}
    assert full.pk not in listed and len(listed) == 5  # today's other five times
    assert listed[slots["today_late"].pk]["free"] == 2
    assert len(client.get(f"{API}/halls/{full.hall_id}/slots").json()) == 11
    assert client.get(f"{API}/halls/987654/slots").status_code == 404


def test_staff_list_the_bookings_of_their_halls(
    slots: dict[str, Slot],
    personas: dict[str, Any],
    neighbour: User,
    other_town_staff: User,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    a = book(personas["resident"], slots["today"])
    b = book(neighbour, slots["tomorrow"])
    c = book(neighbour, slots["district"])
    client = client_for("clerk")
    with django_assert_max_num_queries(5):
        body = client.get(API).json()
    assert body["count"] == 3 and {i["id"] for i in body["items"]} == {a.pk, b.pk, c.pk}
    town = client_for("town_staff").get(API).json()
    assert {i["id"] for i in town["items"]} == {a.pk, b.pk}
    assert client_of(other_town_staff).get(API).json()["count"] == 0
    assert client_for("approver").get(API).json()["count"] == 0
    mine = client_for("resident").get(API).json()
    assert [i["id"] for i in mine["items"]] == [a.pk]
    day = client.get(f"{API}?day=2025-11-25&hall={slots['tomorrow'].hall_id}").json()
    assert [i["id"] for i in day["items"]] == [b.pk]
    assert client.get(f"{API}?code={a.code.lower()}").json()["items"][0]["id"] == a.pk


# --- pages: residents --------------------------------------------------------------------------
def test_a_resident_books_from_the_pages(
    slots: dict[str, Slot], catalog: Any, client_for: Any
) -> None:
    client = client_for("resident")
    item = catalog.id_card.code
    halls = client.get(f"/services/appointments/?item={item}")
    assert halls.status_code == 200 and "甲镇便民服务中心" in halls.content.decode()
    slot = slots["today_late"]
    url = f"/services/appointments/halls/{slot.hall_id}/"
    grid = client.get(f"{url}?item={item}")
    assert grid.status_code == 200
    page = grid.content.decode()
    assert f'data-slot="{slot.pk}"' in page and "居民身份证换领" in page
    confirm = client.get(f"{url}?slot={slot.pk}&item={item}")
    assert confirm.context["chosen"] == slot and 'id="confirm-booking"' in confirm.content.decode()
    done = client.post(url, {"slot": slot.pk, "item": item})
    appointment = Appointment.objects.get()
    assert done.status_code == 302 and done.url == f"/services/appointments/{appointment.pk}/"
    assert appointment.item == catalog.id_card
    detail = client.get(done.url).content.decode()
    assert appointment.code in detail and 'id="cancel-booking"' in detail
    # A second tap on "confirm" shows the same booking again.
    again = client.post(url, {"slot": slot.pk, "item": item}, follow=True)
    assert again.redirect_chain[-1][0] == f"/services/appointments/{appointment.pk}/"
    assert "You have already booked this time." in again.content.decode()
    assert Appointment.objects.count() == 1
    mine = client.get("/services/appointments/mine/")
    assert mine.status_code == 200 and appointment.code in mine.content.decode()


def test_a_resident_cancels_from_the_pages(
    slots: dict[str, Slot], personas: dict[str, Any], client_for: Any
) -> None:
    appointment = book(personas["resident"], slots["today"])
    client = client_for("resident")
    url = f"/services/appointments/{appointment.pk}/cancel/"
    first = client.post(url, follow=True)
    assert first.redirect_chain[-1][0] == "/services/appointments/mine/"
    assert "Cancelled your booking" in first.content.decode()
    second = client.post(url, follow=True)
    assert "This booking is cancelled." in second.content.decode()
    assert Slot.objects.get(pk=slots["today"].pk).booked == 0
    assert client.get(url).status_code == 405


def test_a_full_time_on_the_page_says_so(
    slots: dict[str, Slot], personas: dict[str, Any], neighbour: User
) -> None:
    slot = slots["today"]
    book(personas["resident"], slot)
    third = User.objects.create_user(username="third", role=Role.RESIDENT)
    client = client_of(third)
    url = f"/services/appointments/halls/{slot.hall_id}/"
    book(neighbour, slot)
    response = client.post(url, {"slot": slot.pk})
    assert response.status_code == 409
    assert response.context["error"] == "This time is fully booked; choose another."
    assert f'data-slot="{slot.pk}"' not in response.content.decode()


def test_anonymous_visitors_see_the_times_and_are_asked_to_sign_in(
    slots: dict[str, Slot], client: Client
) -> None:
    slot = slots["today"]
    url = f"/services/appointments/halls/{slot.hall_id}/"
    page = client.get(url)
    assert page.status_code == 200 and 'id="sign-in-hint"' in page.content.decode()
    confirm = client.get(f"{url}?slot={slot.pk}").content.decode()
    assert 'id="sign-in-to-book"' in confirm and 'id="confirm-booking"' not in confirm
    response = client.post(url, {"slot": slot.pk})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert f"slot%3D{slot.pk}" in response.url  # back to the same choice after signing in
    assert not Appointment.objects.exists()
    assert client.get("/services/appointments/").status_code == 200
    assert client.get("/services/appointments/mine/").status_code == 302


def test_staff_see_the_grid_but_cannot_book(slots: dict[str, Slot], client_for: Any) -> None:
    slot = slots["today"]
    url = f"/services/appointments/halls/{slot.hall_id}/"
    page = client_for("clerk").get(f"{url}?slot={slot.pk}").content.decode()
    assert 'id="confirm-booking"' not in page
    response = client_for("clerk").post(url, {"slot": slot.pk})
    assert response.status_code == 403 and "residents" in response.context["error"]


def test_the_slot_grid_costs_a_fixed_number_of_queries(
    slots: dict[str, Slot],
    catalog: Any,
    personas: dict[str, Any],
    neighbour: User,
    client: Client,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """Twelve slots over two days, whatever their number: the hall, the item, the working-day
    window (two), the slots; signed in, the session, the user and the unread count."""
    book(personas["resident"], slots["today"])
    book(neighbour, slots["tomorrow"])
    hall = slots["today"].hall_id
    url = f"/services/appointments/halls/{hall}/?item={catalog.id_card.code}"
    with django_assert_max_num_queries(5):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count("data-slot=") == 12
    resident = client_for("resident")
    with django_assert_max_num_queries(8):
        assert resident.get(f"{url}&slot={slots['today'].pk}").status_code == 200
    with django_assert_max_num_queries(4):  # hall, today, the working-day window, slots
        assert client.get(f"{API}/halls/{hall}/slots").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/services/appointments/").status_code == 200
    with django_assert_max_num_queries(5):  # session, user, coming, earlier, unread count
        assert resident.get("/services/appointments/mine/").status_code == 200


# --- pages: hall staff -------------------------------------------------------------------------
def test_hall_staff_check_visitors_in_by_code(
    slots: dict[str, Slot],
    personas: dict[str, Any],
    neighbour: User,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    expected = book(personas["resident"], slots["today"])
    book(neighbour, slots["today_late"])
    book(neighbour, slots["tomorrow"])
    client = client_for("town_staff")
    hall = slots["today"].hall_id
    day_url = f"/services/appointments/desk/{hall}/"
    with django_assert_max_num_queries(6):
        page = client.get(day_url)
    assert page.status_code == 200 and len(page.context["rows"]) == 2
    assert page.context["counts"]["booked"] == 2
    check = "/services/appointments/desk/check-in/"
    unknown = client.post(check, {"code": "ZZZZ2222", "hall": hall, "day": "2025-11-24"})
    assert unknown.status_code == 400
    assert unknown.context["form"].errors["code"] == ["No booking at this hall has this code."]
    done = client.post(check, {"code": f" {expected.code.lower()} ", "hall": hall})
    assert done.status_code == 302 and done.url == f"{day_url}?day=2025-11-24"
    expected.refresh_from_db()
    assert expected.state == "checked_in"
    used = client.post(check, {"code": expected.code, "hall": hall})
    assert used.status_code == 400
    assert used.context["form"].errors["code"] == ["This visitor was already checked in at 08:30."]
    desk = client.get("/services/appointments/desk/")
    assert desk.status_code == 200 and desk.context["counts"]["checked_in"] == 1
    tomorrow = client.get(f"{day_url}?day=2025-11-25")
    assert [a.slot_id for a in tomorrow.context["rows"]] == [slots["tomorrow"].pk]


def test_a_hall_outside_ones_area_is_not_found(
    slots: dict[str, Slot],
    personas: dict[str, Any],
    other_town_staff: User,
    client_for: Any,
) -> None:
    appointment = book(personas["resident"], slots["today"])
    hall = slots["today"].hall_id
    outsider = client_of(other_town_staff)
    assert outsider.get(f"/services/appointments/desk/{hall}/").status_code == 404
    assert outsider.get(f"/services/appointments/{appointment.pk}/").status_code == 404
    response = outsider.post("/services/appointments/desk/check-in/", {"code": appointment.code})
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["No booking in your area has this code."]
    appointment.refresh_from_db()
    assert appointment.state == "booked"
    leader = client_for("leader").get("/services/appointments/desk/")
    assert leader.status_code == 200 and not leader.context["can_check_in"]


def test_staff_check_in_from_the_booking_page(
    slots: dict[str, Slot], personas: dict[str, Any], client_for: Any
) -> None:
    appointment = book(personas["resident"], slots["today"])
    client = client_for("clerk")
    page = client.get(f"/services/appointments/{appointment.pk}/").content.decode()
    assert 'id="check-in"' in page and "resident" in page
    response = client.post(
        "/services/appointments/desk/check-in/",
        {"code": appointment.code, "hall": appointment.slot.hall_id, "day": "2025-11-24"},
    )
    assert response.status_code == 302
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.CHECKED_IN


# --- the command and the demo ------------------------------------------------------------------
def test_the_open_slots_command(
    clock: Clock, personas: dict[str, Any], halls: dict[str, Hall], capsys: Any
) -> None:
    call_command("open-slots", "--hall", "甲镇便民服务中心", "--days", "2", "--capacity", "3")
    assert Slot.objects.filter(hall=halls["town"], capacity=3).count() == 12
    call_command("open-slots", "--all", "--days", "2")
    assert Slot.objects.count() == 36
    assert "0 slots opened" in capsys.readouterr().out.splitlines()[-3]  # 甲镇 already open
    with pytest.raises(CommandError, match="No hall"):
        call_command("open-slots", "--hall", "nowhere")


def test_the_open_slots_command_needs_an_administrator(
    clock: Clock, halls: dict[str, Hall]
) -> None:
    with pytest.raises(CommandError, match="administrator"):
        call_command("open-slots", "--all")


def test_the_demo_halls_and_slots(clock: Clock, personas: dict[str, Any]) -> None:
    from civicgrid.govservices.demo.appointments import seed_halls, seed_slots

    halls = seed_halls()
    assert [h.name for h in halls] == ["测试区政务服务中心", "甲镇便民服务中心", "乙镇便民服务中心"]
    assert all(h.address and h.hours for h in halls)
    assert seed_halls() == halls and Hall.objects.count() == 3
    assert seed_slots(days=2) == 36
    assert seed_slots(days=2) == 0
    district = Slot.objects.filter(hall=halls[0]).first()
    assert district is not None and district.capacity == 6
