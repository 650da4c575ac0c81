app_name = "outcomes"

urlpatterns: list = []
