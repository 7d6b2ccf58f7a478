"""The digest e-mail: one message per recipient listing their reminders, HTML and text.

Subjects are long and Vietnamese. Python's header folding (email.policy on 3.11–3.13, and
email.header.Header that Django uses) can drop the space between two encoded words, so
"Nhắc việc: 3 nhiệm vụ" arrives as "Nhắc việc: 3nhiệm vụ". We encode the subject ourselves:
base64 encoded words cut at character boundaries, every space inside a word, one word per
folded line, stored raw so no policy refolds it. ``subject_encode`` is tested by parsing the
bytes a real SMTP server received.
"""

from __future__ import annotations

import base64
import email.policy
import email.utils
import hashlib
from email.message import EmailMessage as StdEmailMessage
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

# Each folded line must stay under the policy's 78 characters, or the generator refolds it
# (and reintroduces the bug): "Subject: " + "=?utf-8?b?" + 52 base64 chars + "?=" = 73, so
# 39 bytes of UTF-8 per encoded word.
WORD_BYTES = 39


def subject_encode(text: str) -> str:
    """RFC 2047 encode ``text`` so that any decoder gives it back exactly, spaces included."""
    if text.isascii() and len(text) < 70:
        return text
    words: list[str] = []
    chunk = b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > WORD_BYTES:
            words.append(chunk.decode("utf-8"))
            chunk = b""
        chunk += encoded
    if chunk:
        words.append(chunk.decode("utf-8"))
    # Whitespace between encoded words is dropped by decoders, so the text's own spaces
    # travel inside the words and the folding whitespace carries none of them.
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(w.encode()).decode('ascii')}?=" for w in words)


def message_id_for(reminder_ids: list[int]) -> str:
    """A stable Message-ID for a digest of these reminders: a re-send after a crash reuses it,
    so mail stores that de-duplicate by Message-ID keep one copy."""
    digest = hashlib.sha256(",".join(str(i) for i in sorted(reminder_ids)).encode()).hexdigest()[:32]
    domain = getattr(settings, "REMINDER_MESSAGE_ID_DOMAIN", "theodoi.local")
    return f"<reminders.{digest}@{domain}>"


class WireMessage(StdEmailMessage):
    """The stdlib message, accepting the ``linesep`` argument Django's SMTP backend passes."""

    def as_bytes(self, unixfrom: bool = False, policy: Any = None, linesep: str | None = None) -> bytes:
        policy = policy or self.policy
        if linesep is not None:
            policy = policy.clone(linesep=linesep)
        return super().as_bytes(unixfrom, policy)


class ReminderEmail(EmailMultiAlternatives):
    """A Django e-mail (so every configured backend sends it) whose MIME message is built
    with the modern email API and a subject encoded by ``subject_encode``."""

    def __init__(self, *args: Any, message_id: str, reminder_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.message_id = message_id
        self.reminder_ids = reminder_ids

    def message(self, *, policy: Any = None) -> WireMessage:  # type: ignore[override]
        msg = WireMessage(policy=email.policy.SMTP)
        msg["From"] = self.from_email
        msg["To"] = ", ".join(self.to)
        msg["Date"] = email.utils.formatdate(localtime=True)
        msg["Message-ID"] = self.message_id
        # set_raw: stored as encoded; lines are short, so the policy never refolds them.
        msg.set_raw("Subject", subject_encode(self.subject))
        msg["X-Theodoi-Reminders"] = ",".join(str(i) for i in self.reminder_ids)
        msg["Auto-Submitted"] = "auto-generated"
        msg.set_content(self.body, charset="utf-8")
        for content, mimetype in self.alternatives:
            if mimetype == "text/html":
                msg.add_alternative(content, subtype="html", charset="utf-8")
        return msg
