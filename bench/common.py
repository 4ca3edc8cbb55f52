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


def pct(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (works for a handful of samples too)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def run_loader(module: str, *args: str) -> dict:
    """Run ``python -m module args…`` (one database per process) and parse its last line, the
    JSON figures it prints."""
    import json
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603 - our own module, our own arguments
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])
