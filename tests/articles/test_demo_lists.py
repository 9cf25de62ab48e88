"""The demo lists (fixtures/demo_lists.json): themed lists built on the seed articles, and one draft.

The three main lists carry the songs of the three seed list articles (../shared/seeds/001–003);
every sentence of ours must be our own, so no commentary, intro, summary or catalog description
may contain an 8-word run of the seed articles (kept as fingerprints in tests/data/seed_word_runs.txt,
never as text).
"""

import datetime
import hashlib
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from articles.demo import load_demo_lists
from articles.models import ListArticle, ListEntry
from songs.demo import load_demo_catalog
from songs.models import Album, Artist, Drama, Song, Theme
from tests.helpers import fixed_clock, loaded_for_module

pytestmark = pytest.mark.django_db

SEED_RUN_FINGERPRINTS = Path(settings.BASE_DIR) / "tests" / "data" / "seed_word_runs.txt"

# Commentary as long as the articles the site was modelled on give a song (85–110 words):
# at least this many words per entry on average, and no entry shorter than the floor.
AVERAGE_WORDS_PER_ENTRY = 80
FEWEST_WORDS_IN_AN_ENTRY = 50

# The day the lists are loaded and read on: the clock is fixed (tests/articles/test_demo_dates.py
# checks the dates on more than one day).
DEMO_TODAY = datetime.date(2026, 11, 22)

# The songs of each seed article, as (title, singers in credit order).
MALE_ARTIST_SONGS = [
    ("I will come to you", ("Jin",)),
    ("I Can't Forget", ("Kim Jaejoong",)),
    ("PLAY", ("LUCY",)),
    ("About all love", ("Lee Minhyuk",)),
    ('HERO (From the Film "Firefighters")', ("Park Hyo-shin",)),
    ("Winter Ahead", ("V", "Park Hyo-shin")),
]
TEARJERKER_SONGS = [
    ("DESTINY", ("IZ*ONE",)),
    ("Lonely night", ("Ben",)),
    ("Butterfly", ("BTS",)),
    ("I'm here for you", ("X1",)),
    ("Make me cry", ("Cha Ga-eul", "Jang Sae-byeok")),
    ("Abyss", ("Jin",)),
    ("Eyes like Snow", ("DALsooobin",)),
]
K_DRAMA_SONGS = [
    ("Another Day", ("Punch", "Monday Kiz")),
    ("Stay With Me", ("Chanyeol", "Punch")),
    ("Every Time", ("Chen", "Punch")),
    ("Say Yes", ("Loco", "Punch")),
    ("Christmas Tree", ("V",)),
    ("Here I Am Again", ("Yerin Baek",)),
    ("With You", ("Jimin", "Ha Sung-woon")),
    ("Ambiguous", ("Seo Eun-kwang", "Lim Hyun-sik", "Yook Sung-jae")),
    ("For You", ("Chen", "Baekhyun", "Xiumin")),
    ("It's Definitely You", ("V", "Jin")),
]
MAIN_THEMES = {
    "male-vocalists": MALE_ARTIST_SONGS,
    "tearjerkers": TEARJERKER_SONGS,
    "k-drama-love-songs": K_DRAMA_SONGS,
}


@pytest.fixture(scope="module")
def loaded_lists(django_db_setup, django_db_blocker):
    """Loads the catalog and the lists once for this module, in a transaction rolled back at the end.

    Each test still runs in its own savepoint inside that transaction, so nothing one test
    writes is seen by the next one, and nothing is left behind for other modules.
    """

    def load():
        load_demo_catalog()
        return load_demo_lists()

    with fixed_clock(DEMO_TODAY), loaded_for_module(django_db_blocker, load) as counts:
        yield counts


@pytest.fixture
def lists(loaded_lists, db):
    """What the first ``load_demo_lists()`` created, with the catalog and the lists in the database."""
    return loaded_lists


@pytest.fixture(scope="module")
def seed_fingerprints():
    """Fingerprints of every 8-word run of the three seed articles (see ``fingerprint``)."""
    lines = SEED_RUN_FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def songs_of(article):
    """The list's songs in entry order, as (title, singers in credit order)."""
    entries = article.entries.order_by("position").prefetch_related("song__credits__artist")
    return [(entry.song.title, singers_of(entry.song)) for entry in entries]


def singers_of(song):
    credits = sorted(song.credits.all(), key=lambda credit: credit.position)
    return tuple(credit.artist.name for credit in credits)


