"""URLs of the decision stage (comprehensive review, proposed list, notice objections, approval, awards,
certificates); included into the "award" namespace by award/urls.py."""
from django.urls import path  # noqa: F401

urlpatterns = []
