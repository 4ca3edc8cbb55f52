"""Progress lookup (办件查询): anyone with an application's number and the last four digits of
the applicant's phone sees where it stands, without an account.

Guessing is throttled: after ``MAX_FAILURES`` wrong answers for a number, or from one client
address, within ``WINDOW_SECONDS`` the lookup refuses for the rest of the window. A wrong number
and a wrong phone give the same answer, so a guess confirms nothing.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from civicgrid.core.errors import ActionError

from ..models import Application

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


class TooManyAttempts(ActionError):
    status = 429


def lookup_progress(number: str, phone_last4: str, client: str) -> Application:
    number = number.strip().upper()
    last4 = phone_last4.strip()
    keys = [f"govservices:lookup:n:{number}", f"govservices:lookup:c:{client}"]
    if any((cache.get(key) or 0) >= MAX_FAILURES for key in keys):
        raise TooManyAttempts(
            _("Too many wrong attempts. Try again in %(m)d minutes.") % {"m": WINDOW_SECONDS // 60}
        )
    application = (
        Application.objects.filter(number=number).select_related("item", "bundle").first()
        if number and len(last4) == 4 and last4.isdigit()
        else None
    )
    if application is None or not application.applicant_phone_masked.endswith(last4):
        for key in keys:
            cache.add(key, 0, WINDOW_SECONDS)
            cache.incr(key)
        raise ActionError(
            _("No application matches this number and phone."),
            errors=[{"field": "number"}, {"field": "phone_last4"}],
        )
    return application
