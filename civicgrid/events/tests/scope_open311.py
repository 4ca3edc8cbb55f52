"""Open311 GeoReport v2 routes: public data (public fields only) and posting with an API key;
merged into this app's ``UNSCOPED`` by ``scope.py``."""

from __future__ import annotations

UNSCOPED: dict[str, str] = {
    "open311:services": "public Open311 data: the service list (test_open311)",
    "open311:service_definition": "public Open311 data: a service's definition (test_open311)",
    "open311:requests": (
        "GET: public Open311 data, public fields only; POST: Open311 clients with an API key "
        "(test_open311)"
    ),
    "open311:request": "public Open311 data: public fields only (test_open311)",
    "open311:token": "public Open311 data: a token's service_request_id only (test_open311)",
}
