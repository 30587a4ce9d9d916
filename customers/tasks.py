from celery import shared_task

from core.jobs import run_tracked
from core.tasks import RETRY
from customers.services.forecasts import fleet_chunk_refresh, fleet_fan_out, fleet_refresh_enqueue, forecast_refresh


@shared_task(name="customers.tasks.forecast_deployment", **RETRY)
@run_tracked
def forecast_deployment(deployment_id: int) -> int:
    """Re-forecast one deployment (safe to run twice: it overwrites the same row)."""
    return forecast_refresh(deployment_id=deployment_id).pk


@shared_task(name="customers.tasks.forecast_fleet", **RETRY)
@run_tracked
def forecast_fleet() -> int:
    """Re-forecast every deployment: queue one tracked job per chunk for the workers to share (safe to run
    twice). Returns the number of chunks."""
    return fleet_fan_out()


@shared_task(name="customers.tasks.forecast_fleet_chunk", **RETRY)
@run_tracked
def forecast_fleet_chunk(first_id: int, last_id: int) -> int:
    """Re-forecast one chunk of the fleet (safe to run twice: it overwrites the same rows)."""
    return fleet_chunk_refresh(first_id=first_id, last_id=last_id)


@shared_task(name="customers.tasks.forecast_fleet_nightly", ignore_result=True)
def forecast_fleet_nightly() -> bool:
    """Nightly: queue a tracked run of the fleet forecast."""
    return fleet_refresh_enqueue()
