"""Matching body names read from a document against the office's body directory.

A conclusion names bodies the way its writer likes: "UBND thành phố", "Ủy ban nhân dân thành
phố Từ Sơn", "Uỷ ban MTTQ", "Ủy ban Kiểm tra Thành ủy", and topic rules suggest short names
("Ủy ban Kiểm tra"). Names are compared as *keys*: folded (case and diacritics ignored, so the
"uỷ"/"ủy" spellings agree), punctuation dropped, abbreviations spelt out. When the exact key
does not match, the key without its trailing place qualifier ("thành phố", "tỉnh", "Thành ủy",
the office's own place name ...) is tried, and used only when it points at exactly one body.

Nothing here creates a body: an unmatched name is returned as ``None`` and the import keeps it
as a proposal for the office to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.models import Office
from tracker.models import Body
from tracker.search import text_fold

# Abbreviations (folded, whole tokens) and what they stand for. Both the document's names and
# the directory's names are expanded the same way, so an alias written either way matches.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmt": "uy ban mat tran",
    "bch": "ban chap hanh",
    "btv": "ban thuong vu",
    "bttu": "ban thuong vu thanh uy",
    "ubkt": "uy ban kiem tra",
    "bchqs": "ban chi huy quan su",
    "chqs": "chi huy quan su",
    "bcd": "ban chi dao",
    "btg": "ban tuyen giao",
    "btgtu": "ban tuyen giao thanh uy",
    "btctu": "ban to chuc thanh uy",
    "bdvtu": "ban dan van thanh uy",
    "vptu": "van phong thanh uy",
    "vp": "van phong",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thuong truc",
    "ttr": "thuong truc",
    "dtn": "doan thanh nien",
    "tncs": "thanh nien cong san",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "hnd": "hoi nong dan",
    "hccb": "hoi cuu chien binh",
    "ldld": "lien doan lao dong",
    "clb": "cau lac bo",
    "xdd": "xay dung dang",
    "ub": "uy ban",
}

# Trailing words that only say which level a body belongs to ("... thành phố", "... Thành ủy").
# Longest first, so "thi xa" is removed whole rather than leaving "thi".
QUALIFIERS: tuple[str, ...] = tuple(
    sorted(
        (
            "thanh pho",
            "thi xa",
            "thi tran",
            "tinh",
            "huyen",
            "quan",
            "xa",
            "phuong",
            "thanh uy",
            "tinh uy",
            "huyen uy",
            "thi uy",
            "quan uy",
            "dang uy",
            "dang uy xa",
            "dang uy phuong",
        ),
        key=len,
        reverse=True,
    )
)

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def body_key(name: str) -> str:
    """The comparison key of a body name: folded, punctuation-free, abbreviations spelt out.

    >>> body_key("Uỷ ban MTTQ  thành phố")
    'uy ban mat tran to quoc thanh pho'
    """
    folded = _NOT_WORD.sub(" ", text_fold(name))
    return " ".join(ABBREVIATIONS.get(token, token) for token in folded.split())


def key_split(key: str, place_keys: Iterable[str] = ()) -> tuple[str, str]:
    """Split a key into its stem and its level qualifier.

    Place names (the office's own) and "Việt Nam" say nothing about the level and are dropped;
    level words ("thành phố", "tỉnh", "Thành ủy" ...) are returned as the qualifier, so that
    "UBND tỉnh" is never taken for "UBND thành phố". Never strips a key down to nothing.

    >>> key_split("uy ban nhan dan thanh pho tu son", ["tu son"])
    ('uy ban nhan dan', 'thanh pho')
    """
    neutral = [p for p in place_keys if p] + ["viet nam"]
    level: list[str] = []
    changed = True
    while changed:
        changed = False
        for suffix in neutral:
            if key.endswith(" " + suffix):
                key, changed = key[: -len(suffix) - 1].rstrip(), True
                break
        else:
            for suffix in QUALIFIERS:
                if key.endswith(" " + suffix):
                    key, changed = key[: -len(suffix) - 1].rstrip(), True
                    level.insert(0, suffix)
                    break
    return key, " ".join(level)


@dataclass
class BodyDirectory:
    """The office's active bodies indexed by their name keys, built once per import/request."""

    place_keys: tuple[str, ...] = ()
    exact: dict[str, set[int]] = field(default_factory=dict)
    # stem -> {body id: the level qualifiers its names carry} for matching with or without one.
    loose: dict[str, dict[int, set[str]]] = field(default_factory=dict)
    bodies: dict[int, Body] = field(default_factory=dict)

    def add(self, body: Body) -> None:
        """Index ``body`` under its name, short name and aliases."""
        self.bodies[body.pk] = body
        for name in [body.name, body.short_name, *(body.aliases or [])]:
            if not isinstance(name, str) or not name.strip():
                continue
            key = body_key(name)
            if not key:
                continue
            self.exact.setdefault(key, set()).add(body.pk)
            stem, level = key_split(key, self.place_keys)
            levels = self.loose.setdefault(stem, {}).setdefault(body.pk, set())
            if level:
                levels.add(level)

    def match(self, name: str) -> Body | None:
        """The one body ``name`` designates, or None when none (or several) fit."""
        key = body_key(name or "")
        if not key:
            return None
        found = self.exact.get(key, set())
        if len(found) == 1:
            return self.bodies[next(iter(found))]
        if found:
            return None  # two bodies share this exact name or alias: the office must choose
        # The name without its qualifier, against the directory without theirs: only when it
        # designates a single body ("UBND" when there is one Ủy ban nhân dân in the directory),
        # and never across two different levels ("UBND tỉnh" is not "UBND thành phố").
        stem, level = key_split(key, self.place_keys)
        # A body whose names carry a level ("... thành phố") is that level's body even when an
        # alias omits it ("Ủy ban nhân dân"), so "UBND tỉnh" never lands on it.
        found = {
            body_id
            for body_id, levels in self.loose.get(stem, {}).items()
            if not level or not levels or level in levels
        }
        if len(found) == 1:
            return self.bodies[next(iter(found))]
        return None


def body_directory(*, office: Office | int) -> BodyDirectory:
    """The office's active bodies, indexed for :meth:`BodyDirectory.match` (one query)."""
    office_id = office if isinstance(office, int) else office.pk
    place_name = "" if isinstance(office, int) else office.place_name
    if isinstance(office, int):
        place_name = Office.objects.filter(pk=office_id).values_list("place_name", flat=True).first() or ""
    directory = BodyDirectory(place_keys=(body_key(place_name),) if place_name else ())
    for body in Body.objects.filter(office_id=office_id, active=True).order_by("position", "name"):
        directory.add(body)
    return directory


def body_match(*, office: Office | int, name: str) -> Body | None:
    """The office's body that ``name`` designates (aliases, abbreviations, spelling), or None."""
    return body_directory(office=office).match(name)


def body_match_many(*, office: Office | int, names: Iterable[str]) -> dict[str, Body | None]:
    """:func:`body_match` for many names with one query: ``{name: body or None}``."""
    directory = body_directory(office=office)
    return {name: directory.match(name) for name in names}
