from django.urls import path

from core import views

urlpatterns = [
    path("language/", views.language_set, name="language_set"),
    path("healthz", views.healthz, name="healthz"),
]
