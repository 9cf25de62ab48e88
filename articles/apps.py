from django.apps import AppConfig
from django.db.models.signals import post_migrate

# What the Editors group may do in this app (see songs.editors).
LIST_MODELS = ["listarticle", "listentry", "pinnedrelatedlist", "taggedlist"]


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Editorial lists"

    def ready(self):
        from songs.editors import editors_receiver

        from . import cache_invalidation, refresh, search_index  # noqa: F401 - refresh connects on import

        cache_invalidation.connect()

        post_migrate.connect(editors_receiver("articles", LIST_MODELS), sender=self, weak=False)
        search_index.connect_signals()
