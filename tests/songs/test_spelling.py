"""Spelling keys: one Korean name however it is written, and what keeps different names apart."""

import pytest

from songs.spelling import (
    choseong,
    deletions,
    edit_distance,
    exact_key,
    fold,
    from_two_set_keyboard,
    is_choseong,
    loose_key,
    romanize,
    to_two_set_keyboard,
    without_trailing_jamo,
    words,
)

SAME_LOOSE_KEY = [
    # Revised Romanization, McCune–Reischauer and the spellings artists use.
    ("Jung Seung-hwan", "Jeong Seunghwan"),
    ("Jung Seung-hwan", "Chŏng Sŭnghwan"),
    ("Jung Seung-hwan", "Chung Seung Hwan"),
    ("Jung Seung-hwan", "정승환"),
    ("Kim Sung-kyu", "Kim Sung-gyu"),
    ("Kim Sung-kyu", "Kim Seong-gyu"),
    ("Sunggyu", "Sungkyu"),
    ("Sunggyu", "성규"),
    ("Taeyeon", "Tae-yeon"),
    ("Taeyeon", "Tae Yeon"),
    ("Taeyeon", "태연"),
    ("Baek Ye-rin", "baekyerin"),
    ("Baek Ye-rin", "백예린"),
    ("Baek Ye-rin", "Paek Ye-rin"),
    ("Baekhyun", "백현"),
    ("Baekhyun", "Baek Hyeon"),
    ("Kyuhyun", "규현"),
    ("Kyuhyun", "Gyuhyeon"),
    ("Lee Ji-eun", "이지은"),
    ("Lee Ji-eun", "Yi Ji-eun"),
    ("Lee Ji-eun", "Rhee Jieun"),
    ("Choi", "Choe"),
    ("Park", "Parc"),
    ("Park Hyo-shin", "Park Hyo Sin"),
    ("Park Hyo-shin", "박효신"),
    ("DALsooobin", "Dal Subin"),
    ("DALsooobin", "달수빈"),
    ("Yoon", "Yun"),
    ("Joo-young", "Ju-young"),
    ("Wendy", "웬디"),
    ("Suzy", "수지"),
    ("Doh Kyung-soo", "도경수"),
    ("Son Seung-wan", "손승완"),
    ("Kim Tae-yeon", "김태연"),
    ("Jaejoong", "재중"),
    ("Lee Seung-chul", "Lee Seung Cheol"),
    ("Hyo-shin", "Hyoshin"),
    ("Seo Eun-kwang", "Seo Eun-gwang"),
    ("Lim Hyun-sik", "Lim Hyeon-sik"),
    ("Chanyeol", "Chan-yeol"),
    ("bampyeonji", "밤편지"),
    ("pamp'yŏnji", "밤편지"),
    ("Hotel Del Luna", "hotel del runa"),
]

DIFFERENT_LOOSE_KEYS = [
    ("Jin", "Jimin"),
    ("Baekhyun", "Baek Ji-young"),
    ("Taeyeon", "Taeyang"),
    ("Chen", "Chanyeol"),
    ("IU", "Ailee"),
    ("Heize", "Henry"),
    ("Sandeul", "Sandara"),
]


@pytest.mark.parametrize(("one", "other"), SAME_LOOSE_KEY)
def test_romanizations_of_one_name_share_a_loose_key(one, other):
    assert loose_key(one) == loose_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_LOOSE_KEYS)
def test_different_names_keep_different_loose_keys(one, other):
    assert loose_key(one) != loose_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("KIM JAE JOONG", "Kim Jaejoong"),
        ("Ye-rin", "Yerin"),
        ("Ye Rin", "YERIN"),
        ("Beyoncé", "Beyonce"),
        ("ＩＵ", "iu"),
    ],
)
def test_exact_keys_ignore_case_spacing_hyphens_and_accents(one, other):
    assert exact_key(one) == exact_key(other)


def test_loose_keys_do_not_depend_on_spacing():
    assert loose_key("baek yerin") == loose_key("baekyerin") == loose_key("Baek Ye-rin")


