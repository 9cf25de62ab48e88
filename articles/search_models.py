"""The search table: one entry per public record, the keys it is found by, and the spellings typos correct to.

Kept in step with the catalog and the lists by ``articles.search_index``; rebuilt
whole by ``manage.py rebuild_search_index``. Imported by ``articles.models``.
"""

from django.db import models

from .search import KIND_LABELS, KINDS

KIND_CHOICES = [(kind, KIND_LABELS[kind][0]) for kind in KINDS]


class SearchKeyField(models.CharField):
    """A key compared byte by byte on every database, so that "keys starting with x" is a range.

    PostgreSQL gets the "C" collation on this column (its btree index then serves
    prefix ranges and their order); SQLite's default collation already compares bytes.
    """

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class SearchEntry(models.Model):
    """A record readers can find, with what a result shows of it."""

    kind = models.CharField(max_length=6, choices=KIND_CHOICES)
    object_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=300)
    other_name = models.CharField(max_length=300, blank=True, help_text="The hangul name or title.")
    detail = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    popularity = models.PositiveIntegerField(default=0)
    visible_from = models.DateTimeField(null=True, blank=True, help_text="A list's publish time.")

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]

    def __str__(self):
        return f"{self.kind}: {self.name}"


class SearchTerm(models.Model):
    """One key an entry is found by, ordered within the key by ``rank`` (own names first, then popular)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms", db_index=False)
    kind = models.CharField(max_length=6, choices=KIND_CHOICES)
    key = SearchKeyField(max_length=80)
    field = models.PositiveSmallIntegerField()
    whole = models.BooleanField()
    rank = models.PositiveIntegerField()
    visible_from = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key", "rank"], name="search_term_lookup"),
            # An entry's keys: deleting them, and matching the rest of a query among the
            # records that carry a name (articles.search_queries).
            models.Index(fields=["entry", "key"], name="search_term_entry_key"),
        ]

    def __str__(self):
        return self.key


class SearchSpelling(models.Model):
    """A word of the index under one of its typo variants (itself, or itself less one letter)."""

    variant = SearchKeyField(max_length=80)
    word = SearchKeyField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "word"], name="unique_search_spelling")]

    def __str__(self):
        return f"{self.variant} → {self.word}"
