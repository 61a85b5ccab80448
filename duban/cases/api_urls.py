"""The API's URLconf, included under /api/ by duban/urls.py (namespace "cases_api")."""

from .api import api

urlpatterns, _app_name, app_name = api.urls  # the namespace ninja reverses its own views under
