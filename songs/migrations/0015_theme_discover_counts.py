from collections import Counter, defaultdict

from django.db import migrations, models


def count_for_discover(apps, schema_editor):
    """songs/counters.py's ``discover_counts`` for the themes already in the catalog, worked out
    here from plain values (a migration must not depend on code that changes after it)."""
    Theme = apps.get_model("songs", "Theme")
    TaggedSong = apps.get_model("songs", "TaggedSong")
    songs = defaultdict(set)  # song id → its theme ids
    facts = {}
    rows = TaggedSong.objects.values_list(
        "tag_id",
        "content_object_id",
        "content_object__sung_by_men",
        "content_object__sung_by_women",
        "content_object__sung_by_a_group",
        "content_object__main_artist_count",
        "content_object__released_on",
        "content_object__drama_id",
    )
    for theme_id, song_id, *song_facts in rows:
        songs[song_id].add(theme_id)
        facts[song_id] = song_facts
    slugs = dict(Theme.objects.values_list("pk", "slug"))
    counts = defaultdict(Counter)
    together = defaultdict(Counter)
    for song_id, theme_ids in songs.items():
        men, women, group, main_artists, released_on, drama_id = facts[song_id]
        values = {"male": men, "female": women, "group": group, "duet": main_artists > 1}
        names = [name for name, value in values.items() if value]
        if released_on and 1990 <= released_on.year < 2030:
            names.append(f"{released_on.year // 10 * 10}s")
        names += ["any_era", "any_ost", "no" if drama_id is None else "yes"]
        for theme_id in theme_ids:
            counts[theme_id].update(names)
            together[theme_id].update(slugs[other] for other in theme_ids)
    names = ["male", "female", "group", "duet", "any_era", "1990s", "2000s", "2010s", "2020s"]
    names += ["any_ost", "yes", "no"]
    for theme in Theme.objects.all():
        theme.discover_counts = {name: counts[theme.pk][name] for name in names} if theme.pk in counts else {}
        theme.discover_counts["themes"] = dict(together[theme.pk])
        theme.save(update_fields=["discover_counts"])


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0014_song_theme_list_count"),
    ]

    operations = [
        migrations.RemoveField(model_name="theme", name="songs_sung_by_men"),
        migrations.RemoveField(model_name="theme", name="songs_sung_by_women"),
        migrations.AddField(
            model_name="theme",
            name="discover_counts",
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.RunPython(count_for_discover, migrations.RunPython.noop),
    ]
