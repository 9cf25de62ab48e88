"""Checking uploaded images and making the smaller renditions that pages show."""

import warnings
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

# Rendition name -> width in pixels. Cards show small squares; pages a larger one.
RENDITION_WIDTHS = {"card": 320, "page": 800}

# How an original is written again without its metadata: close to what was uploaded.
ENCODING = {"JPEG": {"quality": 90}, "PNG": {"compress_level": 3}, "WEBP": {"quality": 90, "method": 0}}


def too_many_pixels(width=None, height=None):
    limit = settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000
    if width:
        size = f"is {width} × {height} pixels ({width * height / 1_000_000:.1f} megapixels)"
    else:
        size = "has far too many pixels"
    return ValidationError(
        f"The image {size}; the limit is {limit:.1f} megapixels. "
        "Scale it down (3000 × 3000 is plenty for a cover) and upload it again.",
        code="too_many_pixels",
    )


def validate_image_upload(upload):
    """Refuse files that are too large, have too many pixels, are not images, or not JPEG, PNG or WebP."""
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        limit = settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"The image is larger than {limit} MB.", code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        # Up to twice the limit Pillow only warns (and the size is checked below); beyond, it refuses.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                image.verify()
    except Image.DecompressionBombError:
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError("The file is not an image we can read.", code="invalid_image") from None
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError("Upload a JPEG, PNG or WebP image.", code="invalid_format")
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise too_many_pixels(width, height)


def decode_upload(upload):
    """``(image, clean file)`` for an upload: the image upright, the file encoded afresh from its pixels.

    Only the pixels and the colour profile are kept: EXIF (camera, place, time), comments
    and any bytes after the image's end are not in the new file.
    """
    upload.open("rb")
    try:
        with Image.open(upload) as opened:
            image_format, profile = opened.format, opened.info.get("icc_profile")
            image = ImageOps.exif_transpose(opened)
    finally:
        upload.seek(0)
    image.info = {}  # EXIF, XMP, comments, text chunks: nothing of the upload's metadata is written
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    output = BytesIO()
    image.save(output, format=image_format, icc_profile=profile, **ENCODING[image_format])
    return image, ContentFile(output.getvalue(), name=Path(upload.name).name)


def render_rendition(image, width):
    """A WebP copy of ``image`` (decoded, upright) at most ``width`` pixels wide."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if image.width > width:
        height = round(image.height * width / image.width)
        # Shrinking by whole factors first, then resampling, is many times faster than LANCZOS over
        # every pixel of a large original and looks the same at these sizes.
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
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
        image = None
        if new_upload:
            image, clean_file = decode_upload(source)
            setattr(self, self.rendition_source, clean_file)
        super().save(*args, **kwargs)
        if new_upload or cleared:
            self._refresh_renditions(image)

    def _rendition_files(self):
        return [getattr(self, f"{self.rendition_source}_{name}") for name in RENDITION_WIDTHS]

    def _refresh_renditions(self, image):
        """Make the renditions of ``image`` (the decoded new upload), or delete them (None)."""
        changed = []
        for name, width in RENDITION_WIDTHS.items():
            field_name = f"{self.rendition_source}_{name}"
            rendition = getattr(self, field_name)
            if rendition:
                rendition.delete(save=False)
            if image is not None:
                content = render_rendition(image, width)
                file_name = f"{self._meta.model_name}-{self.pk}-{name}.webp"
                rendition.save(file_name, content, save=False)
            changed.append(field_name)
        type(self).objects.filter(pk=self.pk).update(
            **{name: getattr(self, name).name or "" for name in changed}
        )
