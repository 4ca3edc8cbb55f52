"""Seed the division-code table (from python-stdnum) and the special-group tags."""

from django.db import migrations

TAGS = [
    ("elderly_60", "60岁以上老人", "Elderly, 60 and over", []),
    ("subsidy_80_90", "80-90岁高龄补贴", "80–90 year-olds receiving the longevity subsidy", []),
    ("disabled", "残疾人", "Person with a disability", []),
    ("poverty_alleviated", "脱贫户", "Member of a poverty-alleviated household", []),
    ("retired_fisherman", "退捕渔民", "Retired fisherman (employment ledger)", [
        {"name": "status", "label": "就业状态"},
        {"name": "form", "label": "就业形式"},
        {"name": "employer", "label": "就业单位"},
    ]),
    ("left_behind_child", "留守儿童", "Left-behind child", []),
    ("registered_unemployed", "登记失业人员", "Registered unemployed", []),
]


def seed(apps, schema_editor):
    from civicgrid.registry.areacodes import stdnum_area_codes

    AreaCode = apps.get_model("registry", "AreaCode")
    rows = {(a.code, a.valid_from): a for a in stdnum_area_codes()}
    AreaCode.objects.bulk_create(
        [AreaCode(code=a.code, name=a.name, province=a.province, valid_from=a.valid_from,
                  valid_to=a.valid_to) for a in rows.values()], batch_size=2000)
    Tag = apps.get_model("registry", "Tag")
    Tag.objects.bulk_create([Tag(code=c, name=n, description=d, attributes=a)
                             for c, n, d, a in TAGS])


def unseed(apps, schema_editor):
    apps.get_model("registry", "AreaCode").objects.all().delete()
    apps.get_model("registry", "Tag").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_registry")]
    operations = [migrations.RunPython(seed, unseed)]
