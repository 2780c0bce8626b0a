"""Load the demo region; running it again changes nothing."""

from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo region (a kota modelled on Kota Malang), idempotently."

    def handle(self, *args, **options):
        region = load_demo()
        self.stdout.write(
            f"Demo region {region.name}: {region.agencies.count()} agencies, "
            f"{region.services.count()} services."
        )
