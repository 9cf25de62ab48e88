"""Search over the demo catalog and lists: what readers type, and what they should find first.

The same cases run on SQLite and on PostgreSQL (CI runs the suite on each).
"""

import pytest

from articles.demo import load_demo_lists
from articles.search_index import rebuild
from songs.demo import load_demo_catalog
from tests.helpers import loaded_for_module


@pytest.fixture(scope="module")
def demo_index(django_db_setup, django_db_blocker):
    def load():
        load_demo_catalog()
        load_demo_lists()
        return rebuild()

    with loaded_for_module(django_db_blocker, load) as counts:
        yield counts


@pytest.fixture
def suggestions(demo_index, db, client):
    def suggest(query):
        response = client.get("/search/suggest/", {"q": query})
        assert response.status_code == 200
        return [result["url"] for result in response.json()["results"]]

    return suggest


# (what a reader types, the page that must be among the first three suggestions)
FIRST_THREE = [
    # Artists: display names, aliases, order, hyphens, case.
    ("Yerin Baek", "/artists/yerin-baek/"),
    ("baek yerin", "/artists/yerin-baek/"),
    ("Baek Ye-rin", "/artists/yerin-baek/"),
    ("BAEK YERIN", "/artists/yerin-baek/"),
    ("ye rin baek", "/artists/yerin-baek/"),
    ("baekyerin", "/artists/yerin-baek/"),
    ("KIM JAE JOONG", "/artists/kim-jaejoong/"),
    ("kim jaejoong", "/artists/kim-jaejoong/"),
    ("jaejoong", "/artists/kim-jaejoong/"),
    ("Jung Seung-hwan", "/artists/jung-seung-hwan/"),
    ("Jeong Seunghwan", "/artists/jung-seung-hwan/"),
    ("Chŏng Sŭnghwan", "/artists/jung-seung-hwan/"),
    ("seunghwan jung", "/artists/jung-seung-hwan/"),
    ("Kim Sung-kyu", "/artists/kim-sung-kyu/"),
    ("sunggyu", "/artists/kim-sung-kyu/"),
    ("Sungkyu", "/artists/kim-sung-kyu/"),
    ("kim seong-gyu", "/artists/kim-sung-kyu/"),
    ("taeyeon", "/artists/taeyeon/"),
    ("Tae-yeon", "/artists/taeyeon/"),
    ("kim tae yeon", "/artists/taeyeon/"),
    ("Kyuhyun", "/artists/kyuhyun/"),
    ("Cho Kyu-hyun", "/artists/kyuhyun/"),
    ("gyuhyeon", "/artists/kyuhyun/"),
    ("park hyo shin", "/artists/park-hyo-shin/"),
    ("Park Hyoshin", "/artists/park-hyo-shin/"),
    ("pak hyo-sin", "/artists/park-hyo-shin/"),
    ("Lee Ji-eun", "/artists/iu/"),
    ("IU", "/artists/iu/"),
    ("iu", "/artists/iu/"),
    ("Son Seung-wan", "/artists/wendy/"),
    ("wendy", "/artists/wendy/"),
    ("Kim Taehyung", "/artists/v/"),
    ("V", "/artists/v/"),
    ("Bangtan Boys", "/artists/bts/"),
    ("BTS", "/artists/bts/"),
    ("IZONE", "/artists/iz-one/"),
    ("IZ*ONE", "/artists/iz-one/"),
    ("D.O.", "/artists/do/"),
    ("Doh Kyung-soo", "/artists/do/"),
    ("Zion T", "/artists/zion-t/"),
    ("K.Will", "/artists/k-will/"),
    ("kwill", "/artists/k-will/"),
    ("Lee Hi", "/artists/lee-hi/"),
    ("LeeHi", "/artists/lee-hi/"),
    ("Dal Subin", "/artists/dalsooobin/"),
    ("dalsoobin", "/artists/dalsooobin/"),
    ("snsd", "/artists/girls-generation/"),
    ("girls generation", "/artists/girls-generation/"),
    ("Parc Jae-jung", "/artists/parc-jae-jung/"),
    ("Park Jaejung", "/artists/parc-jae-jung/"),
    ("Byun Baekhyun", "/artists/baekhyun/"),
    # Hangul, syllable prefixes, initial consonants, a Korean keyboard left on.
    ("백예린", "/artists/yerin-baek/"),
    ("백예", "/artists/yerin-baek/"),
    ("백옐", "/artists/yerin-baek/"),
    ("ㅂㅇㄹ", "/artists/yerin-baek/"),
    ("qordPfls", "/artists/yerin-baek/"),
    ("qordpfls", "/artists/yerin-baek/"),
    ("아이유", "/artists/iu/"),
    ("dkdldb", "/artists/iu/"),
    ("성시경", "/artists/sung-si-kyung/"),
    ("ㅅㅅㄱ", "/artists/sung-si-kyung/"),
    ("tjdtlrud", "/artists/sung-si-kyung/"),
    ("정승환", "/artists/jung-seung-hwan/"),
    ("태연", "/artists/taeyeon/"),
    ("방탄소년단", "/artists/bts/"),
    ("밤편지", "/songs/through-the-night/"),
    ("qkavuswl", "/songs/through-the-night/"),
    ("사랑의 불시착", "/dramas/crash-landing-on-you/"),
    ("사랑의", "/dramas/crash-landing-on-you/"),
    ("ㅅㄹㅇㅂㅅㅊ", "/dramas/crash-landing-on-you/"),
    ("태양의 후예", "/dramas/descendants-of-the-sun/"),
    ("호텔 델루나", "/dramas/hotel-del-luna/"),
    ("도깨비", "/dramas/guardian-the-lonely-and-great-god/"),
    # A drama by the title readers know it by.
    ("goblin", "/dramas/guardian-the-lonely-and-great-god/"),
    ("dokkaebi", "/dramas/guardian-the-lonely-and-great-god/"),
    # A romanized query finds hangul-only titles; a hangul query romanized names.
    ("bampyeonji", "/songs/through-the-night/"),
    ("sarangui bulsichak", "/dramas/crash-landing-on-you/"),
    ("kim sung kyu", "/artists/kim-sung-kyu/"),
    # Typos in words of five letters or more: dropped, added, swapped, doubled.
    ("Taeyon", "/artists/taeyeon/"),
    ("Taeyeeon", "/artists/taeyeon/"),
    ("Taeyoen", "/artists/taeyeon/"),
    ("Taeyyeon", "/artists/taeyeon/"),
    ("Baekhyn", "/artists/baekhyun/"),
    ("Baekhuyn", "/artists/baekhyun/"),
    ("kyuhyunn", "/artists/kyuhyun/"),
    ("descendents of the sun", "/dramas/descendants-of-the-sun/"),
    ("decsendants of the sun", "/dramas/descendants-of-the-sun/"),
    ("hospitl playlist", "/dramas/hospital-playlist/"),
    ("itaewon clas", "/dramas/itaewon-class/"),
    ("Daydremer", "/songs/daydreamer/"),
    # Prefixes as the reader types, words in any order.
    ("descendants of", "/dramas/descendants-of-the-sun/"),
    ("descendants o", "/dramas/descendants-of-the-sun/"),
    ("descen", "/dramas/descendants-of-the-sun/"),
    ("crash landing", "/dramas/crash-landing-on-you/"),
    ("hotel del", "/dramas/hotel-del-luna/"),
    ("the sun descendants", "/dramas/descendants-of-the-sun/"),
    ("playlist hospital", "/dramas/hospital-playlist/"),
    ("through the nig", "/songs/through-the-night/"),
    ("taeye", "/artists/taeyeon/"),
    ("baekh", "/artists/baekhyun/"),
    # Songs, albums, dramas, lists and themes by their own names.
    ("Through the Night", "/songs/through-the-night/"),
    ("Here I Am Again", "/songs/here-i-am-again/"),
    ("Palette", "/albums/palette/"),
    ("Love poem", "/songs/love-poem/"),
    ("Hotel Del Luna", "/dramas/hotel-del-luna/"),
    ("Moon Lovers", "/dramas/moon-lovers-scarlet-heart-ryeo/"),
    ("Dr. Romantic 2", "/dramas/dr-romantic-2/"),
    ("dr romantic", "/dramas/dr-romantic-2/"),
    ("Start-Up", "/dramas/start-up/"),
    ("startup", "/dramas/start-up/"),
    ("Ballads for a rainy day", "/lists/ballads-for-a-rainy-day/"),
    ("ballads after midnight", "/lists/late-night-ballads/"),
    ("Tearjerkers", "/themes/tearjerkers/"),
    ("piano ballads", "/themes/piano-ballads/"),
    ("winter ballads", "/themes/winter-ballads/"),
    # Words from two kinds at once.
    ("iu palette", "/albums/palette/"),
    ("iu palette", "/songs/through-the-night/"),
    ("palette iu", "/songs/ending-scene/"),
    ("chen exo", "/artists/chen/"),
    ("exo chen", "/artists/chen/"),
    ("baek yerin crash landing", "/songs/here-i-am-again/"),
    ("baek yerin crash landing on you", "/songs/here-i-am-again/"),
    ("crash landing on you baek yerin", "/songs/here-i-am-again/"),
    ("yerin crash", "/songs/here-i-am-again/"),
    ("iu crash landing", "/songs/give-you-my-heart/"),
    ("heize hotel del luna", "/songs/can-you-see-my-heart/"),
    ("hotel del luna heize", "/songs/can-you-see-my-heart/"),
    ("baekhyun dr romantic", "/songs/my-love-baekhyun/"),
    ("jo jung suk aloha", "/songs/aloha/"),
    ("aloha hospital playlist", "/songs/aloha/"),
    ("v itaewon class", "/songs/sweet-night/"),
    ("kim taehyung sweet night", "/songs/sweet-night/"),
    ("iu love poem", "/songs/love-poem/"),
    ("taeyeon girls generation", "/artists/taeyeon/"),
    ("wendy red velvet", "/artists/wendy/"),
]


