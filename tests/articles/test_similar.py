"""The similar-songs scoring (articles.similar) on small hand-made catalogs, without a database."""

import datetime
import itertools

import pytest
from django.utils.html import strip_tags

from articles.similar import (
    LIMIT,
    PER_ARTIST,
    Catalog,
    Names,
    SimilarityIndex,
    SongFacts,
    describe,
    ids_named_by,
    pick_diverse,
    version_key,
    voice_of,
)

FEMALE_SOLO = ("female", "solo")
MALE_SOLO = ("male", "solo")


def song(song_id, artists=(), featuring=(), themes=(), drama=None, voice=("", ""), released=None, title=None):
    day = datetime.date.fromisoformat(released) if released else None
    return SongFacts(
        song_id=song_id,
        version=version_key(title or f"Song {song_id}"),
        main_artist_ids=tuple(artists),
        artist_ids=frozenset([*artists, *featuring]),
        theme_ids=frozenset(themes),
        drama_id=drama,
        voice=voice,
        day=day.toordinal() if day else None,
        decade=day.year // 10 * 10 if day else None,
    )


def index(*songs, lists=None, memberships=()):
    return SimilarityIndex(
        Catalog(
            songs={facts.song_id: facts for facts in songs}, lists=lists or {}, memberships=list(memberships)
        )
    )


def recommended(idx, song_id):
    return [pick.song_id for pick in idx.recommend(song_id)]


def kinds(pick):
    return [part["kind"] for part in pick.reasons]


def test_a_song_is_never_its_own_recommendation():
    idx = index(
        song(1, artists=[10], themes=["sad"]), song(2, artists=[11], themes=["sad"]), lists={7: [1, 2]}
    )
    assert recommended(idx, 1) == [2]


def test_songs_that_share_nothing_are_not_recommended():
    idx = index(song(1, artists=[10], themes=["sad"]), song(2, artists=[11], themes=["happy"]))
    assert recommended(idx, 1) == []


def test_a_song_with_no_evidence_gets_no_recommendations():
    # Unknown voices, no themes, no lists, no drama: nothing to say, so nothing is said.
    idx = index(song(1, artists=[10], released="2019-01-01"), song(2, artists=[11], released="2019-02-01"))
    assert recommended(idx, 1) == []


def test_the_same_era_alone_is_not_a_reason():
    idx = index(song(1, artists=[10], released="2015-01-01"), song(2, artists=[11], released="2016-01-01"))
    assert idx.recommend(1) == []


def test_neighbours_in_a_list_count_more_than_songs_far_apart():
    songs = [song(number, artists=[100 + number]) for number in range(1, 11)]
    idx = index(*songs, lists={7: list(range(1, 11))})
    ranking = recommended(idx, 5)
    assert ranking[:2] == [4, 6]  # Neighbours first; the tie goes to the lower id.
    assert ranking.index(3) < ranking.index(1)


def test_a_smaller_list_counts_more_than_a_bigger_one():
    others = [song(number, artists=[100 + number]) for number in range(10, 40)]
    idx = index(
        song(1, artists=[1]),
        song(2, artists=[2]),
        song(3, artists=[3]),
        *others,
        lists={7: [1, 2], 8: [1, 3, *range(10, 40)]},
    )
    assert recommended(idx, 1)[:2] == [2, 3]


def test_a_list_with_every_song_counts_next_to_nothing():
    songs = [song(number, artists=[100 + number]) for number in range(1, 31)]
    idx = index(*songs, lists={7: [1, 30], 8: list(range(1, 31))})
    picks = idx.recommend(1)
    assert picks[0].song_id == 30
    assert picks[0].score > 4
    neighbour = next(pick for pick in picks if pick.song_id == 2)  # Next to song 1 in the giant list.
    assert neighbour.score < 0.1


def test_a_song_in_many_lists_says_less_about_each():
    # Songs 2 and 3 are both next to song 1 in list 7, but song 2 is in ten more lists.
    hub = [song(number, artists=[100 + number]) for number in range(10, 20)]
    lists = {100 + number: [2, number] for number in range(10, 20)}
    lists[7] = [2, 1, 3]
    idx = index(song(1, artists=[1]), song(2, artists=[2]), song(3, artists=[3]), *hub, lists=lists)
    assert recommended(idx, 1) == [3, 2]


