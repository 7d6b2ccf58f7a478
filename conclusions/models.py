"""Conclusion documents as imported: the original file, what was read from it, topic rules.

This app knows nothing of bodies and tasks (that is ``tracker``, which depends on it);
a conclusion here is the document and its metadata, in draft until the office publishes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office


def source_upload_to(instance: SourceDocument, filename: str) -> str:
    # Stored under the checksum so two offices' files never collide and names stay ASCII.
    return f"conclusions/{instance.office_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class SourceDocument(models.Model):
    """An uploaded original (.docx, .pdf, .txt, .doc) kept as evidence of what was imported."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="source_documents")
    file = models.FileField(_("file"), upload_to=source_upload_to, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("document text"), blank=True, help_text=_("The text as read, shown on review."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            # The same file uploaded twice to one office is recognised, not imported twice.
            models.UniqueConstraint(fields=["office", "sha256"], name="source_document_unique_per_office"),
        ]

    def __str__(self) -> str:
        return self.original_name


class Conclusion(models.Model):
    """A conclusion (Kết luận / Thông báo kết luận) and the metadata read from it."""

    class Kind(models.TextChoices):
        KET_LUAN = "ket_luan", _("Conclusion")
        THONG_BAO_KET_LUAN = "thong_bao_ket_luan", _("Notice of conclusion")
        OTHER = "other", _("Other document")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="conclusions")
    source_document = models.OneToOneField(
        SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="conclusion"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    doc_kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.KET_LUAN)
    number = models.CharField(_("number"), max_length=64, blank=True)
    title = models.TextField(_("title"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    period_label = models.CharField(_("period"), max_length=128, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    monitoring = models.JSONField(_("monitoring duty"), null=True, blank=True)
    references = models.JSONField(_("references"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    parsed = models.JSONField(_("parser output"), null=True, blank=True, help_text=_("As the machine read it."))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["-meeting_date", "-imported_at"]

    def __str__(self) -> str:
        label = self.number or (self.title[:80] if self.title else "")
        return label or f"#{self.pk}"


class TopicRule(models.Model):
    """Office-edited data: tasks mentioning these keywords are suggested for this body.

    Stored as the body's name (matched against the body directory on import) so that this
    app needs nothing from ``tracker``.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="topic_rules")
    keywords = models.CharField(
        _("keywords"), max_length=500, help_text=_("Comma-separated, e.g. 'kiểm tra, giám sát'")
    )
    body_name = models.CharField(_("suggested body"), max_length=255)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic rule")
        verbose_name_plural = _("topic rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.keywords} → {self.body_name}"

    def keyword_list(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.keywords.split(",") if k.strip())
