from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models, no views, nothing in the admin: so no verbose name to translate.
    name = "demo"