@pytest.mark.parametrize(("query", "url"), FIRST_THREE)
def test_the_record_a_reader_means_is_in_the_first_three_suggestions(suggestions, query, url):
    assert url in suggestions(query)[:3]


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("baek yerin", "/artists/yerin-baek/"),
        ("iu", "/artists/iu/"),
        ("descendants of the sun", "/dramas/descendants-of-the-sun/"),
        ("chen exo", "/artists/chen/"),
        ("ㅂㅇㄹ", "/artists/yerin-baek/"),
        ("hotel del luna", "/dramas/hotel-del-luna/"),
        ("palette", "/albums/palette/"),
    ],
)
def test_the_exact_match_comes_first(suggestions, query, url):
    assert suggestions(query)[0] == url


def test_an_artist_comes_before_a_song_of_the_same_name(suggestions):
    found = suggestions("Dream")
    assert found.index("/songs/dream/") < found.index("/albums/dream/")
    assert suggestions("heize")[0] == "/artists/heize/"


def test_the_draft_list_is_never_suggested(suggestions):
    for query in ["saying goodbye", "Songs for saying goodbye", "goodbye"]:
        assert "/lists/songs-for-saying-goodbye/" not in suggestions(query)


def test_the_results_page_groups_the_demo_results(demo_index, db, client):
    from tests.helpers import parse, texts

    page = parse(client.get("/search/", {"q": "hospital playlist"}))
    headings = texts(page, "main h2")
    assert headings[0] == "Best match"
    assert {"Dramas", "Albums", "Songs"} <= set(headings)
    assert texts(page, ".search-best .search-result__name a")[0].startswith("Hospital Playlist")
