"""Evidence files, served by a view that checks the task is visible (never from MEDIA_URL)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from tracker.selectors import tasks as task_selectors


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as an attachment with its stored type; 404 unless the user may see the task."""
    evidence = task_selectors.evidence_get(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    # A stored HTML or SVG must never run in the app's origin, whatever the browser guesses.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
