"""Uploaded images: originals encoded afresh without metadata, and a bound on their pixels."""

import struct
import zlib
from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from songs.models import Album
from tests.factories import make_album

pytestmark = pytest.mark.django_db

GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112
APPENDED = b"PK\x03\x04 appended after the image's end"


def jpeg_with_metadata(width=40, height=20, orientation=1):
    exif = Image.Exif()
    exif[MAKE] = "Secret Camera Co."
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD)[2] = (37.0, 33.0, 59.0)  # latitude
    buffer = BytesIO()
    Image.new("RGB", (width, height), "#7a2e4f").save(buffer, format="JPEG", exif=exif, comment=b"by me")
    return buffer.getvalue() + APPENDED


def saved_cover(data, name="cover.jpg"):
    album = make_album()
    album.cover = SimpleUploadedFile(name, data)
    album.full_clean()
    album.save()
    album.refresh_from_db()
    with album.cover.open("rb") as stored:
        return stored.read()


def test_an_uploaded_jpeg_keeps_no_exif_comment_or_appended_bytes():
    original = jpeg_with_metadata()
    assert b"Secret Camera" in original

    stored = saved_cover(original)

    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 20)
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
    assert b"Secret Camera" not in stored
    assert APPENDED not in stored
    assert stored.endswith(b"\xff\xd9")


def test_a_rotated_photo_is_stored_upright_once_its_exif_is_gone():
    stored = saved_cover(jpeg_with_metadata(width=40, height=20, orientation=6))
    with Image.open(BytesIO(stored)) as image:
        assert image.size == (20, 40)
        assert ORIENTATION not in image.getexif()


def test_a_png_loses_its_text_chunks():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "home address")
    buffer = BytesIO()
    Image.new("RGBA", (30, 30), (10, 20, 30, 128)).save(buffer, format="PNG", pnginfo=text)

    stored = saved_cover(buffer.getvalue() + APPENDED, name="cover.png")

    with Image.open(BytesIO(stored)) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (30, 30))
        assert image.getpixel((0, 0)) == (10, 20, 30, 128)
        assert "Comment" not in image.info
    assert b"home address" not in stored
    assert APPENDED not in stored


def test_renditions_are_made_from_the_cleaned_image():
    album = make_album()
    album.cover = SimpleUploadedFile("cover.jpg", jpeg_with_metadata(width=1600, height=800, orientation=6))
    album.save()
    with Image.open(album.cover_page.path) as page, Image.open(album.cover_card.path) as card:
        assert (page.format, page.size) == ("WEBP", (800, 1600))
        assert card.size == (320, 640)
        assert dict(page.getexif()) == {}


def png_upload(width, height):
    buffer = BytesIO()
    Image.new("L", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue())


def test_an_image_with_more_pixels_than_the_limit_is_refused_with_its_size(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    album = Album(title="Huge", cover=png_upload(200, 60))
    with pytest.raises(ValidationError) as error:
        album.full_clean()
    message = " ".join(error.value.message_dict["cover"])
    assert "200 × 60 pixels (0.0 megapixels); the limit is 0.0 megapixels" in message
    assert "Scale it down" in message


def test_an_image_at_the_limit_is_accepted(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    Album(title="Just right", cover=png_upload(100, 100)).full_clean()


def png_header_claiming(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels, with next to no data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\x00" * 64)
    idat = struct.pack(">I", len(data)) + b"IDAT" + data + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_UPLOAD_MAX_PIXELS
    bomb = SimpleUploadedFile("bomb.png", png_header_claiming(60_000, 60_000))
    album = Album(title="Bomb", cover=bomb)
    with pytest.raises(ValidationError) as error:
        album.full_clean()
    assert "far too many pixels" in " ".join(error.value.message_dict["cover"])
