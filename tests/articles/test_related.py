import random
from datetime import datetime, timedelta

from articles.related import Candidate, rank_related, theme_weight

NOW = datetime(2026, 11, 1, 12, 0)


def candidate(list_id, themes, days_ago=0):
    return Candidate(list_id, frozenset(themes), NOW - timedelta(days=days_ago))


def test_a_list_is_never_related_to_itself():
    assert rank_related(1, {"sad"}, [candidate(1, {"sad"}), candidate(2, {"sad"})]) == [2]


def test_lists_sharing_no_theme_are_not_related():
    assert rank_related(1, {"sad"}, [candidate(2, {"happy"}), candidate(3, set())]) == []


def test_more_shared_themes_rank_higher():
    candidates = [candidate(2, {"sad"}), candidate(3, {"sad", "winter"})]
    assert rank_related(1, {"sad", "winter"}, candidates) == [3, 2]


def test_a_rare_shared_theme_counts_more_than_a_common_one():
    candidates = [
        candidate(2, {"ballad"}),
        candidate(3, {"ballad"}),
        candidate(4, {"ballad", "military-farewell"}),
        candidate(5, {"ballad"}),
        candidate(6, {"military-farewell"}),
    ]
    ranking = rank_related(1, {"ballad", "military-farewell"}, candidates)
    assert ranking[0] == 4
    assert ranking.index(6) < ranking.index(2)


def test_ties_go_to_the_newer_list():
    candidates = [
        candidate(2, {"sad"}, days_ago=30),
        candidate(3, {"sad"}, days_ago=1),
        candidate(4, {"sad"}, days_ago=9),
    ]
    assert rank_related(1, {"sad"}, candidates) == [3, 4, 2]


def test_pinned_lists_come_first_in_the_editors_order():
    candidates = [candidate(2, {"sad"}), candidate(3, set()), candidate(4, {"happy"}), candidate(5, {"sad"})]
    assert rank_related(1, {"sad"}, candidates, pinned_ids=[4, 3]) == [4, 3, 2, 5]


def test_pinned_lists_that_are_not_candidates_are_left_out():
    # A pinned draft is not among the published candidates, so it never shows.
    assert rank_related(1, {"sad"}, [candidate(2, {"sad"})], pinned_ids=[99, 2, 2]) == [2]


def test_limit_cuts_the_ranking():
    candidates = [candidate(number, {"sad"}, days_ago=number) for number in range(2, 30)]
    assert rank_related(1, {"sad"}, candidates, limit=12) == list(range(2, 14))


def test_theme_weight_falls_as_a_theme_gets_common():
    assert theme_weight(1, 10) > theme_weight(5, 10) > theme_weight(10, 10) > 0


def test_ranking_only_the_lists_that_share_a_theme_gives_the_same_order():
    """What ``related_to`` relies on: candidates with only their shared themes, and the total."""
    rng = random.Random(5)
    start = datetime(2026, 1, 1)
    everyone = [
        Candidate(
            number, frozenset(rng.sample(range(12), rng.randint(1, 4))), start + timedelta(hours=number)
        )
        for number in range(2, 400)
    ]
    themes = {1, 4, 7}
    pinned = [9, 3]
    sharing = [
        Candidate(c.list_id, c.theme_ids & themes, c.published_at)
        for c in everyone
        if c.theme_ids & themes or c.list_id in pinned
    ]
    full = rank_related(1, themes, everyone, pinned_ids=pinned, limit=18)
    bounded = rank_related(1, themes, sharing, pinned_ids=pinned, limit=18, total_lists=len(everyone) + 1)
    assert bounded == full
    assert len(sharing) < len(everyone)
