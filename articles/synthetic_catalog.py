"""A large synthetic catalog with editorial lists, for the benchmarks.

One generator serves every benchmark (site pages, search, recommendations), so
they all measure the same data: ``with synthetic_catalog(CatalogSize()) as
catalog:`` builds it with bulk inserts inside a transaction and rolls it back
when the block ends. The same seed gives the same catalog.

It looks like the real one where that matters for speed: Korean names with
hangul forms, aliases and groups with members; a few artists and themes with
thousands of songs (the long tail is short); drama soundtracks with parts; lists
of twenty entries whose songs are drawn with a skew, so some songs are in many
lists; a few drafts and scheduled lists. Bulk inserts send no signals, so
anything kept in step by signals (search, recommendations) must be rebuilt by
the caller.
"""

import random
import shutil
import string
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from kballads.markup import render_markdown
from songs.counters import recount_songs
from songs.models import (
    Album,
    Artist,
    ArtistAlias,
    DatePrecision,
    Drama,
    Membership,
    Song,
    SongCredit,
    TaggedSong,
    Theme,
)
from songs.names import name_key, romanize_hangul, sort_key, title_key
from songs.voices import store_voices

from .models import ListArticle, ListEntry, PinnedRelatedList, TaggedList
from .recommendations import store_list_counts

BATCH_SIZE = 2000

# Hangul family names with their usual spellings.
FAMILY_NAMES = {
    "김": "Kim",
    "이": "Lee",
    "박": "Park",
    "최": "Choi",
    "정": "Jung",
    "강": "Kang",
    "조": "Cho",
    "윤": "Yoon",
    "장": "Jang",
    "임": "Lim",
    "한": "Han",
    "신": "Shin",
    "백": "Baek",
    "송": "Song",
    "권": "Kwon",
    "황": "Hwang",
}
GIVEN_SYLLABLES = (
    "지 은 민 호 서 연 현 우 예 린 재 중 수 빈 태 성 규 하 윤 진 영 준 혜 선 경 미 소 희 도 원 나 라 "
    "주 아 정 석 훈 용 다 유"
).split()
GROUP_WORDS = (
    "Blue Moon Star Winter Spring Night Dawn Velvet Crystal Silver Golden Secret Echo Wave Sky Ocean "
    "Letter Season Mellow Paper Garden Cloud River Forest Candle Harbor Ivory Maple Lunar Amber"
).split()
TITLE_WORDS = (
    "Rain Winter Night Letter Memory Spring Tears Moon Goodbye Again Snow Love Heart Dream Star Wind "
    "Breath Promise Always Forever Someday Flower Road Window Station Summer Autumn Light Shadow Time "
    "Farewell Story Song Lullaby Voice Ocean Sky Bridge Home Alone Together Miss You Remember"
).split()
HANGUL_TITLE_WORDS = "사랑 이별 눈물 겨울 그대 하늘 바다 별빛 봄날 기억 편지 밤 비 꿈 약속 안녕".split()
THEME_NAMES = [
    ("Heartbreak", Theme.Kind.TOPIC),
    ("Tearjerkers", Theme.Kind.MOOD),
    ("Comfort", Theme.Kind.MOOD),
    ("Longing", Theme.Kind.MOOD),
    ("Rainy day", Theme.Kind.OCCASION),
    ("Winter ballads", Theme.Kind.OCCASION),
    ("Late night", Theme.Kind.OCCASION),
    ("K-drama love songs", Theme.Kind.TOPIC),
    ("First love", Theme.Kind.TOPIC),
    ("Duets", Theme.Kind.STYLE),
    ("Piano ballads", Theme.Kind.STYLE),
    ("Acoustic", Theme.Kind.STYLE),
    ("Orchestral", Theme.Kind.STYLE),
    ("Nineties classics", Theme.Kind.ERA),
    ("2000s ballads", Theme.Kind.ERA),
    ("Spring", Theme.Kind.OCCASION),
    ("Graduation", Theme.Kind.OCCASION),
    ("Hope", Theme.Kind.MOOD),
    ("Nostalgia", Theme.Kind.MOOD),
    ("Wedding", Theme.Kind.OCCASION),
]
COMMENTARY = [
    "A slow build from *piano* to full strings, and a last chorus sung almost in a whisper.",
    "The bridge turns the song around: what sounded like regret becomes **gratitude**.",
    "Written for the drama's finale, and it still carries the weight of that last scene.",
    "Two voices that never quite meet until the final line — a duet about distance.",
]


