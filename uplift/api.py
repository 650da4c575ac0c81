"""The REST API root (django-ninja); OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="OTOP Uplift API", version="1", urls_namespace="api")
