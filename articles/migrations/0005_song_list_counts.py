from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def store_list_counts(apps, schema_editor):
    """``recommendations.store_list_counts`` for the lists already published."""
    Song = apps.get_model("songs", "Song")
    ListEntry = apps.get_model("articles", "ListEntry")
    entries = ListEntry.objects.filter(
        song=OuterRef("pk"), article__status="published", article__published_at__lte=timezone.now()
    ).order_by()
    counted = entries.values("song").annotate(n=Count("article", distinct=True)).values("n")
    Song.objects.update(list_count=Coalesce(Subquery(counted), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_similar_songs_and_pending_list_refreshes"),
        ("songs", "0009_song_list_count"),
    ]

    operations = [migrations.RunPython(store_list_counts, migrations.RunPython.noop)]