@dataclass(frozen=True)
class CatalogSize:
    songs: int = 100_000
    artists: int = 20_000
    albums: int = 10_000
    lists: int = 5_000
    entries_per_list: int = 20
    dramas: int = 1_000
    themes: int = 20
    # The few artists credited on thousands of songs, and how many each has.
    prolific_artist_songs: tuple = (3_000, 2_000, 1_000)
    # The share of songs carrying the most common theme (a theme on 30,000 songs).
    commonest_theme_share: float = 0.3
    # Lists much longer than the others, with this many entries each.
    long_lists: tuple = (100,)


def scaled_size(scale):
    """The full ``CatalogSize`` times ``scale`` (e.g. 0.1 for a tenth), at least one of each."""
    full = CatalogSize()
    if scale == 1.0:
        return full

    def scaled(count):
        return max(1, int(count * scale))

    return CatalogSize(
        songs=scaled(full.songs),
        artists=scaled(full.artists),
        albums=scaled(full.albums),
        lists=scaled(full.lists),
        dramas=scaled(full.dramas),
        prolific_artist_songs=tuple(scaled(count) for count in full.prolific_artist_songs),
    )


@dataclass
class SyntheticCatalog:
    """What was built: counts, and samples for building realistic requests."""

    size: CatalogSize
    counts: dict = field(default_factory=dict)
    artist_names: list = field(default_factory=list)
    artist_hangul_names: list = field(default_factory=list)
    group_names: list = field(default_factory=list)
    song_titles: list = field(default_factory=list)
    album_titles: list = field(default_factory=list)
    drama_titles: list = field(default_factory=list)
    list_titles: list = field(default_factory=list)
    theme_names: list = field(default_factory=list)
    # Ids of the pages that are hardest to serve.
    prolific_artist_ids: list = field(default_factory=list)
    commonest_theme_id: int | None = None
    longest_list_id: int | None = None
    draft_list_ids: list = field(default_factory=list)
    scheduled_list_ids: list = field(default_factory=list)


@contextmanager
def synthetic_catalog(size=CatalogSize(), seed=2026, progress=None):
    """Build the catalog inside a transaction that is rolled back when the block ends."""
    with transaction.atomic():
        yield build_synthetic_catalog(size, seed=seed, progress=progress)
        transaction.set_rollback(True)


@contextmanager
def committed_synthetic_catalog(size=CatalogSize(), seed=2026, progress=None):
    """Build the catalog in a scratch database beside the current one, committed and vacuumed like
    a production database's tables, and drop that database when the block ends.

    Rows still inside a transaction are never marked visible to all, so PostgreSQL cannot
    answer from an index alone and reads the table too: ``synthetic_catalog`` measures the
    counting pages (Discover's) up to three times slower than a real catalog of that size.
    """
    with scratch_database():
        with transaction.atomic():
            catalog = build_synthetic_catalog(size, seed=seed, progress=progress)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        yield catalog


@contextmanager
def scratch_database():
    """The default connection on a new, migrated database (a file beside the temporary ones on
    SQLite), as Django's test runner makes one; the connection goes back when the block ends."""
    creation, settings_dict = connection.creation, connection.settings_dict
    old_name, old_test = settings_dict["NAME"], dict(settings_dict.get("TEST") or {})
    folder = Path(tempfile.mkdtemp(prefix="kb-benchmark-"))
    if connection.vendor == "sqlite":
        scratch_name = str(folder / "catalog.sqlite3")
    else:
        scratch_name = f"{old_name}_benchmark_scratch"
    settings_dict["TEST"] = {**old_test, "NAME": scratch_name}
    # Closing an in-memory database (the test suite's) would destroy it: set it aside instead.
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    set_aside = connection.connection if in_memory else None
    if in_memory:
        connection.connection = None
    try:
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        yield
    finally:
        try:
            if settings_dict["NAME"] == scratch_name:
                creation.destroy_test_db(old_name, verbosity=0)
        finally:
            settings_dict["TEST"] = old_test
            if in_memory:
                connection.connection = set_aside
            shutil.rmtree(folder, ignore_errors=True)


def build_synthetic_catalog(size=CatalogSize(), seed=2026, progress=None):
    """Insert a synthetic catalog of ``size`` and return a ``SyntheticCatalog`` describing it.

    ``progress(step)`` is called before each step, for commands that show progress.
    """
    builder = _Builder(size, random.Random(seed), progress or (lambda step: None))
    return builder.build()


