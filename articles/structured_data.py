"""schema.org data for list pages: a ``MusicPlaylist`` whose tracks are its entries' songs."""

from songs.structured_data import CONTEXT, brief_recording

# A list of 1,500 entries would carry half a megabyte of tracks; "numTracks" gives the whole count.
MOST_TRACKS = 100


def playlist(article, entries, absolute):
    """``entries`` (with their songs' credits fetched) as the playlist's numbered tracks."""
    data = {
        "@context": CONTEXT,
        "@type": "MusicPlaylist",
        "name": article.title,
        "description": article.summary,
        "url": absolute(article.get_absolute_url()),
        "numTracks": len(entries),
        "track": [
            brief_recording(entry.song, absolute, position=entry.position) for entry in entries[:MOST_TRACKS]
        ],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    return data
