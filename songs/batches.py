"""Reading and writing many rows in few queries, within the limits every database allows."""

# SQLite limits how many values one query may carry; stay well below it.
BATCH = 900


def in_batches(values):
    values = list(values)
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def fetch_by(queryset, field_name, values):
    """``queryset`` rows whose ``field_name`` is in ``values``, in batches.

    Rows come in no particular order unless ``queryset`` asks for one: sorting
    by a model's default ordering would only cost time here.
    """
    if not queryset.query.order_by:
        queryset = queryset.order_by()
    rows = []
    for batch in in_batches(values):
        rows.extend(queryset.filter(**{f"{field_name}__in": batch}))
    return rows


def fetch_by_spotify_id(queryset, spotify_ids):
    """``fetch_by`` on ``spotify_id``, saying ``spotify_id <> ''`` so that the database uses the
    partial unique index on Spotify ids instead of reading the whole table."""
    return fetch_by(queryset.exclude(spotify_id=""), "spotify_id", spotify_ids)