def test_a_rare_shared_theme_counts_more_than_a_common_one():
    common = [song(number, artists=[100 + number], themes=["ballad"]) for number in range(10, 20)]
    idx = index(
        song(1, artists=[1], themes=["ballad", "military-farewell"]),
        song(2, artists=[2], themes=["ballad"]),
        song(3, artists=[3], themes=["military-farewell"]),
        *common,
    )
    assert recommended(idx, 1)[0] == 3


def test_a_song_in_no_list_is_recommended_from_themes_voices_and_dramas():
    idx = index(
        song(1, artists=[1], themes=["rain"], drama=5, voice=FEMALE_SOLO, released="2019-06-01"),
        song(2, artists=[2], drama=5, voice=MALE_SOLO, released="2019-06-01"),
        song(3, artists=[3], themes=["rain"], voice=MALE_SOLO),
        song(4, artists=[4], voice=FEMALE_SOLO, released="2018-01-01"),
        song(5, artists=[5], voice=MALE_SOLO, released="2018-01-01"),
    )
    picks = {pick.song_id: kinds(pick) for pick in idx.recommend(1)}
    assert picks == {2: ["drama", "era"], 3: ["themes"], 4: ["voice"]}
    voice_pick = next(pick for pick in idx.recommend(1) if pick.song_id == 4)
    assert voice_pick.reasons == ({"kind": "voice", "voice": ["female", "solo"], "decade": 2010},)


def test_a_draft_list_is_simply_not_in_the_catalog():
    # Only published lists reach the scoring; without the list, its songs share nothing.
    songs = [song(1, artists=[1]), song(2, artists=[2])]
    assert recommended(index(*songs, lists={7: [1, 2]}), 1) == [2]
    assert recommended(index(*songs), 1) == []


def test_ties_go_to_the_song_released_closest_in_time_then_the_lower_id():
    idx = index(
        song(1, artists=[1], themes=["sad"], released="2010-06-01"),
        song(2, artists=[2], themes=["sad"], released="2013-01-01"),
        song(3, artists=[3], themes=["sad"], released="2011-01-01"),
        song(4, artists=[4], themes=["sad"]),
        song(5, artists=[5], themes=["sad"], released="2010-01-01"),
        song(6, artists=[6], themes=["sad"], released="2011-01-01"),
    )
    assert recommended(idx, 1) == [5, 3, 6, 2, 4]


def test_a_members_solo_song_is_close_to_the_groups():
    exo, chen, baekhyun, stranger = 10, 11, 12, 13
    idx = index(
        song(1, artists=[exo], voice=("male", "group")),
        song(2, artists=[chen], voice=MALE_SOLO),
        song(3, artists=[baekhyun], voice=MALE_SOLO),
        song(4, artists=[stranger], voice=MALE_SOLO),
        memberships=[(exo, chen), (exo, baekhyun)],
    )
    group_picks = {pick.song_id: pick.reasons[0] for pick in idx.recommend(1)}
    assert group_picks == {
        2: {"kind": "member", "member": chen, "group": exo, "on": "similar"},
        3: {"kind": "member", "member": baekhyun, "group": exo, "on": "similar"},
    }
    solo_picks = idx.recommend(2)
    assert solo_picks[0].song_id == 1
    assert solo_picks[0].reasons[0] == {"kind": "member", "member": chen, "group": exo, "on": "song"}
    assert solo_picks[1].song_id == 3
    assert solo_picks[1].reasons[0] == {"kind": "bandmates", "artists": [chen, baekhyun], "group": exo}
    assert [kinds(pick) for pick in solo_picks[2:]] == [["voice"]]  # The stranger: only the voice.


def test_a_shared_artist_names_the_artists_on_both():
    idx = index(song(1, artists=[10, 11]), song(2, artists=[12], featuring=[11]))
    assert idx.recommend(1)[0].reasons == ({"kind": "artists", "artists": [11]},)


