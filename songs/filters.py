"""The filters readers apply on the index pages, read from the query string.

Each filter form validates its own fields; a value that is not valid (an unknown
gender, a decade like "abc") is dropped, so a bad link shows the unfiltered
page instead of an error.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Album, Artist, Drama, SongCredit, Theme

FIRST_DECADE = 1960


def decade_choices():
    this_decade = timezone.localdate().year // 10 * 10
    return [("", "Any decade")] + [
        (str(decade), f"{decade}s") for decade in range(this_decade, FIRST_DECADE - 1, -10)
    ]


def with_any(label, choices):
    return [("", label), *choices]


class IndexFilterForm(forms.Form):
    """A filter form that keeps only the fields whose values are valid."""

    def __init__(self, query):
        super().__init__(query)
        self.fields["decade"] = forms.TypedChoiceField(
            choices=decade_choices(), coerce=int, required=False, empty_value=None
        )

    def active_filters(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def apply(self, queryset):
        for name, value in self.active_filters().items():
            queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset

    def query_string(self):
        """The active filters as a query string, for pagination links."""
        return urlencode(self.active_filters())

    def filter_decade(self, queryset, decade):
        return queryset.filter(released_on__year__gte=decade, released_on__year__lt=decade + 10)


class SongFilterForm(IndexFilterForm):
    gender = forms.ChoiceField(choices=with_any("Any artist", Artist.Gender.choices), required=False)
    kind = forms.ChoiceField(choices=with_any("Any line-up", Artist.Kind.choices), required=False)
    soundtrack = forms.ChoiceField(
        choices=[("", "Soundtracks or not"), ("yes", "Soundtracks only"), ("no", "No soundtracks")],
        required=False,
    )
    theme = forms.SlugField(required=False)

    def filter_gender(self, queryset, gender):
        credits = SongCredit.objects.filter(song=OuterRef("pk"), artist__gender=gender)
        return queryset.filter(Exists(credits))

    def filter_kind(self, queryset, kind):
        return queryset.filter(Exists(SongCredit.objects.filter(song=OuterRef("pk"), artist__kind=kind)))

    def filter_soundtrack(self, queryset, soundtrack):
        return queryset.filter(drama__isnull=soundtrack == "no")

    def filter_theme(self, queryset, slug):
        return queryset.filter(themes__slug=slug)

    def selected_theme(self):
        slug = self.active_filters().get("theme")
        return Theme.objects.filter(slug=slug).first() if slug else None


class ArtistFilterForm(IndexFilterForm):
    gender = forms.ChoiceField(choices=with_any("Any gender", Artist.Gender.choices), required=False)
    kind = forms.ChoiceField(choices=with_any("Any line-up", Artist.Kind.choices), required=False)

    def __init__(self, query):
        super().__init__(query)
        del self.fields["decade"]

    def filter_gender(self, queryset, gender):
        return queryset.filter(gender=gender)

    def filter_kind(self, queryset, kind):
        return queryset.filter(kind=kind)


class AlbumFilterForm(IndexFilterForm):
    kind = forms.ChoiceField(choices=with_any("Any kind", Album.Kind.choices), required=False)

    def filter_kind(self, queryset, kind):
        return queryset.filter(kind=kind)


class DramaFilterForm(IndexFilterForm):
    kind = forms.ChoiceField(choices=with_any("Any kind", Drama.Kind.choices), required=False)

    def filter_kind(self, queryset, kind):
        return queryset.filter(kind=kind)

    def filter_decade(self, queryset, decade):
        return queryset.filter(year__gte=decade, year__lt=decade + 10)
