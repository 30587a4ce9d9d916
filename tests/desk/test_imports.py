"""Imports: every encoding we meet reads right, bad rows are named, and a file lands whole or not at all."""

import io
import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from customers.models import Customer, Persona
from desk.imports import KINDS, EncodingUnsure, ImportFileError, import_file, preview_rows, table_read
from incidents.models import Incident
from roadmap.models import Commitment, Feature
from tests.desk.encodings import AMBIGUOUS, MATRIX
from tests.factories import CustomerFactory, FeatureFactory, PersonaFactory, TeamFactory


@pytest.mark.parametrize(("label", "data", "encoding", "names"), MATRIX, ids=[m[0] for m in MATRIX])
def test_encoding_matrix_reads_every_name_exactly(label, data, encoding, names):
    table = table_read(data, filename=f"{label}.csv")
    assert table.encoding == encoding
    read = [row["name"] for _, row in table.rows]
    for name in names:
        assert name in read


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "encoding", "names"), MATRIX, ids=[m[0] for m in MATRIX])
def test_encoding_matrix_imports_every_row_unaltered(label, data, encoding, names, pm_user):
    report = import_file(kind_name="customers", data=data, filename=f"{label}.csv", user=pm_user, commit=True)
    assert report.errors == []
    assert report.committed
    assert report.created == report.total == data.decode(encoding).count("\n") - 1
    stored = set(Customer.objects.values_list("name", flat=True))
    assert set(names) <= stored


@pytest.mark.django_db
def test_an_override_reads_the_file_the_way_the_user_says():
    data = "name,tier\nCafé,key\n".encode("cp1252")
    table = table_read(data, filename="x.csv", encoding="cp1252")
    assert table.rows[0][1]["name"] == "Café"
    with pytest.raises(ImportFileError, match="not valid utf-8"):
        table_read(data, filename="x.csv", encoding="utf-8")


@pytest.mark.django_db
def test_malformed_rows_are_named_and_nothing_is_written(pm_user):
    data = (
        b"name,tier,arr,region\n"
        b"Good One,key,100,East\n"
        b",key,100,East\n"  # line 3: no name
        b"Bad Tier,platinum,100,East\n"  # line 4
        b"Bad Arr,key,-5,East\n"  # line 5
        b"Too Many,key,1,East,surprise\n"  # line 6
        b"Good One,standard,1,East\n"  # line 7: same name as line 2 -> an update of it, fine
    )
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    lines = {(e.line, e.column) for e in report.errors}
    assert (3, "name") in lines
    assert (4, "tier") in lines
    assert (5, "arr") in lines
    assert any(line == 6 for line, _ in lines)
    assert report.rejected_lines == 4
    assert not report.committed
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_reports_but_keeps_nothing(pm_user):
    data = b"name,tier,arr\nA,key,1\nB,key,2\n"
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=False)
    assert (report.created, report.errors, report.committed) == (2, [], False)
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(pm_user):
    data = "name,tier,arr,industry\n甲公司,key,100,Finance\n乙公司,standard,5,Retail\n".encode()
    first = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    snapshot = list(Customer.objects.order_by("pk").values())
    second = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert list(Customer.objects.order_by("pk").values()) == snapshot


@pytest.mark.django_db
def test_blank_rows_and_unknown_columns_are_reported_not_silent(pm_user):
    data = b"name,tier,favourite_colour\nA,key,blue\n,,\nB,key,red\n"
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    assert report.created == 2
    assert any("favourite_colour" in w for w in report.warnings)
    assert any("1 blank rows" in w for w in report.warnings)


@pytest.mark.django_db
def test_personas_reference_customers_by_name_and_reject_other_roles(pm_user):
    CustomerFactory(name="Umbra Securities")
    ok = "customer,name,title,role,is_vip\nUmbra Securities,周敏,CIO,EB,是\nUmbra Securities,Li Na,Ops,UB,no\n".encode()
    report = import_file(kind_name="personas", data=ok, filename="p.csv", user=pm_user, commit=True)
    assert report.created == 2, report.errors
    assert Persona.objects.get(name="周敏").is_vip is True

    bad = b"customer,name,role\nUmbra Securities,X,CEO\nNobody Inc,Y,EB\n"
    report = import_file(kind_name="personas", data=bad, filename="p.csv", user=pm_user, commit=True)
    assert {(e.line, e.column) for e in report.errors} == {(2, "role"), (3, "customer")}
    assert "Nobody Inc" in next(e.message for e in report.errors if e.line == 3)


