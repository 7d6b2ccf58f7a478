"""conclusions.selectors.topic_rules_for: an office's topic rules as the parser's objects."""

from __future__ import annotations

import pytest

from conclusions.models import TopicRule as TopicRuleRow
from conclusions.parsing import DEFAULT_TOPIC_RULES, TopicRule
from conclusions.selectors import topic_rules_for
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_it_returns_the_offices_active_rules_in_order():
    office = OfficeFactory()
    TopicRuleRow.objects.create(office=office, keywords="quốc phòng, quân sự", body_name="Ban CHQS", position=2)
    TopicRuleRow.objects.create(office=office, keywords=" kiểm tra , giám sát ,", body_name="UBKT ", position=1)
    TopicRuleRow.objects.create(office=office, keywords="tuyên truyền", body_name="Ban Tuyên giáo", active=False)
    TopicRuleRow.objects.create(office=office, keywords=" , ", body_name="Ban rỗng", position=3)
    TopicRuleRow.objects.create(office=OfficeFactory(), keywords="dân vận", body_name="Ban Dân vận")

    assert topic_rules_for(office=office) == (
        TopicRule(keywords=("kiểm tra", "giám sát"), body="UBKT"),
        TopicRule(keywords=("quốc phòng", "quân sự"), body="Ban CHQS"),
    )
    assert topic_rules_for(office=office.pk) == topic_rules_for(office=office)


def test_it_falls_back_to_the_default_rules():
    office = OfficeFactory()
    assert topic_rules_for(office=office) == DEFAULT_TOPIC_RULES
    assert topic_rules_for() == DEFAULT_TOPIC_RULES
    TopicRuleRow.objects.create(office=office, keywords="an ninh", body_name="Công an", active=False)
    assert topic_rules_for(office=office) == DEFAULT_TOPIC_RULES