def main_list(theme_slug):
    """The published list with this theme that holds all the songs of its seed article."""
    wanted = MAIN_THEMES[theme_slug]
    found = [
        article
        for article in ListArticle.objects.published().filter(themes__slug=theme_slug)
        if set(wanted) <= set(songs_of(article))
    ]
    assert len(found) == 1, f"{theme_slug}: {[article.slug for article in found]}"
    return found[0]


# --------------------------------------------------------------------------- comparing with the seeds


def words(text):
    """Lower-case words of a text, with Markdown link targets and apostrophes dropped."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = text.replace("’", "").replace("'", "")
    return re.findall(r"\w+", text.lower())


def word_runs(text, length=8):
    found = words(text)
    return {tuple(found[start : start + length]) for start in range(len(found) - length + 1)}


def fingerprint(run):
    """A word run as tests/data/seed_word_runs.txt stores it: hashed, so no seed prose is kept."""
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def title_runs(length=8):
    """Word runs inside one catalog title: an album called *The Most Beautiful Moment in Life, Pt. 2*
    has to be named in full, and a title is a fact, not the seeds' prose."""
    titles = itertools.chain(
        Album.objects.values_list("title", flat=True),
        Song.objects.values_list("title", flat=True),
        Drama.objects.values_list("title", flat=True),
    )
    return set().union(*(word_runs(title, length) for title in titles))


def our_texts():
    """(where, text) for every summary, intro and commentary in the demo lists, and the catalog's prose."""
    for theme in Theme.objects.all():
        yield f"theme {theme.slug}", theme.description
    for drama in Drama.objects.exclude(description=""):
        yield f"drama {drama.slug}", drama.description
    for song in Song.objects.exclude(description=""):
        yield f"song {song.slug}", song.description
    for artist in Artist.objects.exclude(bio=""):
        yield f"artist {artist.slug}", artist.bio
    for article in ListArticle.objects.all():
        yield f"{article.slug} summary", article.summary
        yield f"{article.slug} intro", article.intro
        for entry in article.entries.select_related("song"):
            yield f"{article.slug} #{entry.position} {entry.song.title}", entry.commentary


# --------------------------------------------------------------------------- the main lists


@pytest.mark.parametrize("theme_slug", MAIN_THEMES)
def test_each_main_theme_has_a_published_list_holding_its_seed_articles_songs(lists, theme_slug):
    article = main_list(theme_slug)
    assert article.is_public
    assert 15 <= article.entries.count() <= 22


def test_there_are_at_least_three_published_main_lists(lists):
    assert len({main_list(theme_slug).pk for theme_slug in MAIN_THEMES}) == 3


def test_the_k_drama_list_holds_another_day_credited_to_punch_and_monday_kiz(lists):
    assert ("Another Day", ("Punch", "Monday Kiz")) in songs_of(main_list("k-drama-love-songs"))


def test_the_k_drama_list_opens_with_the_ten_seed_songs_in_the_articles_order(lists):
    assert songs_of(main_list("k-drama-love-songs"))[:10] == K_DRAMA_SONGS


def test_the_k_drama_list_is_long_enough_for_three_sections_of_ten(client, lists):
    article = main_list("k-drama-love-songs")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    last = article.entries.order_by("position").last().position
    assert last > 20
    assert [(first, end) for first, end, _ in response.context["sections"]] == [(1, 10), (11, 20), (21, last)]


def test_the_male_vocalists_list_holds_only_songs_by_men(lists):
    entries = list(main_list("male-vocalists").entries.prefetch_related("song__credits__artist"))
    assert entries
    for entry in entries:
        genders = {credit.artist.gender for credit in entry.song.credits.all()}
        assert genders == {"male"}, entry.song.title


def test_the_male_vocalists_and_k_drama_lists_are_featured(lists):
    assert main_list("male-vocalists").featured
    assert main_list("k-drama-love-songs").featured


def test_the_main_lists_are_related_to_each_other_through_shared_themes(lists):
    main = [main_list(theme_slug) for theme_slug in MAIN_THEMES]
    for article, other in itertools.permutations(main, 2):
        shared = set(article.themes.slugs()) & set(other.themes.slugs())
        assert shared, f"{article.slug} and {other.slug} share no theme"
        top, _end = ListArticle.objects.related_to(article)
        assert other in top, f"{other.slug} is not related to {article.slug}"


# --------------------------------------------------------------------------- the other lists


