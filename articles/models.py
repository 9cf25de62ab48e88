"""Editorial lists: themed list articles, their numbered entries and their themes."""

import datetime

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from kballads.markup import render_markdown
from songs.images import ImageRenditionsMixin, image_with_renditions
from songs.models import SluggedModel, Song, Theme, slug_url
from songs.natural_keys import NaturalKeyModel, NaturalKeyQuerySet

from .related import Candidate, further_lists, rank_related

NEW_ENTRY_DAYS = 30

# Ids the list page (and the site's layout) gives elements other than entries.
LIST_PAGE_IDS = {"main", "site-search-q", "related-heading", "themes-heading", "further-heading"}
LIST_PAGE_ID_PREFIXES = ("entry-", "entries-", "song-")

# Positions are moved out of the way by this much while entries are renumbered,
# so that the unique (list, position) constraint holds at every step.
RENUMBER_OFFSET = 1_000_000


def published_condition(prefix=""):
    """``published()``'s condition, for rows that reach their list through ``prefix`` ("article__").

    Filtering entries with a join on it is far faster than ``article__in=published()``
    when a subquery runs for every song of a large catalog.
    """
    return Q(
        **{f"{prefix}status": ListArticle.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()}
    )


class ListArticleQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Lists readers may see: published, with a publish time that has come."""
        return self.filter(published_condition())

    def with_entry_count(self):
        """Each list's entry count, counted for the lists fetched only (not grouped over all lists)."""
        entries = ListEntry.objects.filter(article=models.OuterRef("pk")).order_by().values("article")
        count = entries.annotate(count=models.Count("pk")).values("count")
        return self.annotate(entry_count=Coalesce(models.Subquery(count), 0))

    def for_cards(self):
        """What a list card shows (entry count, themes) in a fixed number of queries."""
        return self.with_entry_count().prefetch_related("themes").order_by("-published_at", "-pk")

    def related_to(self, article, top=12, end=6, ranking=None):
        """Published lists related to ``article``: (``top`` best, ``end`` more for the end of the page).

        ``ranking`` is ``related_ids``' answer when the caller has kept it.
        """
        top_ids, end_ids = ranking or self.related_ids(article, top, end)
        lists = self.published().for_cards().in_bulk(top_ids + end_ids)
        return [lists[pk] for pk in top_ids if pk in lists], [lists[pk] for pk in end_ids if pk in lists]

    def related_ids(self, article, top=12, end=6):
        """Ids of the lists related to ``article``: (``top`` best, ``end`` more).

        The ranking is ``articles.related``'s, over the lists that share a theme with
        ``article`` or that it pins (never every list); the end of the page continues
        it and, when it runs out, tops up with the newest other lists.
        """
        published = self.published().exclude(pk=article.pk)
        theme_ids = [theme.pk for theme in article.themes.all()]
        pinned_ids = list(article.pins.values_list("to_list_id", flat=True))
        candidates = related_candidates(published, theme_ids, pinned_ids)
        ranked = rank_related(
            article.pk, theme_ids, candidates, pinned_ids, limit=top + end, total_lists=published.count() + 1
        )
        top_ids, end_ids = ranked[:top], ranked[top:]
        newest = published.order_by("-published_at", "-pk").values_list("pk", "published_at")
        newest = [Candidate(pk, frozenset(), at) for pk, at in newest[: len(ranked) + end]]
        end_ids += further_lists(article.pk, ranked, newest, end - len(end_ids))
        return top_ids, end_ids


