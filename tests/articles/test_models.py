import pytest
from django.db import IntegrityError, transaction

from articles.models import ListArticle, ListEntry, PinnedRelatedList
from kballads.markup import render_markdown
from tests.factories import make_list, make_song

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
    return True


def test_a_song_appears_once_per_list():
    song = make_song()
    article = make_list(entries=[song])
    assert refused(lambda: ListEntry.objects.create(article=article, song=song, position=2))


def test_two_entries_cannot_share_a_position():
    article = make_list(entries=[make_song()])
    assert refused(lambda: ListEntry.objects.create(article=article, song=make_song(), position=1))


def test_positions_start_at_one():
    article = make_list()
    assert refused(lambda: ListEntry.objects.create(article=article, song=make_song(), position=0))


def test_a_published_list_always_has_a_publish_time():
    article = make_list()
    assert refused(lambda: ListArticle.objects.filter(pk=article.pk).update(published_at=None))


def test_publishing_without_a_time_publishes_now():
    article = make_list(status=ListArticle.Status.PUBLISHED, published_at=None)
    assert article.published_at is not None
    assert article.is_public


def test_a_list_cannot_pin_itself():
    article = make_list()
    assert refused(lambda: PinnedRelatedList.objects.create(from_list=article, to_list=article))


def test_renumbering_closes_gaps_and_keeps_the_order():
    songs = [make_song() for _ in range(4)]
    article = make_list()
    for song, position in zip(songs, [3, 7, 8, 20], strict=True):
        ListEntry.objects.create(article=article, song=song, position=position)
    article.renumber_entries()
    assert list(article.entries.values_list("song", "position")) == [
        (song.pk, n) for n, song in enumerate(songs, 1)
    ]


def test_entry_url_points_at_its_songs_anchor():
    song = make_song(title="Through the Night")
    article = make_list(entries=[make_song(), song])
    entry = article.entries.get(position=2)
    assert entry.get_absolute_url() == f"{article.get_absolute_url()}#through-the-night"


def test_intro_and_commentary_are_rendered_on_save():
    article = make_list(intro="An **intro**.", entries=[make_song()])
    entry = article.entries.get()
    entry.commentary = "A *note* with [a link](https://example.com/)."
    entry.save()
    assert article.intro_html == "<p>An <strong>intro</strong>.</p>"
    assert entry.commentary_html == ('<p>A <em>note</em> with <a href="https://example.com/">a link</a>.</p>')


HOSTILE = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<img src="x" onerror="alert(1)">',
    '<p onclick="alert(1)">hi</p>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<b>unclosed <i>tags <a href='https://ok.example'>and",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<object data='x.swf'></object><embed src='x.swf'>",
    '<form action="https://evil.example"><input name="q"></form>',
    "![image](https://evil.example/track.png)",
    '<a href="&#106;avascript:alert(1)">entity</a>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_cannot_run_script(text):
    html = render_markdown(text).lower()
    for forbidden in [
        "<script",
        "javascript:",
        "vbscript:",
        "data:",
        " on",
        "<svg",
        "<iframe",
        "<img",
        "style=",
        "<object",
        "<embed",
        "<form",
        "<math",
        "<input",
    ]:
        assert forbidden not in html, (forbidden, html)


def test_unclosed_tags_are_closed():
    assert render_markdown("<b>bold <i>both") == "<p><b>bold <i>both</i></b></p>"


def test_safe_links_and_formatting_survive():
    html = render_markdown("- **one**\n- [two](https://example.com/a?b=c)\n\n> quoted")
    assert "<strong>one</strong>" in html
    assert '<a href="https://example.com/a?b=c">two</a>' in html
    assert "<blockquote>" in html


def test_hostile_commentary_is_sanitized_on_the_page(client):
    song = make_song()
    article = make_list(intro='<img src=x onerror="alert(1)">Intro', entries=[song])
    entry = article.entries.get()
    entry.commentary = "<script>alert(1)</script>[x](javascript:alert(1))"
    entry.save()
    body = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in body
    assert "onerror" not in body
