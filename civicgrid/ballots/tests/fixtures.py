"""Fixtures of the ballots app (registered in the root conftest)."""

from __future__ import annotations
