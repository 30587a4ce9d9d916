from celery import shared_task

from core.jobs import run_tracked
from core.tasks import RETRY
from customers.services.forecasts import fleet_refresh, fleet_refresh_enqueue, forecast_refresh


@shared_task(name="customers.tasks.forecast_deployment", **RETRY)
@run_tracked
def forecast_deployment(deployment_id: int) -> int:
    """Re-forecast one deployment (safe to run twice: it overwrites the same row)."""
    return forecast_refresh(deployment_id=deployment_id).pk


@shared_task(name="customers.tasks.forecast_fleet", **RETRY)
@run_tracked
def forecast_fleet() -> int:
    """Re-forecast every deployment (safe to run twice)."""
    return fleet_refresh()


@shared_task(name="customers.tasks.forecast_fleet_nightly", ignore_result=True)
def forecast_fleet_nightly() -> bool:
    """Nightly: queue a tracked run of the fleet forecast."""
    return fleet_refresh_enqueue()
