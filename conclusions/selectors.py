"""Reads of the conclusions app: the topic rules the parser uses for an office."""

from __future__ import annotations

from accounts.models import Office
from conclusions.models import TopicRule as TopicRuleRow
from conclusions.parsing import DEFAULT_TOPIC_RULES, TopicRule


def topic_rules_for(*, office: Office | int | None = None) -> tuple[TopicRule, ...]:
    """The office's active topic rules as the parser's :class:`TopicRule` objects, in order.

    An office that has not written any (or no office, as for ``parse_conclusion`` without
    ``--office``) gets the parser's default set for a committee's advisory bodies. A row whose
    keywords are all blank is skipped: a rule that can never fire is not a rule.
    """
    if office is None:
        return DEFAULT_TOPIC_RULES
    office_id = office if isinstance(office, int) else office.pk
    rules = tuple(
        TopicRule(keywords=row.keyword_list(), body=row.body_name.strip())
        for row in TopicRuleRow.objects.filter(office_id=office_id, active=True).order_by("position", "id")
        if row.keyword_list() and row.body_name.strip()
    )
    return rules or DEFAULT_TOPIC_RULES
