"""What a browser loads: JavaScript bytes per page and first-visit readiness of the chart pages, in Chromium.

Gunicorn serves the production settings (DEBUG off, whitenoise's compressed and hashed static files) on loopback;
Playwright drives Debian's Chromium. For every page: the scripts' bytes as sent (compressed) and as run
(decompressed). For the chart pages and a plain page: DOMContentLoaded and "chart drawn" on a first visit
(a new browser context each time, so nothing is cached), one run each, as a ratio to the plain page.
Goals: at most 1.3 MB of JavaScript (as run) on any page; first-visit chart pages ready within 2x a plain page.
"""

import os
import signal
import socket
import subprocess
from pathlib import Path

from bench.server import gunicorn_start, production_env
from customers.models import Customer, Deployment
from desk.demo.users import DEMO_PASSWORD
from incidents.models import Incident
from roadmap.models import Feature, Scenario

CHROMIUM = "/usr/bin/chromium"
JS_GOAL_BYTES, RATIO_GOAL = 1_300_000, 2.0
PLAIN = "/roadmap/requests/"  # a page with a table and no chart


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pages() -> tuple[list[str], list[str]]:
    """(every page, the chart pages)."""
    customer = Customer.objects.filter(deployments__isnull=False).order_by("pk").first()
    deployment = Deployment.objects.filter(samples__isnull=False).order_by("pk").first()
    incident = Incident.objects.order_by("pk").first()
    feature = Feature.objects.order_by("pk").first()
    scenario = Scenario.objects.order_by("pk").first()
    charts = ["/customers/fleet/", "/roadmap/", "/roadmap/scenarios/"]
    charts += [f"/customers/{customer.pk}/"] if customer else []
    charts += [f"/customers/deployments/{deployment.pk}/"] if deployment else []
    charts += [f"/roadmap/scenarios/{scenario.pk}/"] if scenario else []
    plain = ["/", "/customers/", "/incidents/", "/roadmap/priorities/", "/roadmap/check/", PLAIN, "/review/weekly/"]
    plain += ["/search/?q=storage"]
    plain += [f"/incidents/{incident.pk}/"] if incident else []
    plain += [f"/roadmap/features/{feature.pk}/"] if feature else []
    return plain + charts, charts


def _server(port: int) -> subprocess.Popen:
    # Plain HTTP on loopback, which Chromium treats as a secure origin: the Secure cookies are kept.
    env = production_env(DJANGO_SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY="2")
    return gunicorn_start(port, env=env, quiet=True)


def _context(browser, base: str):
    return browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})


def _login(context) -> None:
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "pm")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()


def _visit(context, url: str) -> dict:
    """One visit: the scripts it loaded (sent and run bytes) and when it was ready."""
    page = context.new_page()
    scripts: list = []
    page.on("requestfinished", lambda request: scripts.append(request) if request.resource_type == "script" else None)
    response = page.goto(url, wait_until="load")
    status = response.status if response else 0
    drawn_ms = None
    if page.locator("[data-figure-json]").count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        drawn_ms = page.evaluate("performance.now()")
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()"
    )
    sent = run = 0
    for request in scripts:
        sizes = request.sizes()
        sent += sizes["responseBodySize"]
        answer = request.response()
        run += len(answer.body()) if answer else 0
    page.close()
    return {
        "status": status,
        "scripts": len(scripts),
        "js_bytes_sent": sent,
        "js_bytes_run": run,
        "dom_content_loaded_ms": round(timing["dcl"], 1),
        "load_ms": round(timing["load"], 1),
        "chart_drawn_ms": round(drawn_ms, 1) if drawn_ms is not None else None,
    }


def run(*, scale: str = "demo") -> dict:
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is missing (apt-get install chromium)"}
    from playwright.sync_api import sync_playwright

    every, charts = _pages()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _server(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                warm = _context(browser, base)
                _login(warm)
                for url in every:  # the server's own first reads out of the way; the browser's cache is not used
                    warm.request.get(url)
                per_page = {}
                for url in every:
                    context = _context(browser, base)  # a first visit: empty cache, only the session cookie
                    context.add_cookies(warm.cookies())
                    per_page[url] = _visit(context, url)
                    context.close()
                warm.close()
            finally:
                browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    plain = per_page[PLAIN]
    ratios = {
        url: round(per_page[url]["dom_content_loaded_ms"] / plain["dom_content_loaded_ms"], 2)
        for url in charts
        if plain["dom_content_loaded_ms"]
    }
    heaviest = max(per_page.values(), key=lambda figures: figures["js_bytes_run"])
    figures = {
        "pages": len(per_page),
        "max_js_bytes_run": heaviest["js_bytes_run"],
        "max_js_bytes_sent": max(f["js_bytes_sent"] for f in per_page.values()),
        "plain_page": PLAIN,
        "plain_dom_content_loaded_ms": plain["dom_content_loaded_ms"],
        "max_chart_dcl_ratio": max(ratios.values(), default=0.0),
        "errors": sum(1 for f in per_page.values() if f["status"] != 200),
        "chart_dcl_ratio": ratios,
        "per_page": per_page,
    }
    figures["goal_met"] = (
        figures["max_js_bytes_run"] <= JS_GOAL_BYTES and figures["max_chart_dcl_ratio"] <= RATIO_GOAL
    ) and not figures["errors"]
    print(f"  {'page':<38} {'scripts':>7} {'JS sent':>10} {'JS run':>10} {'DCL ms':>8} {'drawn ms':>9} {'ratio':>6}")
    for url, f in per_page.items():
        drawn = f["chart_drawn_ms"] if f["chart_drawn_ms"] is not None else "-"
        ratio = ratios.get(url, "-")
        print(
            f"  {url:<38} {f['scripts']:>7} {f['js_bytes_sent']:>10,} {f['js_bytes_run']:>10,} "
            f"{f['dom_content_loaded_ms']:>8} {drawn:>9} {ratio:>6}"
        )
    return figures
