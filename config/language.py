"""Vietnamese first: the UI speaks Vietnamese unless the user has chosen another language.

Django's LocaleMiddleware follows the browser's Accept-Language, so an office computer with an
English browser would get the English msgids. Here only an explicit choice (the language
cookie set by /i18n/setlang/) changes the language; everyone else gets LANGUAGE_CODE ("vi").
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class VietnameseFirstLocaleMiddleware:
    """Activate the language from the language cookie when it names a supported one, else vi."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
