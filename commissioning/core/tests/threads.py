"""Real concurrent transactions for the race tests (PostgreSQL): jobs in threads of their own, each
with its own database connection, released at the same moment."""
import threading

from django.db import connection


def in_threads(jobs) -> list:
    """Run each job in its own thread and connection, all released at once; collect what each got
    (its result, or the exception it raised)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
