"""The Discover page: filters read from the query string, song cards in ``#results``."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.views.generic import ListView

from songs.pagination import CatalogPaginator, RankedFirstPaginator

from .discover import SORTS, DiscoverFilters
from .recommendations import refresh_due_lists


class DiscoverView(ListView):
    template_name = "articles/discover.html"
    context_object_name = "songs"
    paginate_by = 24

    def get_queryset(self):
        refresh_due_lists()
        self.filters = DiscoverFilters(self.request.GET)
        return self.filters.results()

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.filters.ranks_by_mood_lists:
            ranked = self.filters.mood_ranked_ids()
            unranked = self.filters.unranked(queryset)
            return RankedFirstPaginator(queryset, per_page, ranked, unranked, count=self.filters.song_count)
        return CatalogPaginator(queryset, per_page, count=self.filters.song_count)

    def paginate_queryset(self, queryset, page_size):
        """A malformed page number shows the first page; one past the end is a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = self.request.GET.get("page", "")
        number = int(page) if page.isdigit() and int(page) > 0 else 1
        try:
            page_obj = paginator.page(number)
        except InvalidPage as error:
            raise Http404(f"There is no page {number} of these songs.") from error
        return paginator, page_obj, page_obj.object_list, page_obj.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters,
            choices=self.filters.choices(),
            sorts=SORTS,
            filter_query=self.filters.query_string(),
            **kwargs,
        )
