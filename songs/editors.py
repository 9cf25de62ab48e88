"""The "Editors" group: the staff who write the catalog and the lists.

Each app names the models its editors work on; a data migration and a
``post_migrate`` receiver (which also runs after a test database is flushed)
call ``grant_to_editors`` with them, so the group holds exactly the permissions
its work needs and nothing else (no users, groups or site settings).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Editors"
ACTIONS = ("add", "change", "delete", "view")
CATALOG_MODELS = [
    "artist",
    "artistalias",
    "membership",
    "album",
    "drama",
    "song",
    "songcredit",
    "theme",
    "taggedsong",
    "possibleduplicate",
]


def grant_to_editors(apps, app_label, model_names, actions=ACTIONS):
    """Give the Editors group ``actions`` on ``model_names`` of ``app_label``."""
    app_config = apps.get_app_config(app_label)
    # Permissions are normally made after all migrations ran; make them now. A
    # migration's app registry has no models module, which create_permissions needs.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for the Editors group: {sorted(missing)}")
    group.permissions.add(*permissions)


def editors_receiver(app_label, model_names):
    """A ``post_migrate`` receiver that grants ``model_names`` of ``app_label`` to the Editors group."""

    def grant(sender, apps=global_apps, **kwargs):
        # migrate passes the migrated state's apps; flush sends none, meaning the real ones.
        grant_to_editors(apps, app_label, model_names)

    return grant
