"""The backlog's work order in a real Chromium: a PM moves a row with the keyboard (Move up / Move down keep the
focus on the moved row) and drags another by its handle; the order is still there after a reload. Presales see
no controls. At 390 px the page stays within the screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _titles(page) -> list[str]:
    """The rows' feature titles, top first, as the Move up buttons name them."""
    labels = page.locator("tbody[data-order-url] tr .order-move[data-dir=up]").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    return [label.removeprefix("Move up: ") for label in labels]


def _moving(page):
    """Wait for the move's answer and its swap into the page (htmx settled)."""
    return page.expect_response(lambda r: "/roadmap/priorities/order/" in r.url)


def _settled(page) -> None:
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function("(busy) => !document.querySelector(busy)", arg=busy)


@pytest.fixture
def scored(story):
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()


def test_a_pm_moves_rows_with_the_keyboard_and_by_drag_and_the_order_stays(scored, session_for):
    from roadmap.selectors.scoring import backlog_order_list

    pm = session_for("pm")
    page = pm.go("/roadmap/priorities/")
    titles = _titles(page)
    assert len(titles) >= 5
    # Keyboard: focus the third row's "Move up" and press Enter, twice; the focus follows the row.
    third = titles[2]
    button = page.get_by_role("button", name=f"Move up: {third}")
    button.focus()
    with _moving(page):
        page.keyboard.press("Enter")
    _settled(page)
    assert _titles(page)[1] == third
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move up: {third}"
    assert page.locator("#panel [role=status]").first.is_visible()
    with _moving(page):
        page.keyboard.press("Enter")
    _settled(page)
    assert _titles(page)[0] == third
    # At the top "Move up" is disabled: the focus stays on the row, on "Move down".
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Move down: {third}"
    pm.shot("priorities-order-keyboard")

    # Drag: the fifth row's handle onto the second row.
    order = _titles(page)
    fifth = order[4]
    handle = page.locator("tbody[data-order-url] tr").nth(4).locator(".drag-handle")
    target = page.locator("tbody[data-order-url] tr").nth(1)
    assert handle.is_visible()
    box, goal = handle.bounding_box(), target.bounding_box()
    with _moving(page):
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 10, steps=5)
        page.mouse.move(goal["x"] + 20, goal["y"] + goal["height"] * 0.3, steps=20)
        page.mouse.up()
    _settled(page)
    expected = [order[0], fifth, *[t for t in order[1:] if t != fifth]]
    assert _titles(page)[: len(expected)] == expected
    pm.shot("priorities-order-dragged")

    page = pm.go("/roadmap/priorities/")
    assert _titles(page)[: len(expected)] == expected
    from roadmap.models import Feature

    titles_by_id = dict(Feature.objects.values_list("pk", "title"))
    assert [titles_by_id[p.id] for p in backlog_order_list()][:5] == expected[:5]
    assert pm.errors == []


def test_a_refused_move_says_why_and_puts_nothing_out_of_place(scored, session_for):
    pm = session_for("pm")
    page = pm.go("/roadmap/priorities/")
    titles = _titles(page)
    # Someone else finished the first feature meanwhile: moving it is refused, the page says why.
    from roadmap.models import Feature

    first = Feature.objects.get(title=titles[0])
    Feature.objects.filter(pk=first.pk).update(status="done")
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()
    page.get_by_role("button", name=f"Move down: {titles[0]}").click()
    page.wait_for_selector("#order-status .error")
    assert "not in the work order" in page.locator("#order-status").inner_text()
    assert _titles(page) == titles
    assert pm.errors == [] or all("400" in e for e in pm.errors)


def test_presales_see_the_order_without_controls(scored, session_for):
    presales = session_for("presales")
    page = presales.go("/roadmap/priorities/")
    assert page.locator("tbody tr").count() >= 5
    assert page.locator(".order-form, .drag-handle").count() == 0
    assert presales.errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_order_controls_fit_a_phone(scored, session_for, language):
    pm = session_for("pm")
    pm.page.set_viewport_size({"width": 390, "height": 844})
    page = pm.go("/roadmap/priorities/")
    if language != "en":
        page.click(f"footer button[value={language}]")
        page.wait_for_load_state("networkidle")
        page = pm.go("/roadmap/priorities/")
        assert "上移" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".order-move").first.is_visible()
    assert page.locator(".drag-handle").first.is_visible()
    pm.shot(f"priorities-order-390-{language}")
    assert pm.errors == []
