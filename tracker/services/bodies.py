"""The body directory: create and edit bodies, and import the whole directory from a sheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Office, User
from tracker.errors import NotAllowed, ServiceError
from tracker.models import Body, BodyMembership
from tracker.policy import Action, office_allows
from tracker.search import text_fold
from tracker.services.audit import audit_record
from tracker.services.tasks import UNSET, Unset

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

BODY_FIELDS = ("name", "short_name", "aliases", "kind", "parent", "active", "contact_emails", "head_name", "head_email")


def body_require(*, actor: User, office: Office) -> None:
    """Office staff manage their own office's directory; a superuser (Django admin) any office's."""
    if actor.is_superuser:
        return
    if actor.office_id != office.pk or not office_allows(actor, Action.MANAGE_BODIES):
        raise NotAllowed(_("You are not allowed to manage the body directory."))


def body_clean_list(values: Iterable[str]) -> list[str]:
    """Strip, drop empties and duplicates, keep order."""
    seen: dict[str, None] = {}
    for value in values:
        value = (value or "").strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def body_emails_check(emails: Sequence[str]) -> None:
    for email in emails:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ServiceError(_("“%(email)s” is not a valid e-mail address.") % {"email": email}) from exc


def body_values_check(*, office: Office, body: Body | None, values: dict[str, Any]) -> None:
    """The rules every body obeys: a unique name in its office, a parent of the same office, no cycle."""
    name = values.get("name", body.name if body else "")
    if not (name or "").strip():
        raise ServiceError(_("The body name cannot be empty."))
    clash = Body.objects.filter(office=office, name=name.strip())
    if body is not None:
        clash = clash.exclude(pk=body.pk)
    if clash.exists():
        raise ServiceError(_("A body named “%(name)s” already exists.") % {"name": name})
    if "kind" in values and values["kind"] not in Body.Kind.values:
        raise ServiceError(_("Unknown kind of body: “%(kind)s”.") % {"kind": values["kind"]})
    if "contact_emails" in values:
        body_emails_check(values["contact_emails"])
    if values.get("head_email"):
        body_emails_check([values["head_email"]])
    parent = values.get("parent")
    if parent is not None:
        if parent.office_id != office.pk:
            raise ServiceError(_("The parent body must belong to the same office."))
        walker: Body | None = parent
        while walker is not None and body is not None:
            if walker.pk == body.pk:
                raise ServiceError(_("A body cannot be placed under itself."))
            walker = walker.parent


def body_create(
    *,
    actor: User,
    office: Office,
    name: str,
    short_name: str = "",
    aliases: Iterable[str] = (),
    kind: str = Body.Kind.OTHER,
    parent: Body | None = None,
    contact_emails: Iterable[str] = (),
    head_name: str = "",
    head_email: str = "",
    active: bool = True,
) -> Body:
    """Office staff add a body to their office's directory (audited)."""
    body_require(actor=actor, office=office)
    values: dict[str, Any] = {
        "name": name.strip(),
        "short_name": short_name.strip(),
        "aliases": body_clean_list(aliases),
        "kind": kind,
        "parent": parent,
        "contact_emails": body_clean_list(contact_emails),
        "head_name": head_name.strip(),
        "head_email": head_email.strip(),
        "active": active,
    }
    with transaction.atomic():
        body_values_check(office=office, body=None, values=values)
        body = Body.objects.create(office=office, **values)
        audit_record(actor=actor, action="body_created", office_id=office.pk, field="body", after=body_snapshot(body))
    return body


def body_snapshot(body: Body) -> dict[str, Any]:
    """The audited view of a body: every field the directory shows."""
    return {
        "id": body.pk,
        "name": body.name,
        "short_name": body.short_name,
        "aliases": list(body.aliases),
        "kind": body.kind,
        "parent": body.parent.name if body.parent_id else None,
        "active": body.active,
        "contact_emails": list(body.contact_emails),
        "head_name": body.head_name,
        "head_email": body.head_email,
    }


