"""The catalog: artists, albums, screen works (dramas), songs and the themes that tag them."""

import functools
import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dates import MONTHS
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from kballads.markup import render_markdown

from .external_ids import validate_spotify_id, validate_youtube_id
from .images import ImageRenditionsMixin, image_with_renditions
from .names import (
    NAME_MAX_LENGTH,
    SORT_KEY_LENGTH,
    TITLE_MAX_LENGTH,
    name_key,
    slug_base,
    sort_key,
    title_key,
    unique_slug,
)
from .natural_keys import NaturalKeyModel, NaturalKeyQuerySet
from .playlist_format import MAX_LENGTH_SECONDS

SPOTIFY_ID_HELP = "The 22-character id at the end of the Spotify link."
IMPORTED_HELP = (
    "What the last playlist import read from Spotify. While the field above still says the same, "
    "imports keep it in step with Spotify; once an editor changes it, imports leave it alone."
)


class SluggedModel(NaturalKeyModel):
    """A public page, named by its slug (in backups too), made from its name when left empty."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Part of the page address. Leave empty to make one from the name.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.fill_slug()

    def fill_slug(self):
        """Make a unique slug from the name when none was given."""
        if not self.slug:
            manager = type(self)._default_manager
            base = slug_base(*self.slug_candidates(), fallback=self._meta.model_name)
            self.slug = unique_slug(base, lambda slug: manager.filter(slug=slug).exclude(pk=self.pk).exists())

    def slug_candidates(self):
        raise NotImplementedError

    @classmethod
    def slug_constraints(cls, prefix):
        return [models.CheckConstraint(condition=~Q(slug=""), name=f"{prefix}_slug_not_empty")]


def spotify_id_constraint(prefix):
    return models.UniqueConstraint(
        fields=["spotify_id"], condition=~Q(spotify_id=""), name=f"{prefix}_unique_spotify_id"
    )


SLUG_MARK = "slug-mark-0"
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=128)
def url_pattern(url_name, script_prefix, urlconf):
    return reverse(url_name, args=[SLUG_MARK], urlconf=urlconf)


def slug_url(url_name, slug):
    """``reverse(url_name, args=[slug])`` for a page addressed by its slug, reversed once per
    URL name: cards and entries ask for hundreds of addresses on a long page."""
    if not SLUG_PATTERN.fullmatch(slug):
        return reverse(url_name, args=[slug])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return url_pattern(url_name, get_script_prefix(), urlconf).replace(SLUG_MARK, slug)


def spotify_url(kind, spotify_id):
    """The open.spotify.com page of a track, album or artist ("" without an id)."""
    return f"https://open.spotify.com/{kind}/{spotify_id}" if spotify_id else ""


def spotify_id_field():
    return models.CharField(
        "Spotify id", max_length=32, blank=True, validators=[validate_spotify_id], help_text=SPOTIFY_ID_HELP
    )


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class ReleaseDateMixin(models.Model):
    """A release date that may be known only to the month or the year."""

    released_on = models.DateField(
        "release date",
        null=True,
        blank=True,
        help_text="When only the month or year is known, use its first day and set the precision.",
    )
    release_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.DAY)

    class Meta:
        abstract = True

    @property
    def release_label(self):
        """The release date as precisely as it is known: "2024", "November 2024", "4 December 2020"."""
        date = self.released_on
        if date is None:
            return ""
        if self.release_precision == DatePrecision.YEAR:
            return str(date.year)
        if self.release_precision == DatePrecision.MONTH:
            return f"{MONTHS[date.month]} {date.year}"
        return f"{date.day} {MONTHS[date.month]} {date.year}"


class Theme(TagBase):
    """A theme that tags songs (and, through the articles app, lists)."""

    class Kind(models.TextChoices):
        MOOD = "mood", "Mood"
        OCCASION = "occasion", "Occasion"
        TOPIC = "topic", "Topic"
        STYLE = "style", "Style"
        ERA = "era", "Era"

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.TOPIC)
    description = models.TextField(
        blank=True, help_text="A short introduction for the theme's page (Markdown)."
    )
    description_html = models.TextField(blank=True, editable=False)
    # How many songs carry the theme, and Discover's counts with the theme alone chosen (its songs
    # by voice, era and soundtrack, and per other theme's slug under "themes"): songs/counters.py keeps
    # them in step; the theme index, Discover and the home page show them.
    song_count = models.PositiveIntegerField(default=0, editable=False)
    discover_counts = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="theme_slug_not_empty")]

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = slug_base(tag, fallback="theme")
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return slug_url("articles:theme_detail", self.slug)


class TaggedSong(NaturalKeyModel, TaggedItemBase):
    content_object = models.ForeignKey("Song", on_delete=models.CASCADE)
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_songs")
    list_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published editorial lists with this theme that include the song, stored by the lists "
        "app like the song's own list count; Discover ranks a mood's songs by it.",
    )

    natural_key_lookups = ("content_object__slug", "tag__name")

    class Meta:
        verbose_name = "song theme"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_song_theme")]
        indexes = [
            # A theme's songs in id order, read from the index alone: Discover joins them to the
            # songs' facts (below) to count a mood's songs by voice, era and soundtrack.
            models.Index(fields=["tag", "content_object"], name="song_theme_by_theme"),
            # A theme's songs in the most lists with it first: Discover's ranking for one mood.
            models.Index(fields=["tag", "-list_count"], name="song_theme_by_lists"),
        ]


class Artist(ImageRenditionsMixin, SluggedModel):
    class Kind(models.TextChoices):
        SOLO = "solo", "Solo artist"
        GROUP = "group", "Group"
        DUO = "duo", "Duo"
        BAND = "band", "Band"
        UNIT = "unit", "Unit"

    class Gender(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"
        MIXED = "mixed", "Mixed"

    name = models.CharField(
        max_length=NAME_MAX_LENGTH, help_text="The name readers know, as it is usually written."
    )
    hangul_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=5, choices=Kind, default=Kind.SOLO)
    gender = models.CharField(
        max_length=6,
        choices=Gender,
        blank=True,
        help_text="Lets readers browse ballads by male or female artists.",
    )
    members = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("group", "member"),
        symmetrical=False,
        related_name="groups",
    )
    spotify_id = spotify_id_field()
    bio = models.TextField(blank=True, help_text="A few sentences about the artist (Markdown).")
    bio_html = models.TextField(blank=True, editable=False)
    photo, photo_card, photo_page = image_with_renditions("artists/")
    name_key = models.CharField(max_length=NAME_MAX_LENGTH, db_index=True, editable=False)
    sort_key = models.CharField(
        max_length=SORT_KEY_LENGTH, editable=False, help_text="The artists index's order (songs/names.py)."
    )
    song_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Songs by the artist or, for a group, by its members (songs/counters.py keeps it).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rendition_source = "photo"

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="artist_name_order"),
            models.Index(fields=["sort_key", "id"], name="artist_sort_order"),
            models.Index(fields=["updated_at"], name="artist_updated_at"),
            models.Index(models.F("song_count").desc(), "name", name="artist_most_songs_order"),
        ]
        constraints = [
            *SluggedModel.slug_constraints("artist"),
            spotify_id_constraint("artist"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.sort_key = sort_key(self.name)
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("songs:artist_detail", self.slug)

    def slug_candidates(self):
        return [self.name, self.hangul_name]

    @property
    def spotify_url(self):
        return spotify_url("artist", self.spotify_id)


class ArtistAlias(NaturalKeyModel):
    """Another way the artist's name is written: a romanization, a hangul form, a former name.

    An alias may carry a second Spotify id: the id of an artist record that was
    merged into this one, so later imports still find the artist by it.
    """

    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    name_key = models.CharField(max_length=NAME_MAX_LENGTH, db_index=True, editable=False)
    spotify_id = spotify_id_field()

    natural_key_lookups = ("artist__slug", "name")

    class Meta:
        verbose_name_plural = "artist aliases"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "name"], name="unique_alias_per_artist"),
            spotify_id_constraint("alias"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Membership(NaturalKeyModel):
    """A member of a group or unit. One person can be in a group and in its units."""

    group = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="group_links")

    natural_key_lookups = ("group__slug", "member__slug")

    class Meta:
        ordering = ["group__name", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="unique_membership"),
            models.CheckConstraint(condition=~Q(group=models.F("member")), name="membership_not_self"),
        ]

    def __str__(self):
        return f"{self.member} in {self.group}"


class PossibleDuplicate(NaturalKeyModel):
    """Two artists that may be one: different Spotify ids under the same name key.

    Playlist import records the pair instead of merging silently; an editor
    merges the two or dismisses the pair.
    """

    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    dismissed = models.BooleanField(
        default=False, help_text="An editor checked: these are different artists."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    natural_key_lookups = ("artist__slug", "other__slug")

    class Meta:
        ordering = ["dismissed", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "other"], name="unique_possible_duplicate"),
            models.CheckConstraint(
                condition=Q(artist__lt=models.F("other")), name="possible_duplicate_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.artist} / {self.other}"

    @classmethod
    def record(cls, pairs):
        """Note each (artist, other, reason) pair once, in one query; pairs already noted are kept.

        ``artist`` and ``other`` need only a ``pk``: an Artist, or a row read for an import.
        """
        rows = []
        for first, second, reason in pairs:
            artist, other = sorted([first, second], key=lambda candidate: candidate.pk)
            rows.append(cls(artist_id=artist.pk, other_id=other.pk, reason=reason))
        cls.objects.bulk_create(rows, ignore_conflicts=True)


class Album(ImageRenditionsMixin, ReleaseDateMixin, SluggedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single"
        EP = "ep", "EP / mini album"
        ALBUM = "album", "Full album"
        SOUNDTRACK = "soundtrack", "Soundtrack"

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    hangul_title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.SINGLE)
    artists = models.ManyToManyField(Artist, related_name="albums", blank=True)
    spotify_id = spotify_id_field()
    imported_title = models.CharField(
        "title on Spotify", max_length=TITLE_MAX_LENGTH, blank=True, editable=False, help_text=IMPORTED_HELP
    )
    cover, cover_card, cover_page = image_with_renditions("covers/")
    title_key = models.CharField(max_length=TITLE_MAX_LENGTH, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rendition_source = "cover"

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title", "id"], name="album_title_order"),
            models.Index(fields=["updated_at"], name="album_updated_at"),
        ]
        constraints = [*SluggedModel.slug_constraints("album"), spotify_id_constraint("album")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("songs:album_detail", self.slug)

    def slug_candidates(self):
        return [self.title, self.hangul_title]

    @property
    def spotify_url(self):
        return spotify_url("album", self.spotify_id)


class Drama(SluggedModel):
    """A screen or stage work with a soundtrack: a TV drama, a film, a musical."""

    class Kind(models.TextChoices):
        TV = "tv", "TV drama"
        WEB = "web", "Web series"
        FILM = "film", "Film"
        MUSICAL = "musical", "Musical"

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    hangul_title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    kind = models.CharField(max_length=7, choices=Kind, default=Kind.TV)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of first release or broadcast."
    )
    network = models.CharField(max_length=100, blank=True, help_text="Broadcaster, platform or theatre.")
    also_known_as = models.CharField(
        max_length=TITLE_MAX_LENGTH,
        blank=True,
        help_text="Other titles readers know it by, separated by commas (for example: Goblin).",
    )
    description = models.TextField(blank=True, help_text="A short introduction (Markdown).")
    description_html = models.TextField(blank=True, editable=False)
    title_key = models.CharField(max_length=TITLE_MAX_LENGTH, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title", "id"], name="drama_title_order"),
            models.Index(fields=["updated_at"], name="drama_updated_at"),
        ]
        constraints = [
            *SluggedModel.slug_constraints("drama"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900), name="drama_year_plausible"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("songs:drama_detail", self.slug)

    @property
    def other_titles(self):
        return [title.strip() for title in self.also_known_as.split(",") if title.strip()]

    def slug_candidates(self):
        return [self.title, self.hangul_title]


def credits_with_artists(lookup="credits"):
    """Prefetch a song's credits (at ``lookup``) with their artists, in credit order, in one query."""
    return models.Prefetch(lookup, queryset=SongCredit.objects.select_related("artist"))


