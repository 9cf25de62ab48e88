"""Create a staff account in the Editors group, asking for its password."""

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from songs.editors import EDITORS_GROUP


class Command(BaseCommand):
    help = "Create an editor: a staff account in the Editors group. Asks for the password."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        try:
            editors = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group is missing: run `python manage.py migrate` first."
            ) from None
        user = User(username=username, email=email, is_staff=True)
        user.set_password(self.ask_password(user))
        with transaction.atomic():
            user.save()
            user.groups.add(editors)
        self.stdout.write(self.style.SUCCESS(f"Editor {username!r} created. They can sign in at /admin/."))

    def ask_password(self, user):
        for _attempt in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords don't match. Try again.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
        raise CommandError("No password set; the account was not created.")
