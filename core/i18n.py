"""Strings Django itself shows whose Indonesian translation its own catalog lacks: listed
here so `make messages` keeps them in ours, which Django reads first (LOCALE_PATHS)."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),  # the empty choice of Django 6's select boxes
]