def test_prefixes_of_a_name_are_prefixes_of_its_loose_key():
    assert loose_key("baekyerin").startswith(loose_key("baekye"))
    assert loose_key("백예린").startswith(loose_key("백옐"))


def test_words_split_hangul_from_latin_and_join_apostrophes():
    assert words("IU아이유") == ["iu", "아이유"]
    assert words("Ch'ŏng Sŭnghwan") == ["chong", "sunghwan"]
    assert words("Girls' Generation") == ["girls", "generation"]


@pytest.mark.parametrize("text", ["\x00baek", "\u202ebaek", "\u200fbaek\u200e", "baek\x7f", "\ufeffbaek"])
def test_folding_drops_control_and_direction_marks(text):
    assert words(text) == ["baek"]


def test_folding_keeps_hangul_and_lone_jamo_as_typed():
    assert fold("백ㅇ") == "백ㅇ"
    assert fold("ㅂㅇㄹ") == "ㅂㅇㄹ"


@pytest.mark.parametrize("text", ["", "!!!", "🎵🎵", "%_\\", "' OR 1=1 --"])
def test_keys_of_text_without_letters_are_empty_or_plain(text):
    assert exact_key(text).isalnum() or exact_key(text) == ""
    assert loose_key(text).isalnum() or loose_key(text) == ""


def test_romanize_spells_syllables_and_lone_jamo():
    assert romanize("백예린") == "baekyerin"
    assert romanize("ㄹ") == "r"
    assert romanize("Baek") == "Baek"


@pytest.mark.parametrize(
    ("hangul", "initials"),
    [("백예린", "ㅂㅇㄹ"), ("아이유", "ㅇㅇㅇ"), ("사랑의 불시착", "ㅅㄹㅇㅂㅅㅊ"), ("IU", "")],
)
def test_choseong_keeps_each_syllables_initial_consonant(hangul, initials):
    assert choseong(hangul) == initials


def test_only_consonant_jamo_make_a_choseong_query():
    assert is_choseong("ㅂㅇㄹ")
    assert not is_choseong("백예린")
    assert not is_choseong("ㅏ")
    assert not is_choseong("")


def test_a_word_being_typed_drops_its_lone_jamo():
    assert without_trailing_jamo("백ㅇ") == "백"
    assert without_trailing_jamo("백예린") == "백예린"


@pytest.mark.parametrize(
    ("typed", "hangul"),
    [
        ("qordPfls", "백예린"),
        ("qordpfls", "백에린"),
        ("dkdldb", "아이유"),
        ("tjdtlrud", "성시경"),
        ("wjdtmdghks", "정승환"),
        ("xodus", "태연"),
        ("rhoscksgdk", "괜찮아"),
        ("ekfrqhRdmaxkd", "닭볶음탕"),
        ("qordP", "백예"),
        ("qordPf", "백옐"),
        ("qordPfl", "백예리"),
        ("qord", "백ㅇ"),
    ],
)
def test_latin_letters_typed_on_a_korean_keyboard_become_hangul(typed, hangul):
    assert from_two_set_keyboard(typed) == hangul


@pytest.mark.parametrize("typed", ["love", "palette", "iu", "kim", "exo", "a", "qr1", "", "백예린", "q d"])
def test_english_words_and_other_text_are_not_keyboard_hangul(typed):
    assert from_two_set_keyboard(typed) is None


@pytest.mark.parametrize("hangul", ["백예린", "아이유", "괜찮아", "닭볶음탕", "뷁", "사랑", "김성규"])
def test_keyboard_conversion_goes_both_ways(hangul):
    assert from_two_set_keyboard(to_two_set_keyboard(hangul)) == hangul


def test_deletions_leave_out_one_letter_each():
    assert deletions("abc") == {"bc", "ac", "ab"}


@pytest.mark.parametrize(
    ("one", "other", "distance"),
    [
        ("taeyeon", "taeyeon", 0),
        ("taeyeon", "taeyon", 1),
        ("taeyeon", "taeyeeon", 1),
        ("taeyeon", "taeyoen", 1),
        ("taeyeon", "taeyean", 1),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
    ],
)
def test_edit_distance_counts_swaps_as_one_edit(one, other, distance):
    assert edit_distance(one, other) == distance
