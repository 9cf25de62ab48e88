"""schema.org data (JSON-LD) for catalog pages: what crawlers read of a song, an artist or a drama.

Plain functions from records to dicts; ``absolute`` turns a path into a full address.
The dicts are written into pages by ``songs.templatetags.sharing.json_ld``, escaped so
that no editor's text can end the script element.
"""

import json

CONTEXT = "https://schema.org"
DRAMA_TYPES = {"tv": "TVSeries", "web": "TVSeries", "film": "Movie", "musical": "CreativeWork"}
# What "<" ">" "&" become inside the script element, as Django's json_script writes them.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data):
    """``data`` as JSON that is safe between <script> tags (no "</script>", no "<!--")."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)


def iso_duration(seconds):
    minutes, seconds = divmod(seconds, 60)
    return f"PT{minutes}M{seconds}S"


def artist_type(artist):
    return "Person" if artist.kind == artist.Kind.SOLO else "MusicGroup"


def artist_ref(artist, absolute):
    return {"@type": artist_type(artist), "name": artist.name, "url": absolute(artist.get_absolute_url())}


def brief_recording(song, absolute, **extra):
    """A song as a list names it: title, address and who sings it; its own page says the rest.

    A list page names up to a hundred tracks, and the full form of each (album, length,
    date, every artist's address) made a quarter of the page."""
    return {
        "@type": "MusicRecording",
        "name": song.title,
        "url": absolute(song.get_absolute_url()),
        "byArtist": [
            {"@type": artist_type(credit.artist), "name": credit.artist.name} for credit in song.credits.all()
        ],
        **extra,
    }


def recording(song, absolute, **extra):
    """A song as a ``MusicRecording``: its artists, album, length and address."""
    data = {
        **brief_recording(song, absolute, **extra),
        "byArtist": [artist_ref(credit.artist, absolute) for credit in song.credits.all()],
    }
    if song.hangul_title:
        data["alternateName"] = song.hangul_title
    if song.album_id:
        album = song.album
        data["inAlbum"] = {
            "@type": "MusicAlbum",
            "name": album.title,
            "url": absolute(album.get_absolute_url()),
        }
    if song.length_seconds:
        data["duration"] = iso_duration(song.length_seconds)
    if song.released_on:
        data["datePublished"] = song.released_on.isoformat()
    return data


def song_page(song, absolute):
    return {"@context": CONTEXT, **recording(song, absolute)}


def artist_page(artist, absolute):
    """A solo artist as a ``Person``, any other kind as a ``MusicGroup`` with its members."""
    data = {"@context": CONTEXT, **artist_ref(artist, absolute)}
    if artist.hangul_name:
        data["alternateName"] = artist.hangul_name
    if data["@type"] == "MusicGroup":
        data["member"] = [artist_ref(member, absolute) for member in artist.members.all()]
    else:
        data["memberOf"] = [artist_ref(group, absolute) for group in artist.groups.all()]
    return data


def drama_page(drama, absolute):
    data = {
        "@context": CONTEXT,
        "@type": DRAMA_TYPES.get(drama.kind, "CreativeWork"),
        "name": drama.title,
        "url": absolute(drama.get_absolute_url()),
    }
    if drama.hangul_title:
        data["alternateName"] = drama.hangul_title
    if drama.year:
        data["dateCreated"] = str(drama.year)
    return data


def breadcrumbs(trail, absolute):
    """A ``BreadcrumbList`` of (name, path) pairs, from the home page down to this one."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute(path)}
            for number, (name, path) in enumerate(trail, start=1)
        ],
    }
