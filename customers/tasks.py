from celery import shared_task

from core.jobs import run_tracked
from core.tasks import RETRY
from customers.services.forecasts import fleet_chunk_refresh, fleet_fan_out, fleet_refresh_enqueue, forecast_refresh
from customers.services.prometheus import prometheus_pull


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


@shared_task(name="customers.tasks.prometheus_pull", ignore_result=True, acks_late=True)
def prometheus_pull_task() -> dict:
    """Pull capacity samples from Prometheus (scheduled only when PLEDGEBOARD_PROMETHEUS_URL is set)."""
    report = prometheus_pull()
    return {"deployments": report.deployments, "created": report.created, "unknown": len(report.unknown)}
