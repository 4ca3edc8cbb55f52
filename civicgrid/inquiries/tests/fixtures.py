"""Fixtures of the inquiries app (registered in the root conftest)."""

from __future__ import annotations
