"""Template tags that let catalog pages show the published lists a song or artist is in."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kballads import page_cache
from kballads.cached_pages import CATALOG, LISTS
from songs.pagination import page_of
from songs.templatetags.catalog import credits, joined, ko, linked
from songs.templatetags.sharing import json_ld

from .. import structured_data
from ..models import ListArticle, ListEntry

register = template.Library()

ENTRIES_PER_PAGE = 10
LISTS_PER_PAGE = 12


@register.simple_tag(takes_context=True)
def entries_for_song(context, song):
    """A page (``?lists=``) of the song's entries in published lists, newest list first."""
    entries = (
        ListEntry.objects.filter(song=song, article__in=ListArticle.objects.published())
        .select_related("article", "song")
        .order_by("-article__published_at", "article__pk")
    )
    return page_of(context["request"], entries, ENTRIES_PER_PAGE, param="lists")


@register.simple_tag(takes_context=True)
def lists_for_artist(context, artist):
    """A page (``?lists=``) of the published lists with a song by the artist, newest first."""
    lists = ListArticle.objects.published().for_cards()
    ordered_ids = page_cache.kept(
        f"artist-lists:{artist.pk}", (CATALOG, LISTS), lambda: artist_list_ids(artist)
    )
    return page_of(context["request"], lists, LISTS_PER_PAGE, param="lists", ordered_ids=ordered_ids)


def artist_list_ids(artist):
    """The ids of the published lists with a song by the artist, newest first: kept, as for an
    artist on thousands of songs finding them took a quarter of its page's time."""
    entries = ListEntry.objects.filter(song__in=artist.credits.values("song_id")).values("article_id")
    lists = ListArticle.objects.published().filter(pk__in=entries).order_by("-published_at", "-pk")
    return list(lists.values_list("pk", flat=True))


def unindented(html):
    """``html`` without its source indentation: a long list repeats an entry a hundred times."""
    return "\n".join(line.strip() for line in html.strip().splitlines())


ENTRY_HTML = unindented("""
    <li class="entry" id="{anchor}" value="{position}">
      <span class="entry__old-anchor" id="{position_anchor}"></span>
      <header class="entry__header">
        <h3 class="entry__title">
          <span class="entry__number">{position}</span>
          <a href="{song_url}">{title_html}</a>{hangul}
          {new}
        </h3>
        <p class="entry__byline">{credits}</p>
        <p class="card__meta">{meta}</p>
      </header>
      {commentary}
      <p class="entry__share"><a href="#{anchor}" data-share-entry
        data-share-title="{title} — {list_title}">Link to entry {position}</a></p>
    </li>""")


SPOTIFY_LINK_HTML = '<a href="{}" rel="noopener" target="_blank">Listen on Spotify</a>'


def entry_source(song):
    """The drama (with its OST part) or the album the song came out on, as a link."""
    if song.drama_id:
        part = f" OST Part {song.ost_part}" if song.ost_part else " OST"
        return format_html("{}{}", linked(song.drama, song.drama.title), part)
    if song.album_id:
        return linked(song.album, song.album.title)
    return ""


@register.simple_tag
def list_entry(entry, article, new_since):
    """One numbered entry of a list page.

    Written in Python rather than as a template: a long list repeats it a hundred
    times, and rendering it through template nodes was half of the page's time.
    """
    song = entry.song
    hangul = song.hangul_title and song.hangul_title not in song.title
    return format_html(
        ENTRY_HTML,
        anchor=entry.anchor,
        position_anchor=entry.position_anchor,
        position=entry.position,
        song_url=song.get_absolute_url(),
        title=song.title,
        title_html=ko(song.title),
        hangul=format_html(' <span class="hangul" lang="ko">{}</span>', song.hangul_title) if hangul else "",
        new=mark_safe('<span class="badge badge--new">New</span>') if entry.is_new_since(new_since) else "",
        credits=credits(song),
        meta=joined(
            [
                entry_source(song),
                song.length_label,
                format_html(
                    '<a href="{}" rel="noopener" target="_blank">Listen on Spotify</a>', song.spotify_url
                )
                if song.spotify_id
                else "",
            ]
        ),
        # Editors' Markdown, sanitized when it was saved (kballads/markup.py).
        commentary=format_html(
            '<div class="prose entry__commentary">{}</div>', mark_safe(entry.commentary_html)
        )
        if entry.commentary_html
        else "",
        list_title=article.title,
    )


@register.simple_tag(takes_context=True)
def playlist_json_ld(context, article, entries):
    """The list as a schema.org ``MusicPlaylist`` with its tracks (the entries already fetched)."""
    return json_ld(structured_data.playlist(article, entries, context["request"].build_absolute_uri))
