"""The "Editors" group: the staff who write the catalog and the lists.

Data migrations call ``grant_to_editors`` for the models each app gives editors,
so the group holds exactly the permissions its work needs and nothing else
(no users, groups or site settings).
"""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Editors"
ACTIONS = ("add", "change", "delete", "view")


def grant_to_editors(apps, app_label, model_names, actions=ACTIONS):
    """Give the Editors group ``actions`` on ``model_names`` of ``app_label``."""
    app_config = apps.get_app_config(app_label)
    # Permissions are normally made after all migrations ran; make them now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for the Editors group: {sorted(missing)}")
    group.permissions.add(*permissions)
