"""The team coordinator's day in a real browser (issue 4): the inbox flags a registration that
waited too long, the coordinator assigns it with the suggestions, chairs a case conference that
puts the case on its agenda and records a conclusion, the director sends an advice to the
municipal back office, and the back office decides it; the case shows the decision.

Texts are looked up in the Dutch catalogue, as in the other browser tests.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override
from playwright.sync_api import expect

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.backoffice.models import Advice, AdviceStatus, Outcome
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseConference
from wijkteam.cases.services import registration_create
from wijkteam.core.domains import LifeDomain
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nl(text: object) -> str:
    with override("nl"):
        return gettext(str(text)) if isinstance(text, str) else str(text)


def nl_label(choice: object) -> str:
    with override("nl"):
        return str(choice.label)


def visible(html: str) -> str:
    """What a reader sees of a translated text with markup in it."""
    return re.sub(r"<[^>]+>", "", html)


@pytest.fixture
def day(world):
    """A registration about debts that has waited three weeks without a first contact; the
    household's grounds to discuss it with the CJG coach at a conference and to advise the back
    office; the team's coordinator and a back-office consultant."""
    coordinator = MembershipFactory(
        team=world.schalkwijk,
        user=UserFactory(username="coordinator", first_name="Cora", last_name="Coördinator"),
        is_coordinator=True,
    )
    household = HouseholdFactory(team=world.schalkwijk, postcode="2035AB")
    PersonFactory(household=household, given_name="Wilhelmina", family_name="Kroos")
    case = registration_create(
        actor=world.colleague.user,
        question="Schulden lopen op, post blijft ongeopend",
        household=household,
        domains=[LifeDomain.FINANCES],
    )
    Case.objects.filter(pk=case.pk).update(registered_at=timezone.now() - timedelta(days=21))
    for party, purpose in (
        (Party.CASE_CONFERENCE, Purpose.CASE_CONFERENCE),
        (Party.BACK_OFFICE, Purpose.PROVISION_ADVICE),
    ):
        SharingGroundFactory(
            household=household, party=party, purpose=purpose, recorded_by=world.colleague.user
        )
    # A transactional test flushes the groups the migrations made.
    world.backoffice.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.BACK_OFFICE])[0])
    return coordinator, case


def test_the_coordinators_day(world, day, page, login):
    coordinator, case = day
    director = world.director.user

    # 1. The inbox: the registration is flagged as waiting too long for a first contact.
    login("coordinator")
    page.goto(reverse("cases:inbox"))
    with override("nl"):
        flagged = ngettext(
            "<strong>%(counter)s</strong> without first contact after %(days)s working days",
            "<strong>%(counter)s</strong> without first contact after %(days)s working days",
            1,
        ) % {"counter": 1, "days": 5}
    expect(page.locator(".waiting-counts")).to_contain_text(visible(flagged))
    page.get_by_role("row").filter(has_text=case.reference).get_by_role(
        "link", name=case.reference
    ).click()

    # 2. Assignment: the members are suggested with why; the coordinator chooses.
    steps = page.locator(".case-steps")
    director_choice = steps.get_by_role("radio", name=re.compile(director.get_full_name()))
    with override("nl"):
        fits = gettext("fits %(domains)s") % {"domains": str(LifeDomain.FINANCES.label)}
    expect(steps.locator("label").filter(has_text=director.get_full_name())).to_contain_text(fits)
    director_choice.check()
    steps.get_by_role("button", name=nl("Start intake")).click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == Status.INTAKE
    assert case.director.user == director

    # 3. A case conference today with the director and the CJG coach (an expert member).
    page.goto(reverse("conferences:team_list", args=[world.schalkwijk.pk]))
    page.get_by_role("link", name=nl("Plan a case conference")).click()
    page.get_by_label(nl("Date"), exact=True).fill(timezone.localdate().isoformat())
    page.get_by_label(nl("Duration in minutes")).fill("90")
    for user in (coordinator.user, director, world.cjg_coach.user):
        page.get_by_role("checkbox", name=re.compile(user.get_full_name())).check()
    page.get_by_role("button", name=nl("Plan"), exact=True).click()
    page.wait_for_load_state()
    conference = CaseConference.objects.get()
    assert conference.duration_minutes == 90
    page.get_by_label(nl("Case"), exact=True).select_option(str(case.pk))
    page.get_by_role("button", name=nl("Put on the agenda")).click()
    page.wait_for_load_state()
    page.get_by_text(nl("Write the conclusion")).click()
    page.get_by_label(nl("Conclusion"), exact=True).fill("Schuldhulp via de gemeente aanvragen")
    page.get_by_role("button", name=nl("Record conclusion")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Schuldhulp via de gemeente aanvragen")
    assert list(conference.cases.all()) == [case]

    # 4. The director sends an advice to the back office from the case page.
    page.context.clear_cookies()
    login("regisseur")
    page.goto(reverse("cases:detail", args=[case.pk]))
    page.get_by_role("link", name=nl("Write an advice to the back office")).click()
    page.get_by_label(nl("Kind of provision")).select_option("wmo_02")
    page.get_by_label(nl("Provision asked for")).fill("Begeleiding bij de administratie")
    page.get_by_label(nl("Why"), exact=True).fill("Overzicht kwijt, aanmaningen stapelen zich op")
    page.get_by_label(nl("What was tried at lower steps")).fill(
        "Netwerk en vrijwilliger geprobeerd"
    )
    page.get_by_role("button", name=nl("Send to the back office")).click()
    page.wait_for_load_state()
    advice = Advice.objects.get()
    assert advice.status == AdviceStatus.SENT

    # 5. The back office decides, from its inbox.
    page.context.clear_cookies()
    login("backoffice")
    page.goto(reverse("backoffice:index"))
    page.get_by_role("link", name=advice.reference).first.click()
    page.get_by_role("radio", name=nl_label(Outcome.GRANTED), exact=True).check()
    page.get_by_label(nl("Reason"), exact=True).fill("Past binnen de Wmo-verordening")
    page.get_by_role("button", name=nl("Record the decision")).click()
    page.wait_for_load_state()
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.GRANTED

    # 6. The case shows the decision and the household's back-office contact.
    page.context.clear_cookies()
    login("regisseur")
    page.goto(reverse("cases:detail", args=[case.pk]))
    expect(page.locator(f".badge.advice-{AdviceStatus.GRANTED}")).to_have_text(
        nl_label(AdviceStatus.GRANTED)
    )
    expect(page.locator("#back-office-contact")).to_contain_text(
        world.backoffice.get_full_name() or world.backoffice.username
    )
