from core.spreadsheets import csv_response, safe_cell


def test_it_neutralises_formula_cells_and_keeps_values():
    for text in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\0x"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell("客户 1") == "客户 1"
    assert safe_cell(None) == ""
    assert safe_cell(12.5) == "12.5"


def test_it_writes_utf8_with_a_bom():
    body = csv_response(filename="x.csv", header=["name"], rows=[["华东制造"], ["=cmd"]]).content.decode("utf-8")
    assert body.startswith("\ufeffname")
    assert "华东制造" in body
    assert "'=cmd" in body