def test_three_or_four_smaller_published_lists_have_six_to_ten_entries(lists):
    main = {main_list(theme_slug).pk for theme_slug in MAIN_THEMES}
    smaller = ListArticle.objects.published().exclude(pk__in=main).with_entry_count()
    assert 3 <= smaller.count() <= 4
    sizes = {article.slug: article.entry_count for article in smaller}
    assert {slug: size for slug, size in sizes.items() if not 6 <= size <= 10} == {}


def test_every_published_list_shares_a_theme_with_another_one(lists):
    published = list(ListArticle.objects.published())
    assert len(published) > 1
    for article in published:
        related, _end = ListArticle.objects.related_to(article)
        assert related, f"{article.slug} has no related list"


def test_only_the_draft_list_is_unpublished(lists):
    hidden = ListArticle.objects.exclude(pk__in=ListArticle.objects.published())
    assert [(article.status, article.published_at) for article in hidden] == [
        (ListArticle.Status.DRAFT, None)
    ]
    assert hidden.get().entries.count() == 5


def test_the_draft_list_is_not_on_the_lists_page(client, lists):
    draft = ListArticle.objects.get(status=ListArticle.Status.DRAFT)
    body = client.get("/lists/").content.decode()
    assert main_list("tearjerkers").get_absolute_url() in body
    assert draft.get_absolute_url() not in body
    assert draft.title not in body


def test_the_draft_list_page_is_a_404_for_a_reader(client, lists):
    draft = ListArticle.objects.get(status=ListArticle.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_lists_pin_only_published_lists(lists):
    articles = list(ListArticle.objects.prefetch_related("pins__to_list"))
    assert articles
    for article in articles:
        assert all(pin.to_list.is_public for pin in article.pins.all()), article.slug
    for theme_slug in MAIN_THEMES:
        assert 1 <= main_list(theme_slug).pins.count() <= 2


# --------------------------------------------------------------------------- text and dates


def test_every_entry_has_commentary(lists):
    blank = [
        f"{entry.article.slug} #{entry.position}"
        for entry in ListEntry.objects.select_related("article")
        if not entry.commentary.strip() or not entry.commentary_html.strip()
    ]
    assert ListEntry.objects.exists()
    assert blank == []


def test_commentary_averages_at_least_80_words_an_entry_and_none_is_short(lists):
    counts = {
        f"{entry.article.slug} #{entry.position}": len(words(entry.commentary))
        for entry in ListEntry.objects.select_related("article")
    }
    assert len(counts) == ListEntry.objects.count() > 0
    assert sum(counts.values()) / len(counts) >= AVERAGE_WORDS_PER_ENTRY
    assert {where: count for where, count in counts.items() if count < FEWEST_WORDS_IN_AN_ENTRY} == {}


def test_no_two_entries_share_an_eight_word_run_even_for_the_same_song(lists):
    """A song on several lists gets commentary written for each list, not a copy."""
    titles = title_runs()
    seen = {}
    shared = []
    for entry in ListEntry.objects.select_related("article", "song"):
        where = f"{entry.article.slug} #{entry.position}"
        for run in word_runs(entry.commentary) - titles:
            if run in seen and seen[run] != where:
                shared.append((seen[run], where, " ".join(run)))
            seen.setdefault(run, where)
    assert len(seen) > 5000
    assert shared == []


def test_every_list_has_a_one_line_summary_an_intro_a_byline_and_themes(lists):
    articles = list(ListArticle.objects.all())
    assert articles
    for article in articles:
        assert article.summary and "\n" not in article.summary and len(article.summary) <= 200, article.slug
        assert article.intro_html.count("<p>") == 2, article.slug
        assert article.byline, article.slug
        assert article.themes.exists(), article.slug


# --------------------------------------------------------------------------- loading


def test_loading_twice_changes_nothing(lists):
    assert lists["lists created"] == ListArticle.objects.count()
    before = Counter(ListEntry.objects.values_list("article__slug", flat=True))
    assert load_demo_lists() == Counter()
    assert Counter(ListEntry.objects.values_list("article__slug", flat=True)) == before


# --------------------------------------------------------------------------- our own words


def test_no_eight_word_run_of_the_seed_articles_appears_in_our_text(lists, seed_fingerprints):
    seed_runs = seed_fingerprints - {fingerprint(run) for run in title_runs()}
    assert len(seed_runs) > 1000
    copied = [
        (where, " ".join(run))
        for where, text in our_texts()
        for run in word_runs(text)
        if fingerprint(run) in seed_runs
    ]
    assert copied == []
