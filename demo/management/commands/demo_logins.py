"""Print the demo accounts and their password."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, DEMO_SIGNING_PASSPHRASE, demo_logins


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        rows = demo_logins()
        width = max(len(username) for username, _name, _what in rows)
        self.stdout.write("")
        self.stdout.write(f"Satu Pintu demo: {settings.SATUPINTU_BASE_URL}/  (sign in at /masuk/)")
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        self.stdout.write(f"Signing officials' signing passphrase: {DEMO_SIGNING_PASSPHRASE}")
        for username, name, what in rows:
            self.stdout.write(f"  {username.ljust(width)}  {name} · {what}")
        self.stdout.write("")
