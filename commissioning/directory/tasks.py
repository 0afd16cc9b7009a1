"""Tasks of the directory, run by the task worker on the schedule (core/schedules.py)."""
from django_tasks import task


@task()
def refresh_from_register() -> str:
    """Refresh every care listing from the provider register (nightly)."""
    from .services import listing_sync_all

    return f"Refreshed {listing_sync_all()} care listings from the register."


@task()
def flag_unverified_listings() -> str:
    """Tell the owners of listings not checked within the period to check them (daily)."""
    from .services import listings_flag_unverified

    return f"Asked for {listings_flag_unverified()} listings to be checked."
