"""The casework flow in a real browser, as a team member does it in the Dutch UI.

Texts are looked up in the Dutch catalogue (``nl``) rather than typed out, so the tests read
what the user reads and follow the wording when the catalogue changes; the catalogue's own test
checks that the words are Dutch.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override
from playwright.sync_api import expect

from wijkteam.cases.lifecycle import CloseReason, ReopenReason, Status, Transition
from wijkteam.cases.models import Case, Channel, ContactKind, Source, Urgency
from wijkteam.cases.services import PersonInput, registration_create
from wijkteam.core.domains import LifeDomain
from wijkteam.plans.models import ActionStatus, Outcome
from wijkteam.zrm.matrix import LEVELS
from wijkteam.zrm.models import AssessmentKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEST_BSN = "999999990"  # a test number: passes the 11-test, belongs to nobody


def nl(text: object, **values: object) -> str:
    """What the Dutch UI shows for an English source text (a msgid or a lazy label)."""
    with override("nl"):
        translated = gettext(str(text)) if isinstance(text, str) else str(text)
    return translated % values if values else translated


def nl_plural(singular: str, plural: str, count: int) -> str:
    with override("nl"):
        return ngettext(singular, plural, count) % {"counter": count}


def nl_label(choice: object) -> str:
    """The Dutch label of a choice (``Status.CLOSED``, ``LifeDomain.FINANCES``...)."""
    with override("nl"):
        return str(choice.label)


def expect_text(locator, text: str) -> None:
    """Waits for ``text`` in what the user sees of ``locator``; fails with what was there."""
    expect(locator).to_contain_text(text)


def fill_registration(page, **typed: str) -> None:
    """Fill the registration form the way the user reads it: by its Dutch labels."""
    labels = {
        "question": "Question",
        "postcode": "Postcode",
        "house_number": "House number",
        "given_name": "Given name",
        "family_name": "Family name",
        "bsn": "BSN",
    }
    for field, value in typed.items():
        page.get_by_label(nl(labels[field]), exact=True).fill(value)


def starting(text: str) -> re.Pattern:
    """A label that starts with ``text`` (an optional field adds "(optioneel)")."""
    return re.compile("^" + re.escape(text))


def menu(page, text: str):
    """A link in the main menu."""
    return page.get_by_role("navigation").get_by_role("link", name=nl(text), exact=True)


def register_button(page):
    return page.get_by_role("button", name=nl("Register"), exact=True)


def test_whole_casework_flow_in_the_browser(world, page, login, screenshot):
    director = world.director.user
    login(director.username)
    screenshot("01-caseload-empty")

    # Registration: the nav link, then the form by its Dutch labels.
    menu(page, "New registration").click()
    # The UI speaks Dutch (the rest of the test finds its words through the catalogue).
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect_text(page.locator("h1"), "Nieuwe aanmelding")
    fill_registration(
        page,
        question="Huur al twee maanden niet betaald, brieven blijven ongeopend.",
        postcode="2035 AB",
        house_number="12",
        given_name="Fenna",
        family_name="Testhuis",
        bsn=TEST_BSN,
    )
    page.get_by_label(nl("Who reported it"), exact=True).select_option(label=nl_label(Source.GP))
    page.get_by_role("radio", name=nl_label(Channel.WALK_IN), exact=True).check()
    page.get_by_role("checkbox", name=nl_label(LifeDomain.FINANCES), exact=True).check()
    page.get_by_role("checkbox", name=nl_label(LifeDomain.HOUSING), exact=True).check()
    page.get_by_role("radio", name=nl_label(Urgency.HIGH), exact=True).check()
    screenshot("02-registration-form")
    register_button(page).click()

    # The confirmation names the team the postcode routes to.
    case = Case.objects.get()
    expect_text(page.locator("h1"), nl("Question registered"))
    expect_text(
        page.get_by_role("status"),
        nl(
            "The question is registered as %(reference)s and is waiting in the inbox of team "
            "%(team)s.",
            reference=case.reference,
            team="Schalkwijk 1",
        ),
    )

    # The team inbox lists it; the case opens from there.
    menu(page, "Team inbox").click()
    row = page.get_by_role("row").filter(has_text=case.reference)
    expect_text(row, nl_label(Urgency.HIGH))
    expect_text(row, "Fenna Testhuis")
    row.get_by_role("link", name=case.reference).click()
    status_badge = page.locator("h1 .badge")
    expect_text(status_badge, nl_label(Status.REGISTERED))
    summary = page.locator(".case-summary")
    expect_text(summary, nl_label(Source.GP))
    expect_text(summary, nl_label(Channel.WALK_IN))
    expect_text(summary, f"{nl_label(LifeDomain.FINANCES)}, {nl_label(LifeDomain.HOUSING)}")
    # A registered case cannot be closed or reopened: those steps are not even offered.
    steps = page.locator(".case-steps")
    assert steps.get_by_role("link", name=nl("Close the case")).count() == 0
    assert steps.get_by_role("button", name=nl("Reopen")).count() == 0

    # Intake, with the director as case director.
    steps.get_by_role("radio", name=director.get_full_name()).check()
    steps.get_by_role("button", name=nl("Start intake")).click()
    expect_text(status_badge, nl_label(Status.INTAKE))
    expect_text(page.locator(".case-summary"), director.get_full_name())

    # ZRM intake: each level's meaning is shown while scoring.
    page.get_by_role("link", name=nl("New ZRM assessment")).click()
    finances = page.get_by_role("group", name=nl_label(LifeDomain.FINANCES), exact=True)
    expect_text(finances, nl("Growing, complex debts."))
    finances.get_by_role("radio", name=f"2 · {nl(LEVELS[2])}").check()
    housing = page.get_by_role("group", name=nl_label(LifeDomain.HOUSING), exact=True)
    housing.get_by_role("radio", name=f"3 · {nl(LEVELS[3])}").check()
    network = page.get_by_role("group", name=nl_label(LifeDomain.SOCIAL_NETWORK), exact=True)
    network.get_by_role("radio", name=f"4 · {nl(LEVELS[4])}").check()
    screenshot("03-zrm-form")
    page.get_by_role("button", name=nl("Save assessment")).click()
    expect_text(page.locator(".messages"), nl("ZRM assessment recorded."))
    expect_text(
        page.get_by_role("table", name=nl("ZRM assessments of this case")),
        nl_label(AssessmentKind.INTAKE),
    )

    # A goal on a life domain, in the resident's words.
    page.get_by_text(nl("Add a goal"), exact=True).click()
    page.get_by_label(nl("Life domain"), exact=True).select_option(
        label=nl_label(LifeDomain.FINANCES)
    )
    page.get_by_label(nl("Goal, in the resident's words"), exact=True).fill(
        "Ik wil weer rust over mijn geld."
    )
    page.get_by_role("button", name=nl("Add goal")).click()
    goal = page.locator("article.goal").filter(has_text="Ik wil weer rust over mijn geld.")
    expect_text(page.locator("#plan"), nl_label(LifeDomain.FINANCES))

    def add_action(description: str, step: int, reason: str | None = None) -> None:
        goal.get_by_text(nl("Add an action"), exact=True).click()
        goal.get_by_label(nl("What will be done"), exact=True).fill(description)
        goal.get_by_role("radio", name=re.compile(rf"^{step} ·")).check()
        if reason is not None:
            goal.get_by_label(nl("Why this step"), exact=False).fill(reason)
        goal.get_by_role("button", name=nl("Add action")).click()

    # Step 1, own strength: no reason asked.
    add_action("Zelf de post openen en sorteren, samen met de dochter.", 1)
    expect_text(page.locator(".messages"), nl("Action added."))
    expect_text(goal.locator("tbody"), "Zelf de post openen")

    # Step 3 after step 1: htmx asks for a reason before anything is sent.
    goal.get_by_text(nl("Add an action"), exact=True).click()
    goal.get_by_label(nl("What will be done"), exact=True).fill("Aanmelden bij het budgetcafé.")
    goal.get_by_role("radio", name=re.compile(r"^3 ·")).check()
    reason_box = goal.locator(".step-reason-box .reason-required")
    reason_box.wait_for()
    expect_text(
        reason_box,
        nl(
            "Step %(step)s is higher than tried so far for this goal (up to step %(highest)s). "
            "Say briefly why a lower step will not do.",
            step=3,
            highest=1,
        ),
    )
    # Sent without the reason anyway: refused, and what was typed stays.
    goal.get_by_role("button", name=nl("Add action")).click()
    goal = page.locator("article.goal").filter(has_text="Ik wil weer rust over mijn geld.")
    expect_text(
        goal.locator(".step-reason-box .errorlist"),
        nl(
            "This is a higher step than tried so far for this goal. Say briefly why a lower "
            "step will not do."
        ),
    )
    assert goal.get_by_label(nl("What will be done"), exact=True).input_value() == (
        "Aanmelden bij het budgetcafé."
    )
    assert goal.get_by_role("radio", name=re.compile(r"^3 ·")).is_checked()
    goal.locator(".step-reason-box textarea").fill("Het netwerk kan niet helpen met schulden.")
    goal.get_by_role("button", name=nl("Add action")).click()
    expect_text(page.locator(".messages"), nl("Action added."))
    expect_text(goal.locator("tbody"), "Het netwerk kan niet helpen met schulden.")

    # The plan is agreed: activate it.
    page.locator(".case-steps").get_by_role("button", name=nl("Activate plan")).click()
    expect_text(status_badge, nl_label(Status.PLAN_ACTIVE))

    # Work goes on: the first action is under way (inline, htmx).
    first_row = goal.get_by_role("row").filter(has_text="Zelf de post openen")
    first_row.get_by_role("combobox").select_option(label=nl_label(ActionStatus.IN_PROGRESS))
    first_row.get_by_role("button", name=nl("Save")).click()
    expect_text(goal.locator(".saved"), nl("Saved"))

    # A contact moment.
    page.get_by_text(nl("Record a contact"), exact=True).first.click()
    page.get_by_label(nl("Kind of contact"), exact=True).select_option(
        label=nl_label(ContactKind.HOME_VISIT)
    )
    page.get_by_label(nl("Duration (minutes)"), exact=True).fill("45")
    page.get_by_label(starting(nl("Short note"))).fill("Post samen doorgenomen.")
    page.locator("#contacts").get_by_role("button", name=nl("Record contact")).click()
    expect_text(page.locator(".messages"), nl("Contact recorded."))
    expect_text(page.locator("#contacts tbody"), "Post samen doorgenomen.")
    screenshot("04-case-plan-active")

    # A plan revision, then the two revisions compared.
    page.get_by_text(nl("Record a plan revision"), exact=True).click()
    page.get_by_label(nl("What changed and why"), exact=True).fill("Eerste actie loopt.")
    page.get_by_role("button", name=nl("Record revision")).click()
    expect_text(page.locator(".messages"), nl("Plan revision recorded."))
    page.get_by_role(
        "link",
        name=nl_plural(
            "Compare plan revisions (%(counter)s revision)",
            "Compare plan revisions (%(counter)s revisions)",
            2,
        ),
    ).click()
    expect_text(page.locator("h1"), nl("Plan revisions"))
    expect_text(page.locator("table").first, "Eerste actie loopt.")
    expect_text(
        page.locator("h3"), nl("From version %(older)s to version %(newer)s", older=1, newer=2)
    )
    changes = page.locator("table.changes")
    expect_text(changes, nl("changed"))
    expect_text(changes, nl_label(ActionStatus.PLANNED))
    expect_text(changes, nl_label(ActionStatus.IN_PROGRESS))
    screenshot("05-revisions")
    page.locator(".breadcrumb a").click()

    # Closing: an outcome per goal, the closing ZRM and a reason.
    page.get_by_role("link", name=nl("Close the case")).click()
    page.get_by_role("group", name=re.compile(re.escape("Ik wil weer rust"))).get_by_role(
        "radio", name=nl_label(Outcome.REACHED), exact=True
    ).check()
    page.get_by_role("group", name=nl_label(LifeDomain.FINANCES), exact=True).get_by_role(
        "radio", name=f"4 · {nl(LEVELS[4])}"
    ).check()
    page.get_by_role("radio", name=nl_label(CloseReason.GOALS_REACHED), exact=True).check()
    screenshot("06-close-form")
    page.get_by_role("button", name=nl("Close the case")).click()
    expect_text(page.locator(".messages"), nl("The case has been closed."))
    expect_text(status_badge, nl_label(Status.CLOSED))
    expect_text(page.locator("#plan"), nl_label(Outcome.REACHED))
    history = page.locator("#history")
    expect_text(history, nl_label(CloseReason.GOALS_REACHED))

    # The household page: timeline with what happened, and the ZRM chart.
    page.locator(".breadcrumb a").click()
    expect_text(page.locator("h1"), case.household.reference)
    timeline = page.locator("ol.timeline")
    for title in (
        nl("Question registered"),
        f"{nl_label(Transition.START_INTAKE)}: {nl_label(Status.INTAKE)}",
        nl("ZRM: %(kind)s", kind=nl_label(AssessmentKind.INTAKE)),
        f"{nl_label(Transition.ACTIVATE_PLAN)}: {nl_label(Status.PLAN_ACTIVE)}",
        nl("%(kind)s, %(minutes)s min", kind=nl_label(ContactKind.HOME_VISIT), minutes=45),
        nl("Plan revision %(number)s", number=2),
        f"{nl_label(Transition.CLOSE)}: {nl_label(Status.CLOSED)}",
        nl("Case director: %(name)s", name=director.get_full_name()),
    ):
        expect_text(timeline, title)
    # A contact has a date, not a time of day: none is made up.
    contact_date = timeline.locator("li.timeline-contact time").inner_text()
    assert ":" not in contact_date and contact_date.strip()
    assert TEST_BSN not in page.content()  # the household page does not need the BSN
    chart = page.locator(".zrm-chart")
    assert chart.locator("svg").count() >= 3  # one panel per scored domain
    finances_panel = chart.locator("figure").filter(has_text=nl_label(LifeDomain.FINANCES))
    expect_text(finances_panel, nl("from %(first)s to %(last)s", first=2, last=4))
    assert finances_panel.locator("svg circle").count() == 2
    screenshot("07-household")
    screenshot("07b-household-zrm-chart", chart)
    screenshot("07c-household-timeline", timeline)

    # Reopened within the term: back at intake.
    page.get_by_role("link", name=case.reference).first.click()
    page.get_by_text(nl("Reopen"), exact=True).first.click()
    page.get_by_role("radio", name=nl_label(ReopenReason.RELAPSE), exact=True).check()
    page.locator(".case-steps").get_by_role("button", name=nl("Reopen")).click()
    expect_text(page.locator(".messages"), nl("The case has been reopened and is back at intake."))
    expect_text(status_badge, nl_label(Status.INTAKE))
    screenshot("08-case-reopened")

    menu(page, "My caseload").click()
    expect_text(page.get_by_role("row").filter(has_text=case.reference), nl_label(Status.INTAKE))
    screenshot("09-caseload")


# --- Bad input: a clear Dutch message at the field, and nothing typed is lost ---------------


def test_invalid_bsn_keeps_everything_typed(world, page, login, screenshot):
    login(world.director.user.username)
    page.goto(reverse("cases:register"))
    question = "Vraagt hulp bij het invullen van formulieren."
    fill_registration(
        page, question=question, postcode="2035 AB", house_number="7", bsn="123456789"
    )
    page.get_by_role("checkbox", name=nl_label(LifeDomain.FINANCES), exact=True).check()
    register_button(page).click()

    bsn = page.get_by_label(nl("BSN"), exact=True)
    expect_text(page.locator("#id_bsn_error"), "elfproef")
    expect_text(
        page.locator("#id_bsn_error"),
        nl(
            "This is not a valid BSN: it must be 9 digits and pass the 11-test. Leave it empty "
            "if you do not know it."
        ),
    )
    assert bsn.get_attribute("aria-invalid") == "true"
    assert "id_bsn_error" in bsn.get_attribute("aria-describedby")
    expect_text(page.get_by_role("alert"), nl("There is a problem"))
    assert bsn.input_value() == "123456789"
    assert page.get_by_label(nl("Question"), exact=True).input_value() == question
    assert page.get_by_label(nl("Postcode"), exact=True).input_value() == "2035 AB"
    assert page.get_by_role("checkbox", name=nl_label(LifeDomain.FINANCES), exact=True).is_checked()
    assert not Case.objects.exists()
    screenshot("10-registration-invalid-bsn")


def test_postcode_outside_the_municipality_is_refused_at_the_postcode(world, page, login):
    login(world.director.user.username)
    page.goto(reverse("cases:register"))
    fill_registration(page, question="Zoekt een buurthuis.", postcode="1011 AB", house_number="1")
    register_button(page).click()

    expect_text(page.locator("#id_postcode_error"), "Haarlem")
    expect_text(
        page.locator("#id_postcode_error"),
        nl(
            "This postcode is not in the municipality of %(name)s. Check the postcode, or refer "
            "the resident to the team of their own municipality.",
            name="Haarlem",
        ),
    )
    assert page.get_by_label(nl("Question"), exact=True).input_value() == "Zoekt een buurthuis."
    assert page.get_by_label(nl("Postcode"), exact=True).input_value() == "1011 AB"
    assert page.get_by_label(nl("House number"), exact=True).input_value() == "1"
    assert not Case.objects.exists()


def test_second_registration_warns_of_the_known_household(world, page, login, screenshot):
    known = registration_create(
        actor=world.director.user,
        question="Eerste vraag",
        postcode="2035 AB",
        house_number=12,
        person=PersonInput(given_name="Fenna", family_name="Testhuis", bsn=TEST_BSN),
    )
    login(world.director.user.username)

    # Same address, no BSN: the known household is shown; a different household is possible.
    page.goto(reverse("cases:register"))
    fill_registration(page, question="Tweede vraag over de buren.", postcode="2035AB")
    page.get_by_label(nl("House number"), exact=True).fill("12")
    register_button(page).click()
    warning = page.locator(".duplicate-warning")
    expect_text(warning, nl("Is this a known household?"))
    expect_text(warning, known.household.reference)
    expect_text(warning, nl("same address"))
    # It has an open case: the question belongs there, not in a second plan.
    expect_text(warning, nl("Go to the open case"))
    different = warning.get_by_role("button", name=nl("This is a different household"))
    assert different.count() == 1
    assert page.get_by_label(nl("Question"), exact=True).input_value() == (
        "Tweede vraag over de buren."
    )
    screenshot("11-registration-duplicate-address")
    different.click()
    expect_text(page.locator("h1"), nl("Question registered"))
    second = Case.objects.exclude(pk=known.pk).get()
    assert second.household_id != known.household_id
    assert second.question == "Tweede vraag over de buren."

    # Same BSN at another address: it cannot be a different household, so that is not offered.
    page.goto(reverse("cases:register"))
    fill_registration(
        page, question="Vraag via de huisarts.", postcode="2036 AA", house_number="3", bsn=TEST_BSN
    )
    register_button(page).click()
    warning = page.locator(".duplicate-warning")
    expect_text(warning, nl("same BSN"))
    expect_text(
        warning,
        nl("A member of a known household has this BSN, so this cannot be a different household."),
    )
    assert warning.get_by_role("button", name=nl("This is a different household")).count() == 0
    assert page.get_by_label(nl("BSN"), exact=True).input_value() == TEST_BSN
    assert page.get_by_label(nl("Question"), exact=True).input_value() == "Vraag via de huisarts."
    assert Case.objects.count() == 2


def test_an_illegal_step_is_neither_offered_nor_accepted(world, page, login):
    case = registration_create(
        actor=world.director.user, question="Eenzaam sinds de verhuizing.", postcode="2035 AB"
    )
    login(world.director.user.username)
    page.goto(reverse("cases:detail", args=[case.pk]))
    steps = page.locator(".case-steps")
    assert steps.get_by_role("button", name=nl("Start intake")).count() == 1
    for offered_later in ("Close the case", "Activate plan", "Reopen"):
        assert steps.get_by_text(nl(offered_later), exact=True).count() == 0, offered_later

    # Typed in by hand, the close page refuses with the reason, in Dutch.
    page.goto(reverse("cases:close", args=[case.pk]))
    assert page.locator("form.close-form").count() == 0
    expect_text(
        page.get_by_role("alert"),
        nl(
            "A case that is '%(status)s' cannot be given the step '%(transition)s'.",
            status=nl_label(Status.REGISTERED),
            transition=nl_label(Transition.CLOSE),
        ),
    )
    assert Case.objects.get(pk=case.pk).status == Status.REGISTERED


# --- Keyboard only ----------------------------------------------------------------------------


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``: reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} cannot be reached with Tab", pytrace=False)


def test_registration_with_the_keyboard_alone(world, page, login):
    login(world.director.user.username)
    page.goto(reverse("cases:register"))

    tab_to(page, "#id_question")
    page.keyboard.type("Kan de energierekening niet betalen.")
    tab_to(page, "#id_source")
    # A closed select moves through its options with the arrow keys: resident → own network →
    # GP (the order of the choices).
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=channel]:checked")  # a radio group is one Tab stop
    page.keyboard.press("ArrowUp")  # phone → walk-in
    tab_to(page, "input[name=urgency]:checked")
    page.keyboard.press("ArrowDown")  # normal → high
    tab_to(page, f"input[name=domains][value={LifeDomain.FINANCES}]")
    page.keyboard.press("Space")
    tab_to(page, "#id_postcode")
    page.keyboard.type("2036 AB")
    page.keyboard.press("Tab")
    page.keyboard.type("5")
    tab_to(page, "#id_given_name")
    page.keyboard.type("Sem")
    tab_to(page, "button[type=submit]:not(.link)")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(re.escape(reverse("cases:registered")) + "$"))
    expect_text(page.locator("h1"), nl("Question registered"))
    case = Case.objects.get()
    assert case.question == "Kan de energierekening niet betalen."
    assert case.source == Source.GP
    assert case.channel == Channel.WALK_IN
    assert case.urgency == Urgency.HIGH
    assert case.domains == [LifeDomain.FINANCES]
    assert case.team == world.schalkwijk
    assert (case.household.postcode, case.household.house_number) == ("2036AB", 5)
    assert [person.given_name for person in case.household.members.all()] == ["Sem"]
    assert case.registered_at <= timezone.now()
