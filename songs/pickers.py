"""The admin's pickers: themes from the existing vocabulary, songs told apart by artist, album and year."""

import difflib

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.urls import reverse
from django.utils.html import format_html

from .models import Song, Theme


def song_label(song):
    """ "Lonely Night — BEN · Lonely Night (2019)": what tells two songs of one title apart.

    Reads ``song.album`` and ``song.credits``; fetch them with ``Song.objects.with_credits()``.
    """
    artists = ", ".join(credit.artist.name for credit in song.credits.all())
    album = song.album.title if song.album else ""
    released_on = song.released_on or (song.album.released_on if song.album else None)
    year = f" ({released_on.year})" if released_on else ""
    details = (" · ".join(part for part in [artists, album] if part) + year).strip()
    return f"{song.title} — {details}" if details else song.title


class NamedPickerMixin:
    """static/js/admin-pickers.js names what select2 leaves unnamed (screen readers, axe)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin-pickers.js"])


class SongPicker(NamedPickerMixin, AutocompleteSelect):
    """The song autocomplete; ``labels`` (pk -> label), filled by a formset, saves a query per entry."""

    labels = {}

    def build_attrs(self, base_attrs, extra_attrs=None):
        # What the box says while no song is chosen (a new entry).
        return {
            **super().build_attrs(base_attrs, extra_attrs),
            "data-placeholder": "Find a song by title or artist",
        }

    def optgroups(self, name, value, attr=None):
        chosen = [choice for choice in value if choice]
        if not chosen:
            # select2 shows the placeholder only over an empty option.
            return [(None, [self.create_option(name, "", "", False, 0)], 0)]
        if len(chosen) == 1 and str(chosen[0]) in self.labels:
            option = self.create_option(name, chosen[0], self.labels[str(chosen[0])], True, 0)
            return [(None, [option], 0)]
        return super().optgroups(name, value, attr)


class SongChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, song):
        return song_label(song)


def song_picker_field(db_field, admin_site, **kwargs):
    """The picker alone, without the add/change/delete links: a long list repeats it a hundred times."""
    return SongChoiceField(
        # Validating a choice needs the song only; a label not given by ``labels`` reads its credits.
        queryset=Song.objects.select_related("album"),
        widget=SongPicker(db_field, admin_site),
        **{"label": "song", "help_text": db_field.help_text, **kwargs},
    )


class ThemesPicker(NamedPickerMixin, AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        # A refused name ("Longng") is shown again only in the error message, never as an id.
        return super().optgroups(name, [choice for choice in value if str(choice).isdigit()], attr)


class ThemesField(forms.ModelMultipleChoiceField):
    """Existing themes only. A name that is not a theme is refused with the closest one, so a typo
    never becomes a public theme; new themes are made on the theme admin's own page."""

    def clean(self, value):
        value = list(value or [])
        ids = [choice for choice in value if str(choice).isdigit()]
        names = [str(choice).strip() for choice in value if not str(choice).isdigit() and str(choice).strip()]
        return super().clean(ids + [str(existing_theme(name).pk) for name in names])


def existing_theme(name):
    """The theme called ``name`` (in any case), or a ``ValidationError`` that names the closest one."""
    theme = Theme.objects.filter(name__iexact=name).first()
    if theme is not None:
        return theme
    names = list(Theme.objects.values_list("name", flat=True))
    closest = difflib.get_close_matches(
        name.casefold(), [known.casefold() for known in names], n=1, cutoff=0.6
    )
    suggestion = next((known for known in names if closest and known.casefold() == closest[0]), None)
    hint = f" Did you mean “{suggestion}”?" if suggestion else ""
    raise forms.ValidationError(
        f"There is no theme “{name}”.{hint} Pick an existing theme, or add a new one under Themes first.",
        code="unknown_theme",
    )


def themes_field(db_field, admin_site):
    add_url = reverse(f"{admin_site.name}:songs_theme_add")
    return ThemesField(
        queryset=Theme.objects.all(),
        required=False,
        widget=ThemesPicker(db_field, admin_site),
        label="Themes",
        help_text=format_html(
            "Type to find an existing theme. A theme that is not there yet is added on purpose: "
            '<a href="{}" target="_blank">add a theme</a> (opens a new tab), then pick it here.',
            add_url,
        ),
    )


class ThemesPickerMixin:
    """For a model admin whose model has ``themes``: the autocomplete picker instead of free text."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            return themes_field(db_field, self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
