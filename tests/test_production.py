"""What the backbone must reach: the production processes on PostgreSQL answer /healthz/ with the
worker's heartbeat, and a job enqueued by the web side is run to its end by the separate worker.

Starts the Procfile's processes (gunicorn, the task worker, the scheduler) with honcho and the
production settings on a database of its own, and stops them itself: every wait is bounded.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the production processes run on "
                                 "PostgreSQL (make test-postgres)")]
BOUND = 240  # seconds before a step gives up; the result never depends on how fast it runs
ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(check, what):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"Gave up waiting for {what}")


@pytest.fixture
def production(tmp_path):
    db = settings.DATABASES["default"]
    name = f"{db['NAME'].removeprefix('test_')}_production_check"[:60]
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
              "password": db["PASSWORD"], "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    port = _free_port()
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SITE_URL": "https://care.example.gov.uk",
           "DATABASE_URL": f"postgres://{user}{server['host']}:{server['port']}/{name}",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "WEB_PORT": str(port), "WEB_CONCURRENCY": "2", "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True,  # noqa: S603
                              capture_output=True, text=True, timeout=BOUND).stdout

    def query(sql, *params):
        with psycopg.connect(**{**server, "dbname": name}) as conn:
            return conn.execute(sql, params).fetchone()

    manage("migrate", "--noinput", "-v0")
    log = (tmp_path / "honcho.log").open("w")
    honcho = subprocess.Popen([str(VENV_BIN / "honcho"), "-f", "Procfile", "start"], env=env, cwd=ROOT,  # noqa: S603
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "manage": manage, "query": query, "log": tmp_path / "honcho.log"}
    finally:
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            if honcho.poll() is None:
                os.killpg(honcho.pid, sig)
                try:
                    honcho.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    continue
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _health(url):
    try:
        with urllib.request.urlopen(f"{url}/healthz/", timeout=10) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)
    except OSError:
        return None, None


def test_the_production_processes_answer_health_and_the_separate_worker_finishes_a_job(production):
    url, manage, query = production["url"], production["manage"], production["query"]
    status, _ = _wait_for(lambda: _health(url)[0] and _health(url), "gunicorn to answer")
    manage("run_scheduler", "--once")
    status, body = _wait_for(lambda: (lambda r: r if r[0] == 200 else None)(_health(url)),
                             "the worker's heartbeat to make /healthz/ healthy")
    assert body["status"] == "ok" and body["checks"]["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["checks"]["worker"]["ok"] and body["checks"]["worker"]["last_heartbeat"]

    job_id = int(manage("shell", "-c", (
        "from commissioning.providers.imports import cqc_import_stage, cqc_import_start\n"
        "from commissioning.core.models import Job\n"
        "header = 'locationId,name,postalCode,postalAddressLine1,providerName,gacServiceTypes\\n'\n"
        "row = '1-900000001,Elm House,DE1 1BX,1 Friar Gate,Elm Care,Care home service with nursing\\n'\n"
        "run = cqc_import_stage(file_name='one.csv', content=(header + row).encode(), by=None)\n"
        "cqc_import_start(run=run, by=None)\n"
        "print(Job.objects.get().pk)\n")).split()[-1])
    _wait_for(lambda: query("SELECT status FROM core_job WHERE id = %s", job_id)[0] in ("succeeded", "failed"),
              "the worker to finish the job")
    assert query("SELECT status, done, total, outcome FROM core_job WHERE id = %s", job_id) == (
        "succeeded", 1, 1, "Imported 1 rows: 1 services added, 0 updated, 0 unchanged.")
    worker_ids = query("SELECT r.worker_ids FROM django_tasks_database_dbtaskresult r JOIN core_job j "
                       "ON j.task_result_id = r.id::text WHERE j.id = %s", job_id)[0]
    assert len(worker_ids) == 1, "run by the separate worker process"
    assert query("SELECT COUNT(*) FROM providers_service WHERE cqc_location_id = '1-900000001'") == (1,)
