"""Reasons the product writes are stored as codes and read in the reader's language; typed ones as typed."""

from django.utils import translation

from core.reasons import reason_code, reason_parse, reason_render


def _in(language: str, stored: str) -> str:
    with translation.override(language):
        return reason_render(stored)


def test_it_stores_a_code_and_its_parameters_whatever_they_contain():
    stored = reason_code("approved_by", u="pm|x=1 100%")
    assert stored == "code:approved_by|u=pm%7Cx%3D1 100%25"
    assert reason_parse(stored) == ("approved_by", {"u": "pm|x=1 100%"})


def test_it_renders_each_reason_in_the_readers_language():
    cases = [
        (reason_code("promised"), "Promised", "已承诺"),
        (reason_code("requested"), "Requested", "已申请"),
        (reason_code("changed"), "Changed", "已修改"),
        (reason_code("approved_by", u="pm"), "Approved by pm", "由 pm 批准"),
        (reason_code("scenario_accepted", name="Disk full"), "Scenario “Disk full” accepted", "场景“Disk full”已接受"),
        (reason_code("scenario_reverted", name="Disk full"), "Scenario “Disk full” reverted", "场景“Disk full”已撤销"),
        (reason_code("demo_loaded"), "Demo loaded", "已载入演示数据"),
    ]
    for stored, english, chinese in cases:
        assert (_in("en", stored), _in("zh-hans", stored)) == (english, chinese)


def test_it_renders_choice_labels_and_reasons_inside_reasons():
    default_why = reason_code("scenario_accepted", name="Storage")
    stored = reason_code("scenario_decision", why=default_why, action="move")
    assert _in("en", stored) == "Scenario “Storage” accepted: Move to a new date"
    assert _in("zh-hans", stored) == "场景“Storage”已接受\uff1a改到新日期"
    typed = reason_code("scenario_decision", why="Disk: full", action="cancel")
    assert _in("en", typed) == "Disk: full: Cancel"
    assert _in("zh-hans", typed) == "Disk: full\uff1a取消"


def test_it_says_not_within_the_plan_for_a_missing_eta():
    stored = reason_code("move_before_eta", date="2027-01-04", eta="")
    assert _in("en", stored) == "The new date 2027-01-04 is before the planned ETA not within the plan."
    assert "不在计划范围内" in _in("zh-hans", stored)
    assert "2027-01-04" in _in("zh-hans", stored)


def test_it_shows_typed_text_and_unknown_codes_as_they_are():
    for text in ["Team is full", "code:nothing_we_know|x=1", "", None]:
        assert reason_parse(text) == (None, {})
        assert _in("zh-hans", text) == (text or "")
