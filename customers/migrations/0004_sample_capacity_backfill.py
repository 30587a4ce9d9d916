"""Every stored reading keeps the capacity of its disk: readings stored before capacity was recorded per reading
take their deployment's capacity of today (the best that is known of them)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    CapacitySample = apps.get_model("customers", "CapacitySample")
    Deployment = apps.get_model("customers", "Deployment")
    capacity = Deployment.objects.filter(pk=OuterRef("deployment_id")).values("capacity_bytes")[:1]
    CapacitySample.objects.filter(capacity_bytes__isnull=True).update(capacity_bytes=Subquery(capacity))


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_persona_language")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
