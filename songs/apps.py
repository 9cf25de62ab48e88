from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SongsConfig(AppConfig):
    name = "songs"
    verbose_name = "Catalog"

    def ready(self):
        from . import counters, voices
        from .editors import CATALOG_MODELS, editors_receiver

        counters.connect()
        voices.connect()

        post_migrate.connect(editors_receiver("songs", CATALOG_MODELS), sender=self, weak=False)
