"""The import page in a real Chromium: a file with one mistake is refused with the row, the column and what is
allowed, nothing is kept; the fixed file, written with the labels the pages show, imports."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "name,tier,arr,deployment_model,health,owner,region\n"
ROWS = (
    '"Acme, Inc.",Gold,"85,000",Private deployment,At risk,pm,East\n'
    "Northwind Traders,Key,1.2万,SaaS,Good,pm@example.com,North\n"
)


def _upload(page, text: str) -> None:
    page.select_option("#imp-kind", "customers")
    page.set_input_files(
        "#imp-file", files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    with page.expect_response(lambda r: r.url.endswith("/data/import/") and r.request.method == "POST"):
        page.click("button[name=action][value=import]")
    page.wait_for_selector("#result .card h2")


def test_a_pm_sees_the_rejected_row_with_what_is_allowed_then_imports_the_fixed_file(session_for):
    from customers.models import Customer

    pm = session_for("pm")
    page = pm.go("/data/import/")
    assert page.is_visible("#legend-customers code:text-is('tier')")
    _upload(page, HEADER + ROWS)
    result = page.locator("#result")
    assert "Not imported: some rows need fixing" in result.inner_text()
    (row,) = page.locator("#import-errors tbody tr").all()
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["2", "tier"]
    assert "use one of: Strategic, Key, Standard" in cells[2]
    assert not Customer.objects.filter(name__in=["Acme, Inc.", "Northwind Traders"]).exists()
    pm.shot("import-row-error-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pm.shot("import-row-error-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    _upload(page, HEADER + ROWS.replace("Gold", "Strategic"))
    assert result.locator("h2").first.inner_text() == "Imported", result.inner_text()
    acme = Customer.objects.get(name="Acme, Inc.")
    assert (acme.tier, acme.arr, acme.deployment_model, acme.health, acme.owner.username) == (
        "strategic",
        85000,
        "private",
        "at_risk",
        "pm",
    )
    assert Customer.objects.get(name="Northwind Traders").arr == 12000
    pm.shot("import-done-1366")

    pm.page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": pm.base_url}])
    page = pm.go("/data/import/")
    _upload(page, HEADER + ROWS.replace("Acme, Inc.", "Acme 2").replace("Northwind Traders", "Northwind 2"))
    assert "“Gold”不是有效的客户等级" in page.locator("#result").inner_text()
    pm.shot("import-row-error-zh-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pm.shot("import-row-error-zh-390")
    assert [e for e in pm.errors if "status of 422" not in e] == []  # a refused file is answered with 422
