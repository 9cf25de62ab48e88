"""Template tags that put recommendations and Discover presets on catalog pages.

Song pages live in the catalog app, which knows nothing of lists; their
templates load these tags to show what the lists recommend.
"""

from django import template

from ..discover import home_presets, song_preset
from ..recommendations import recommendations_for, refresh_due_lists

register = template.Library()


@register.simple_tag
def similar_songs(song):
    """The song's recommendations, best first, with reasons (a fixed number of queries).

    Refreshes first the songs of any scheduled list whose time has come.
    """
    refresh_due_lists()
    return recommendations_for(song)


@register.simple_tag
def discover_preset(song):
    return song_preset(song)


@register.simple_tag
def discover_presets():
    return home_presets()
