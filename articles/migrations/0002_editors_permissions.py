from django.db import migrations

from songs.editors import grant_to_editors

LIST_MODELS = ["listarticle", "listentry", "pinnedrelatedlist", "taggedlist"]


def grant_list_permissions(apps, schema_editor):
    grant_to_editors(apps, "articles", LIST_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("songs", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant_list_permissions, migrations.RunPython.noop)]
