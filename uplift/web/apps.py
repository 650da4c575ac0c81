from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "uplift.web"
    label = "web"
