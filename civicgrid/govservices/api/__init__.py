"""The government-services API: catalog, applications and their steps, appointments, progress."""

from ninja import Router

from . import applications, appointments

router = Router(tags=["services"])
router.add_router("", applications.router)
router.add_router("/appointments", appointments.router)
