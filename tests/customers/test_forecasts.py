from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from core.models import Job
from customers.models import FORECAST_FIELDS, CapacityForecast, CapacitySample
from customers.selectors.forecasts import fleet_deadline_get, fleet_summary_get
from customers.services.forecasts import _chunk_rows, fleet_chunk_refresh, fleet_refresh, forecast_refresh
from tests.conftest import wait_for
from tests.factories import DeploymentFactory

pytestmark = pytest.mark.django_db
NOW = datetime.now(UTC).replace(microsecond=0)


def _fill(deployment, *, days=60, start=0.5, per_day=0.005):
    CapacitySample.objects.bulk_create(
        CapacitySample(
            deployment=deployment,
            taken_at=NOW - timedelta(days=days - i),
            used_bytes=int(deployment.capacity_bytes * (start + per_day * i)),
        )
        for i in range(days)
    )


def _rows(n, offset=0):
    return [
        {"taken_at": (NOW - timedelta(days=n - i + offset)).isoformat(), "used_bytes": 10**9 + i * 10**7}
        for i in range(n)
    ]


def test_it_ingests_samples_idempotently_over_the_api(pm_user):
    deployment = DeploymentFactory()
    client = APIClient()
    client.force_authenticate(pm_user)
    first = client.post(f"/api/deployments/{deployment.pk}/samples/", _rows(30), format="json")
    assert first.status_code == 201
    assert first.json() == {"received": 30, "created": 30}
    again = client.post(f"/api/deployments/{deployment.pk}/samples/", _rows(30), format="json")
    assert again.json() == {"received": 30, "created": 0}
    assert CapacitySample.objects.filter(deployment=deployment).count() == 30
    assert Job.objects.filter(key=f"forecast:deployment:{deployment.pk}").count() == 1


def test_it_rejects_a_malformed_row_by_index_and_writes_nothing(pm_user):
    deployment = DeploymentFactory()
    client = APIClient()
    client.force_authenticate(pm_user)
    rows = _rows(5)
    rows[3]["used_bytes"] = "lots"
    response = client.post(f"/api/deployments/{deployment.pk}/samples/", rows, format="json")
    assert response.status_code == 400
    assert "[3].used_bytes" in response.json()
    naive = [{"taken_at": "2026-01-01T00:00:00", "used_bytes": 1}]
    assert "[0].taken_at" in client.post(f"/api/deployments/{deployment.pk}/samples/", naive, format="json").json()
    assert not CapacitySample.objects.filter(deployment=deployment).exists()


def test_each_sample_keeps_the_capacity_of_its_disk(pm_user):
    deployment = DeploymentFactory(capacity_bytes=500 * 10**9)
    client = APIClient()
    client.force_authenticate(pm_user)
    rows = _rows(4)
    rows[2]["capacity_bytes"] = rows[3]["capacity_bytes"] = 10**12  # the disk was doubled
    assert client.post(f"/api/deployments/{deployment.pk}/samples/", rows, format="json").status_code == 201
    stored = list(CapacitySample.objects.filter(deployment=deployment).values_list("capacity_bytes", flat=True))
    assert stored == [500 * 10**9, 500 * 10**9, 10**12, 10**12]
    rows = _rows(2, offset=10)
    rows[1]["capacity_bytes"] = 0
    response = client.post(f"/api/deployments/{deployment.pk}/samples/", rows, format="json")
    assert response.status_code == 400
    assert "[1].capacity_bytes" in response.json()


def test_it_forbids_presales_to_push_samples_and_lets_them_read_forecasts(presales_user):
    deployment = DeploymentFactory()
    _fill(deployment)
    client = APIClient()
    client.force_authenticate(presales_user)
    assert client.post(f"/api/deployments/{deployment.pk}/samples/", _rows(3), format="json").status_code == 403
    body = client.get(f"/api/deployments/{deployment.pk}/forecast/").json()
    assert set(body) >= {
        "used_bytes",
        "capacity_bytes",
        "free_ratio",
        "growth_bytes_per_day",
        "days_to_full",
        "full_at",
        "days_to_full_p10",
        "days_to_full_p90",
        "regime_started_at",
        "method",
        "computed_at",
    }
    assert body["days_to_full"] == pytest.approx(41, abs=1.5)
    assert client.get("/api/deployments/999999/forecast/").status_code == 404


