from django.db import migrations

from songs.editors import grant_to_editors


def grant_duplicate_review(apps, schema_editor):
    grant_to_editors(apps, "songs", ["possibleduplicate"])


class Migration(migrations.Migration):
    dependencies = [("songs", "0003_possible_duplicates_and_alias_spotify_ids")]

    operations = [migrations.RunPython(grant_duplicate_review, migrations.RunPython.noop)]
