"""Background work of the registry (run by ``civicgrid db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger("civicgrid.registry")


@task()
def run_import_job(job_id: int) -> None:
    """Run a web-uploaded import; the job row carries its progress and outcome."""
    from .importer import ImportFileError, run_import
    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    try:
        run_import(job)
    except ImportFileError:
        logger.info("import %s refused: file unreadable", job_id)
