"""The pure side of search: keys, probes and ranking, without a database.

``TinyIndex`` holds the keys ``index_keys`` gives a few records and answers probes
the way the search table does (every row, no windows), so ranking is tested on
what real names produce.
"""

import pytest

from articles.search import (
    CONTEXT,
    EXACT,
    INITIALS,
    LOOSE,
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    PRIMARY,
    SECONDARY,
    Hit,
    Name,
    analyze,
    anchors,
    clean_query,
    closest_spellings,
    highlight,
    index_keys,
    near_variants,
    popularity_of,
    rank,
    rank_key,
    ranks_of_field,
    spelling_variants,
    spelling_words,
    with_corrections,
)
from songs.spelling import is_one_letter_changed


class TinyIndex:
    def __init__(self):
        self.rows, self.names, self.words = [], {}, set()

    def add(self, entry_id, kind, names, popularity=0):
        self.names[entry_id] = names
        for item in index_keys(names):
            self.rows.append(
                (
                    entry_id,
                    kind,
                    item.key,
                    item.field,
                    item.whole,
                    rank_key(item.field, item.whole, popularity),
                )
            )
        self.words |= spelling_words(names)
        return entry_id

    def search(self, text):
        query = analyze(text)
        variants = query.typo_variants
        near = {word for word in self.words if spelling_variants(word) & variants}
        query = with_corrections(query, near)
        hits = [
            Hit(number, *row)
            for number, probe in enumerate(query.probes)
            for row in self.rows
            if (row[2].startswith(probe.key) if probe.prefix else row[2] == probe.key)
        ]
        return [item.entry_id for item in rank(query, hits)]


def person(name):
    return Name(name, PRIMARY, person=True)


@pytest.fixture
def index():
    index = TinyIndex()
    index.add(1, "artist", [person("Yerin Baek"), Name("백예린"), person("Baek Ye-rin")], popularity=8)
    index.add(2, "artist", [person("Baek Ji-young"), Name("백지영")], popularity=20)
    index.add(3, "artist", [person("Baekhyun"), Name("백현")], popularity=12)
    index.add(4, "drama", [Name("Crash Landing on You"), Name("사랑의 불시착")], popularity=3)
    index.add(
        5,
        "song",
        [
            Name("Here I Am Again"),
            Name("다시 난, 여기"),
            Name("Yerin Baek", CONTEXT, True),
            Name("Crash Landing on You", CONTEXT),
        ],
        popularity=2,
    )
    index.add(6, "artist", [person("IU"), Name("아이유"), person("Lee Ji-eun")], popularity=30)
    index.add(7, "album", [Name("Palette"), Name("IU", CONTEXT, True)], popularity=2)
    index.add(
        8,
        "song",
        [Name("Through the Night"), Name("밤편지"), Name("IU", CONTEXT, True), Name("Palette", CONTEXT)],
        5,
    )
    index.add(9, "song", [Name("Love poem"), Name("IU", CONTEXT, True)], popularity=4)
    index.add(10, "artist", [person("Chen"), Name("첸"), Name("EXO", CONTEXT)], popularity=2)
    index.add(
        11,
        "artist",
        [Name("EXO-CBX"), Name("첸백시"), Name("ChenBaekXi"), Name("EXO", CONTEXT)],
        popularity=1,
    )
    index.add(12, "artist", [Name("EXO"), Name("엑소")], popularity=15)
    index.add(13, "drama", [Name("Descendants of the Sun"), Name("태양의 후예")], popularity=1)
    index.add(14, "artist", [person("Taeyeon"), Name("태연"), person("Kim Tae-yeon")], popularity=9)
    index.add(15, "artist", [person("Taeyang"), Name("태양")], popularity=9)
    index.add(16, "song", [Name("Rain"), Name("Taeyeon", CONTEXT, True)], popularity=1)
    index.add(17, "artist", [Name("Rain"), Name("비")], popularity=1)
    index.add(18, "song", [Name("Rain"), Name("Taeyang", CONTEXT, True)], popularity=6)
    index.add(
        19, "list", [Name("Rainy day ballads"), Name("Songs for grey afternoons.", SECONDARY)], popularity=20
    )
    index.add(20, "theme", [Name("Rainy day")], popularity=4)
    index.add(21, "artist", [person("Jung Seung-hwan"), Name("정승환")], popularity=3)
    index.add(22, "artist", [person("Kim Sung-kyu"), Name("김성규"), person("Sunggyu")], popularity=4)
    index.add(23, "artist", [person("V"), Name("뷔"), person("Kim Tae-hyung")], popularity=10)
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Yerin Baek", 1),
        ("baek yerin", 1),
        ("BAEK YE-RIN", 1),
        ("Ye Rin Baek", 1),
        ("baekyerin", 1),
        ("백예린", 1),
        ("백예", 1),
        ("ㅂㅇㄹ", 1),
        ("qordPfls", 1),
        ("paek yerin", 1),
        ("yerin", 1),
        ("jeong seunghwan", 21),
        ("Chŏng Sŭnghwan", 21),
        ("정승환", 21),
        ("sungkyu", 22),
        ("kim seong-gyu", 22),
        ("taeyeon", 14),
        ("Tae-yeon", 14),
        ("taeyon", 14),
        ("taeyeonn", 14),
        ("tayeon", 14),
        ("Kim Taeyeon", 14),
        ("v", 23),
        ("kim taehyung", 23),
        ("descendants of", 13),
        ("descendants of the sun", 13),
        ("decsendants of the sun", 13),
        ("태양의 후예", 13),
        ("밤편지", 8),
        ("bampyeonji", 8),
        ("iu", 6),
        ("아이유", 6),
        ("dkdldb", 6),
        ("lee ji-eun", 6),
        ("chen", 10),
        ("chen exo", 10),
        ("exo", 12),
    ],
)
def test_the_record_a_reader_means_comes_first(index, query, expected):
    assert index.search(query)[0] == expected


