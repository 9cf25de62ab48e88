"""One rule for query strings, site-wide: a parameter the database cannot store is a 400.

Views and the admin filter on what readers type into the address. A value that cannot
be stored or compared made them fail in their own ways (PostgreSQL refuses NUL in a
string, Python's dates refuse a year of eleven digits), so this middleware answers every
such request with the 400 page before any view sees it:

- a name or value holding NUL;
- bytes that are not UTF-8 (malformed or overlong sequences, encoded lone surrogates);
- a value longer than ``MAX_VALUE_LENGTH`` characters;
- more parameters than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``.

A number too large for what it stands for (a year, a page, an id) passes the check, as a
long number typed into a search box should; a view that meets one raises OverflowError.
The admin takes the names of fields from the query (``_to_field``) and raises
FieldDoesNotExist for one that is empty or unknown. Both are answered with the 400 page
too: they come from what the request asked for, not from a fault of the site.
"""

from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest, FieldDoesNotExist

# Far above any real filter or search (the search box takes 200 characters), far below
# what would make a lookup or a cache key expensive.
MAX_VALUE_LENGTH = 2000


def query_problem(query_string):
    """Why this raw query string (as WSGI gives it, bytes as Latin-1) is refused, or ""."""
    try:
        pairs = parse_qsl(
            query_string,
            keep_blank_values=True,
            encoding="latin-1",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except ValueError:
        return "too many parameters"
    for pair in pairs:
        for part in pair:
            problem = text_problem(part)
            if problem:
                return problem
    return ""


def text_problem(latin1_text):
    try:
        text = latin1_text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return "a parameter that is not UTF-8"
    if "\x00" in text:
        return "a NUL character in a parameter"
    if len(text) > MAX_VALUE_LENGTH:
        return f"a parameter longer than {MAX_VALUE_LENGTH} characters"
    return ""


class QueryGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_problem(request.META.get("QUERY_STRING", ""))
        if problem:
            raise BadRequest(f"Refused a query string with {problem}")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | FieldDoesNotExist):
            raise BadRequest(f"The request asked for what cannot be: {exception}") from exception
        return None
