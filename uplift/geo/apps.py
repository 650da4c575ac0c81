from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "uplift.geo"
    label = "geo"
