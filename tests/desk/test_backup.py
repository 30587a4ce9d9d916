"""Backup archives: a restore into an empty instance reproduces every row; restoring twice changes nothing."""

import json
import zipfile
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from core.roles import can_write
from customers.models import Customer, Persona
from customers.services.forecasts import fleet_refresh
from desk.demo import demo_users_ensure, story_load
from desk.services.backup import BackupError, backup_export, backup_models, backup_restore
from roadmap.models import Commitment
from roadmap.services.scoring import scores_recompute_all
from tests.factories import CustomerFactory

ODD_NAME = "=cmd|' /C calc'!A0"
ODD_NOTES = 'line one\nline two\t"quoted" 😀 上海浦东 \\ back'


def _wipe():
    """Empty every backed-up table, as in a fresh instance."""
    for model in reversed(backup_models()):
        for field in model._meta.many_to_many:
            field.remote_field.through._base_manager.all()._raw_delete(using="default")
        model._base_manager.all()._raw_delete(using="default")


def _files(path):
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        return manifest["tables"], {t["file"]: archive.read(t["file"]) for t in manifest["tables"]}


@pytest.fixture
def story(db):
    story_load(today=date(2026, 11, 23))
    demo_users_ensure()
    fleet_refresh()
    scores_recompute_all(today=date(2026, 11, 23))
    CustomerFactory(name=ODD_NAME, notes=ODD_NOTES)


def test_a_restore_into_an_empty_instance_reproduces_every_row_byte_for_byte(story, tmp_path):
    first = tmp_path / "first.zip"
    manifest = backup_export(first)
    rows = {t["model"]: t["rows"] for t in manifest["tables"]}
    assert rows["customers.customer"] >= 4
    assert rows["customers.capacitysample"] > 100
    assert rows["roadmap.historicalcommitment"] > 0
    assert rows["auth.user"] >= 4

    _wipe()
    assert not Customer.objects.exists()
    stats = backup_restore(first)
    assert sum(s["created"] for s in stats.values()) == sum(rows.values())

    second = tmp_path / "second.zip"
    backup_export(second)
    first_tables, first_files = _files(first)
    second_tables, second_files = _files(second)
    changed = {
        name: [
            (a, b)
            for a, b in zip(first_files[name].splitlines(), second_files.get(name, b"").splitlines(), strict=False)
            if a != b
        ][:3]
        for name in first_files
        if first_files[name] != second_files.get(name)
    }
    assert not changed, changed  # the canonical dump, byte for byte (shows the first differing lines)
    assert first_tables == second_tables

    odd = Customer.objects.get(name=ODD_NAME)  # stored untouched: no formula escaping in backups
    assert odd.notes == ODD_NOTES
    assert Persona.objects.filter(customer__name="Umbra Securities", is_vip=True).exists()
    assert Commitment.objects.filter(customer__name="Vantage Logistics").exists()
    assert can_write(User.objects.get(username="pm"))  # group membership and permissions by natural key
    assert not can_write(User.objects.get(username="presales"))


def test_restoring_the_same_archive_twice_changes_nothing(story, tmp_path):
    archive = tmp_path / "a.zip"
    backup_export(archive)
    stats = backup_restore(archive)
    assert sum(s["created"] + s["updated"] for s in stats.values()) == 0
    again = tmp_path / "b.zip"
    backup_export(again)
    assert _files(archive) == _files(again)


def test_new_rows_get_fresh_ids_after_a_restore(story, tmp_path):
    archive = tmp_path / "a.zip"
    backup_export(archive)
    top = Customer.objects.order_by("-pk").first().pk
    _wipe()
    backup_restore(archive)
    assert CustomerFactory().pk > top


def test_a_damaged_archive_is_refused_before_anything_is_written(story, tmp_path):
    archive = tmp_path / "a.zip"
    backup_export(archive)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "data/customers.customer.jsonl":
                data = data.replace(b"Vantage", b"Vantagf")
            dst.writestr(item, data)
    _wipe()
    with pytest.raises(BackupError, match="checksum"):
        backup_restore(damaged)
    assert not Customer.objects.exists()
    with pytest.raises(CommandError, match="checksum"):
        call_command("backup_restore", str(damaged), verbosity=0)


def test_the_commands_round_trip(story, tmp_path, capsys):
    archive = tmp_path / "cmd.zip"
    call_command("backup_export", str(archive), verbosity=0)
    assert "rows in" in capsys.readouterr().out
    call_command("backup_restore", str(archive), verbosity=0)
    assert "0 new, 0 updated" in capsys.readouterr().out


def test_times_keep_their_microseconds(db, tmp_path):
    from datetime import UTC, datetime

    from incidents.models import Incident

    at = datetime(2026, 11, 23, 8, 0, 0, 123, tzinfo=UTC)  # 0.000123 s: lost if cut to milliseconds
    incident = Incident.objects.create(title="Disk alarm", severity="SEV2", category="storage", reported_at=at)
    backup_export(tmp_path / "one.zip")
    _wipe()
    backup_restore(tmp_path / "one.zip")
    assert Incident.objects.get(pk=incident.pk).reported_at == at


def _broken_archives(good, tmp_path):
    data = good.read_bytes()
    broken = {
        "empty": b"",
        "not a zip": b"name,tier\nAcme,key\n",
        "truncated": data[: len(data) // 2],
        "corrupt": data[:200] + bytes(b ^ 0xFF for b in data[200:600]) + data[600:],
    }
    paths = {}
    for label, content in broken.items():
        paths[label] = tmp_path / f"{label.replace(' ', '-')}.zip"
        paths[label].write_bytes(content)
    return paths


@pytest.mark.parametrize("label", ["empty", "not a zip", "truncated", "corrupt"])
def test_a_broken_archive_is_one_clear_line_and_nothing_is_written(db, tmp_path, label):
    CustomerFactory(name="Vantage")
    good = tmp_path / "good.zip"
    backup_export(good)
    _wipe()
    path = _broken_archives(good, tmp_path)[label]
    with pytest.raises(BackupError) as refused:
        backup_restore(path)
    assert "\n" not in str(refused.value)
    assert str(path.name) in str(refused.value) or "archive" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("backup_restore", str(path), verbosity=0)
    assert not Customer.objects.exists()


def test_a_restore_that_conflicts_with_existing_rows_names_the_table_and_key(db, tmp_path):
    CustomerFactory(name="Vantage")
    archive = tmp_path / "a.zip"
    backup_export(archive)
    _wipe()
    CustomerFactory(name="Vantage")  # the same name under another id: the archive's row cannot go in
    with pytest.raises(BackupError) as refused:
        backup_restore(archive)
    message = str(refused.value)
    assert "customers.customer" in message
    assert "id " in message
    assert "\n" not in message
    assert Customer.objects.count() == 1
