from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English (the msgids); pages still render Chinese by default."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(personas: dict[str, Any]) -> Any:
    """Like the project's ``client_for``, with pages and API answering in English."""

    def make(name: str) -> Client:
        client = Client(headers={"Accept-Language": "en"})
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def client() -> Client:
    """An anonymous client that asks for English (the messages asserted are the msgids)."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def _fresh_suggestion_index() -> Iterator[None]:
    """The in-process keyword index must not outlive a test's rolled-back rows."""
    from civicgrid.inquiries.suggest import clear_cache

    clear_cache()
    yield
    clear_cache()
