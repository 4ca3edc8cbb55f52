"""``civicgrid demo``: create the database, seed the demo district once, print logins, serve."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Set up the demo district (渌口区) on the configured database and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up and seed, then exit")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from civicgrid.accounts import demo as accounts_demo
        from civicgrid.ballots import demo as ballots_demo
        from civicgrid.events import demo as events_demo
        from civicgrid.govservices import demo as services_demo
        from civicgrid.inquiries import demo as inquiries_demo
        from civicgrid.ratings import demo as ratings_demo
        from civicgrid.regions import demo as regions_demo
        from civicgrid.registry import demo as registry_demo

        started = time.monotonic()
        self.stdout.write("Migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the demo district (kept if it is already there) …")
        created = regions_demo.seed()
        if created:
            self.stdout.write(f"  regions: {created} created (district, towns, villages, grids)")
        logins = accounts_demo.seed()
        people = registry_demo.seed(log=self.stdout.write)
        if people:
            self.stdout.write(f"  registry: {people:,} people with their households and places")
        events_demo.seed(log=self.stdout.write)
        services_demo.seed(log=self.stdout.write)
        inquiries_demo.seed(log=self.stdout.write)
        ballots_demo.seed(log=self.stdout.write)
        ratings_demo.seed(log=self.stdout.write)
        self.stdout.write(f"Ready in {time.monotonic() - started:.1f} s.\n")

        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"CivicGrid demo district: {base}/"))
        self.stdout.write(f"  sign in:     {base}/accounts/login/")
        self.stdout.write(f"  region map:  {base}/regions/")
        self.stdout.write(f"  report:      {base}/events/report/   (no account needed)")
        self.stdout.write(f"  services:    {base}/services/   (guide, apply, track, appointments)")
        self.stdout.write(f"  questions:   {base}/inquiries/   (ask, search, read answers)")
        self.stdout.write(f"  ballots:     {base}/ballots/   (deputies choose livelihood projects)")
        self.stdout.write(f"  ratings:     {base}/ratings/   (household star ratings, 自强户)")
        self.stdout.write(f"  API docs:    {base}/api/docs   (OpenAPI: {base}/api/openapi.json)")
        self.stdout.write(f"  Open311:     {base}/open311/v2/services.json")
        self.stdout.write(f"\nDemo logins (password for all: {accounts_demo.DEMO_PASSWORD}):")
        listed = {
            login.username: login
            for app in (events_demo, services_demo, inquiries_demo)
            for login in [*logins, *app.demo_logins()]
        }
        for login in listed.values():
            self.stdout.write(f"  {login.username:<13} {login.role}  {login.scope}")
        self.stdout.write("  gw002 … gw184 are the district's other grid workers;")
        self.stdout.write("  rd001 … rd039 district and td001 … td015 town deputies.\n")
        if options["no_serve"]:
            return
        from waitress import serve

        from civicgrid.core.tasks import ensure_scheduled
        from civicgrid.wsgi import application

        # Background work (web imports, the periodic tick) needs the task worker: run one beside
        # the server, with the tick scheduled once (it reschedules itself).
        ensure_scheduled()
        worker = subprocess.Popen([sys.executable, "-m", "civicgrid", "db_worker"])  # noqa: S603
        self.stdout.write("Serving (with a task worker); press Ctrl+C to stop.")
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="civicgrid",
            )
        finally:
            worker.terminate()
            worker.wait(timeout=10)
