"""The artists index sorts by a stored key (songs/names.py ``sort_key``), and a group's song
count includes its members' songs; both are filled here for the artists already in the catalog."""

from django.db import migrations, models

from songs.names import sort_key


def fill_sort_keys(apps, schema_editor):
    Artist = apps.get_model("songs", "Artist")
    artists = list(Artist.objects.only("pk", "name"))
    for artist in artists:
        artist.sort_key = sort_key(artist.name)
    Artist.objects.bulk_update(artists, ["sort_key"], batch_size=1000)


def count_members_songs(apps, schema_editor):
    Artist = apps.get_model("songs", "Artist")
    SongCredit = apps.get_model("songs", "SongCredit")
    groups = Artist.objects.filter(member_links__isnull=False).distinct()
    for group in groups:
        members = group.member_links.values("member_id")
        credited = SongCredit.objects.filter(models.Q(artist=group) | models.Q(artist__in=members))
        group.song_count = credited.values("song_id").distinct().count()
        group.save(update_fields=["song_count"])


class Migration(migrations.Migration):
    dependencies = [("songs", "0010_valid_spotify_and_youtube_ids")]

    operations = [
        migrations.AddField(
            model_name="artist",
            name="sort_key",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The artists index's order (songs/names.py).",
                max_length=201,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="artist",
            name="song_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Songs by the artist or, for a group, by its members (songs/counters.py keeps it).",
            ),
        ),
        migrations.RunPython(count_members_songs, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="artist",
            index=models.Index(fields=["sort_key", "id"], name="artist_sort_order"),
        ),
    ]
