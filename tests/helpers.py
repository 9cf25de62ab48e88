"""Helpers for reading pages and counting queries in tests."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext


def parse(response):
    """The response's HTML as a BeautifulSoup tree, for asserting on elements."""
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    """An element's visible text with white space folded ("" for None)."""
    return " ".join(element.get_text().split()) if element else ""


def texts(soup, selector):
    return [text_of(element) for element in soup.select(selector)]


def count_queries(client, url):
    """How many database queries one GET of ``url`` runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)
