from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.audit.models import AccessLogEntry
from wijkteam.backoffice import selectors, services
from wijkteam.backoffice.models import Advice
from wijkteam.core.errors import NotFoundOrHidden


def test_the_back_office_sees_sent_advices_not_drafts(world, bo):
    sent = bo.advice()
    draft = bo.advice(send=False)
    assert list(selectors.advices_visible_to(user=bo.consultant)) == [sent]
    assert set(selectors.advices_visible_to(user=world.director.user)) == {sent, draft}
    assert not selectors.advices_visible_to(user=world.colleague.user).exists()
    assert not selectors.advices_visible_to(user=world.outsider.user).exists()
    with pytest.raises(NotFoundOrHidden):
        selectors.advice_get(user=bo.consultant, pk=draft.pk)


def test_reading_an_advice_is_logged_for_its_household(bo):
    advice = bo.advice()
    selectors.advice_get(user=bo.consultant, pk=advice.pk)
    entry = AccessLogEntry.objects.filter(event="advice_viewed").latest("id")
    assert (entry.household_id, entry.object_id) == (bo.household.pk, advice.pk)


def test_the_inbox_orders_by_due_date_and_counts_the_overdue(bo):
    today = timezone.localdate()
    later = bo.advice(applied_on=today)
    overdue = bo.advice(
        requested_on=today - timedelta(days=60), applied_on=today - timedelta(days=30)
    )
    youth = bo.advice(category="youth_care", applied_on=today - timedelta(days=10))
    decided = bo.advice()
    services.advice_decide(
        actor=bo.consultant, advice=decided, outcome="granted", reason="Akkoord",
        expected_version=decided.version,
    )  # fmt: skip
    inbox = selectors.back_office_inbox(user=bo.consultant)
    assert [row.advice for row in inbox.rows] == [overdue, later, youth]
    assert (inbox.waiting_count, inbox.overdue_count) == (3, 1)
    assert inbox.rows[0].terms.decision.state == "overdue"
    assert inbox.rows[0].contact == str(bo.consultant)  # the decider of the other advice
    done = selectors.back_office_inbox(user=bo.consultant, state="decided")
    assert [row.advice for row in done.rows] == [decided]
    assert done.rows[0].terms.decision.state == "met"
    found = selectors.back_office_inbox(user=bo.consultant, query=youth.reference.lower())
    assert [row.advice for row in found.rows] == [youth]
    assert not selectors.back_office_inbox(user=bo.consultant, query="Kroos").rows


def test_the_inbox_is_empty_for_the_team(world, bo):
    bo.advice()
    assert not selectors.back_office_inbox(user=world.director.user).rows


def test_the_terms_of_an_advice(bo):
    today = timezone.localdate()
    advice = bo.advice(requested_on=today - timedelta(days=50), applied_on=today)
    advice_terms = selectors.advice_terms(advice=advice)
    # Sent today, more than 6 weeks after the request: the investigation was late.
    assert advice_terms.investigation.state == "late"
    assert advice_terms.decision.state == "open" and advice_terms.decision.days_left >= 14
    for law_category in ("youth_care", "income_support", "debt_relief"):
        other = bo.advice(category=law_category, applied_on=today)
        other_terms = selectors.advice_terms(advice=other)
        assert other_terms.investigation is None
        assert other_terms.decision.days_left >= 56


def test_the_case_panel(bo):
    advice = bo.advice()
    panel = selectors.case_back_office(case=bo.case)
    assert [row[0] for row in panel.advices] == [advice]
    assert panel.contact is None and panel.overdue_count == 0
    Advice.objects.filter(pk=advice.pk).update(decision_due=timezone.localdate() - timedelta(1))
    assert selectors.case_back_office(case=bo.case).overdue_count == 1


def test_the_back_office_sees_a_household_only_when_involved(world, bo):
    with pytest.raises(NotFoundOrHidden):
        selectors.household_for_back_office(user=bo.consultant, pk=bo.household.pk)
    bo.advice()
    household = selectors.household_for_back_office(user=bo.consultant, pk=bo.household.pk)
    assert household == bo.household
    with pytest.raises(NotFoundOrHidden):
        selectors.household_for_back_office(user=world.director.user, pk=bo.household.pk)
