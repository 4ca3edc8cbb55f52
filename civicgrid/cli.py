"""The ``civicgrid`` command: Django's management commands under the project's own name.

civicgrid demo              set up and serve the demo district
civicgrid migrate           apply database migrations
civicgrid regions export F  export regions and boundaries as GeoJSON
civicgrid help              list every command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["civicgrid", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
