from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("songs", "0008_song_voices"),
    ]

    operations = [
        migrations.AddField(
            model_name="song",
            name="list_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Published editorial lists that include the song. The lists app stores it when lists change (the catalog itself never reads lists); Discover sorts by it.",
            ),
        ),
        migrations.AddIndex(
            model_name="song",
            index=models.Index(fields=["-list_count", "title", "id"], name="song_most_listed_order"),
        ),
    ]
