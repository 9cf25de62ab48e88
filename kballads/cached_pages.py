"""The public pages cached whole for readers, by URL name, and the data each one shows.

To cache a new page, add one line: its URL name and what it shows.

- ``CATALOG``: songs, credits, artists and their aliases and members, albums, dramas,
  themes and song themes.
- ``LISTS``: published lists, their entries, themes and pinned lists, and the moment a
  scheduled list becomes public.
- ``tag="song"`` / ``tag="artist"``: the lists a song (or an artist's songs) appear
  in, for that one page; with ``SCHEDULE`` for the moment a scheduled list goes public.
  Such pages need not turn over when an unrelated list changes.

What each edit makes stale is decided in ``articles/cache_invalidation.py``. A page
that shows something else (a reader's own data, a random pick) must not be listed.
"""

from .page_cache import depends

CATALOG, LISTS, SCHEDULE = "catalog", "lists", "schedule"

CACHED_PAGES = {
    "articles:home": depends(CATALOG, LISTS),
    "articles:list_index": depends(LISTS),
    "articles:list_detail": depends(CATALOG, LISTS),
    "articles:list_export": depends(CATALOG, LISTS),
    "articles:theme_list": depends(CATALOG, LISTS),
    "articles:theme_detail": depends(CATALOG, LISTS),
    "articles:list_feed": depends(LISTS),
    "articles:list_feed_atom": depends(LISTS),
    "articles:sitemap": depends(CATALOG, LISTS),
    "articles:sitemap_section": depends(CATALOG, LISTS),
    "articles:robots": depends(),
    "articles:discover": depends(CATALOG, LISTS),
    "articles:search": depends(CATALOG, LISTS),
    "articles:search_suggest": depends(CATALOG, LISTS),
    "songs:song_list": depends(CATALOG),
    "songs:song_detail": depends(CATALOG, SCHEDULE, tag="song"),
    "songs:artist_list": depends(CATALOG),
    "songs:artist_detail": depends(CATALOG, SCHEDULE, tag="artist"),
    "songs:album_list": depends(CATALOG),
    "songs:album_detail": depends(CATALOG),
    "songs:drama_list": depends(CATALOG),
    "songs:drama_detail": depends(CATALOG),
    # Share images: a list's shows its title, summary and entry count; a song's and an
    # artist's their catalog facts.
    "articles:list_share_image": depends(LISTS),
    "articles:site_share_image": depends(),
    "songs:song_share_image": depends(CATALOG),
    "songs:artist_share_image": depends(CATALOG),
}
