"""Seed the division-code table (from python-stdnum) and the special-group tags."""

from django.db import migrations


def seed(apps, schema_editor):
    from civicgrid.registry.reference import seed as seed_reference

    seed_reference(apps.get_model("registry", "AreaCode"), apps.get_model("registry", "Tag"))


def unseed(apps, schema_editor):
    apps.get_model("registry", "AreaCode").objects.all().delete()
    apps.get_model("registry", "Tag").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_registry")]
    operations = [migrations.RunPython(seed, unseed)]
