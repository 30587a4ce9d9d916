from django.urls import path

from core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("review/weekly/", views.review_weekly, name="review_weekly"),
    path("language/", views.language_set, name="language_set"),
    path("healthz", views.healthz, name="healthz"),
]
