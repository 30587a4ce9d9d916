"""Cell readers on plain text: what people type in a spreadsheet is read, or refused with what would be accepted."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from desk.domain.cells import (
    CellError,
    Choice,
    Named,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_number,
    parse_reference,
    parse_user,
    split_list,
)

TIERS = (
    Choice("strategic", ("Strategic", "战略客户")),
    Choice("key", ("Key", "重点客户")),
    Choice("standard", ("Standard", "标准客户")),
)
MODELS = (Choice("saas", ("SaaS", "SaaS")), Choice("private", ("Private deployment", "私有化部署")))
HEALTH = (
    Choice("good", ("Good", "良好")),
    Choice("watch", ("Watch", "关注")),
    Choice("at_risk", ("At risk", "有风险")),
)
ROLES = (
    Choice("EB", ("EB · decision maker", "EB · 决策者")),
    Choice("TB", ("TB · technical buyer", "TB · 技术决策者")),
    Choice("UB", ("UB · daily user", "UB · 日常用户")),
)


@pytest.mark.parametrize(
    ("text", "choices", "value"),
    [
        ("Strategic", TIERS, "strategic"),
        ("strategic", TIERS, "strategic"),
        (" STRATEGIC ", TIERS, "strategic"),
        ("战略客户", TIERS, "strategic"),
        ("战略", TIERS, "strategic"),
        ("Private deployment", MODELS, "private"),
        ("private  deployment", MODELS, "private"),
        ("Private", MODELS, "private"),
        ("私有化部署", MODELS, "private"),
        ("At risk", HEALTH, "at_risk"),
        ("at_risk", HEALTH, "at_risk"),
        ("有风险", HEALTH, "at_risk"),
        ("EB", ROLES, "EB"),
        ("eb", ROLES, "EB"),
        ("EB · decision maker", ROLES, "EB"),
        ("decision maker", ROLES, "EB"),
        ("决策者", ROLES, "EB"),
    ],
)
def test_it_reads_a_choice_by_value_or_label_in_either_language(text, choices, value):
    assert parse_choice(text, choices) == value


def test_it_refuses_an_unknown_or_ambiguous_choice_listing_every_choice():
    error = parse_choice("Gold", TIERS)
    assert isinstance(error, CellError)
    assert (error.code, error.text, error.allowed) == ("choice", "Gold", TIERS)
    assert isinstance(parse_choice("St", TIERS), CellError)  # Strategic or Standard: refused, not guessed
    assert isinstance(parse_choice("", TIERS), CellError)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("85000", Decimal(85000)),
        ("85,000", Decimal(85000)),
        ("85 000", Decimal(85000)),
        ("85\u00a0000", Decimal(85000)),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("$85,000", Decimal(85000)),
        ("¥ 85,000", Decimal(85000)),
        ("85,000 元", Decimal(85000)),
        ("RMB 85000", Decimal(85000)),
        ("1.2万", Decimal(12000)),
        ("3亿", Decimal(300_000_000)),
        ("８５，０００", Decimal(85000)),  # noqa: RUF001 - typed with a Chinese input method
        ("0.5", Decimal("0.5")),
        ("-5", Decimal(-5)),
    ],
)
def test_it_reads_numbers_with_grouping_currency_and_wan(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["1,5", "85,00", "lots", "1.2.3", "12 abc", "", "$"])
def test_it_refuses_what_is_not_a_number_and_shows_how_to_write_one(text):
    error = parse_number(text)
    assert isinstance(error, CellError)
    assert error.code == "number"
    assert "85,000" in error.allowed


def test_it_reads_whole_numbers_and_percentages_when_asked():
    assert parse_number("1,200", whole=True) == 1200
    assert parse_number("2.5", whole=True).code == "whole"
    assert parse_number("45%", percent=True) == Decimal("0.45")
    assert isinstance(parse_number("45%"), CellError)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-31",
        "2026/12/31",
        "2026.12.31",
        "31.12.2026",
        "Dec 31 2026",
        "Dec 31, 2026",
        "December 31st, 2026",
        "31 Dec 2026",
        "2026年12月31日",
        "2026 年 12 月 31 日",
        "12/31/2026",
        "31/12/2026",
        "2026-12-31 00:00:00",
        "12/31/2026 0:00",
    ],
)
def test_it_reads_common_date_formats(text):
    assert parse_date(text) == date(2026, 12, 31)


def test_it_refuses_a_slashed_date_that_reads_two_ways_and_names_both():
    error = parse_date("03/04/2026")
    assert error.code == "ambiguous_date"
    assert (error.details["one"], error.details["other"]) == (date(2026, 4, 3), date(2026, 3, 4))
    assert parse_date("04/04/2026") == date(2026, 4, 4)  # the same either way


@pytest.mark.parametrize("text", ["2026-02-30", "tomorrow", "31/31/2026", "Foo 3 2026", "2026-12-31 08:00", ""])
def test_it_refuses_what_is_not_a_day_and_lists_the_formats(text):
    error = parse_date(text)
    assert error.code == "date"
    assert "2026年12月31日" in error.allowed


def test_it_reads_moments_in_iso_or_as_a_day_with_a_time():
    assert parse_datetime("2026-11-01T08:00:00+00:00") == datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert parse_datetime("2026-11-01 08:00") == datetime(2026, 11, 1, 8)
    assert parse_datetime("2026/11/01 08:00 +08:00") == datetime(2026, 11, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    assert parse_datetime("2026年11月1日 08:30") == datetime(2026, 11, 1, 8, 30)
    assert parse_datetime("Nov 1 2026") == datetime(2026, 11, 1)
    assert parse_datetime("soon").code == "datetime"
    assert parse_datetime("03/04/2026 10:00").code == "ambiguous_date"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("是", True),
        ("1", True),
        ("no", False),
        ("false", False),
        ("否", False),
        ("0", False),
    ],
)
def test_it_reads_yes_and_no_in_either_language(text, value):
    assert parse_bool(text) is value


def test_it_refuses_other_words_for_yes_or_no_listing_them():
    error = parse_bool("maybe")
    assert error.code == "bool"
    assert {"yes", "no", "是", "否"} <= set(error.allowed)


USERS = (Named(1, ("pm", "pm@example.com", "Wang Fang")), Named(2, ("presales", "sales@example.com", "Li Lei")))
CUSTOMERS = (Named(10, ("Acme, Inc.",)), Named(11, ("Vantage Logistics",)), Named(12, ("Twin",)), Named(13, ("Twin",)))


def test_it_finds_users_by_username_e_mail_full_name_or_id():
    assert parse_user("pm", USERS) == 1
    assert parse_user("PM@Example.com", USERS) == 1
    assert parse_user("li lei", USERS) == 2
    assert parse_user("2", USERS) == 2
    error = parse_user("bob", USERS)
    assert (error.code, error.allowed) == ("user", ("pm", "presales"))


def test_it_finds_references_by_name_or_id_and_suggests_close_names():
    assert parse_reference("acme, inc.", CUSTOMERS) == 10
    assert parse_reference(" Vantage  Logistics ", CUSTOMERS) == 11
    assert parse_reference("11", CUSTOMERS) == 11
    assert parse_reference("#11", CUSTOMERS) == 11
    assert parse_reference("Vantage Logistic", CUSTOMERS).allowed == ("Vantage Logistics",)
    ambiguous = parse_reference("Twin", CUSTOMERS)
    assert (ambiguous.code, ambiguous.allowed) == ("ambiguous", ("12", "13"))
    assert parse_reference("99", CUSTOMERS).code == "reference"


def test_it_splits_lists_on_semicolons_and_lines_never_on_commas():
    assert split_list("Acme, Inc.; Vantage Logistics") == ["Acme, Inc.", "Vantage Logistics"]
    assert split_list("Acme, Inc.\nVantage Logistics\uff1bBright Bank") == [
        "Acme, Inc.",
        "Vantage Logistics",
        "Bright Bank",
    ]
    assert split_list("深圳证券\u3001华夏银行") == ["深圳证券", "华夏银行"]
    assert split_list(" ; ") == []
