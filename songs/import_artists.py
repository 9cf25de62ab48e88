"""Step one of a playlist import: the artists of its tracks, found or created.

By Spotify id first (the artist's own or an alias's, kept when two artist records
were merged), then by name key against names and aliases. A known artist with no
Spotify id gets the new one attached; a name key shared with a different Spotify
id gives a new artist and a ``PossibleDuplicate`` for an editor to review. A
Spotify spelling that matches neither the name nor an alias becomes an alias.
"""

from collections import defaultdict

from .batches import BATCH, fetch_by
from .models import Artist, ArtistAlias, PossibleDuplicate
from .names import name_key


def import_artists(tracks, report, allocator):
    """Spotify artist id -> Artist for every artist credited on ``tracks``."""
    spotify_names = {}
    for track in tracks:
        for link in track.artists:
            spotify_names.setdefault(link.spotify_id, link.name)
    found = artists_by_spotify_id(spotify_names)
    add_spotify_spellings(found, spotify_names, report)
    unknown = {spotify_id: name for spotify_id, name in spotify_names.items() if spotify_id not in found}
    found.update(match_or_create_artists(unknown, report, allocator))
    return found


def artists_by_spotify_id(spotify_ids):
    found = {artist.spotify_id: artist for artist in fetch_by(Artist.objects, "spotify_id", spotify_ids)}
    aliases = fetch_by(ArtistAlias.objects.select_related("artist"), "spotify_id", spotify_ids)
    found.update({alias.spotify_id: alias.artist for alias in aliases})
    return found


def add_spotify_spellings(found, spotify_names, report):
    """Keep a Spotify spelling that matches neither the name nor an alias as a new alias."""
    artists = {artist.pk: artist for artist in found.values()}
    known_keys = defaultdict(set)
    for artist in artists.values():
        known_keys[artist.pk].add(artist.name_key)
    for alias in fetch_by(ArtistAlias.objects, "artist_id", artists):
        known_keys[alias.artist_id].add(alias.name_key)
    new_aliases = []
    for spotify_id, artist in found.items():
        spelling = spotify_names[spotify_id]
        key = name_key(spelling)
        if key not in known_keys[artist.pk]:
            known_keys[artist.pk].add(key)
            new_aliases.append(ArtistAlias(artist=artist, name=spelling, name_key=key))
    ArtistAlias.objects.bulk_create(new_aliases, batch_size=BATCH)
    updated = len({alias.artist_id for alias in new_aliases})
    report.count("artists", "updated", updated)
    report.count("artists", "unchanged", len(artists) - updated)


def match_or_create_artists(unknown, report, allocator):
    """Artists for Spotify ids the catalog does not know yet, matched by name key or created."""
    keys = {spotify_id: name_key(name) for spotify_id, name in unknown.items()}
    candidates = artists_by_name_key(set(keys.values()))
    matched, to_create, duplicates = {}, [], []
    for spotify_id, name in unknown.items():
        same_key = candidates[keys[spotify_id]]
        without_id = [artist for artist in same_key if not artist.spotify_id]
        if len(without_id) == 1 and len(same_key) == 1:
            artist = without_id[0]
            artist.spotify_id = spotify_id
            matched[spotify_id] = artist
            report.count("artists", "updated")
            continue
        artist = Artist(name=name, spotify_id=spotify_id, name_key=keys[spotify_id])
        artist.slug = allocator.allocate(name)
        duplicates.extend((artist, other) for other in same_key)
        same_key.append(artist)
        to_create.append(artist)
    Artist.objects.bulk_update(list(matched.values()), ["spotify_id"], batch_size=BATCH)
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
    for artist in fetch_by(Artist.objects, "name_key", keys):
        candidates[artist.name_key].append(artist)
    for alias in fetch_by(ArtistAlias.objects.select_related("artist"), "name_key", keys):
        if alias.artist not in candidates[alias.name_key]:
            candidates[alias.name_key].append(alias.artist)
    return candidates