class _Builder:
    def __init__(self, size, rng, progress):
        self.size = size
        self.rng = rng
        self.progress = progress
        self.catalog = SyntheticCatalog(size=size)
        self.serial = 0
        self.used_ids = set()

    def build(self):
        steps = [
            self.make_themes,
            self.make_artists,
            self.make_groups,
            self.make_aliases,
            self.make_dramas,
            self.make_albums,
            self.make_songs,
            self.make_credits,
            self.make_song_themes,
            self.make_lists,
            self.make_entries,
            self.analyze,
            self.count_songs,
            self.compact_counted_tables,
            self.analyze,
        ]
        for step in steps:
            self.progress(step.__name__.removeprefix("make_").replace("_", " "))
            step()
        return self.catalog

    # Small helpers

    def next_serial(self):
        self.serial += 1
        return self.serial

    def spotify_id(self):
        while True:
            candidate = "".join(self.rng.choices(string.ascii_letters + string.digits, k=22))
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def release_date(self, first_year=1990, last_year=2026):
        start = date(first_year, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last_year, 12, 31) - start).days))

    def insert(self, model, rows):
        created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.catalog.counts[model._meta.verbose_name_plural] = self.catalog.counts.get(
            model._meta.verbose_name_plural, 0
        ) + len(created)
        return created

    # Steps

    def slug(self, name):
        """A slug that cannot collide with another record's, synthetic or not."""
        return f"{slugify(romanize_hangul(name))[:60]}-syn{self.next_serial()}"

    def make_themes(self):
        names = THEME_NAMES[: self.size.themes]
        names += [(f"Theme {number}", Theme.Kind.TOPIC) for number in range(len(names), self.size.themes)]
        existing = {theme.name: theme for theme in Theme.objects.filter(name__in=[name for name, _ in names])}
        created = self.insert(
            Theme,
            [
                Theme(name=name, slug=self.slug(name), kind=kind)
                for name, kind in names
                if name not in existing
            ],
        )
        by_name = {**existing, **{theme.name: theme for theme in created}}
        self.themes = [by_name[name] for name, _ in names]
        self.catalog.theme_names = [theme.name for theme in self.themes]
        self.catalog.commonest_theme_id = self.themes[0].pk

    def unique_names(self, count, make):
        """``count`` different names from ``make()``, numbered only when the supply runs out."""
        names, attempts = {}, 0
        while len(names) < count:
            name = make()
            attempts += 1
            if name[0] in names:
                if attempts < count * 20:
                    continue
                name = (f"{name[0]} {len(names) + 1}", *name[1:])
            names[name[0]] = name
        return list(names.values())

    def person_name(self):
        """("Kim Ji-eun", "김지은")."""
        family = self.rng.choice(list(FAMILY_NAMES))
        given = "".join(self.rng.sample(GIVEN_SYLLABLES, 2))
        romanized = "-".join(romanize_hangul(syllable) for syllable in given).capitalize()
        return f"{FAMILY_NAMES[family]} {romanized}", family + given

    def group_name(self):
        return (" ".join(self.rng.sample(GROUP_WORDS, self.rng.choice([1, 2, 2, 3]))), "")

    def make_artists(self):
        group_count = max(self.size.artists // 20, 1)
        names = self.unique_names(group_count, self.group_name)
        names += self.unique_names(self.size.artists - group_count, self.person_name)
        artists = []
        for number, (name, hangul) in enumerate(names):
            if number < group_count:
                kind = Artist.Kind.GROUP
                gender = self.rng.choice([Artist.Gender.MALE, Artist.Gender.FEMALE, Artist.Gender.MIXED])
            else:
                kind = Artist.Kind.SOLO
                gender = self.rng.choice([Artist.Gender.MALE, Artist.Gender.FEMALE])
            artists.append(
                Artist(
                    name=name,
                    hangul_name=hangul,
                    kind=kind,
                    gender=gender,
                    slug=self.slug(name),
                    name_key=name_key(name),
                    sort_key=sort_key(name),
                    spotify_id=self.spotify_id() if self.rng.random() < 0.9 else "",
                )
            )
        self.artists = self.insert(Artist, artists)
        self.groups = self.artists[:group_count]
        self.soloists = self.artists[group_count:]
        self.catalog.artist_names = [artist.name for artist in self.artists]
        self.catalog.artist_hangul_names = [
            artist.hangul_name for artist in self.artists if artist.hangul_name
        ]
        self.catalog.group_names = [group.name for group in self.groups]

    def make_groups(self):
        memberships = []
        for group in self.groups:
            for member in self.rng.sample(self.soloists, min(self.rng.randint(3, 7), len(self.soloists))):
                memberships.append(Membership(group=group, member=member))
        self.insert(Membership, memberships)

    def make_aliases(self):
        aliases = []
        for artist in self.soloists:
            family, given = artist.name.split(" ")[:2]
            for alias in {f"{given} {family}", f"{family} {given.replace('-', '')}"}:
                aliases.append(ArtistAlias(artist=artist, name=alias, name_key=name_key(alias)))
        self.insert(ArtistAlias, aliases)

    def make_dramas(self):
        titles = self.unique_names(
            self.size.dramas,
            lambda: (f"{self.rng.choice(TITLE_WORDS)} of the {self.rng.choice(TITLE_WORDS)}",),
        )
        dramas = []
        for (title,) in titles:
            dramas.append(
                Drama(
                    title=title,
                    slug=self.slug(title),
                    title_key=title_key(title),
                    year=self.rng.randint(1995, 2026),
                    kind=self.rng.choice(list(Drama.Kind.values)),
                )
            )
        self.dramas = self.insert(Drama, dramas)
        self.catalog.drama_titles = [drama.title for drama in self.dramas]

    def make_albums(self):
        albums = []
        for _ in range(self.size.albums):
            title = " ".join(self.rng.sample(TITLE_WORDS, self.rng.choice([1, 2, 2, 3])))
            albums.append(
                Album(
                    title=title,
                    slug=self.slug(title),
                    title_key=title_key(title),
                    kind=self.rng.choice(list(Album.Kind.values)),
                    released_on=self.release_date(),
                    release_precision=DatePrecision.DAY,
                    spotify_id=self.spotify_id(),
                )
            )
        self.albums = self.insert(Album, albums)
        self.catalog.album_titles = [album.title for album in self.albums]
        through = Album.artists.through
        self.insert(
            through,
            [through(album_id=album.pk, artist_id=self.rng.choice(self.artists).pk) for album in self.albums],
        )

    def make_songs(self):
        songs = []
        for _ in range(self.size.songs):
            title = " ".join(self.rng.sample(TITLE_WORDS, self.rng.choice([1, 2, 2, 3, 3, 4])))
            hangul = " ".join(self.rng.sample(HANGUL_TITLE_WORDS, 2)) if self.rng.random() < 0.3 else ""
            album = self.rng.choice(self.albums)
            drama = self.rng.choice(self.dramas) if self.dramas and self.rng.random() < 0.15 else None
            songs.append(
                Song(
                    title=title,
                    hangul_title=hangul,
                    slug=self.slug(title),
                    title_key=title_key(title),
                    album=album,
                    released_on=album.released_on,
                    release_precision=DatePrecision.DAY,
                    length_seconds=self.rng.randint(150, 330),
                    spotify_id=self.spotify_id() if self.rng.random() < 0.95 else "",
                    drama=drama,
                    ost_part=self.rng.randint(1, 12) if drama and self.rng.random() < 0.8 else None,
                )
            )
        self.songs = self.insert(Song, songs)
        self.catalog.song_titles = [song.title for song in self.songs]

    def make_credits(self):
        prolific = self.soloists[: len(self.size.prolific_artist_songs)]
        self.catalog.prolific_artist_ids = [artist.pk for artist in prolific]
        credited = {song.pk: [] for song in self.songs}
        for artist, count in zip(prolific, self.size.prolific_artist_songs, strict=False):
            for song in self.rng.sample(self.songs, min(count, len(self.songs))):
                credited[song.pk].append(artist)
        credits = []
        for song in self.songs:
            artists = credited[song.pk]
            for artist in self.rng.sample(self.artists, self.rng.choice([1, 1, 1, 1, 2, 3])):
                if artist not in artists:
                    artists.append(artist)
            for position, artist in enumerate(artists, start=1):
                role = SongCredit.Role.FEATURING if position == 3 else SongCredit.Role.MAIN
                credits.append(SongCredit(song=song, artist=artist, role=role, position=position))
        self.insert(SongCredit, credits)

    def count_songs(self):
        """Bulk inserts skip the signals that keep each artist's song count, each song's voice (and
        with it each theme's song counts) and the number of published lists each song is in (and, per theme
        of the song, of those with the theme)."""
        recount_songs()
        store_voices()
        store_list_counts()

    def compact_counted_tables(self):
        """Rewrite the tables whose every row the counting just updated, on PostgreSQL.

        Each UPDATE leaves the old version of every row behind, and VACUUM cannot run inside the
        benchmark's transaction, so pages would read songs from a table four times its size. A
        production table is vacuumed; CLUSTER (which can run in a transaction and is rolled back
        with it) gives the benchmark the same compact tables.
        """
        if connection.vendor != "postgresql":
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # CLUSTER refuses a table with foreign key checks still deferred: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for model in (Song, Artist, Theme, TaggedSong):
                table = model._meta.db_table
                constraints = connection.introspection.get_constraints(cursor, table)
                primary_key = next(name for name, about in constraints.items() if about["primary_key"])
                cursor.execute(f"CLUSTER {quote(table)} USING {quote(primary_key)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def make_song_themes(self):
        commonest, others = self.themes[0], self.themes[1:]
        tagged = []
        for song in self.songs:
            themes = set(self.rng.sample(others, min(self.rng.choice([0, 1, 1, 2]), len(others))))
            if self.rng.random() < self.size.commonest_theme_share:
                themes.add(commonest)
            tagged += [TaggedSong(content_object=song, tag=theme) for theme in themes]
        self.insert(TaggedSong, tagged)

    def make_lists(self):
        now = timezone.now()
        lists = []
        for number in range(self.size.lists):
            title = f"{self.rng.choice(TITLE_WORDS)} ballads for {self.rng.choice(TITLE_WORDS).lower()} days"
            status, published_at = ListArticle.Status.PUBLISHED, now - timedelta(hours=number * 7 + 1)
            if number % 50 == 7:
                status, published_at = ListArticle.Status.DRAFT, None
            elif number % 50 == 8:
                published_at = now + timedelta(days=number % 30 + 1)
            intro = f"Twenty songs for *{title.lower()}*, chosen by our editors."
            lists.append(
                ListArticle(
                    title=title,
                    slug=self.slug(title),
                    summary=f"{title}: songs our editors return to.",
                    intro=intro,
                    intro_html=render_markdown(intro),
                    status=status,
                    published_at=published_at,
                    featured=number < 3,
                )
            )
        self.lists = self.insert(ListArticle, lists)
        self.catalog.list_titles = [article.title for article in self.lists]
        self.catalog.draft_list_ids = [a.pk for a in self.lists if a.status == ListArticle.Status.DRAFT]
        self.catalog.scheduled_list_ids = [
            a.pk for a in self.lists if a.published_at and a.published_at > now
        ]
        tagged = []
        for article in self.lists:
            for theme in self.rng.sample(self.themes, min(self.rng.randint(1, 4), len(self.themes))):
                tagged.append(TaggedList(content_object=article, tag=theme))
        self.insert(TaggedList, tagged)
        pins = [
            PinnedRelatedList(from_list=article, to_list=self.lists[index - 1], position=1)
            for index, article in enumerate(self.lists)
            if index and index % 10 == 0
        ]
        self.insert(PinnedRelatedList, pins)

    def analyze(self):
        """Fresh planner statistics, before counting and again after: without them the database
        plans the counting for the empty tables it saw (minutes on PostgreSQL instead of seconds),
        and the pages for the songs as they were before their voices were stored."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def make_entries(self):
        commentary = [(text, render_markdown(text)) for text in COMMENTARY]
        # A skewed draw: low indexes come up far more often, so some songs are in many lists.
        pool = len(self.songs)
        entries = []
        lengths = list(self.size.long_lists) + [self.size.entries_per_list] * len(self.lists)
        for article, length in zip(self.lists, lengths, strict=False):
            chosen = set()
            while len(chosen) < min(length, pool):
                chosen.add(int(pool * self.rng.random() ** 2))
            for position, index in enumerate(sorted(chosen, key=lambda _: self.rng.random()), start=1):
                text, html = commentary[position % len(commentary)]
                entries.append(
                    ListEntry(
                        article=article,
                        song=self.songs[index],
                        position=position,
                        commentary=text,
                        commentary_html=html,
                        added_on=self.release_date(2020, 2026),
                    )
                )
        self.insert(ListEntry, entries)
        if self.lists:
            self.catalog.longest_list_id = self.lists[0].pk
