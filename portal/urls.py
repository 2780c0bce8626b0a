from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.service_list, name="service_list"),
    path("layanan/<slug:code>/", views.service_detail, name="service_detail"),
]
