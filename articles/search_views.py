"""The search pages: results grouped by kind at /search/, and typeahead suggestions as JSON."""

import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.generic import TemplateView

from .models import ListArticle
from .search import KIND_LABELS, KINDS, clean_query
from .search_queries import KIND_WINDOW, PAGE_WINDOW, SUGGEST_WINDOW, entries, search, spelling_suggestions

logger = logging.getLogger(__name__)

GROUP_SIZE = 5
KIND_PAGE_SIZE = 20
SUGGESTIONS = 10
POPULAR_LISTS = 6
SUGGEST_MAX_AGE = 60


class SearchView(TemplateView):
    template_name = "articles/search.html"

    def get_context_data(self, **kwargs):
        query_text = clean_query(self.request.GET.get("q", ""))
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in KINDS else ""
        context = super().get_context_data(search_query=query_text, kind=kind, **kwargs)
        if not query_text:
            return {**context, "popular_lists": self.popular_lists()}
        if kind:
            found = search(query_text, kinds=[kind], window=KIND_WINDOW)
            context.update(self.kind_page(found, query_text, kind))
        else:
            found = search(query_text, window=PAGE_WINDOW)
            context.update(self.grouped(found))
        context["query_words"] = found.query.words
        if not context["has_results"]:
            context["spellings"] = spelling_suggestions(found.query) if found.query else []
            context["popular_lists"] = self.popular_lists()
        return context

    def grouped(self, found):
        """The best match, then each kind's best few, kinds in the order of their best match."""
        shown = []
        for kind in KINDS:
            shown += found.by_kind[kind][:GROUP_SIZE]
        by_id = {entry.pk: entry for entry in entries(shown)}
        kinds_in_order = sorted(
            (kind for kind in KINDS if found.by_kind[kind]),
            key=lambda kind: found.ranked.index(found.by_kind[kind][0]),
        )
        best = next((by_id[item.entry_id] for item in found.ranked if item.entry_id in by_id), None)
        groups = []
        for kind in kinds_in_order:
            ranked = found.by_kind[kind]
            group = [by_id[item.entry_id] for item in ranked[:GROUP_SIZE] if item.entry_id in by_id]
            group = [entry for entry in group if entry != best]  # shown once, at the top
            if group:
                more = len(ranked) > GROUP_SIZE
                groups.append({"kind": kind, "label": KIND_LABELS[kind][1], "entries": group, "more": more})
        return {"best": best, "groups": groups, "has_results": best is not None}

    def kind_page(self, found, query_text, kind):
        page = Paginator(found.by_kind[kind], KIND_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {
            "kind_label": KIND_LABELS[kind][1],
            "page_obj": page,
            "results": entries(page.object_list),
            "has_results": bool(page.object_list),
            "filter_query": urlencode({"q": query_text, "kind": kind}),
        }

    def popular_lists(self):
        return (
            ListArticle.objects.published()
            .for_cards()
            .order_by("-featured", "-published_at", "-pk")[:POPULAR_LISTS]
        )


def suggest(request):
    """Up to ten suggestions, best first: {"query": ..., "results": [{"kind", "name", "url", "detail"}…]}.

    A failing database gives an empty list rather than an error: the search box
    still works as a plain form.
    """
    query_text = clean_query(request.GET.get("q", ""))
    results = []
    try:
        found = search(query_text, window=SUGGEST_WINDOW)
        results = [
            {
                "kind": entry.kind,
                "kind_label": KIND_LABELS[entry.kind][0],
                "name": entry.name,
                "other_name": entry.other_name,
                "url": entry.url,
                "detail": entry.detail,
            }
            for entry in entries(found.ranked[:SUGGESTIONS])
        ]
        cache_seconds = SUGGEST_MAX_AGE
    except DatabaseError:
        logger.exception("Search suggestions failed for %r", query_text)
        cache_seconds = 0
    response = JsonResponse(
        {"query": query_text, "results": results}, json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=cache_seconds)
    return response