def test_other_versions_of_the_song_are_never_recommended():
    idx = index(
        song(1, artists=[10], themes=["love"], title="My Love"),
        song(2, artists=[10, 11], themes=["love"], title="My Love (Duet Ver.)"),
        song(3, artists=[10], themes=["love"], title="My Love [Inst.]"),
        song(4, artists=[12], themes=["love"], title="MY LOVE"),  # Another artist's song of that name.
    )
    assert recommended(idx, 1) == [4]


def test_one_recording_is_recommended_once():
    idx = index(
        song(1, artists=[10], themes=["love"]),
        song(2, artists=[11], themes=["love"], title="Rain"),
        song(3, artists=[11], themes=["love"], title="Rain (Acoustic Ver.)"),
        song(4, artists=[11], themes=["love"], title="Rain - Live"),
    )
    assert recommended(idx, 1) == [2]


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("My Love (Duet Ver.)", "mylove"),
        ("Rain (Acoustic Version)", "rain"),
        ("Rain [Inst.]", "rain"),
        ("Rain - Live", "rain"),
        ("Rain (Piano ver.)", "rain"),
        ("Slightly Tipsy (She is My Type♡ X SANDEUL)", "slightlytipsysheismytypexsandeul"),
        ('HERO (From the Film "Firefighters")', "herofromthefilmfirefighters"),
        ("Live", "live"),
    ],
)
def test_version_key_drops_only_version_marks(title, key):
    assert version_key(title) == key


def test_no_artist_fills_the_list_while_others_qualify():
    prolific = [song(number, artists=[10], themes=["sad", "rain"]) for number in range(2, 8)]
    others = [song(number, artists=[100 + number], themes=["sad"]) for number in range(20, 30)]
    idx = index(song(1, artists=[9], themes=["sad", "rain"]), *prolific, *others)
    picks = recommended(idx, 1)
    assert len(picks) == LIMIT
    assert len([pick for pick in picks if pick < 20]) == PER_ARTIST


def test_one_artists_songs_fill_the_list_when_nobody_else_qualifies():
    prolific = [song(number, artists=[10], themes=["sad"]) for number in range(2, 8)]
    idx = index(song(1, artists=[9], themes=["sad"]), *prolific, song(8, artists=[11], themes=["sad"]))
    assert sorted(recommended(idx, 1)) == [2, 3, 4, 5, 6, 7, 8]


def test_pick_diverse_keeps_the_best_first():
    one, two, three = song(2, artists=[10]), song(3, artists=[10]), song(4, artists=[10])
    picked = pick_diverse(song(1, artists=[9]), [(one, 5.0), (two, 4.0), (three, 3.0)], limit=3)
    assert [(facts.song_id, points) for facts, points in picked] == [(2, 5.0), (3, 4.0), (4, 3.0)]


def test_at_most_eight_recommendations():
    songs = [song(number, artists=[100 + number], themes=["sad"]) for number in range(1, 30)]
    assert len(recommended(index(*songs), 1)) == LIMIT


def test_the_quick_scores_are_the_full_scores_totals():
    songs = [
        song(1, artists=[10], themes=["a", "b"], drama=3, voice=FEMALE_SOLO, released="2012-01-01"),
        song(2, artists=[11], featuring=[10], themes=["a"], voice=FEMALE_SOLO, released="2014-01-01"),
        song(3, artists=[20], themes=["b"], drama=3, voice=MALE_SOLO, released="2011-01-01"),
        song(4, artists=[21], voice=FEMALE_SOLO, released="2001-01-01"),
        song(5, artists=[22, 23], themes=["a", "b"], voice=("mixed", "duet")),
        song(6, artists=[30], voice=("female", "group"), released="2013-01-01"),
    ]
    idx = index(*songs, lists={7: [1, 2, 3, 4, 5], 8: [3, 1, 6]}, memberships=[(30, 10), (30, 21)])
    for one, other in itertools.permutations(songs, 2):
        total, _ = idx.score(one, other)
        quick = idx.quick_scores(one, [other.song_id])
        assert (-quick[0][0] if quick else 0) == pytest.approx(total)


