"""Ranking related lists: which other lists a reader of one list should see next.

A pure function over plain values, so it can be tested without a database.
Shared themes count by how rare they are: two lists that both carry a theme
only three lists have are closer than two lists that share a theme every list
has (inverse document frequency, as in text search).
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    list_id: int
    theme_ids: frozenset
    published_at: datetime


def theme_weight(lists_with_theme, total_lists):
    """Rarer themes weigh more; a theme on every list still weighs a little."""
    return math.log(1 + total_lists / lists_with_theme)


def rank_related(list_id, theme_ids, candidates, pinned_ids=(), limit=None, total_lists=None):
    """Ids of the lists to show as related to ``list_id``, best first.

    ``candidates`` are the published lists (``Candidate``), or just those that
    share a theme or are pinned, with ``total_lists`` how many lists there are
    in all (this one included); ``pinned_ids`` the editor's pinned lists in the
    editor's order, which come first when they are among the candidates. Then
    lists sharing themes, by summed theme weight, ties broken by the newer list.
    Never the list itself; lists that share no theme are not related.
    ``limit`` cuts the ranking (None keeps it whole).
    """
    candidates = [candidate for candidate in candidates if candidate.list_id != list_id]
    by_id = {candidate.list_id: candidate for candidate in candidates}
    pinned = [pin for pin in dict.fromkeys(pinned_ids) if pin in by_id]

    theme_ids = set(theme_ids)
    lists_per_theme = Counter(theme_id for candidate in candidates for theme_id in candidate.theme_ids)
    lists_per_theme.update(theme_ids)
    total = total_lists or len(candidates) + 1

    def score(candidate):
        shared = candidate.theme_ids & theme_ids
        return sum(theme_weight(lists_per_theme[theme_id], total) for theme_id in shared)

    scored = [(score(candidate), candidate) for candidate in candidates if candidate.list_id not in pinned]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].published_at.timestamp(), pair[1].list_id))
    return (pinned + [candidate.list_id for points, candidate in scored if points > 0])[:limit]


def further_lists(list_id, ranked_ids, candidates, count):
    """``count`` lists for the end of a list page: the next related ones after
    ``ranked_ids`` has been shown, topped up with the newest others so a reader
    always has somewhere to go next."""
    shown = {list_id, *ranked_ids}
    newest = sorted(
        (candidate for candidate in candidates if candidate.list_id not in shown),
        key=lambda candidate: (-candidate.published_at.timestamp(), candidate.list_id),
    )
    return [candidate.list_id for candidate in newest][:count]