class SongQuerySet(NaturalKeyQuerySet):
    def with_credits(self):
        """Everything a song card shows, in a fixed number of queries."""
        return self.select_related("album", "drama").prefetch_related(credits_with_artists())


class Song(ReleaseDateMixin, SluggedModel):
    title = models.CharField(
        max_length=TITLE_MAX_LENGTH, help_text="The title as released, usually the English one."
    )
    hangul_title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    artists = models.ManyToManyField(Artist, through="SongCredit", related_name="songs")
    album = models.ForeignKey(Album, on_delete=models.SET_NULL, null=True, blank=True, related_name="songs")
    length_seconds = models.PositiveIntegerField("length (seconds)", null=True, blank=True)
    spotify_id = spotify_id_field()
    youtube_id = models.CharField(
        "YouTube video id",
        max_length=20,
        blank=True,
        validators=[validate_youtube_id],
        help_text="The 11-character id after watch?v= in the video link.",
    )
    drama = models.ForeignKey(
        Drama,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="songs",
        help_text="The drama, film or musical this song was made for.",
    )
    ost_part = models.PositiveSmallIntegerField(
        "OST part", null=True, blank=True, help_text="The soundtrack part number, e.g. 5 for “OST Part.5”."
    )
    description = models.TextField(blank=True, help_text="A short note about the song (Markdown).")
    description_html = models.TextField(blank=True, editable=False)
    themes = TaggableManager(through=TaggedSong, blank=True, help_text="Themes this song belongs to.")
    imported_title = models.CharField(
        "title on Spotify", max_length=TITLE_MAX_LENGTH, blank=True, editable=False, help_text=IMPORTED_HELP
    )
    imported_length_seconds = models.PositiveIntegerField(
        "length on Spotify", null=True, blank=True, editable=False, help_text=IMPORTED_HELP
    )
    imported_album_spotify_id = models.CharField(
        "album on Spotify", max_length=32, blank=True, editable=False, help_text=IMPORTED_HELP
    )
    # Who sings it, from the main credits (songs/voices.py keeps these in step).
    main_artist_count = models.PositiveSmallIntegerField(default=0, editable=False)
    sung_by_men = models.BooleanField(default=False, editable=False)
    sung_by_women = models.BooleanField(default=False, editable=False)
    sung_by_a_group = models.BooleanField(default=False, editable=False)
    list_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Published editorial lists that include the song. The lists app stores it when lists "
        "change (the catalog itself never reads lists); Discover sorts by it.",
    )
    title_key = models.CharField(max_length=TITLE_MAX_LENGTH, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SongQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title", "id"], name="song_title_order"),
            models.Index(fields=["-list_count", "title", "id"], name="song_most_listed_order"),
            models.Index(fields=["released_on"], name="song_released_on"),
            # What Discover counts songs by, so that counting a mood's 30,000 songs reads this
            # index instead of the whole table (on PostgreSQL, an index-only scan).
            models.Index(
                fields=[
                    "id",
                    "sung_by_men",
                    "sung_by_women",
                    "sung_by_a_group",
                    "main_artist_count",
                    "released_on",
                    "drama",
                ],
                name="song_facets",
            ),
            # The sitemap index dates each section by its newest change.
            models.Index(fields=["updated_at"], name="song_updated_at"),
        ]
        constraints = [
            *SluggedModel.slug_constraints("song"),
            spotify_id_constraint("song"),
            models.CheckConstraint(
                condition=Q(ost_part__isnull=True) | Q(drama__isnull=False), name="song_ost_part_needs_drama"
            ),
            models.CheckConstraint(
                condition=Q(length_seconds__isnull=True) | Q(length_seconds__gt=0),
                name="song_length_positive",
            ),
            models.CheckConstraint(
                condition=Q(length_seconds__isnull=True) | Q(length_seconds__lte=MAX_LENGTH_SECONDS),
                name="song_length_at_most_a_day",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("songs:song_detail", self.slug)

    def slug_candidates(self):
        return [self.title, self.hangul_title]

    @property
    def spotify_url(self):
        return spotify_url("track", self.spotify_id)

    @property
    def youtube_url(self):
        return f"https://www.youtube.com/watch?v={self.youtube_id}" if self.youtube_id else ""

    @property
    def search_text(self):
        """ "Artist Title": what a reader would type to find the song elsewhere."""
        return " ".join([*(credit.artist.name for credit in self.main_credits), self.title])

    @property
    def spotify_search_url(self):
        return f"https://open.spotify.com/search/{quote(self.search_text, safe='')}"

    @property
    def youtube_search_url(self):
        return "https://www.youtube.com/results?" + urlencode({"search_query": self.search_text})

    @property
    def length_label(self):
        if not self.length_seconds:
            return ""
        minutes, seconds = divmod(self.length_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"

    @property
    def soundtrack_label(self):
        """ "Hotel Del Luna OST Part 5", or just the drama's title when the part is unknown."""
        if not self.drama_id:
            return ""
        return f"{self.drama.title} OST Part {self.ost_part}" if self.ost_part else f"{self.drama.title} OST"

    @property
    def main_credits(self):
        return [credit for credit in self.credits.all() if credit.role == SongCredit.Role.MAIN]

    @property
    def featured_credits(self):
        return [credit for credit in self.credits.all() if credit.role == SongCredit.Role.FEATURING]


class SongCredit(NaturalKeyModel):
    """An artist credited on a song, in the order the credits are written."""

    class Role(models.TextChoices):
        MAIN = "main", "Main artist"
        FEATURING = "featuring", "Featuring"

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="credits")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=9, choices=Role, default=Role.MAIN)
    position = models.PositiveSmallIntegerField(default=1, help_text="Order in the credits, starting at 1.")

    natural_key_lookups = ("song__slug", "artist__slug")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["song", "artist"], name="unique_credit_per_artist"),
            models.CheckConstraint(condition=Q(position__gte=1), name="credit_position_positive"),
        ]

    def __str__(self):
        return f"{self.artist} on {self.song}"
