"""duban's URLs plus one view that fails, for the 500 page test."""

from django.urls import path

from duban.urls import handler500, urlpatterns as duban_urls  # noqa: F401 - handler500 is read from here


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *duban_urls]
