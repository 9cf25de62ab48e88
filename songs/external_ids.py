"""Ids of records on Spotify and of videos on YouTube: what the site's links to them are made of.

The same patterns check the model fields (and so the admin) and the playlist import, so an
id that would make a broken or hostile link (``javascript:alert(1)``) is never stored.
"""

import re

from django.core.validators import RegexValidator

SPOTIFY_ID = re.compile(r"[0-9A-Za-z]{22}")
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")

validate_spotify_id = RegexValidator(
    rf"\A{SPOTIFY_ID.pattern}\Z",
    message="A Spotify id is the 22 letters and digits at the end of the link, "
    "e.g. 6td501MwDVFewdz6qNOtG8 in https://open.spotify.com/track/6td501MwDVFewdz6qNOtG8.",
    code="invalid_spotify_id",
)
validate_youtube_id = RegexValidator(
    rf"\A{YOUTUBE_ID.pattern}\Z",
    message="A YouTube video id is the 11 letters, digits, - or _ after watch?v= in the link, "
    "e.g. dQw4w9WgXcQ in https://www.youtube.com/watch?v=dQw4w9WgXcQ.",
    code="invalid_youtube_id",
)