@pytest.mark.django_db
def test_commitments_and_incidents_import_with_their_references(pm_user):
    customer = CustomerFactory(name="Vantage Logistics")
    PersonaFactory(customer=customer, name="Chen Jie", role="EB")
    feature = FeatureFactory(title="Tiered storage")
    data = (
        b"feature,customer,persona,promised_date,strength\nTiered storage,Vantage Logistics,Chen Jie,2027-03-01,firm\n"
    )
    report = import_file(kind_name="commitments", data=data, filename="c.csv", user=pm_user, commit=True)
    assert report.created == 1, report.errors
    commitment = Commitment.objects.get(feature=feature)
    assert (commitment.persona.name, commitment.promised_by) == ("Chen Jie", pm_user)

    incidents = (
        b"title,severity,category,reported_at,customers\n"
        b"Disk full,SEV1,storage,2026-11-01T08:00:00+00:00,Vantage Logistics\n"
    )
    report = import_file(kind_name="incidents", data=incidents, filename="i.csv", user=pm_user, commit=True)
    assert report.created == 1, report.errors
    assert list(Incident.objects.get().customers.all()) == [customer]


@pytest.mark.django_db
def test_xlsx_imports_like_csv(pm_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Tier", "ARR"])
    sheet.append(["深圳证券", "key", 1200.5])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_file(kind_name="customers", data=buffer.getvalue(), filename="c.xlsx", user=pm_user, commit=True)
    assert report.created == 1, report.errors
    assert Customer.objects.get(name="深圳证券").arr == Decimal("1200.5")


@pytest.mark.django_db
def test_an_uncalculated_xlsx_formula_is_a_row_error_not_an_empty_cell(pm_user):
    book = Workbook()
    book.active.append(["name", "tier", "arr"])
    book.active.append(["Sum Corp", "key", "=SUM(1,2)"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_file(kind_name="customers", data=buffer.getvalue(), filename="c.xlsx", user=pm_user, commit=True)
    assert [e.line for e in report.errors] == [2]
    assert "=SUM(1,2)" in report.errors[0].message
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_stored_as_given(pm_user):
    data = b"name,tier\n=HYPERLINK(1),key\n@risk,key\n"
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    assert report.created == 2, report.errors
    assert Customer.objects.filter(name="=HYPERLINK(1)").exists()  # escaped only when exported to a spreadsheet


def test_a_file_without_a_header_is_refused():
    with pytest.raises(ImportFileError, match="first row"):
        table_read(b"\n\n", filename="x.csv")
    with pytest.raises(ImportFileError, match="twice"):
        table_read(b"name,Name\nA,B\n", filename="x.csv")


# --- the page and the command --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_previews_then_imports_and_only_pms_may(pm_client, presales_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    data = "name,tier,arr\n张伟科技,key,7\n".encode("gbk")
    preview = pm_client.post(
        "/data/import/", {"kind": "customers", "action": "preview", "file": SimpleUploadedFile("c.csv", data)}
    )
    assert preview.status_code == 200
    assert "张伟科技" in preview.content.decode()
    assert "gb18030" in preview.content.decode()
    assert not Customer.objects.exists()

    done = pm_client.post(
        "/data/import/", {"kind": "customers", "action": "import", "file": SimpleUploadedFile("c.csv", data)}
    )
    assert done.status_code == 200
    assert Customer.objects.get().name == "张伟科技"

    presales = Client()
    presales.force_login(presales_user)
    assert presales.get("/data/import/").status_code == 403
    assert presales.post("/data/import/", {"kind": "customers"}).status_code == 403


@pytest.mark.django_db
def test_the_page_rejects_a_large_file_with_413_and_lists_row_errors(pm_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = pm_client.post(
        "/data/import/",
        {"kind": "customers", "action": "import", "file": SimpleUploadedFile("c.csv", b"name,tier\nA,gold\n")},
    )
    assert bad.status_code == 422
    assert b"gold" in bad.content
    errors = pm_client.get("/data/import/errors.csv")
    assert "2,tier" in errors.content.decode("utf-8-sig")

    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "IMPORT_MAX_BYTES": 10}
    big = pm_client.post(
        "/data/import/", {"kind": "customers", "file": SimpleUploadedFile("c.csv", b"name,tier\nA,key\n")}
    )
    assert big.status_code == 413
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_with_a_report_and_fails_whole(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    good = tmp_path / "c.csv"
    good.write_bytes("name,tier\n國泰金控,key\n台灣積體電路,strategic\n鴻海精密,key\n".encode("big5"))
    call_command("import_data", "customers", str(good), verbosity=0)
    assert "3 rows: 3 new" in capsys.readouterr().out
    assert Customer.objects.count() == 3

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,tier\nNew One,key\nBroken,nope\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", "customers", str(bad), verbosity=0)
    assert "line 3 [tier]" in capsys.readouterr().out
    assert Customer.objects.count() == 3


def test_the_preview_shows_the_rows_where_the_encoding_matters():
    data = MATRIX[3][1]  # mostly-ASCII GBK: 120 ASCII rows, then two Chinese names
    preview = preview_rows(table_read(data, filename="x.csv"))
    names = [row["name"] for row in preview]
    assert names[:5] == [f"Customer {i:03d}" for i in range(5)]
    assert names[5:] == ["张伟科技", "王芳"]
    assert preview[5]["line"] == "122"


@pytest.mark.django_db
def test_text_cells_keep_their_spaces_exactly(pm_user):
    data = b"name,tier,notes\n  Acme Corp  ,key,  indented note\n"
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    assert report.created == 1, report.errors
    customer = Customer.objects.get()
    assert customer.name == "  Acme Corp  "
    assert customer.notes == "  indented note"


@pytest.mark.parametrize(("label", "data", "candidates"), AMBIGUOUS, ids=[a[0] for a in AMBIGUOUS])
def test_an_unsure_encoding_stops_the_read_with_each_candidates_rows(label, data, candidates):
    with pytest.raises(EncodingUnsure) as unsure:
        table_read(data, filename="x.csv")
    readings = {r.encoding: r.rows for r in unsure.value.readings}
    assert readings["cp1252"][1][0] == "São Paulo Ltda"
    assert readings["cp1250"][1][0] == "Săo Paulo Ltda"
    assert table_read(data, filename="x.csv", encoding="cp1252").rows[0][1]["name"] == "São Paulo Ltda"


@pytest.mark.django_db
def test_the_command_refuses_an_unsure_encoding_and_names_the_candidates(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "c.csv"
    path.write_bytes(AMBIGUOUS[0][1])
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "customers", str(path), verbosity=0)
    message = str(refused.value)
    assert "--encoding cp1252" in message
    assert "--encoding cp1250" in message
    assert "São Paulo Ltda" in message
    assert "Nothing was imported" in message
    assert not Customer.objects.exists()
    call_command("import_data", "customers", str(path), "--encoding", "cp1252", verbosity=0)
    assert Customer.objects.filter(name="São Paulo Ltda").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_asks_which_encoding_when_unsure_and_imports_the_chosen_one(pm_client, htmx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = AMBIGUOUS[0][1]
    asked = pm_client.post(
        "/data/import/",
        {"kind": "customers", "action": "import", "file": SimpleUploadedFile("c.csv", data)},
        **headers,
    )
    page = asked.content.decode()
    assert "Which encoding reads these rows right?" in page
    assert "São Paulo Ltda" in page
    assert "Săo Paulo Ltda" in page
    assert not Customer.objects.exists()
    token = re.search(r'name="upload" value="([0-9a-f]+)"', page).group(1)
    chosen = pm_client.post(
        "/data/import/", {"kind": "customers", "action": "import", "upload": token, "encoding": "cp1252"}, **headers
    )
    assert chosen.status_code == 200
    assert set(Customer.objects.values_list("name", flat=True)) == {"São Paulo Ltda", "Ñandú SA"}


@pytest.mark.django_db
def test_a_kept_upload_belongs_to_the_user_who_sent_it(pm_client, django_user_model):
    response = pm_client.post(
        "/data/import/", {"kind": "customers", "action": "import", "upload": "0" * 32, "encoding": "cp1252"}
    )
    assert response.status_code == 422
    assert "no longer kept" in response.content.decode()


# --- what people have: labels, separators, dates, names -----------------------------------------------------------


@pytest.mark.django_db
def test_it_imports_what_the_pages_show_labels_owner_and_grouped_numbers(pm_user):
    data = (
        b"name,tier,arr,deployment_model,health,owner,employee_count\n"
        b'Acme Grid,Strategic,"85,000",Private deployment,At risk,pm,"1,200"\n'
        b"Bright Bank,standard,$1.2M,saas,good,pm@example.com,\n"
    )
    report = import_file(
        kind_name="customers",
        data=data.replace(b"$1.2M", b"1.2\xe4\xb8\x87"),
        filename="c.csv",
        user=pm_user,
        commit=True,
    )
    assert report.errors == []
    acme = Customer.objects.get(name="Acme Grid")
    assert (acme.tier, acme.arr, acme.deployment_model, acme.health) == ("strategic", 85000, "private", "at_risk")
    assert (acme.owner, acme.employee_count) == (pm_user, 1200)
    assert Customer.objects.get(name="Bright Bank").arr == 12000


@pytest.mark.django_db
def test_it_imports_a_file_written_in_chinese_labels_for_every_kind(pm_user):
    team = TeamFactory(name="存储与同步")
    other = FeatureFactory(title="分层存储", team=team)
    customers = "name,tier,deployment_model,health,owner,arr\n深圳证券,战略,私有化部署,有风险,pm@example.com,1.2万\n"
    personas = "customer,name,role,stance,is_vip\n深圳证券,周敏,决策者,拥护者,是\n"
    features = "title,team,status,kind,effort_weeks,depends_on,progress\n"
    features += "冷数据归档,存储与同步,进行中,稳定性专项,3,分层存储,40%\n"
    commitments = "feature,customer,persona,promised_date,strength\n冷数据归档,深圳证券,周敏,2027年3月1日,合同约定\n"
    incidents = "title,severity,category,status,reported_at,customers\n"
    incidents += "磁盘写满,SEV1 · 严重,存储,已解决,2026/11/01 08:00,深圳证券\n"
    for kind, text in [
        ("customers", customers),
        ("personas", personas),
        ("features", features),
        ("commitments", commitments),
        ("incidents", incidents),
    ]:
        report = import_file(kind_name=kind, data=text.encode(), filename=f"{kind}.csv", user=pm_user, commit=True)
        assert report.errors == [], kind
        assert report.created == 1, kind
    customer = Customer.objects.get(name="深圳证券")
    assert (customer.tier, customer.deployment_model, customer.health, customer.arr) == (
        "strategic",
        "private",
        "at_risk",
        12000,
    )
    persona = Persona.objects.get(name="周敏")
    assert (persona.role, persona.stance, persona.is_vip) == ("EB", "champion", True)
    feature = Feature.objects.get(title="冷数据归档")
    assert (feature.status, feature.kind, feature.progress, list(feature.depends_on.all())) == (
        "in_progress",
        "stabilization",
        Decimal("0.4"),
        [other],
    )
    commitment = Commitment.objects.get(feature=feature)
    assert (commitment.promised_date, commitment.strength, commitment.persona) == (
        date(2027, 3, 1),
        "contractual",
        persona,
    )
    incident = Incident.objects.get(title="磁盘写满")
    assert (incident.severity, incident.category, incident.status) == ("SEV1", "storage", "resolved")
    assert list(incident.customers.all()) == [customer]


@pytest.mark.django_db
def test_every_refusal_lists_what_is_allowed_in_the_readers_language(pm_user):
    data = b"name,tier,arr,owner,health\nGold One,Gold,lots,bob,fine\n"
    with translation.override("en"):
        report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    messages = {e.column: e.message for e in report.errors}
    assert (
        messages["tier"]
        == '"Gold" is not a valid tier; use one of: Strategic, Key, Standard (战略客户、重点客户、标准客户).'
    )
    assert "85,000" in messages["arr"]
    assert 'No user is called "bob"' in messages["owner"]
    assert "pm" in messages["owner"]
    assert "Good, Watch, At risk" in messages["health"]
    assert not any("pk value" in m for m in messages.values())
    with translation.override("zh-hans"):
        report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    messages = {e.column: e.message for e in report.errors}
    assert "可用：战略客户、重点客户、标准客户 (Strategic, Key, Standard)" in messages["tier"]  # noqa: RUF001
    assert "不是" in messages["tier"]
    assert "不是" in messages["arr"]
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_a_date_that_reads_two_ways_is_refused_with_both_readings(pm_user):
    CustomerFactory(name="Vantage Logistics")
    FeatureFactory(title="Tiered storage")
    data = b"feature,customer,promised_date\nTiered storage,Vantage Logistics,03/04/2027\n"
    report = import_file(kind_name="commitments", data=data, filename="c.csv", user=pm_user, commit=True)
    (error,) = report.errors
    assert error.column == "promised_date"
    assert "2027-04-03" in error.message
    assert "2027-03-04" in error.message
    assert not Commitment.objects.exists()
    ok = data.replace(b"03/04/2027", b"Apr 3 2027")
    assert import_file(kind_name="commitments", data=ok, filename="c.csv", user=pm_user, commit=True).created == 1


@pytest.mark.django_db
def test_a_list_cell_splits_on_semicolons_so_a_comma_in_a_name_survives(pm_user):
    acme = CustomerFactory(name="Acme, Inc.")
    vantage = CustomerFactory(name="Vantage Logistics")
    data = (
        b"title,severity,reported_at,customers\n"
        b'Disk full,SEV1,2026-11-01T08:00:00+00:00,"Acme, Inc.; Vantage Logistics"\n'
        b'Slow sync,SEV3,2026-11-02,"Acme, Inc.\nVantage Logistics"\n'
    )
    report = import_file(kind_name="incidents", data=data, filename="i.csv", user=pm_user, commit=True)
    assert report.errors == []
    for incident in Incident.objects.all():
        assert set(incident.customers.all()) == {acme, vantage}


@pytest.mark.django_db
def test_a_broken_quote_is_named_by_line_and_the_other_rows_are_still_judged(pm_user):
    data = (
        b"name,tier,arr\n"
        b"Good One,key,100\n"
        b'"Broken Quote,key,100\n'  # line 3: the quote never closes
        b"Bad Tier,platinum,100\n"  # line 4
        b'"Two\nLines",key,5\n'  # lines 5-6: a quoted cell may hold a line break
        b"Last One,key,1\n"
    )
    report = import_file(kind_name="customers", data=data, filename="c.csv", user=pm_user, commit=True)
    by_line = {e.line: e for e in report.errors}
    assert set(by_line) == {3, 4}
    assert "Line 3" in by_line[3].message
    assert "never closes" in by_line[3].message
    assert by_line[4].column == "tier"
    assert report.total == 5
    assert not report.committed
    assert not Customer.objects.exists()
    fixed = data.replace(b'"Broken Quote', b"Fixed Quote").replace(b"platinum", b"key")
    report = import_file(kind_name="customers", data=fixed, filename="c.csv", user=pm_user, commit=True)
    assert report.errors == []
    assert Customer.objects.filter(name="Two\nLines").exists()


@pytest.mark.django_db
def test_the_page_says_each_refusal_in_chinese_to_a_chinese_reader(pm_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "name,tier,arr\n深圳证券,黄金,很多\n".encode()
    response = pm_client.post(
        "/data/import/",
        {"kind": "customers", "action": "import", "file": SimpleUploadedFile("c.csv", data)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "“黄金”不是有效的客户等级；可用：战略客户、重点客户、标准客户 (Strategic, Key, Standard)。" in page  # noqa: RUF001
    assert "“很多”不是数字" in page
    assert not Customer.objects.exists()


# --- templates and the legend ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ["customers", "personas", "features", "commitments", "incidents"])
def test_each_templates_example_row_imports_as_it_is(pm_client, pm_user, kind, language):
    customer = CustomerFactory(name="Vantage Logistics")
    PersonaFactory(customer=customer, name="Li Na", role="EB")
    FeatureFactory(title="Tiered storage")
    response = pm_client.get(f"/data/import/template/{kind}.csv", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, example, *rest = [line for line in text.splitlines() if line]
    assert rest == []
    assert header.split(",")[: len(KINDS[kind].required)] == list(KINDS[kind].required)
    with translation.override(language):
        report = import_file(kind_name=kind, data=response.content, filename="t.csv", user=pm_user, commit=True)
    assert report.errors == [], example
    assert report.created == 1


@pytest.mark.django_db
def test_the_incident_templates_example_row_imports_early_in_the_morning(pm_client, pm_user, monkeypatch):
    """Just after midnight the example's report time must not lie ahead of now (an incident cannot start in the
    future), whatever the hour the template is downloaded."""
    early = timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 30)))
    monkeypatch.setattr(timezone, "now", lambda: early)
    CustomerFactory(name="Vantage Logistics")
    response = pm_client.get("/data/import/template/incidents.csv")
    report = import_file(kind_name="incidents", data=response.content, filename="t.csv", user=pm_user, commit=True)
    assert report.errors == []
    assert Incident.objects.get().reported_at < early


@pytest.mark.django_db
def test_the_customer_template_shows_labels_the_reader_knows(pm_client, pm_user):
    english = pm_client.get("/data/import/template/customers.csv").content.decode("utf-8-sig")
    assert (
        english.splitlines()[1]
        == '"Acme, Inc.",Strategic,Finance,"85,000",Private deployment,East,pm,,At risk,"1,200",,'
    )
    chinese = pm_client.get("/data/import/template/customers.csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '"Acme, Inc.",战略客户,金融,"85,000",私有化部署,华东,pm,,有风险,"1,200",,' in chinese.content.decode(
        "utf-8-sig"
    )


@pytest.mark.django_db
def test_the_page_shows_each_kinds_columns_with_what_they_accept_in_either_language(pm_client):
    page = pm_client.get("/data/import/").content.decode()
    for kind in KINDS:
        assert f'id="legend-{kind}"' in page
        assert f"/data/import/template/{kind}.csv" in page
    assert "Strategic, Key, Standard (战略客户、重点客户、标准客户)" in page
    assert "semicolons (;), 、 or line breaks" in page
    assert "2026年12月31日" in page
    chinese = pm_client.get("/data/import/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "战略客户、重点客户、标准客户 (Strategic, Key, Standard)" in chinese
    assert "每列可填写的内容" in chinese


@pytest.mark.django_db
def test_a_header_may_name_each_column_by_its_meaning_in_either_language(pm_user):
    english = b'Name,Tier,ARR,Deployment model,Account owner,Health\nAcme Grid,Strategic,"85,000",Private,pm,At risk\n'
    report = import_file(kind_name="customers", data=english, filename="c.csv", user=pm_user, commit=True)
    assert (report.errors, report.warnings, report.created) == ([], [], 1)
    chinese = "名称,客户等级,部署方式,客户负责人\n深圳证券,战略,私有化部署,pm\n".encode()
    report = import_file(kind_name="customers", data=chinese, filename="c.csv", user=pm_user, commit=True)
    assert (report.errors, report.created) == ([], 1)
    assert Customer.objects.get(name="深圳证券").owner == pm_user
    assert Customer.objects.get(name="Acme Grid").deployment_model == "private"


@pytest.mark.django_db
def test_customers_listed_with_the_chinese_list_mark_are_each_found(pm_user):
    shenzhen, huaxia = CustomerFactory(name="深圳证券"), CustomerFactory(name="华夏银行")
    data = "title,severity,reported_at,customers\n磁盘写满,SEV1,2026年11月1日 08:00,深圳证券、华夏银行\n".encode()
    report = import_file(kind_name="incidents", data=data, filename="i.csv", user=pm_user, commit=True)
    assert report.errors == []
    assert set(Incident.objects.get().customers.all()) == {shenzhen, huaxia}


@pytest.mark.django_db
def test_whole_file_problems_are_said_in_the_readers_language(pm_user):
    with translation.override("zh-hans"):
        with pytest.raises(ImportFileError, match="列重复"):
            table_read(b"name,Name\nA,B\n", filename="x.csv")
        report = import_file(kind_name="customers", data=b"tier\nkey\n", filename="c.csv", user=pm_user, commit=True)
    assert report.errors[0].message == "表头缺少必填列。"


@pytest.mark.django_db
def test_the_page_says_why_it_read_the_encoding_in_chinese(pm_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "name,tier\n张伟科技,key\n".encode("gbk")
    response = pm_client.post(
        "/data/import/",
        {"kind": "customers", "action": "preview", "file": SimpleUploadedFile("c.csv", data)},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert "gb18030" in page
    assert "Chinese, simplified" not in page
    utf8 = pm_client.post(
        "/data/import/",
        {"kind": "customers", "action": "preview", "file": SimpleUploadedFile("c.csv", b"name,tier\nA,key\n")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "有效的 UTF-8" in utf8.content.decode()


@pytest.mark.django_db
def test_references_may_be_ids_and_a_name_two_records_share_asks_for_the_id(pm_user):
    customer = CustomerFactory(name="Vantage Logistics")
    first, second = FeatureFactory(title="Tiered storage"), FeatureFactory(title="Tiered storage")
    data = f"feature,customer,promised_date\nTiered storage,{customer.pk},2027-03-01\n".encode()
    report = import_file(kind_name="commitments", data=data, filename="c.csv", user=pm_user, commit=True)
    (error,) = report.errors
    assert error.column == "feature"
    assert f"{first.pk}, {second.pk}" in error.message
    assert not Commitment.objects.exists()
    data = f"feature,customer,promised_date\n{second.pk},{customer.pk},2027-03-01\n".encode()
    report = import_file(kind_name="commitments", data=data, filename="c.csv", user=pm_user, commit=True)
    assert report.errors == []
    assert Commitment.objects.get().feature == second
