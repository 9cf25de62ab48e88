from django.apps import AppConfig
from django.db.models.signals import post_migrate


def limit_image_pixels():
    """Pillow's decompression-bomb guard at the upload limit, for every image this process opens:
    a warning above it, an error above twice it (``validate_image_upload`` refuses both)."""
    from django.conf import settings
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.IMAGE_UPLOAD_MAX_PIXELS


class SongsConfig(AppConfig):
    name = "songs"
    verbose_name = "Catalog"

    def ready(self):
        from . import counters, voices
        from .editors import CATALOG_MODELS, editors_receiver

        counters.connect()
        voices.connect()
        limit_image_pixels()

        post_migrate.connect(editors_receiver("songs", CATALOG_MODELS), sender=self, weak=False)
