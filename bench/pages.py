"""Every page: server time (median of 5, and the first request after a plan change) and SQL queries, logged in
as a PM, on the loaded dataset."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from customers.models import Customer, Deployment
from incidents.models import Incident
from roadmap.models import Feature, Scenario
from roadmap.selectors.plan import dates_get, plan_inputs_forget, schedule_get

TIME_GOAL_MS, QUERY_GOAL = 300, 15


def _urls() -> list[str]:
    customer = Customer.objects.order_by("pk").first()
    deployment = Deployment.objects.order_by("pk").first()
    incident = Incident.objects.order_by("pk").first()
    feature = Feature.objects.order_by("pk").first()
    scenario = Scenario.objects.order_by("pk").first()
    urls = [
        "/",
        "/customers/",
        "/incidents/",
        "/customers/fleet/",
        "/roadmap/",
        "/roadmap/priorities/",
        "/roadmap/check/",
        "/roadmap/requests/",
        "/roadmap/scenarios/",
        "/review/weekly/",
        "/search/?q=storage",
    ]
    urls += [f"/customers/{customer.pk}/"] if customer else []
    urls += [f"/customers/deployments/{deployment.pk}/"] if deployment else []
    urls += [f"/incidents/{incident.pk}/"] if incident else []
    urls += [f"/roadmap/features/{feature.pk}/", f"/roadmap/check/?feature={feature.pk}"] if feature else []
    urls += [f"/roadmap/scenarios/{scenario.pk}/"] if scenario else []
    return urls


def run(*, scale: str = "demo") -> dict:
    user = get_user_model().objects.filter(groups__name="PM").first()
    if user is None:
        return {"error": "no PM user: run manage.py load_demo first"}
    client = Client()
    client.force_login(user)
    figures, slow = {}, []
    for url in _urls():
        # The first request after a plan change reads the plan afresh: reported as first_ms.
        plan_inputs_forget()
        schedule_get.clear()
        dates_get.clear()
        started = time.perf_counter()
        client.get(url)
        first = round(1000 * (time.perf_counter() - started), 1)
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = client.get(url).status_code
                timings.append(1000 * (time.perf_counter() - started))
        median = round(statistics.median(timings), 1)
        figures[url] = {"status": status, "ms": median, "first_ms": first, "queries": len(queries)}
        if median > TIME_GOAL_MS or len(queries) > QUERY_GOAL or status != 200:
            slow.append(url)
        print(f"  {url:<45} {status}  {median:>7} ms  (first {first:>7} ms)  {len(queries):>3} queries")
    return {"pages": len(figures), "over_goal": len(slow), "over_goal_urls": slow, "detail": figures}
