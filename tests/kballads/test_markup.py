"""Hangul in editors' Markdown and in names is marked lang="ko"; sanitizing still holds."""

from bs4 import BeautifulSoup

from kballads.markup import mark_korean, mark_korean_html, render_markdown


def korean_spans(html):
    return [span.get_text() for span in BeautifulSoup(html, "html.parser").select('span[lang="ko"]')]


def test_runs_of_hangul_in_commentary_are_marked_korean():
    html = render_markdown("IU sings **좋은 날** here, and 사랑 later.")
    assert korean_spans(html) == ["좋은 날", "사랑"]
    assert BeautifulSoup(html, "html.parser").select_one('strong > span[lang="ko"]')


def test_marking_keeps_the_sanitizer_s_work():
    html = render_markdown(
        '<span lang="ko" onclick="steal()">사랑</span> <script>alert(1)</script>'
        '[링크](javascript:alert(1)) [제목](https://example.com "노래 > 제목")'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("script") == []
    assert all(set(span.attrs) == {"lang"} for span in soup.select("span"))
    assert [link.get("href") for link in soup.select("a")] == [None, "https://example.com"]
    assert soup.select("a")[1]["title"] == "노래 > 제목"
    assert korean_spans(html) == ["사랑", "링크", "제목"]


def test_hangul_in_attributes_and_text_already_marked_is_left_alone():
    html = '<p><a href="https://example.com" title="노래">x</a> <span lang="ko">노래</span></p>'
    assert mark_korean_html(html) == html


def test_text_without_hangul_is_unchanged():
    assert render_markdown("Just *English*.") == "<p>Just <em>English</em>.</p>"


def test_a_mixed_name_is_escaped_and_only_its_hangul_marked():
    html = mark_korean("The 1st Mini Album '광화문에서 At Gwanghwamun' <b>")
    assert "<b>" not in html
    assert korean_spans(html) == ["광화문에서"]
