from django.urls import path

from . import views

app_name = "global_trade"

urlpatterns = [
    path("", views.index, name="index"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/report.pdf", views.report_pdf, name="pdf"),
    path("enrolments/<int:pk>/listings/new/", views.listing_new, name="listing-new"),
    path("enrolments/<int:pk>/feeds/<slug:target>.<slug:fmt>", views.feed, name="feed"),
    path("enrolments/<int:pk>/price/", views.price, name="price"),
    path("enrolments/<int:pk>/sales/", views.sales_add, name="sales"),
    path("listings/<int:pk>/", views.listing, name="listing"),
    path("listings/<int:pk>/delete/", views.listing_delete, name="listing-delete"),
    path("listings/<int:pk>/check/", views.listing_recheck, name="listing-check"),
    path("listings/<int:pk>/images/", views.image_add, name="image-add"),
    path("listings/<int:pk>/events/", views.event_add, name="event-add"),
    path("images/<int:pk>/remove/", views.image_remove, name="image-remove"),
    path("images/<int:pk>/first/", views.image_first, name="image-first"),
    path("img/<str:token>", views.image, name="image"),
    path("quotes/<int:pk>/", views.quote, name="quote"),
    path("quotes/<int:pk>/quote.pdf", views.quote_pdf, name="quote-pdf"),
    path("quotes/<int:pk>/quote.xlsx", views.quote_xlsx, name="quote-xlsx"),
    path("hs/", views.hs, name="hs"),
    path("showcase/<str:token>/", views.showcase, name="showcase"),
]
