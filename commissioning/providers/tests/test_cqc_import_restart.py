"""A CQC import survives a worker restart: the first task worker is killed in the middle of an import
and a second worker finishes it, every row imported exactly once.

Real processes on a real database file: `manage.py db_worker` twice, and the scheduler's one-off run
that hands the stalled job on. The operators' pause file (JOBS_PAUSE_FILE) holds the import after its
first committed chunk so the kill always lands between chunks.
"""
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from .test_cqc_import import API_HEADER

ROWS, CHUNK = 50, 10
BOUND = 180  # seconds before a stuck step gives up; the result never depends on how fast it runs


def _row(n: int) -> str:
    return (f"1-4{n:08d},1-500000001,Birch Care,Birch House {n},{n} Ashbourne Road,Derby,DE22 3AB,52.92,-1.50,"
            f"{20 + n},Registered,Good,2025-06-30,Care home service without nursing,Dementia\n")


@pytest.fixture
def site(tmp_path, migrated_database_file):
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "0",
           "DATABASE_URL": f"sqlite:///{db}", "CQC_IMPORT_CHUNK_SIZE": str(CHUNK),
           "JOBS_PAUSE_FILE": str(tmp_path / "pause"), "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    processes = []

    def manage(*args, extra=None, background=False):
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
        if background:
            log = (tmp_path / f"process-{len(processes)}.log").open("w")
            process = subprocess.Popen(command, env={**env, **(extra or {})}, cwd=settings.BASE_DIR,  # noqa: S603
                                       stdout=log, stderr=subprocess.STDOUT)
            processes.append(process)
            return process
        return subprocess.run(command, env={**env, **(extra or {})}, cwd=settings.BASE_DIR, check=True,  # noqa: S603
                              capture_output=True, text=True, timeout=BOUND).stdout

    def query(sql, *params):
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(sql, params).fetchone()

    if migrated_database_file is not None:
        shutil.copyfile(migrated_database_file, db)
    manage("migrate", "--noinput", "-v0")  # nothing left to apply on the copy: checks it is fully migrated
    yield manage, query, tmp_path
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def _wait_for(check, what):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"Gave up waiting for {what}")


def test_a_second_worker_finishes_an_import_the_first_was_killed_in_with_no_row_written_twice(site):
    manage, query, tmp = site
    (tmp / "cqc.csv").write_text(API_HEADER + "".join(_row(n) for n in range(1, ROWS + 1)))
    job_id = int(manage("shell", "-c", (
        "from pathlib import Path\n"
        "from commissioning.providers.imports import cqc_import_stage, cqc_import_start\n"
        f"run = cqc_import_stage(file_name='cqc.csv', content=Path('{tmp / 'cqc.csv'}').read_bytes(), by=None)\n"
        "run = cqc_import_start(run=run, by=None)\n"
        "from commissioning.core.models import Job\n"
        "print(Job.objects.get().pk)\n")).split()[-1])
    (tmp / "pause").touch()

    worker = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    first = manage(*worker, background=True)
    _wait_for(lambda: query("SELECT done FROM core_job WHERE id = ?", job_id)[0] == CHUNK,
              "the first worker to commit its first chunk")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert query("SELECT status, done FROM core_job WHERE id = ?", job_id) == ("running", CHUNK)
    assert query("SELECT processed_rows FROM providers_cqcimportrun")[0] == CHUNK

    (tmp / "pause").unlink()
    manage(*worker, background=True, extra={"JOBS_STALLED_AFTER_SECONDS": "0"})
    manage("run_scheduler", "--once")
    _wait_for(lambda: query("SELECT status FROM core_job WHERE id = ?", job_id)[0] in ("succeeded", "failed"),
              "the second worker to finish the import")

    assert query("SELECT status, done, total FROM core_job WHERE id = ?", job_id) == ("succeeded", ROWS, ROWS)
    assert query("SELECT status, processed_rows, created_count, updated_count, unchanged_count "
                 "FROM providers_cqcimportrun") == ("completed", ROWS, ROWS, 0, 0)
    assert query("SELECT COUNT(*), COUNT(DISTINCT cqc_location_id) FROM providers_service") == (ROWS, ROWS)
    assert query("SELECT COUNT(*), COUNT(DISTINCT object_id) FROM core_auditevent WHERE action = 'imported' "
                 "AND content_type_id = (SELECT id FROM django_content_type WHERE model = 'service')") == (ROWS, ROWS)
    assert query("SELECT COUNT(*) FROM core_jobstatusevent WHERE job_id = ? AND event = 'requeue'", job_id) == (1,)
