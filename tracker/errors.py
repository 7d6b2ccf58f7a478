"""Errors services raise; views and the API turn them into Vietnamese messages and status codes."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the rules refuse; ``message`` is shown to the user as it is (translated)."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)

    def __str__(self) -> str:
        return self.message


class NotAllowed(ServiceError):
    """The actor's role or body does not allow the action (HTTP 403)."""

    status_code = 403


class VersionConflict(ServiceError):
    """Someone else changed the task since the actor loaded it (HTTP 409)."""

    status_code = 409