def body_update(
    *,
    actor: User,
    body: Body,
    name: str | Unset = UNSET,
    short_name: str | Unset = UNSET,
    aliases: Iterable[str] | Unset = UNSET,
    kind: str | Unset = UNSET,
    parent: Body | Unset | None = UNSET,
    contact_emails: Iterable[str] | Unset = UNSET,
    head_name: str | Unset = UNSET,
    head_email: str | Unset = UNSET,
    active: bool | Unset = UNSET,
) -> Body:
    """Office staff edit a body; only the arguments passed change, each change audited."""
    body_require(actor=actor, office=body.office)
    values: dict[str, Any] = {}
    for key, value in (("name", name), ("short_name", short_name), ("kind", kind), ("head_name", head_name)):
        if value is not UNSET:
            values[key] = value.strip() if isinstance(value, str) else value
    if head_email is not UNSET:
        values["head_email"] = head_email.strip()
    if aliases is not UNSET:
        values["aliases"] = body_clean_list(aliases)
    if contact_emails is not UNSET:
        values["contact_emails"] = body_clean_list(contact_emails)
    if parent is not UNSET:
        values["parent"] = parent
    if active is not UNSET:
        values["active"] = bool(active)
    with transaction.atomic():
        current = Body.objects.select_for_update().get(pk=body.pk)
        body_values_check(office=body.office, body=current, values=values)
        for key, after in values.items():
            before = getattr(current, key)
            if before == after:
                continue
            setattr(current, key, after)
            setattr(body, key, after)
            audit_record(
                actor=actor,
                action="body_updated",
                office_id=current.office_id,
                field=f"body.{key}",
                before=before,
                after=after,
                note=f"{current.pk}: {current.name}",
            )
        current.save()
    return body


# ---------------------------------------------------------------------------------------------
# The directory sheet
# ---------------------------------------------------------------------------------------------

# Column headers, folded (text_fold), English and Vietnamese.
SHEET_COLUMNS = {
    "name": ("name", "ten", "ten co quan", "ten co quan, don vi", "co quan"),
    "short_name": ("short name", "short_name", "ten viet tat", "viet tat"),
    "aliases": ("aliases", "ten khac", "ten goi khac", "bi danh"),
    "kind": ("kind", "loai", "loai co quan"),
    "parent": ("parent", "co quan cap tren", "cap tren", "truc thuoc"),
    "contact_emails": (
        "contact emails",
        "contact e-mails",
        "contact_emails",
        "emails",
        "email",
        "e-mail",
        "thu dien tu",
    ),
    "liaisons": ("liaisons", "dau moi", "can bo dau moi", "nguoi dau moi"),
}
# Kinds by code, English label or Vietnamese label, folded.
KIND_WORDS = {
    **{text_fold(k): k for k in Body.Kind.values},
    "ban dang": Body.Kind.PARTY_BOARD,
    "ban tham muu": Body.Kind.PARTY_BOARD,
    "to chuc dang": Body.Kind.PARTY_ORG,
    "dang uy": Body.Kind.PARTY_ORG,
    "chinh quyen": Body.Kind.GOVERNMENT,
    "co quan nha nuoc": Body.Kind.GOVERNMENT,
    "phong ban": Body.Kind.DEPARTMENT,
    "so": Body.Kind.DEPARTMENT,
    "phong": Body.Kind.DEPARTMENT,
    "mat tran, doan the": Body.Kind.MASS_ORG,
    "doan the": Body.Kind.MASS_ORG,
    "luc luong vu trang": Body.Kind.ARMED,
    "quan su, cong an": Body.Kind.ARMED,
    "khac": Body.Kind.OTHER,
}
SHEET_MAX_ROWS = 5000


@dataclass(frozen=True)
class BodyImportRowError:
    row: int  # 1-based row number in the sheet, header included (as a spreadsheet shows it)
    message: str