def related_candidates(published, theme_ids, pinned_ids):
    """``Candidate``s for the ranking: the published lists sharing any of ``theme_ids`` (with the
    themes they share) and the pinned ones."""
    shared, published_at = {}, {}
    rows = TaggedList.objects.filter(tag_id__in=theme_ids, content_object__in=published).values_list(
        "content_object_id", "tag_id", "content_object__published_at"
    )
    for list_id, theme_id, at in rows:
        shared.setdefault(list_id, set()).add(theme_id)
        published_at[list_id] = at
    for list_id, at in published.filter(pk__in=pinned_ids).values_list("pk", "published_at"):
        shared.setdefault(list_id, set())
        published_at[list_id] = at
    return [
        Candidate(list_id, frozenset(themes), published_at[list_id]) for list_id, themes in shared.items()
    ]


class TaggedList(NaturalKeyModel, TaggedItemBase):
    content_object = models.ForeignKey("ListArticle", on_delete=models.CASCADE)
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_lists")

    natural_key_lookups = ("content_object__slug", "tag__name")

    class Meta:
        verbose_name = "list theme"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_list_theme")]


class ListArticle(ImageRenditionsMixin, SluggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    summary = models.CharField(
        max_length=300, help_text="One line for cards, feeds and search results. Plain text."
    )
    intro = models.TextField(blank=True, help_text="The opening paragraphs (Markdown).")
    intro_html = models.TextField(blank=True, editable=False)
    byline = models.CharField(max_length=100, blank=True, help_text="Who wrote the list, as readers see it.")
    cover, cover_card, cover_page = image_with_renditions("lists/")
    themes = TaggableManager(through=TaggedList, blank=True, help_text="Themes this list belongs to.")
    pinned_related = models.ManyToManyField(
        "self",
        through="PinnedRelatedList",
        through_fields=("from_list", "to_list"),
        symmetrical=False,
        related_name="pinned_by",
        blank=True,
    )
    status = models.CharField(max_length=9, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="A time in the future schedules the list: readers see it from then on.",
    )
    featured = models.BooleanField(default=False, help_text="Show this list at the top of the home page.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rendition_source = "cover"

    objects = ListArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "list"
        ordering = ["-published_at", "-pk"]
        constraints = [
            *SluggedModel.slug_constraints("list"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_list_has_publish_time",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_publish_time()
        self.intro_html = render_markdown(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:list_detail", self.slug)

    def clean(self):
        super().clean()
        self.fill_publish_time()

    def slug_candidates(self):
        return [self.title]

    def fill_publish_time(self):
        """A list published without a time is published now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def renumber_entries(self):
        """Number the entries 1, 2, 3… in their current order, closing gaps."""
        entries = list(self.entries.order_by("position", "pk"))
        for number, entry in enumerate(entries, start=1):
            entry.position = number
        self.save_entry_positions(entries)

    @transaction.atomic
    def save_entry_positions(self, entries, also=()):
        """Save ``entries`` (all of this list's) at their new positions, and the fields in ``also``.

        Every entry first moves out of the way, so swapped or shifted positions
        never meet the unique (list, position) constraint halfway.
        """
        self.entries.update(position=models.F("position") + RENUMBER_OFFSET)
        ListEntry.objects.bulk_update(entries, ["position", *also])

    @transaction.atomic
    def save_entry_order(self, order):
        """Number the entries ``order`` (ids of all of this list's entries) 1, 2, 3…, writing only
        the entries whose number changes: they move out of the way first, so that the unique
        (list, position) constraint holds at every step."""
        positions = dict(self.entries.values_list("pk", "position"))
        moved = [
            ListEntry(pk=pk, position=number)
            for number, pk in enumerate(order, start=1)
            if positions[pk] != number
        ]
        ListEntry.objects.filter(pk__in=[entry.pk for entry in moved]).update(
            position=models.F("position") + RENUMBER_OFFSET
        )
        ListEntry.objects.bulk_update(moved, ["position"], batch_size=500)


class PinnedRelatedList(NaturalKeyModel):
    """A related list an editor chose to show first, in the editor's order."""

    from_list = models.ForeignKey(ListArticle, on_delete=models.CASCADE, related_name="pins")
    to_list = models.ForeignKey(ListArticle, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)

    natural_key_lookups = ("from_list__slug", "to_list__slug")

    class Meta:
        verbose_name = "pinned related list"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_list", "to_list"], name="unique_pinned_related_list"),
            models.CheckConstraint(
                condition=~Q(from_list=models.F("to_list")), name="pinned_list_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.to_list} (related to {self.from_list})"


class ListEntry(NaturalKeyModel):
    article = models.ForeignKey(ListArticle, on_delete=models.CASCADE, related_name="entries")
    song = models.ForeignKey(Song, on_delete=models.PROTECT, related_name="list_entries")
    position = models.PositiveIntegerField(help_text="The entry's number in the list, starting at 1.")
    commentary = models.TextField(blank=True, help_text="Why this song belongs here (Markdown).")
    commentary_html = models.TextField(blank=True, editable=False)
    added_on = models.DateField(
        default=datetime.date.today, help_text="When the song joined the list; recent entries are marked new."
    )
    removed_on = models.DateField(
        null=True, blank=True, help_text="When the song left the playlist the list was imported from."
    )

    natural_key_lookups = ("article__slug", "song__slug")

    class Meta:
        verbose_name = "entry"
        verbose_name_plural = "entries"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "song"], name="unique_song_per_list"),
            models.UniqueConstraint(fields=["article", "position"], name="unique_position_per_list"),
            models.CheckConstraint(condition=Q(position__gte=1), name="entry_position_positive"),
        ]

    def __str__(self):
        return f"{self.position}. {self.song}"

    def save(self, *args, **kwargs):
        self.commentary_html = render_markdown(self.commentary)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        """The entry's id on the list page: its song's slug, which stays when entries are renumbered.

        A song is in a list at most once; a slug that could be one of the page's own ids
        ("main", "entry-3") is prefixed, so it never meets them.
        """
        slug = self.song.slug
        return f"song-{slug}" if slug in LIST_PAGE_IDS or slug.startswith(LIST_PAGE_ID_PREFIXES) else slug

    @property
    def position_anchor(self):
        """The id entries had before they were named for their songs, kept so old links still land."""
        return f"entry-{self.position}"

    @property
    def is_new(self):
        return self.is_new_since(timezone.localdate() - datetime.timedelta(days=NEW_ENTRY_DAYS))

    def is_new_since(self, day):
        """Marked "New": added on ``day`` or later, and written about. An imported entry waits for
        its commentary, so a fresh import does not mark every song of the list new."""
        return bool(self.commentary_html) and self.added_on >= day


class SimilarSong(models.Model):
    """A song recommended after another, with its rank and the evidence for it.

    Written by ``articles.recommendations`` (never by hand); the song page reads
    a song's links best first. ``reasons`` holds the evidence as
    ``articles.similar`` reason parts, which name lists, themes, artists and
    dramas by id, so a renamed theme or list reads right at once.
    """

    song = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="similar_links")
    similar = models.ForeignKey(Song, on_delete=models.CASCADE, related_name="recommended_by")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = "similar song"
        ordering = ["song", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["song", "rank"], name="unique_similar_rank"),
            models.UniqueConstraint(fields=["song", "similar"], name="unique_similar_pair"),
            models.CheckConstraint(condition=~Q(song=models.F("similar")), name="similar_not_itself"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.similar_id} after {self.song_id}"


class PendingListRefresh(models.Model):
    """A scheduled list whose songs' recommendations must be refreshed once it goes public.

    Nothing is saved when a publish time passes, so the time is noted here and
    the first reader after it (or ``rebuild_recommendations --due``) runs the refresh.
    """

    article = models.OneToOneField(ListArticle, on_delete=models.CASCADE, primary_key=True, related_name="+")
    due_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.article_id} at {self.due_at:%Y-%m-%d %H:%M}"


from .search_models import SearchEntry, SearchSpelling, SearchTerm  # noqa: E402, F401 - models of this app
