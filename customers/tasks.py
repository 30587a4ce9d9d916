from celery import shared_task

from core.jobs import run_tracked
from customers.services.forecasts import fleet_refresh, forecast_refresh


@shared_task(
    name="customers.tasks.forecast_deployment",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
@run_tracked
def forecast_deployment(deployment_id: int) -> int:
    """Re-forecast one deployment (safe to run twice: it overwrites the same row)."""
    return forecast_refresh(deployment_id=deployment_id).pk


@shared_task(name="customers.tasks.forecast_fleet", acks_late=True, reject_on_worker_lost=True)
@run_tracked
def forecast_fleet() -> int:
    """Nightly: re-forecast every deployment."""
    return fleet_refresh()
