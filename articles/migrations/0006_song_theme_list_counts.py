from django.db import migrations
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def store_song_theme_list_counts(apps, schema_editor):
    """The song themes' half of ``recommendations.store_list_counts``, for the lists already published."""
    TaggedSong = apps.get_model("songs", "TaggedSong")
    TaggedList = apps.get_model("articles", "TaggedList")
    ListEntry = apps.get_model("articles", "ListEntry")
    entries = ListEntry.objects.filter(
        Exists(TaggedList.objects.filter(content_object=OuterRef("article"), tag=OuterRef(OuterRef("tag")))),
        song=OuterRef("content_object"),
        article__status="published",
        article__published_at__lte=timezone.now(),
    ).order_by()
    counted = entries.values("song").annotate(n=Count("pk")).values("n")
    TaggedSong.objects.update(list_count=Coalesce(Subquery(counted), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_song_list_counts"),
        ("songs", "0014_song_theme_list_count"),
    ]

    operations = [migrations.RunPython(store_song_theme_list_counts, migrations.RunPython.noop)]
