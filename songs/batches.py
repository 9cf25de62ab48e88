"""Reading and writing many rows in few queries, within the limits every database allows."""

# SQLite limits how many values one query may carry; stay well below it.
BATCH = 900


def in_batches(values):
    values = list(values)
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def fetch_by(queryset, field_name, values):
    """``queryset`` rows whose ``field_name`` is in ``values``, in batches."""
    rows = []
    for batch in in_batches(values):
        rows.extend(queryset.filter(**{f"{field_name}__in": batch}))
    return rows
