"""Import a CQC file from the command line, with the same checks as the page."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from commissioning.accounts.models import User
from commissioning.providers.imports import cqc_import_stage, cqc_import_start


class Command(BaseCommand):
    help = "Check a CQC CSV (care directory or CQC API location fields) and import it into the register."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Username to record as the importer (default: the system)")
        parser.add_argument("--good-rows-only", action="store_true",
                            help="Import the good rows of a file that has bad rows")

    def handle(self, *args, file: Path, user=None, good_rows_only=False, **options):
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No person with username {user!r}")
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        try:
            run = cqc_import_stage(file_name=file.name, content=file.read_bytes(), by=by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Checked {run.total_rows} rows ({run.file_format} format): "
                          f"{run.good_count} good, {run.bad_count} with errors.")
        for error in run.errors:
            self.stdout.write(f"  row {error['row']}: {'; '.join(error['reasons'])}")
        for warning in run.warnings:
            self.stdout.write(f"  warning: {warning}")
        if run.errors and not good_rows_only:
            raise CommandError("Nothing was imported. Fix the file, or run again with --good-rows-only.")
        def progress(r):
            self.stdout.write(f"processed {r.processed_rows}/{r.good_count} rows")

        run = cqc_import_start(run=run, by=by, skip_bad_rows=good_rows_only, inline=True, progress=progress)
        self.stdout.write(f"Imported: {run.created_count} added, {run.updated_count} updated, "
                          f"{run.unchanged_count} unchanged.")
        if run.status != "completed":
            raise CommandError(f"The import stopped: {run.failure}")
