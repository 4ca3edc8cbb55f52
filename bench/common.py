from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""

    def line(self) -> str:
        text = f"{self.name:<48} {self.value:>12.3f} {self.unit}"
        if self.baseline:
            text += f"   ({self.value / self.baseline:.3f}× {self.baseline_name})"
        if self.target:
            text += f"   target: {self.target}"
        return text


def latencies(fn: Callable[..., object], args: Iterable[tuple]) -> list[float]:
    """Wall-clock seconds of each call of ``fn(*a)``."""
    out = []
    clock = time.perf_counter
    for a in args:
        t0 = clock()
        fn(*a)
        out.append(clock() - t0)
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]