def test_it_refreshes_the_fleet_and_finds_the_deadline():
    soon, later, flat = DeploymentFactory(), DeploymentFactory(), DeploymentFactory()
    _fill(soon, per_day=0.005)
    _fill(later, start=0.2, per_day=0.002)
    _fill(flat, start=0.3, per_day=0)
    assert fleet_refresh() == 3
    assert fleet_refresh() == 3
    assert CapacityForecast.objects.count() == 3
    deadline = fleet_deadline_get(k=1)
    full_at = CapacityForecast.objects.get(deployment=soon).full_at
    assert deadline == full_at.date() - timedelta(days=1)
    assert fleet_deadline_get(k=2) > deadline
    assert fleet_deadline_get(k=3) is None
    summary = fleet_summary_get()
    assert summary.total == 3
    assert summary.full_within[90] == 1


def test_a_fleet_chunk_reads_the_same_readings_and_writes_the_same_forecast_as_one_deployment():
    """The chunk reads readings on the driver's cursor (PostgreSQL) or through the ORM: the same rows, so the same
    forecast as refreshing the deployment alone, to the last field."""
    deployment = DeploymentFactory()
    _fill(deployment, days=90, start=0.3, per_day=0.004)
    expected = list(
        CapacitySample.objects.filter(deployment=deployment).values_list(
            "deployment_id", "taken_at", "used_bytes", "capacity_bytes"
        )
    )
    assert sorted(_chunk_rows(deployment.pk, deployment.pk)) == sorted(expected)
    alone = forecast_refresh(deployment_id=deployment.pk)
    fields = [f for f in FORECAST_FIELDS if f != "computed_at"]
    before = {f: getattr(alone, f) for f in fields}
    assert fleet_chunk_refresh(first_id=deployment.pk, last_id=deployment.pk) == 1
    after = CapacityForecast.objects.get(deployment=deployment)
    assert {f: getattr(after, f) for f in fields} == before


