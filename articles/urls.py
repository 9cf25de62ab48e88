from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from . import discover_views, views
from .feeds import LatestListsAtomFeed, LatestListsFeed
from .sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("lists/", views.ListArticleListView.as_view(), name="list_index"),
    path("lists/<slug:slug>/", views.ListArticleDetailView.as_view(), name="list_detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("discover/", discover_views.DiscoverView.as_view(), name="discover"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("feeds/lists/", LatestListsFeed(), name="list_feed"),
    path("feeds/lists/atom/", LatestListsAtomFeed(), name="list_feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
