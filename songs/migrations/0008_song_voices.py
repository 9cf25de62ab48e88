from django.db import migrations, models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

GROUP_KINDS = ["group", "band", "unit", "duo"]


def store_voices(apps, schema_editor):
    """The rules of songs/voices.py, for the songs already in the catalog."""
    Song = apps.get_model("songs", "Song")
    SongCredit = apps.get_model("songs", "SongCredit")
    main = SongCredit.objects.filter(song=OuterRef("pk"), role="main").order_by()

    def flag(condition):
        return ExpressionWrapper(condition, output_field=BooleanField())

    def every_main_artist_is(gender):
        return flag(Q(Exists(main)) & ~Q(Exists(main.exclude(artist__gender=gender))))

    Song.objects.update(
        main_artist_count=Coalesce(Subquery(main.values("song").annotate(n=Count("pk")).values("n")), 0),
        sung_by_men=every_main_artist_is("male"),
        sung_by_women=every_main_artist_is("female"),
        sung_by_a_group=flag(Q(Exists(main.filter(artist__kind__in=GROUP_KINDS)))),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0007_drama_also_known_as"),
    ]

    operations = [
        migrations.AddField(
            model_name="song",
            name="main_artist_count",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="song",
            name="sung_by_a_group",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="song",
            name="sung_by_men",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="song",
            name="sung_by_women",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(store_voices, migrations.RunPython.noop),
    ]
