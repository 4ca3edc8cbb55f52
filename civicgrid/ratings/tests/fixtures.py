"""Fixtures of the ratings app (registered in the root conftest)."""

from __future__ import annotations
