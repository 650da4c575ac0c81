from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "uplift.access"
    label = "access"
