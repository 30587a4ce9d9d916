from django.urls import path

from core import views, views_data

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("review/weekly/", views.review_weekly, name="review_weekly"),
    path("language/", views.language_set, name="language_set"),
    path("data/import/", views_data.data_import, name="data_import"),
    path("data/import/errors.csv", views_data.data_import_errors, name="data_import_errors"),
    path("data/import/template/<slug:kind>.csv", views_data.data_import_template, name="data_import_template"),
    path("healthz", views.healthz, name="healthz"),
]