def test_an_artist_beats_a_song_of_the_same_name(index):
    assert index.search("rain")[0] == 17


def test_popular_beats_obscure_between_equal_matches(index):
    ranked = index.search("rain")
    assert ranked.index(18) < ranked.index(16)


def test_an_exact_name_beats_a_fuzzy_one_however_popular(index):
    index.add(24, "artist", [person("Jin")], popularity=1)
    index.add(25, "artist", [person("Jeen")], popularity=500)
    ranked = index.search("jin")
    assert ranked.index(24) < ranked.index(25)
    assert index.search("jeen")[0] == 25


def test_words_from_two_kinds_find_what_carries_both(index):
    ranked = index.search("iu palette")
    assert set(ranked[:2]) == {7, 8}
    assert ranked.index(8) < ranked.index(9)


def test_artist_and_drama_find_the_soundtrack_song(index):
    assert index.search("baek yerin crash landing")[0] == 5
    assert index.search("crash landing on you yerin")[0] == 5


def test_a_list_is_found_by_its_title_and_a_theme_by_its_name(index):
    assert index.search("rainy day")[:2] == [20, 19] or index.search("rainy day")[:2] == [19, 20]
    assert 19 in index.search("grey afternoons")


def test_prefixes_as_the_reader_types_find_the_name(index):
    for typed in ["desc", "descendants", "descendants of t", "crash landing o"]:
        assert index.search(typed)[0] in (13, 4), typed


def test_words_in_any_order_find_the_same_record(index):
    assert index.search("the sun descendants")[0] == 13


@pytest.mark.parametrize("text", ["", "   ", "!!!", "🎵", "\x00", "\u202e", "%", "_", "\\"])
def test_queries_without_words_make_no_probes(text):
    query = analyze(text)
    assert not query
    assert query.probes == ()


def test_queries_are_bounded_in_length_and_words():
    assert len(clean_query("a" * 1000)) == MAX_QUERY_LENGTH
    assert len(analyze(" ".join(["word"] * 50)).words) == MAX_QUERY_WORDS


def test_sql_and_like_metacharacters_stay_out_of_keys():
    query = analyze("100% _baek_ \\ ' OR 1=1 --")
    assert query.probes
    assert all(set(probe.key[1:]) <= set("abcdefghijklmnopqrstuvwxyz0123456789") for probe in query.probes)


def test_a_korean_keyboard_query_gets_hangul_probes_and_english_does_not():
    assert any(
        probe.form == "keyboard" and probe.key == EXACT + "백예린" for probe in analyze("qordPfls").probes
    )
    assert not any(probe.form == "keyboard" for probe in analyze("love poem").probes)


def test_initial_consonants_are_looked_up_as_initials():
    assert [probe.key for probe in analyze("ㅂㅇㄹ").probes] == [INITIALS + "ㅂㅇㄹ"]


def test_every_run_of_words_is_a_complete_name_probe():
    keys = {probe.key for probe in analyze("baek yerin crash landing").probes if not probe.prefix}
    assert {EXACT + "baekyerin", EXACT + "crashlanding", EXACT + "yerincrash"} <= keys


def test_names_around_a_record_are_keyed_whole_only():
    keys = {item.key: item for item in index_keys([Name("Crash Landing on You", CONTEXT)])}
    assert set(keys) == {EXACT + "crashlandingonyou", LOOSE + "klaslantinkono"}
    assert all(item.whole and item.field == CONTEXT for item in keys.values())


def test_a_records_own_name_is_keyed_from_each_word_on():
    keys = {item.key for item in index_keys([Name("Descendants of the Sun")])}
    assert {EXACT + "descendantsofthesun", EXACT + "ofthesun", EXACT + "thesun", EXACT + "sun"} <= keys


def test_peoples_names_are_keyed_in_both_orders():
    keys = {item.key for item in index_keys([person("Yerin Baek")])}
    assert {EXACT + "yerinbaek", EXACT + "baekyerin"} <= keys


def test_a_lone_letter_is_a_key_only_as_a_whole_name():
    assert EXACT + "v" in {item.key for item in index_keys([person("V")])}
    assert EXACT + "k" not in {item.key for item in index_keys([Name("K will")])}


