"""Step one of a playlist import: the artists of its tracks, found or created.

By Spotify id first (the artist's own or an alias's, kept when two artist records
were merged), then by name key against names and aliases. A known artist with no
Spotify id gets the new one attached; a name key shared with a different Spotify
id gives a new artist and a ``PossibleDuplicate`` for an editor to review. A
Spotify spelling that matches neither the name nor an alias becomes an alias.

Known artists are read as plain rows (``ArtistRow``), not model instances: an
import reads the same artists for file after file, and only writes a few.
"""

from collections import defaultdict, namedtuple

from .batches import BATCH, fetch_by, fetch_by_spotify_id
from .models import Artist, ArtistAlias, PossibleDuplicate
from .names import name_key, sort_key

ArtistRow = namedtuple("ArtistRow", ["pk", "name", "name_key", "spotify_id"])
_COLUMNS = ["id", "name", "name_key", "spotify_id"]


def import_artists(tracks, report, allocator):
    """Spotify artist id -> artist (an ``ArtistRow`` or a new Artist) for every artist on ``tracks``."""
    spotify_names = {}
    for track in tracks:
        for link in track.artists:
            spotify_names.setdefault(link.spotify_id, link.name)
    found = artists_by_spotify_id(spotify_names)
    add_spotify_spellings(found, spotify_names, report)
    unknown = {spotify_id: name for spotify_id, name in spotify_names.items() if spotify_id not in found}
    found.update(match_or_create_artists(unknown, report, allocator))
    return found


def artist_rows(field_name, values):
    """(the ``field_name`` value, ArtistRow) of artists whose own ``field_name`` is in ``values``."""
    rows = fetch_rows(Artist.objects.values_list(field_name, *_COLUMNS), field_name, values)
    return [(value, ArtistRow(*row)) for value, *row in rows]


def alias_artist_rows(field_name, values):
    """(the alias's ``field_name`` value, ArtistRow) of artists with an alias whose value is in ``values``."""
    columns = [f"artist__{column}" for column in _COLUMNS]
    rows = fetch_rows(ArtistAlias.objects.values_list(field_name, *columns), field_name, values)
    return [(value, ArtistRow(*row)) for value, *row in rows]


def fetch_rows(queryset, field_name, values):
    if field_name == "spotify_id":
        return fetch_by_spotify_id(queryset, values)
    return fetch_by(queryset, field_name, values)


def artists_by_spotify_id(spotify_ids):
    found = dict(artist_rows("spotify_id", spotify_ids))
    found.update(
        alias_artist_rows("spotify_id", [spotify_id for spotify_id in spotify_ids if spotify_id not in found])
    )
    return found


def add_spotify_spellings(found, spotify_names, report):
    """Keep a Spotify spelling that matches neither the name nor an alias as a new alias."""
    by_pk = {artist.pk: artist for artist in found.values()}
    known_keys = defaultdict(set)
    for artist in by_pk.values():
        known_keys[artist.pk].add(artist.name_key)
    # Only a spelling that is not the name itself can be new; read the aliases of those artists.
    spelled_otherwise = {
        artist.pk
        for spotify_id, artist in found.items()
        if name_key(spotify_names[spotify_id]) != artist.name_key
    }
    aliases = ArtistAlias.objects.values_list("artist_id", "name_key")
    for artist_id, key in fetch_by(aliases, "artist_id", spelled_otherwise):
        known_keys[artist_id].add(key)
    new_aliases = []
    for spotify_id, artist in found.items():
        spelling = spotify_names[spotify_id]
        key = name_key(spelling)
        if key not in known_keys[artist.pk]:
            known_keys[artist.pk].add(key)
            new_aliases.append(ArtistAlias(artist_id=artist.pk, name=spelling, name_key=key))
    ArtistAlias.objects.bulk_create(new_aliases, batch_size=BATCH)
    updated = len({alias.artist_id for alias in new_aliases})
    report.count("artists", "updated", updated)
    report.count("artists", "unchanged", len(by_pk) - updated)


def match_or_create_artists(unknown, report, allocator):
    """Artists for Spotify ids the catalog does not know yet, matched by name key or created."""
    keys = {spotify_id: name_key(name) for spotify_id, name in unknown.items()}
    candidates = artists_by_name_key(set(keys.values()))
    matched, to_create, duplicates = {}, [], []
    for spotify_id, name in unknown.items():
        same_key = candidates[keys[spotify_id]]
        without_id = [artist for artist in same_key if not artist.spotify_id]
        if len(without_id) == 1 and len(same_key) == 1:
            artist = without_id[0]._replace(spotify_id=spotify_id)
            same_key[0] = matched[spotify_id] = artist
            report.count("artists", "updated")
            continue
        artist = Artist(name=name, spotify_id=spotify_id, name_key=keys[spotify_id], sort_key=sort_key(name))
        artist.slug = allocator.allocate(name)
        duplicates.extend((artist, other) for other in same_key)
        same_key.append(artist)
        to_create.append(artist)
    with_new_ids = [Artist(pk=artist.pk, spotify_id=artist.spotify_id) for artist in matched.values()]
    Artist.objects.bulk_update(with_new_ids, ["spotify_id"], batch_size=BATCH)
    Artist.objects.bulk_create(to_create, batch_size=BATCH)
    report.count("artists", "created", len(to_create))
    PossibleDuplicate.record(
        (artist, other, f"same name key “{artist.name_key}”, different Spotify ids")
        for artist, other in duplicates
    )
    report.possible_duplicates.extend(
        (artist.name, other.name, "same name, different Spotify ids") for artist, other in duplicates
    )
    matched.update({artist.spotify_id: artist for artist in to_create})
    return matched


def artists_by_name_key(keys):
    """name key -> artists with that key in their name or an alias (no artist twice)."""
    candidates = defaultdict(list)
    for key, artist in artist_rows("name_key", keys) + alias_artist_rows("name_key", keys):
        if all(other.pk != artist.pk for other in candidates[key]):
            candidates[key].append(artist)
    return candidates
