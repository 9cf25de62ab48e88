from django.db import migrations

from songs.editors import grant_to_editors

CATALOG_MODELS = [
    "artist",
    "artistalias",
    "membership",
    "album",
    "drama",
    "song",
    "songcredit",
    "theme",
    "taggedsong",
]


def create_editors_group(apps, schema_editor):
    grant_to_editors(apps, "songs", CATALOG_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, migrations.RunPython.noop)]