def test_rank_keys_put_own_complete_names_first_then_popular():
    assert rank_key(PRIMARY, True, 1) < rank_key(PRIMARY, False, 100) < rank_key(CONTEXT, True, 1000)
    assert rank_key(PRIMARY, True, 10) < rank_key(PRIMARY, True, 9)
    assert popularity_of(rank_key(CONTEXT, False, 42)) == 42


@pytest.mark.parametrize("field", [PRIMARY, SECONDARY, CONTEXT])
def test_a_fields_rank_keys_lie_in_its_rank_range_and_no_others_do(field):
    low, high = ranks_of_field(field)
    for other in (PRIMARY, SECONDARY, CONTEXT):
        for whole in (True, False):
            for popularity in (0, 1, 10**9):
                inside = low <= rank_key(other, whole, popularity) < high
                assert inside == (other == field)


def test_typo_corrections_only_within_one_edit():
    query = with_corrections(analyze("taeyoen"), {EXACT + "taeyeon", EXACT + "taeyang"})
    assert any(probe.key == EXACT + "taeyeon" and probe.form == "typo" for probe in query.probes)
    assert not any(probe.key == EXACT + "taeyang" for probe in query.probes)


@pytest.mark.parametrize(
    ("meant", "typed", "other"),
    [
        ("Hwang Do-jung", "hwang dojug", "Hwang Do-jun"),  # a letter dropped, or one changed
        ("Kim Taeyeon", "kim taeyeoon", "Kim Taeyeol"),  # a letter doubled, or one changed
        ("Park Minseok", "park minsoek", "Park Minseol"),  # two letters swapped, or one changed
    ],
)
def test_a_dropped_added_doubled_or_swapped_letter_beats_a_changed_one(meant, typed, other):
    """The slips the issue names: a less popular name they reach beats a popular one a
    changed letter reaches."""
    index = TinyIndex()
    index.add(1, "artist", [person(meant)], popularity=1)
    index.add(2, "artist", [person(other)], popularity=500)
    assert index.search(typed)[:2] == [1, 2]


def test_a_changed_letter_is_still_corrected_when_nothing_closer_exists():
    index = TinyIndex()
    index.add(1, "artist", [person("Hwang Do-jun")])
    assert index.search("hwang dojug") == [1]
    query = with_corrections(analyze("dojug"), {EXACT + "dojun"})
    assert [probe.form for probe in query.probes if probe.key == EXACT + "dojun"] == ["changed"]


def test_one_letter_changed_is_a_substitution_only():
    assert is_one_letter_changed("dojun", "dojug")
    assert not is_one_letter_changed("dojung", "dojug")  # dropped
    assert not is_one_letter_changed("minseok", "minsoek")  # swapped
    assert not is_one_letter_changed("taeyeon", "taeyeon")


def test_short_words_get_no_typo_variants():
    assert analyze("iu").typo_variants == frozenset()
    assert EXACT + "taeyon" in analyze("taeyeon").typo_variants


def test_two_word_given_names_are_typo_targets():
    assert EXACT + "yunye" in spelling_words([person("Lee Yun-ye")])


def test_anchors_are_the_complete_names_inside_a_longer_query():
    query = analyze("baek yerin crash landing on you")
    hits = [
        Hit(0, 1, "artist", EXACT + "baekyerin", PRIMARY, True, 0),
        Hit(0, 4, "drama", EXACT + "crashlandingonyou", PRIMARY, True, 0),
        Hit(0, 5, "song", EXACT + "crashlandingonyou", CONTEXT, True, 0),
    ]
    found = anchors(query, hits)
    assert [(anchor.key, anchor.start, anchor.end) for anchor in found] == [
        (EXACT + "crashlandingonyou", 2, 6),
        (EXACT + "baekyerin", 0, 2),
    ]


def test_a_query_that_is_one_name_has_no_anchor():
    query = analyze("crash landing on you")
    assert anchors(query, [Hit(0, 4, "drama", EXACT + "crashlandingonyou", PRIMARY, True, 0)]) == []


def test_highlight_marks_the_words_that_answer_the_query():
    segments = highlight("Here I Am Again (Yerin Baek)", ("yerin", "again"))
    assert [text for text, hit in segments if hit] == ["Again", "Yerin"]
    assert "".join(text for text, _ in segments) == "Here I Am Again (Yerin Baek)"


def test_highlight_marks_romanized_matches_in_other_spellings():
    assert [text for text, hit in highlight("Jung Seung-hwan", ("jeong",)) if hit] == ["Jung"]


def test_closest_spellings_replace_the_word_two_edits_away():
    found = {EXACT + "descendants", EXACT + "daydreamer", EXACT + "sun"}
    assert closest_spellings(("descndents", "of", "the", "sun"), found) == ["descendants of the sun"]


def test_near_variants_reach_two_deletions():
    assert EXACT + "dscndents" in near_variants(("descndents",))
