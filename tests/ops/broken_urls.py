"""A URLconf whose view loses the database, for the 503 test."""

from django.db import OperationalError
from django.urls import path

handler500 = "uplift.ops.views.server_error"


def lost(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def broken(request):
    raise ValueError("ผิดพลาด")


urlpatterns = [path("lost/", lost), path("api/lost/", lost), path("broken/", broken)]
