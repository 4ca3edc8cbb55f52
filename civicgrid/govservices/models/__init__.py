"""Models of the government-services app, by part: the catalog, applications, appointments."""

from .applications import (
    OPEN_PART_STATES,
    Application,
    ApplicationState,
    Channel,
    Delivery,
    Notice,
    Part,
    PartState,
    SubmittedMaterial,
)
from .appointments import Appointment, AppointmentState, Hall, Slot
from .catalog import Bundle, BundleItem, HeldBy, ItemKind, Material, MaterialForm, ServiceItem

__all__ = [
    "OPEN_PART_STATES",
    "Application",
    "ApplicationState",
    "Appointment",
    "AppointmentState",
    "Bundle",
    "BundleItem",
    "Channel",
    "Delivery",
    "Hall",
    "HeldBy",
    "ItemKind",
    "Material",
    "MaterialForm",
    "Notice",
    "Part",
    "PartState",
    "ServiceItem",
    "Slot",
    "SubmittedMaterial",
]
