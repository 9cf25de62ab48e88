"""Natural keys, so that ``dumpdata --natural-foreign --natural-primary`` makes a backup that loads back.

Every record is named by what identifies it to a person — a slug, a theme's name, or the
records it joins — never by its id: a backup then loads into an empty database (its ids
assigned afresh) and references between records still meet. ``natural_key_lookups`` are
lookups on the model, following foreign keys with ``__`` as in a queryset filter.
"""

from django.db import models


def natural_key_by_lookups(instance):
    values = []
    for lookup in instance.natural_key_lookups:
        value = instance
        for attribute in lookup.split("__"):
            value = getattr(value, attribute)
        values.append(value)
    return tuple(values)


class NaturalKeyQuerySet(models.QuerySet):
    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_lookups, key, strict=True)))


class NaturalKeyModel(models.Model):
    """A model named in backups by its ``natural_key_lookups``."""

    natural_key_lookups = ("slug",)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return natural_key_by_lookups(self)
