"""Style profiles are versioned data files with everything the renderers read."""

from __future__ import annotations

import json

import pytest

from tracker.reports.profiles import PROFILE_DIR, profile_for, profile_for_version, profile_validate
from tracker.timeliness import BUCKET_ORDER


@pytest.mark.parametrize(
    ("style", "name", "national"),
    [
        ("party", "Party (Hướng dẫn 36-HD/VPTW 2018)", ["ĐẢNG CỘNG SẢN VIỆT NAM"]),
        (
            "state",
            "State (Nghị định 30/2020/NĐ-CP)",
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        ),
    ],
)
def test_it_loads_each_profile_with_its_header_and_a4_geometry(style, name, national):
    profile = profile_for(style)
    assert profile.name == name and profile.version
    assert [line["text"] for line in profile.data["header"]["right"]] == national
    assert profile.data["page"]["size"] == "A4" and profile.font_family == "Times New Roman"
    assert sum(profile.words["annex_widths_mm"]) == 210 - profile.margins_mm["left"] - profile.margins_mm["right"]
    assert set(profile.words["bucket_labels"]) == {b.value for b in BUCKET_ORDER}
    assert 13 <= profile.size("body") <= 15


def test_it_finds_a_report_s_profile_by_version_and_falls_back_to_the_current_one():
    party = profile_for("party")
    assert profile_for_version("party", party.version) is party
    assert profile_for_version("party", "no-such-version") is party


def test_it_refuses_a_profile_without_the_parts_renderers_need():
    data = json.loads((PROFILE_DIR / "party-2018.json").read_text(encoding="utf-8"))
    del data["signature"]
    with pytest.raises(ValueError, match="signature"):
        profile_validate(data)
    data = json.loads((PROFILE_DIR / "state-2020.json").read_text(encoding="utf-8"))
    data["words"]["annex_widths_mm"].pop()
    with pytest.raises(ValueError, match="widths"):
        profile_validate(data)