def test_reasons_come_weightiest_first_and_at_most_two():
    idx = index(
        song(1, artists=[10], themes=["sad"], drama=3, voice=FEMALE_SOLO, released="2019-01-01"),
        song(2, artists=[10], themes=["sad"], drama=3, voice=FEMALE_SOLO, released="2019-05-01"),
        lists={7: [1, 2]},
    )
    (pick,) = idx.recommend(1)
    assert kinds(pick) == ["lists", "artists"]
    total, parts = idx.score(idx.songs[1], idx.songs[2])
    assert [part["kind"] for part in parts] == ["lists", "artists", "drama", "voice", "themes"]
    assert pick.score == pytest.approx(total, abs=1e-4)


# Voices


@pytest.mark.parametrize(
    ("artists", "voice"),
    [
        ([], ("", "")),
        ([("female", "solo")], ("female", "solo")),
        ([("male", "group")], ("male", "group")),
        ([("male", "band")], ("male", "group")),
        ([("female", "solo"), ("male", "solo")], ("mixed", "duet")),
        ([("male", "solo"), ("male", "group")], ("male", "duet")),
        ([("", "solo")], ("", "solo")),
        ([("female", "solo"), ("", "solo")], ("", "duet")),
    ],
)
def test_voice_of_main_artists(artists, voice):
    assert voice_of(artists) == voice


# Reasons in words

NAMES = Names(
    lists={7: "Tearjerkers"},
    themes={1: "Rainy day", 2: "Longing"},
    artists={10: "Chen", 11: "Punch", 12: "EXO", 13: "Baekhyun"},
    dramas={5: ("Hotel Del Luna", "drama"), 6: ("Firefighters", "film")},
)


@pytest.mark.parametrize(
    ("part", "words"),
    [
        ({"kind": "lists", "count": 3, "list": 7}, "in 3 lists with this song, including Tearjerkers"),
        ({"kind": "lists", "count": 1, "list": 7}, "also in Tearjerkers"),
        ({"kind": "artists", "artists": [10]}, "Chen sings on both"),
        ({"kind": "artists", "artists": [10, 11]}, "Chen and Punch sing on both"),
        ({"kind": "member", "member": 10, "group": 12, "on": "similar"}, "by Chen of EXO"),
        ({"kind": "member", "member": 10, "group": 12, "on": "song"}, "by EXO, Chen’s group"),
        ({"kind": "bandmates", "artists": [10, 13], "group": 12}, "by Baekhyun, who sings with Chen in EXO"),
        ({"kind": "drama", "drama": 5}, "from the same drama, Hotel Del Luna"),
        ({"kind": "drama", "drama": 6}, "from the same film, Firefighters"),
        ({"kind": "themes", "themes": [1]}, "also tagged Rainy day"),
        ({"kind": "themes", "themes": [1, 2]}, "also tagged Rainy day and Longing"),
        (
            {"kind": "voice", "voice": ["female", "solo"], "decade": 2010},
            "also a female solo voice from the 2010s",
        ),
        ({"kind": "voice", "voice": ["mixed", "duet"], "decade": None}, "also a duet of men and women"),
        ({"kind": "era", "decade": 1990}, "also from the 1990s"),
    ],
)
def test_reasons_in_words(part, words):
    assert strip_tags(describe(part, NAMES)) == words


def test_titles_are_emphasized_and_names_escaped():
    names = Names(lists={7: "<b>Sad</b> & slow"})
    assert (
        describe({"kind": "lists", "count": 1, "list": 7}, names)
        == "also in <em>&lt;b&gt;Sad&lt;/b&gt; &amp; slow</em>"
    )


def test_a_reason_naming_something_unknown_is_not_said():
    # A list missing from the names is one that is no longer published.
    assert describe({"kind": "lists", "count": 2, "list": 99}, NAMES) is None
    assert describe({"kind": "voice", "voice": ["", "solo"], "decade": None}, NAMES) is None


def test_ids_named_by_collects_what_reasons_mention():
    parts = [
        {"kind": "lists", "count": 2, "list": 7},
        {"kind": "member", "member": 10, "group": 12, "on": "song"},
        {"kind": "themes", "themes": [1, 2]},
        {"kind": "drama", "drama": 5},
        {"kind": "voice", "voice": ["female", "solo"], "decade": None},
    ]
    assert ids_named_by(parts) == {"lists": {7}, "artists": {10, 12}, "themes": {1, 2}, "dramas": {5}}
