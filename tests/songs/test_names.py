import pytest

from songs.names import name_key, romanize_hangul, slug_base, title_key, unique_slug

SAME_PERSON = [
    ("KIM JAE JOONG", "Kim Jaejoong"),
    ("Kim Jae-joong", "Kim Jaejoong"),
    ("Park Hyo-shin", "Park Hyo Shin"),
    ("Park Hyo-shin", "PARK HYOSHIN"),
    ("Yerin Baek", "Baek Yerin"),
    ("Yerin Baek", "Baek Ye-rin"),
    ("Paul Kim", "Kim Paul"),
    ("John Park", "Park John"),
    ("Lee MinHyuk", "Lee Minhyuk"),
    ("Jang Sae-byeok", "jang saebyeok"),
    ("Seo Eun-Kwang", "Seo Eunkwang"),
    ("Yook Sung-jae", "Sungjae Yook"),
    ("백예린", "백 예린"),
    ("아이유", "아이유"),
    ("IZ*ONE", "IZONE"),
    ("D.O.", "DO"),
    ("K.Will", "K Will"),
    ("Zion.T", "zion t"),
    ("EXO-CBX", "EXO CBX"),
    ("Beyoncé", "Beyonce"),
    ("ＩＵ", "IU"),
]

DIFFERENT_PEOPLE = [
    ("Jang Sae-byeok", "Jang Se-byeok"),
    ("Jin", "Jimin"),
    ("V", "Vi"),
    ("백예린", "Baek Yerin"),
    ("EXO", "EXO-CBX"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PERSON)
def test_spellings_of_one_name_share_a_key(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_PEOPLE)
def test_different_names_have_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_name_key_is_lowercase_without_separators():
    assert name_key("Park Hyo-shin") == "parkhyoshin"


def test_family_name_moves_to_the_front_only_when_it_ends_the_name():
    assert name_key("Yerin Baek") == "baekyerin"
    assert name_key("Lee Seung Chul") == "leeseungchul"
    assert name_key("Kim Na Young") == "kimnayoung"


def test_hangul_keeps_its_syllables_composed():
    assert name_key("백 예린") == "백예린"
    assert len(name_key("백예린")) == 3


def test_title_key_ignores_case_and_punctuation_but_not_word_order():
    assert title_key("Lonely Night") == title_key("lonely night")
    assert title_key("Forever (약속)") == "forever약속"
    assert title_key("Love Poem") != title_key("Poem Love")
    assert title_key("Paul Kim") == "paulkim"


def test_punctuation_only_text_has_an_empty_key():
    assert name_key("///") == ""
    assert title_key("♡ ♡") == ""


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("광화문에서", "gwanghwamuneseo"),
        ("백예린", "baekyerin"),
        ("약속", "yaksok"),
        ("눈 닮은 눈", "nun dameun nun"),
        ("우연이 아니야", "uyeoni aniya"),
        ("Forever 약속", "Forever yaksok"),
    ],
)
def test_hangul_is_romanized_letter_by_letter(hangul, latin):
    assert romanize_hangul(hangul) == latin


def test_a_hangul_only_title_gets_a_readable_ascii_slug():
    assert slug_base("광화문에서") == "gwanghwamuneseo"


def test_slug_base_takes_the_first_candidate_that_makes_a_slug():
    assert slug_base("///", "", "Eternal Sunshine") == "eternal-sunshine"
    assert slug_base("♡", fallback="song") == "song"


def test_unique_slug_adds_a_number_until_the_slug_is_free():
    taken = {"dear", "dear-2"}
    assert unique_slug("dear", taken.__contains__) == "dear-3"
    assert unique_slug("rose", taken.__contains__) == "rose"


def test_unique_slug_respects_the_maximum_length():
    slug = unique_slug("a" * 100, lambda slug: slug == "a" * 80, max_length=80)
    assert slug == "a" * 78 + "-2"
