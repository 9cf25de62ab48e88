"""Pages of a long listing, numbered in the query string: a bad or past-the-end number is a 404.

Deep pages stay quick: a page first reads just the ids of its rows, walking the
sort's index rather than whole rows, and a page past the middle walks from the
other end (the reversed order), so no page skips more than half the rows.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


class CatalogPaginator(Paginator):
    """A paginator for ordered querysets (the order must end with a unique column, e.g. pk).

    ``count`` may be given when it is cheaper to know than to count the queryset, and
    ``ordered_ids`` (every row's id, in order) when a query without a limit reads them
    best: the page then fetches its rows by id.
    """

    def __init__(
        self, object_list, per_page, orphans=0, allow_empty_first_page=True, count=None, ordered_ids=None
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.ordered_ids = ordered_ids
        if ordered_ids is not None:
            count = len(ordered_ids)
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom, top):
        ids = self.page_ids(bottom, top)
        by_id = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]

    def page_ids(self, bottom, top):
        if bottom == top:
            return []
        if self.ordered_ids is not None:
            return self.ordered_ids[bottom:top]
        if bottom > self.count - top:
            ids = list(
                self.object_list.reverse().values_list("pk", flat=True)[
                    self.count - top : self.count - bottom
                ]
            )
            ids.reverse()
            return ids
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])


class RankedFirstPaginator(CatalogPaginator):
    """``ranked_ids`` first, in their order, then ``rest`` (the other rows of ``object_list``)
    in its own order: for a ranking that only some rows have, computed apart."""

    def __init__(self, object_list, per_page, ranked_ids, rest, count=None):
        super().__init__(object_list, per_page, count=count)
        self.ranked_ids, self.rest = ranked_ids, rest

    def page_ids(self, bottom, top):
        ranked = self.ranked_ids[bottom:top]
        if bottom + len(ranked) == top:
            return ranked
        skip = max(0, bottom - len(self.ranked_ids))
        wanted = top - bottom - len(ranked)
        return ranked + list(self.rest.values_list("pk", flat=True)[skip : skip + wanted])


def page_of(request, items, per_page, param="page", count=None, ordered_ids=None):
    """The page of ``items`` that ``request`` asks for in ``param`` (the first when it asks for none)."""
    paginator = CatalogPaginator(items, per_page, count=count, ordered_ids=ordered_ids)
    number = request.GET.get(param) or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(f"There is no page {number} here.") from None
