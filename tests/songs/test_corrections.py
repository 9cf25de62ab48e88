"""The rule that keeps editors' corrections, without a database."""

import pytest

from songs.corrections import Outcome, reconcile


@pytest.mark.parametrize(
    ("current", "last_imported", "spotify", "outcome"),
    [
        # Still what the last import wrote: follow Spotify, silently.
        ("Dear", "Dear", "Dear (Remastered)", Outcome("Dear (Remastered)", kept_editors=False)),
        ("Dear", "Dear", "Dear", Outcome("Dear", kept_editors=False)),
        # Empty: fill it, whatever was imported before.
        ("", "Dear", "Dear", Outcome("Dear", kept_editors=False)),
        (None, 215, 219, Outcome(219, kept_editors=False)),
        # Changed by an editor: keep it, and say so when Spotify differs.
        ("Dear (Live)", "Dear", "Dear", Outcome("Dear (Live)", kept_editors=True)),
        ("Dear (Live)", "Dear", "Dear (Live)", Outcome("Dear (Live)", kept_editors=False)),
        (230, 215, 219, Outcome(230, kept_editors=True)),
        # From before imports remembered anything: keep what is there.
        ("Dear", "", "DEAR", Outcome("Dear", kept_editors=True)),
        ("Dear", "", "Dear", Outcome("Dear", kept_editors=False)),
        (215, None, 215, Outcome(215, kept_editors=False)),
    ],
)
def test_a_field_follows_spotify_only_while_nobody_changed_it(current, last_imported, spotify, outcome):
    assert reconcile(current, last_imported, spotify) == outcome