@dataclass
class BodyImportResult:
    """What an import did: nothing at all when ``errors`` is not empty."""

    created: list[Body] = field(default_factory=list)
    updated: list[Body] = field(default_factory=list)
    memberships_added: int = 0
    errors: list[BodyImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class SheetRow:
    row: int
    name: str
    short_name: str
    aliases: list[str]
    kind: str
    parent: str
    contact_emails: list[str]
    liaisons: list[str]


def sheet_read(file: UploadedFile | BinaryIO, filename: str) -> list[list[str]]:
    """The cells of the first sheet of an .xlsx or a .csv file (UTF-8, with or without BOM), as text."""
    suffix = PurePath(filename).suffix.lower()
    data = file.read()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ServiceError(_("The CSV file must be saved as UTF-8.")) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ServiceError(_("The file could not be read as an Excel (.xlsx) workbook.")) from exc
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    raise ServiceError(_("The body directory must be an .xlsx or .csv file."))


def sheet_split(value: str) -> list[str]:
    """Cells holding several values separate them with ";" (or new lines)."""
    return body_clean_list(value.replace("\n", ";").split(";"))


def sheet_rows(cells: list[list[str]]) -> tuple[list[SheetRow], list[BodyImportRowError]]:
    """Map the header to columns and read the rows; errors for a missing name column."""
    errors: list[BodyImportRowError] = []
    if not cells:
        return [], [BodyImportRowError(1, _("The file is empty."))]
    header = [text_fold(h) for h in cells[0]]
    index: dict[str, int] = {}
    for key, names in SHEET_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
                break
    if "name" not in index:
        return [], [BodyImportRowError(1, _("The header row has no “name” (Tên cơ quan) column."))]
    if len(cells) - 1 > SHEET_MAX_ROWS:
        return [], [BodyImportRowError(1, _("The file has too many rows (at most %(n)s).") % {"n": SHEET_MAX_ROWS})]

    def cell(row: list[str], key: str) -> str:
        i = index.get(key)
        return row[i].strip() if i is not None and i < len(row) and row[i] else ""

    rows: list[SheetRow] = []
    for number, raw in enumerate(cells[1:], start=2):
        if not any((c or "").strip() for c in raw):
            continue
        rows.append(
            SheetRow(
                row=number,
                name=cell(raw, "name"),
                short_name=cell(raw, "short_name"),
                aliases=sheet_split(cell(raw, "aliases")),
                kind=cell(raw, "kind"),
                parent=cell(raw, "parent"),
                contact_emails=sheet_split(cell(raw, "contact_emails").replace(",", ";")),
                liaisons=sheet_split(cell(raw, "liaisons").replace(",", ";")),
            )
        )
    if not rows:
        errors.append(BodyImportRowError(1, _("The file has no rows under the header.")))
    return rows, errors


def body_directory_import(*, actor: User, office: Office, file: UploadedFile | BinaryIO) -> BodyImportResult:
    """Import the body directory from an .xlsx or .csv sheet: validate every row, then write once.

    Columns (English or Vietnamese headers): name, short name, aliases (";"-separated), kind,
    parent (a body's name or short name, in the sheet or already in the directory), contact
    e-mails, liaisons (usernames or e-mails of users of this office). A body whose name
    already exists is updated; others are created. When any row has an error, nothing is
    written and ``result.errors`` lists each row's problem in Vietnamese.
    """
    body_require(actor=actor, office=office)
    result = BodyImportResult()
    filename = getattr(file, "name", "") or ""
    try:
        cells = sheet_read(file, filename)
    except ServiceError as exc:
        result.errors.append(BodyImportRowError(1, exc.message))
        return result
    rows, header_errors = sheet_rows(cells)
    if header_errors:
        result.errors.extend(header_errors)
        return result

    existing = {b.name: b for b in Body.objects.filter(office=office)}
    by_label: dict[str, str] = {}  # folded name / short name -> exact name
    for body in existing.values():
        by_label.setdefault(text_fold(body.name), body.name)
        if body.short_name:
            by_label.setdefault(text_fold(body.short_name), body.name)
    seen_names: dict[str, int] = {}
    for row in rows:
        if row.name:
            by_label[text_fold(row.name)] = row.name
            if row.short_name:
                by_label.setdefault(text_fold(row.short_name), row.name)

    users = office_users_by_login(office, [login for row in rows for login in row.liaisons])
    kinds: dict[int, str] = {}
    parents: dict[int, str | None] = {}
    for row in rows:
        problems: list[str] = []
        if not row.name:
            problems.append(_("the name is empty"))
        elif text_fold(row.name) in seen_names:
            problems.append(_("the name is repeated (row %(row)s)") % {"row": seen_names[text_fold(row.name)]})
        else:
            seen_names[text_fold(row.name)] = row.row
        if len(row.name) > 255 or len(row.short_name) > 64:
            problems.append(_("the name or short name is too long"))
        kind = KIND_WORDS.get(text_fold(row.kind)) if row.kind else Body.Kind.OTHER
        if kind is None:
            problems.append(_("unknown kind “%(kind)s”") % {"kind": row.kind})
        kinds[row.row] = kind or Body.Kind.OTHER
        for email in row.contact_emails:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not a valid e-mail address") % {"email": email})
        parent_name = None
        if row.parent:
            parent_name = by_label.get(text_fold(row.parent))
            if parent_name is None:
                problems.append(_("parent body “%(name)s” not found") % {"name": row.parent})
            elif parent_name == row.name:
                problems.append(_("a body cannot be its own parent"))
        parents[row.row] = parent_name
        for login in row.liaisons:
            if text_fold(login) not in users:
                problems.append(_("no user “%(login)s” in this office") % {"login": login})
        if problems:
            result.errors.append(BodyImportRowError(row.row, "; ".join(problems)))
    if not result.errors:
        cycle = parent_cycle({row.name: parents[row.row] for row in rows}, existing)
        if cycle:
            result.errors.append(
                BodyImportRowError(
                    next(r.row for r in rows if r.name == cycle),
                    _("the parent bodies form a loop (“%(name)s”)") % {"name": cycle},
                )
            )
    if result.errors:
        return result

    with transaction.atomic():
        saved: dict[str, Body] = dict(existing)
        befores: dict[int, dict[str, Any]] = {}
        position = max((b.position for b in existing.values()), default=0)
        for row in rows:
            values = {
                "short_name": row.short_name,
                "aliases": row.aliases,
                "kind": kinds[row.row],
                "contact_emails": row.contact_emails,
                "active": True,
            }
            body = existing.get(row.name)
            if body is None:
                position += 1
                body = Body.objects.create(office=office, name=row.name, position=position, **values)
                result.created.append(body)
                audit_record(
                    actor=actor,
                    action="body_created",
                    office_id=office.pk,
                    field="body",
                    after=body_snapshot(body),
                    note=_("Imported from %(file)s") % {"file": filename},
                )
            else:
                befores[body.pk] = body_snapshot(body)
                for key, value in values.items():
                    setattr(body, key, value)
                body.save()
                result.updated.append(body)
            saved[row.name] = body
        for row in rows:
            body = saved[row.name]
            parent = saved[parents[row.row]] if parents[row.row] else None
            if body.parent_id != (parent.pk if parent else None):
                body.parent = parent
                body.save(update_fields=["parent"])
            for login in row.liaisons:
                _membership, created = BodyMembership.objects.get_or_create(
                    user=users[text_fold(login)], body=body, defaults={"role": BodyMembership.Role.LIAISON}
                )
                result.memberships_added += int(created)
        for body in result.updated:
            after = body_snapshot(body)
            if after == befores[body.pk]:
                continue
            audit_record(
                actor=actor,
                action="body_updated",
                office_id=office.pk,
                field="body",
                before=befores[body.pk],
                after=after,
                note=_("Imported from %(file)s") % {"file": filename},
            )
    return result


def office_users_by_login(office: Office, logins: Iterable[str]) -> dict[str, User]:
    """Users of ``office`` by folded username or e-mail."""
    logins = list(logins)
    if not logins:
        return {}
    found: dict[str, User] = {}
    query = Q()
    for login in logins:
        query |= Q(username__iexact=login) | Q(email__iexact=login)
    for user in User.objects.filter(query, office=office):
        found[text_fold(user.username)] = user
        if user.email:
            found.setdefault(text_fold(user.email), user)
    return found


def parent_cycle(parents: dict[str, str | None], existing: dict[str, Body]) -> str | None:
    """The name of a body whose chain of parents comes back to it, or None."""
    by_id = {b.pk: b for b in existing.values()}

    def parent_of(name: str) -> str | None:
        if name in parents:
            return parents[name]
        body = existing.get(name)
        if body is None or body.parent_id is None:
            return None
        parent = by_id.get(body.parent_id)
        return parent.name if parent else None

    for start in parents:
        seen = {start}
        walker = parent_of(start)
        while walker is not None:
            if walker in seen:
                return start
            seen.add(walker)
            walker = parent_of(walker)
    return None
