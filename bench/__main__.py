"""Run every benchmark: ``python -m bench [--scale full|small] [--only NAME]``."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time

import bench


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--scale", choices=["full", "small"], default="full")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
    # A database of its own, never the demo's: SQLite under var/ unless DATABASE_URL says otherwise.
    os.environ.setdefault("DATABASE_URL", "sqlite:///" + os.path.abspath("var/bench.sqlite3"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    modules = pkgutil.iter_modules(bench.__path__)
    names = sorted(m.name for m in modules if m.name.startswith("bench_"))
    from django.db import connection

    print(
        f"CivicGrid benchmarks, scale={args.scale}, {os.cpu_count()} cores, "
        f"database={connection.vendor}"
    )
    for name in names:
        if args.only and args.only not in name:
            continue
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        print(f"\n== {name}: {(module.__doc__ or '').strip().splitlines()[0]}")
        for figure in module.run(args.scale):
            print("  " + figure.line())
        print(f"  ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
