"""tracker.selectors.body_matching: names as documents write them -> the office's bodies."""

from __future__ import annotations

import pytest

from tests.factories import BodyFactory, OfficeFactory
from tracker.selectors.body_matching import body_key, body_match, body_match_many, key_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = OfficeFactory(place_name="Từ Sơn")
    BodyFactory(office=office, name="Ủy ban nhân dân thành phố", short_name="UBND", aliases=["UBND thành phố"])
    BodyFactory(office=office, name="Hội đồng nhân dân thành phố", short_name="HĐND")
    BodyFactory(office=office, name="Ủy ban Mặt trận Tổ quốc thành phố", short_name="MTTQ")
    BodyFactory(office=office, name="Ủy ban Kiểm tra Thành ủy", short_name="UBKT")
    BodyFactory(office=office, name="Ban Thường vụ Thành ủy")
    BodyFactory(office=office, name="Ban Chấp hành Đảng bộ thành phố")
    BodyFactory(office=office, name="Ban Tuyên giáo Thành ủy", aliases=["Ban Tuyên giáo"])
    BodyFactory(office=office, name="Phòng Tài chính - Kế hoạch")
    BodyFactory(office=office, name="Văn phòng Thành ủy")
    return office


def name_of(office, name):
    body = body_match(office=office, name=name)
    return body.name if body else None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Ủy ban nhân dân thành phố", "Ủy ban nhân dân thành phố"),
        ("UBND thành phố", "Ủy ban nhân dân thành phố"),
        ("UBND", "Ủy ban nhân dân thành phố"),
        ("ubnd thanh pho", "Ủy ban nhân dân thành phố"),
        ("Uỷ ban nhân dân thành phố", "Ủy ban nhân dân thành phố"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ", "Ủy ban nhân dân thành phố"),
        ("Ủy ban nhân dân thành phố Từ Sơn", "Ủy ban nhân dân thành phố"),
        ("UBND TP", "Ủy ban nhân dân thành phố"),
        ("HĐND thành phố", "Hội đồng nhân dân thành phố"),
        ("HDND", "Hội đồng nhân dân thành phố"),
        ("Ủy ban MTTQ thành phố", "Ủy ban Mặt trận Tổ quốc thành phố"),
        ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc thành phố"),
        ("Uỷ ban Mặt trận Tổ quốc Việt Nam thành phố", "Ủy ban Mặt trận Tổ quốc thành phố"),
        ("UBKT Thành ủy", "Ủy ban Kiểm tra Thành ủy"),
        ("Ủy ban Kiểm tra", "Ủy ban Kiểm tra Thành ủy"),
        ("Uỷ ban kiểm tra Thành uỷ", "Ủy ban Kiểm tra Thành ủy"),
        ("BTV Thành ủy", "Ban Thường vụ Thành ủy"),
        ("BCH Đảng bộ thành phố", "Ban Chấp hành Đảng bộ thành phố"),
        ("Ban Tuyên giáo", "Ban Tuyên giáo Thành ủy"),
        ("ban tuyen giao thanh uy", "Ban Tuyên giáo Thành ủy"),
        ("Phòng Tài chính Kế hoạch", "Phòng Tài chính - Kế hoạch"),
        ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính - Kế hoạch"),
        ("VP Thành ủy", "Văn phòng Thành ủy"),
    ],
)
def test_it_matches_aliases_abbreviations_case_and_diacritics(office, written, expected):
    assert name_of(office, written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "UBND tỉnh",  # another level: the province's committee is not the city's
        "Ủy ban nhân dân huyện",
        "Văn phòng Thị ủy",
        "Ban Tổ chức Thành ủy",  # not in the directory
        "Các cấp các ngành",  # a collective subject, not a body
        "",
        "   ",
        "Ban",
    ],
)
def test_it_does_not_match_other_levels_unknown_or_collective_names(office, written):
    assert body_match(office=office, name=written) is None


def test_it_refuses_a_name_that_fits_two_bodies():
    # Two committees of different levels: "UBND" alone no longer designates one of them.
    office = OfficeFactory()
    BodyFactory(office=office, name="Ủy ban nhân dân thành phố")
    BodyFactory(office=office, name="Ủy ban nhân dân tỉnh")
    assert body_match(office=office, name="UBND") is None
    assert name_of(office, "UBND tỉnh") == "Ủy ban nhân dân tỉnh"
    assert name_of(office, "UBND thành phố") == "Ủy ban nhân dân thành phố"


def test_it_lets_a_short_name_the_office_chose_win(office):
    # The office wrote "UBND" as the city committee's short name: that is an exact alias.
    BodyFactory(office=office, name="Ủy ban nhân dân tỉnh")
    assert name_of(office, "UBND") == "Ủy ban nhân dân thành phố"


def test_it_refuses_an_alias_two_bodies_share(office):
    BodyFactory(office=office, name="Ban Tuyên giáo Tỉnh ủy", aliases=["Ban Tuyên giáo"])
    assert body_match(office=office, name="Ban Tuyên giáo") is None
    assert name_of(office, "Ban Tuyên giáo Thành ủy") == "Ban Tuyên giáo Thành ủy"


def test_it_ignores_other_offices_and_inactive_bodies(office):
    other = OfficeFactory()
    BodyFactory(office=other, name="Ban Dân vận Thành ủy")
    BodyFactory(office=office, name="Ban Nội chính Thành ủy", active=False)
    assert body_match(office=office, name="Ban Dân vận Thành ủy") is None
    assert body_match(office=office, name="Ban Nội chính Thành ủy") is None
    assert body_match(office=other, name="Ban Dân vận").name == "Ban Dân vận Thành ủy"


def test_it_matches_many_names_with_one_query(office, django_assert_max_num_queries):
    names = ["UBND", "MTTQ", "Ban Tổ chức", "UBKT"]
    with django_assert_max_num_queries(1):
        found = body_match_many(office=office, names=names)
    assert {name: (body.name if body else None) for name, body in found.items()} == {
        "UBND": "Ủy ban nhân dân thành phố",
        "MTTQ": "Ủy ban Mặt trận Tổ quốc thành phố",
        "Ban Tổ chức": None,
        "UBKT": "Ủy ban Kiểm tra Thành ủy",
    }


def test_it_builds_keys_that_agree_across_spellings():
    assert body_key("Uỷ ban MTTQ  thành phố") == body_key("Ủy ban Mặt trận Tổ quốc Thành Phố")
    assert body_key("Hòa Bình") == body_key("Hoà Bình")
    # "Từ" folds to "tu" and must stay a word of the place name, not an abbreviation.
    assert body_key("UBND thành phố Từ Sơn") == "uy ban nhan dan thanh pho tu son"
    assert key_split("uy ban nhan dan thanh pho tu son", ["tu son"]) == ("uy ban nhan dan", "thanh pho")
    assert key_split("thanh pho", []) == ("thanh pho", "")
