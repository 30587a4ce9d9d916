from decimal import Decimal

import pytest

from core.spreadsheets import csv_response, safe_cell


def test_it_neutralises_formula_cells_and_keeps_values():
    for text in ["=1+1", "+A1", "-A2", "@SUM(A1)", "\tx", "\0x"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell("客户 1") == "客户 1"
    assert safe_cell(None) == ""
    assert safe_cell(12.5) == "12.5"


def test_it_writes_utf8_with_a_bom():
    body = csv_response(filename="x.csv", header=["name"], rows=[["华东制造"], ["=cmd"]]).content.decode("utf-8")
    assert body.startswith("\ufeffname")
    assert "华东制造" in body
    assert "'=cmd" in body


@pytest.mark.parametrize("value", [-0.031, "-0.031", "+2", -12, "-1.5e3", Decimal("-480000.00")])
def test_it_keeps_signed_numbers_numbers(value):
    assert safe_cell(value) == str(value)


@pytest.mark.parametrize("value", ["-1+A1", "+cmd|' /C calc'!A0", "=1+1", "@SUM(A1)", "-", "-2-3", "\t=1"])
def test_it_neutralises_text_that_starts_like_a_formula(value):
    assert safe_cell(value) == "'" + value
