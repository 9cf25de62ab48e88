"""Pages of a long listing, numbered in the query string: a bad or past-the-end number is a 404."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def page_of(request, items, per_page, param="page"):
    """The page of ``items`` that ``request`` asks for in ``param`` (the first when it asks for none)."""
    paginator = Paginator(items, per_page)
    number = request.GET.get(param) or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(f"There is no page {number} here.") from None
