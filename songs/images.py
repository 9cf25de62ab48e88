"""Checking uploaded images and making the smaller renditions that pages show."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# Rendition name -> width in pixels. Cards show small squares; pages a larger one.
RENDITION_WIDTHS = {"card": 320, "page": 800}


def validate_image_upload(upload):
    """Refuse files that are too large, not images, or not JPEG, PNG or WebP."""
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        limit = settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"The image is larger than {limit} MB.", code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError("The file is not an image we can read.", code="invalid_image") from None
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError("Upload a JPEG, PNG or WebP image.", code="invalid_format")
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError("The image has too many pixels.", code="too_many_pixels")


def render_rendition(source, width):
    """A WebP copy of ``source`` (an open file) at most ``width`` pixels wide."""
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        if image.width > width:
            height = round(image.height * width / image.width)
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        output = BytesIO()
        image.save(output, format="WEBP", quality=82, method=4)
    return ContentFile(output.getvalue())


def image_with_renditions(upload_to):
    """An editor-uploaded image field and its card and page rendition fields, in that order.

    Assign them to ``<name>``, ``<name>_card`` and ``<name>_page`` on a model that uses
    ``ImageRenditionsMixin`` with ``rendition_source = "<name>"``.
    """
    return (
        models.ImageField(upload_to=upload_to, blank=True, validators=[validate_image_upload]),
        models.ImageField(upload_to="renditions/", blank=True, editable=False),
        models.ImageField(upload_to="renditions/", blank=True, editable=False),
    )


class ImageRenditionsMixin:
    """Keeps ``<field>_card`` and ``<field>_page`` in step with an uploaded image.

    A model lists its source image field in ``rendition_source``; after a save
    that brought a new upload, the renditions are made again.
    """

    rendition_source = ""

    def save(self, *args, **kwargs):
        source = getattr(self, self.rendition_source)
        new_upload = bool(source) and not getattr(source, "_committed", True)
        cleared = not source and any(self._rendition_files())
        super().save(*args, **kwargs)
        if new_upload or cleared:
            self._refresh_renditions()

    def _rendition_files(self):
        return [getattr(self, f"{self.rendition_source}_{name}") for name in RENDITION_WIDTHS]

    def _refresh_renditions(self):
        source = getattr(self, self.rendition_source)
        changed = []
        for name, width in RENDITION_WIDTHS.items():
            field_name = f"{self.rendition_source}_{name}"
            rendition = getattr(self, field_name)
            if rendition:
                rendition.delete(save=False)
            if source:
                source.open("rb")
                try:
                    content = render_rendition(source, width)
                finally:
                    source.close()
                file_name = f"{self._meta.model_name}-{self.pk}-{name}.webp"
                rendition.save(file_name, content, save=False)
            changed.append(field_name)
        type(self).objects.filter(pk=self.pk).update(
            **{name: getattr(self, name).name or "" for name in changed}
        )