def test_it_renders_the_fleet_and_deployment_pages(leadership_client, django_assert_max_num_queries):
    for _ in range(3):
        deployment = DeploymentFactory()
        _fill(deployment)
        forecast_refresh(deployment_id=deployment.pk)
    # 12 for the fleet, plus the committed plan's fix against the deadline (constant in the data).
    with django_assert_max_num_queries(20):
        page = leadership_client.get("/customers/fleet/")
    assert page.status_code == 200
    assert deployment.name in page.content.decode()
    partial = leadership_client.get("/customers/fleet/", {"tier": "key"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    with django_assert_max_num_queries(12):
        detail = leadership_client.get(f"/customers/deployments/{deployment.pk}/")
    assert "Full in" in detail.content.decode()
    csv = leadership_client.get("/customers/fleet.csv")
    assert deployment.name in csv.content.decode()


def test_it_keeps_the_fleet_page_flat_in_queries(pm_client, django_assert_max_num_queries):
    for _ in range(30):
        deployment = DeploymentFactory()
        _fill(deployment, days=10)
    fleet_refresh()
    with django_assert_max_num_queries(20):
        assert pm_client.get("/customers/fleet/").status_code == 200


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_it_reforecasts_in_a_real_worker_after_samples_arrive(celery_worker_process, pm_user):
    deployment = DeploymentFactory()
    client = APIClient()
    client.force_authenticate(pm_user)
    assert client.post(f"/api/deployments/{deployment.pk}/samples/", _rows(40), format="json").status_code == 201
    forecast = wait_for(lambda: CapacityForecast.objects.filter(deployment=deployment).first(), timeout=150)
    assert forecast.sample_count == 40
    # The job is marked done just after the forecast row is written.
    job = wait_for(
        lambda: Job.objects.filter(key=f"forecast:deployment:{deployment.pk}", status="done").first(), timeout=60
    )
    assert job.runs == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_fleet_forecast_fans_out_in_tracked_chunks_that_a_lost_message_does_not_stop(celery_worker_process):
    from core.jobs import jobs_reconcile
    from customers.services.forecasts import fleet_chunks, fleet_fan_out, fleet_refresh_enqueue

    deployments = DeploymentFactory.create_batch(5)
    for deployment in deployments:
        _fill(deployment, days=20)
    chunks = fleet_chunks(size=2)
    assert [b - a for a, b in chunks] == [1, 1, 0]
    assert fleet_refresh_enqueue()
    fleet = wait_for(lambda: Job.objects.filter(key="forecast:fleet", status="done").first(), timeout=150)
    assert fleet.runs == 1
    wait_for(lambda: CapacityForecast.objects.count() == 5, timeout=60)
    chunk_jobs = Job.objects.filter(key__startswith="forecast:fleet:")
    wait_for(lambda: chunk_jobs.filter(status="done").count() == 1, timeout=60)  # one chunk of 1,000
    first = dict(CapacityForecast.objects.values_list("deployment_id", "days_to_full"))

    # Chunks of two, one of whose messages is lost: the reconciler re-sends it and every chunk runs once.
    Job.objects.all().delete()
    CapacityForecast.objects.all().delete()
    lost = f"forecast:fleet:{chunks[1][0]}-{chunks[1][1]}"
    Job.objects.create(
        key=lost,
        task="customers.tasks.forecast_fleet_chunk",
        kwargs={"first_id": chunks[1][0], "last_id": chunks[1][1]},
        queued_at=NOW - timedelta(minutes=10),
        generation=1,
    )
    assert fleet_fan_out(size=2) == 3  # the lost chunk is still "queued": not queued twice
    assert jobs_reconcile() == 1
    wait_for(lambda: Job.objects.filter(key__startswith="forecast:fleet:", status="done").count() == 3, timeout=90)
    assert Job.objects.get(key=lost).runs == 1
    assert dict(CapacityForecast.objects.values_list("deployment_id", "days_to_full")) == first


def test_the_readings_behind_a_deployment_chart_download_as_csv(leadership_client, django_assert_max_num_queries):
    from datetime import UTC, datetime

    from tests.factories import CapacitySampleFactory, DeploymentFactory

    deployment = DeploymentFactory(capacity_bytes=1000)
    CapacitySampleFactory(deployment=deployment, taken_at=datetime(2026, 11, 2, tzinfo=UTC), used_bytes=200)
    CapacitySampleFactory(deployment=deployment, taken_at=datetime(2026, 11, 1, tzinfo=UTC), used_bytes=100)
    page = leadership_client.get(f"/customers/deployments/{deployment.pk}/")
    assert f"/customers/deployments/{deployment.pk}/samples.csv" in page.content.decode()
    with django_assert_max_num_queries(6):
        answer = leadership_client.get(f"/customers/deployments/{deployment.pk}/samples.csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "taken_at,used_bytes,capacity_bytes",
        "2026-11-01T00:00:00+00:00,100,1000",
        "2026-11-02T00:00:00+00:00,200,1000",
    ]


def test_the_regime_line_follows_the_readings_across_a_clean_up():
    from datetime import UTC, datetime, timedelta
    from types import SimpleNamespace

    from customers.charts import GB, deployment_forecast_figure

    start = datetime(2026, 6, 1, tzinfo=UTC)
    # 10 GB a day; on day 20 a clean-up deletes 300 GB.
    samples = [(start + timedelta(days=d), int((100 + 10 * d - (300 if d >= 20 else 0)) * GB), None) for d in range(30)]
    until = samples[-1][0]
    forecast = SimpleNamespace(
        capacity_bytes=1000 * GB,
        growth_bytes_per_day=10 * GB,
        samples_until=until,
        used_bytes=samples[-1][1],
        regime_started_at=start,
        days_to_full=71.0,
        days_to_full_p10=65.0,
        days_to_full_p90=80.0,
    )
    deployment = SimpleNamespace(name="v", capacity_bytes=1000 * GB)
    figure = deployment_forecast_figure(deployment=deployment, samples=samples, forecast=forecast)
    regime = next(t for t in figure["data"] if t["name"] == "Current regime")
    assert regime["y"][0] == pytest.approx(100, abs=0.5)  # at the readings, not 300 GB below them
    assert regime["y"][-1] == pytest.approx(100 + 10 * 29 - 300, abs=0.5)


def _post(client, deployment, rows):
    return client.post(f"/api/deployments/{deployment.pk}/samples/", rows, format="json")


@pytest.mark.parametrize(
    "taken_at",
    [
        "2100-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "1900-01-01T00:00:00Z",
        (NOW + timedelta(days=2)).isoformat(),
    ],
)
def test_it_refuses_a_reading_dated_outside_the_window_naming_the_row(pm_api, taken_at):
    deployment = DeploymentFactory()
    rows = [*_rows(3), {"taken_at": taken_at, "used_bytes": 5 * 10**9}]
    response = _post(pm_api, deployment, rows)
    assert response.status_code == 400
    assert list(response.json()) == ["[3].taken_at"]
    assert not CapacitySample.objects.filter(deployment=deployment).exists()


def test_it_takes_the_window_from_the_settings(pm_api, settings):
    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "SAMPLE_MAX_SKEW": timedelta(days=3)}
    deployment = DeploymentFactory()
    response = _post(pm_api, deployment, [{"taken_at": (NOW + timedelta(days=2)).isoformat(), "used_bytes": 1}])
    assert response.status_code == 201


def test_it_accepts_a_reading_a_few_minutes_ahead_of_the_server_clock(pm_api):
    deployment = DeploymentFactory()
    response = _post(pm_api, deployment, [{"taken_at": (NOW + timedelta(minutes=2)).isoformat(), "used_bytes": 1}])
    assert response.status_code == 201


@pytest.mark.parametrize("used", [2**63, 2**64 + 5, 10**30])
def test_it_refuses_a_reading_beyond_the_64_bit_range(pm_api, used):
    deployment = DeploymentFactory()
    response = _post(pm_api, deployment, [{"taken_at": NOW.isoformat(), "used_bytes": used}])
    assert response.status_code == 400
    assert list(response.json()) == ["[0].used_bytes"]


def test_it_refuses_two_different_readings_of_one_moment_naming_both_rows(pm_api):
    deployment = DeploymentFactory()
    rows = _rows(4)
    rows.append({"taken_at": rows[1]["taken_at"], "used_bytes": rows[1]["used_bytes"] + 1})
    response = _post(pm_api, deployment, rows)
    assert response.status_code == 400
    message = response.json()["[4].used_bytes"][0]
    assert "Rows 1 and 4" in message
    assert not CapacitySample.objects.filter(deployment=deployment).exists()


def test_it_counts_the_same_reading_sent_twice_in_one_request_once(pm_api):
    deployment = DeploymentFactory()
    rows = _rows(3)
    response = _post(pm_api, deployment, [*rows, rows[0]])
    assert response.json() == {"received": 4, "created": 3}


def test_it_refuses_a_reading_that_contradicts_a_stored_one(pm_api):
    deployment = DeploymentFactory()
    rows = _rows(3)
    _post(pm_api, deployment, rows)
    changed = {**rows[2], "used_bytes": rows[2]["used_bytes"] * 2}
    response = _post(pm_api, deployment, [changed])
    assert response.status_code == 400
    assert "already stored" in response.json()["[0].used_bytes"][0]
    assert (
        CapacitySample.objects.get(deployment=deployment, taken_at=rows[2]["taken_at"]).used_bytes
        == rows[2]["used_bytes"]
    )
