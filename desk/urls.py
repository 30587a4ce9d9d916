from django.urls import path

from desk.views import data, home, metrics, review

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", home.search, name="search"),
    path("metrics", metrics.metrics, name="metrics"),
    path("review/weekly/", review.review_weekly, name="review_weekly"),
    path("data/import/", data.data_import, name="data_import"),
    path("data/import/errors.csv", data.data_import_errors, name="data_import_errors"),
    path("data/import/template/<slug:kind>.csv", data.data_import_template, name="data_import_template"),
]
