"""The main flows with the keyboard alone: registering a question, the intake, the plan and
closing the case, as a case director who uses no mouse (WCAG 2.1.1 Keyboard, 2.4.1 Bypass
Blocks, 2.4.3 Focus Order, 2.4.7 Focus Visible).

Everything is done with Tab, Shift+Tab, Enter, Space, the arrow keys and typing: no clicks, no
``fill``, no element focused by the test itself. A field is reached by pressing Tab until it has
the focus, within a limit, so a control the keyboard cannot reach (or a focus trap) fails the
test. On the main controls the test also checks that the focus can be seen: the element is on
screen and its outline or shadow differs from when it had no focus.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from playwright.sync_api import ElementHandle, Locator, Page, expect

from wijkteam.cases.lifecycle import CloseReason, Status
from wijkteam.cases.models import Case, Channel, Source, Urgency
from wijkteam.core.domains import LifeDomain
from wijkteam.plans.models import ActionStatus, Outcome
from wijkteam.socialmap import services as socialmap_services
from wijkteam.zrm.models import AssessmentKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAB_LIMIT = 60  # more presses than any of these pages needs between two controls

# The styles that make focus visible; compared with and without the focus.
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join("|");
}"""


def nl(text: object, **values: object) -> str:
    """What the Dutch UI shows for an English source text (a msgid or a lazy label)."""
    with override("nl"):
        translated = gettext(str(text)) if isinstance(text, str) else str(text)
    return translated % values if values else translated


def has_focus(target: Locator | ElementHandle) -> bool:
    return target.evaluate("el => el === document.activeElement")


def focus_within(target: Locator | ElementHandle) -> bool:
    return target.evaluate("el => el.contains(document.activeElement)")


def press_until(page: Page, done, key: str, what: str, limit: int = TAB_LIMIT) -> int:
    """Press ``key`` until ``done()``; the number of presses. Fails after ``limit`` presses:
    the keyboard cannot get there."""
    for presses in range(limit + 1):
        if done():
            return presses
        if presses < limit:
            page.keyboard.press(key)
    active = page.evaluate(
        "() => { const el = document.activeElement;"
        " return el ? el.outerHTML.slice(0, 160) : 'nothing'; }"
    )
    pytest.fail(f"{key} × {limit} does not reach {what}; the focus is on {active}", pytrace=False)


def tab_to(page: Page, target: Locator, *, back: bool = False, indicator: bool = False) -> None:
    """Tab (or Shift+Tab) until ``target`` has the focus. With ``indicator``, the focus must
    be visible on it: the element is in view, and its outline or shadow changed."""
    # One handle, not the locator: resolving a role locator after every key press is slow.
    handle = target.element_handle()
    unfocused = handle.evaluate(FOCUS_STYLE) if indicator and not has_focus(handle) else None
    press_until(page, lambda: has_focus(handle), "Shift+Tab" if back else "Tab", str(target))
    if indicator:
        assert_focus_visible(handle, unfocused, str(target))


def tab_into(page: Page, container: Locator, *, back: bool = False) -> None:
    """Tab until the focus is inside ``container`` (a radio group: its checked radio, or its
    first when none is checked)."""
    handle = container.element_handle()
    press_until(page, lambda: focus_within(handle), "Shift+Tab" if back else "Tab", str(container))


def assert_focus_visible(
    target: Locator | ElementHandle, unfocused: str | None, name: str = ""
) -> None:
    """The focused ``target`` is on screen, matches :focus-visible, and looks different from
    when it had no focus."""
    seen = target.evaluate(
        """el => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth
            && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
        }"""
    )
    name = name or str(target)
    assert seen, f"{name} has the focus but cannot be seen"
    assert target.evaluate("el => el.matches(':focus-visible')"), name
    focused = target.evaluate(FOCUS_STYLE)
    outline_style, outline_width, _, shadow = focused.split("|")
    assert (outline_style != "none" and outline_width != "0px") or shadow != "none", (
        f"{name}: no focus indicator ({focused})"
    )
    if unfocused is not None:
        assert focused != unfocused, f"{name}: focus looks the same as no focus ({focused})"


def choose_radio(page: Page, group: Locator, option: Locator, *, back: bool = False) -> None:
    """Into the radio group with Tab, then the arrow keys to ``option`` (which checks it)."""
    tab_into(page, group, back=back)
    if not page.evaluate("() => document.activeElement.checked"):
        page.keyboard.press("Space")  # tabbed onto the first radio of a group none checked
    handle = option.element_handle()
    press_until(page, lambda: handle.evaluate("el => el.checked"), "ArrowDown", str(option), 15)


def choose_option(page: Page, select: Locator, label: str) -> None:
    """A closed select moves through its options with the arrow keys."""
    tab_to(page, select, indicator=True)
    page.keyboard.press("Home")
    handle = select.element_handle()
    press_until(
        page,
        lambda: handle.evaluate("el => el.selectedOptions[0]?.label") == label,
        "ArrowDown",
        label,
        limit=40,
    )


def check_box(page: Page, box: Locator) -> None:
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()


def press_button(page: Page, button: Locator, *, back: bool = False) -> None:
    tab_to(page, button, back=back, indicator=True)
    page.keyboard.press("Enter")


def type_into(page: Page, field: Locator, text: str, *, indicator: bool = False) -> None:
    tab_to(page, field, indicator=indicator)
    page.keyboard.type(text)


def open_details(
    page: Page, summary_text: str, scope: Locator | None = None, *, back: bool = False
) -> Locator:
    """A collapsed form (``<details>``) opened with Enter on its summary."""
    summary = (scope or page).locator(
        "summary", has_text=re.compile(f"^{re.escape(summary_text)}$")
    )
    tab_to(page, summary, back=back, indicator=True)
    details = summary.locator("xpath=..")
    if details.get_attribute("open") is None:
        page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    return details


def label(choice: object) -> str:
    return nl(choice.label)


def test_skip_link_goes_to_the_main_content(world, page, login):
    login(world.director.user.username)
    page.goto(reverse("cases:register"))

    # The first Tab lands on the skip link, which appears where it can be seen.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=nl("Skip to content"), exact=True)
    assert has_focus(skip)
    assert_focus_visible(skip, None)
    page.keyboard.press("Enter")
    main = page.locator("main#main")
    assert has_focus(main)
    # The next Tab goes to the first control of the page's own content, past the menu.
    page.keyboard.press("Tab")
    assert focus_within(main)
    assert not focus_within(page.locator("header"))
    assert has_focus(page.get_by_label(nl("Question"), exact=True))


def test_main_flows_with_the_keyboard_alone(world, page, login):
    director = world.director
    socialmap_services.provision_create(
        actor=None,
        name="Schuldhulpmaatje",
        provider="Stichting Maatjes (demo)",
        kind="volunteer",
        domains=[LifeDomain.FINANCES],
    )
    login(director.user.username)

    # 1. Registering: from the menu to the registration form.
    tab_to(page, page.get_by_role("navigation").get_by_role("link", name=nl("New registration")))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(nl("New registration"))
    type_into(
        page,
        page.get_by_label(nl("Question"), exact=True),
        "Huur al twee maanden niet betaald.",
        indicator=True,
    )
    choose_option(page, page.get_by_label(nl("Who reported it"), exact=True), label(Source.GP))
    choose_radio(
        page,
        page.get_by_role("group", name=nl("How it came in")),
        page.get_by_role("radio", name=label(Channel.WALK_IN), exact=True),
    )
    choose_radio(
        page,
        page.get_by_role("group", name=nl("Urgency")),
        page.get_by_role("radio", name=label(Urgency.HIGH), exact=True),
    )
    check_box(page, page.get_by_role("checkbox", name=label(LifeDomain.FINANCES), exact=True))
    type_into(page, page.get_by_label(nl("Postcode"), exact=True), "2035 AB")
    type_into(page, page.get_by_label(nl("House number"), exact=True), "12")
    type_into(page, page.get_by_label(nl("Given name"), exact=True), "Fenna")
    type_into(page, page.get_by_label(nl("Family name"), exact=True), "Testhuis")
    press_button(page, page.get_by_role("button", name=nl("Register"), exact=True))
    expect(page.locator("h1")).to_have_text(nl("Question registered"))
    case = Case.objects.get()
    assert (case.question, case.source, case.channel, case.urgency) == (
        "Huur al twee maanden niet betaald.",
        Source.GP,
        Channel.WALK_IN,
        Urgency.HIGH,
    )
    assert case.domains == [LifeDomain.FINANCES]

    # 2. Intake: the case director chosen, then the intake ZRM.
    tab_to(
        page,
        page.get_by_role("link", name=nl("Open case %(reference)s", reference=case.reference)),
        indicator=True,
    )
    page.keyboard.press("Enter")
    status = page.locator("h1 .badge")
    expect(status).to_have_text(label(Status.REGISTERED))
    steps = page.locator(".case-steps")
    choose_radio(
        page,
        steps.get_by_role("group", name=nl("Case director")),
        steps.get_by_role("radio", name=director.user.get_full_name()),
    )
    press_button(page, steps.get_by_role("button", name=nl("Start intake")))
    expect(status).to_have_text(label(Status.INTAKE))
    case.refresh_from_db()
    assert case.director == director

    press_button(page, page.get_by_role("link", name=nl("New ZRM assessment")))
    expect(page.locator("h1")).to_have_text(nl("New ZRM assessment"))
    finances = page.get_by_role("group", name=label(LifeDomain.FINANCES), exact=True)
    choose_radio(page, finances, finances.get_by_role("radio", name=re.compile(r"^2 · ")))
    housing = page.get_by_role("group", name=label(LifeDomain.HOUSING), exact=True)
    choose_radio(page, housing, housing.get_by_role("radio", name=re.compile(r"^3 · ")))
    press_button(page, page.get_by_role("button", name=nl("Save assessment")))
    expect(page.locator(".messages")).to_contain_text(nl("ZRM assessment recorded."))
    assessment = case.assessments.get()
    assert assessment.kind == AssessmentKind.INTAKE
    assert {score.domain: score.score for score in assessment.scores.all()} == {
        LifeDomain.FINANCES: 2,
        LifeDomain.HOUSING: 3,
    }

    # 3. The plan: a goal, an action from the social map on step 2, a step 3 action with the
    # reason htmx asks for, an action's status saved in place, and the plan activated.
    # Back at the ZRM section of the case; the plan is above it.
    open_details(page, nl("Add a goal"), back=True)
    choose_option(
        page, page.get_by_label(nl("Life domain"), exact=True), label(LifeDomain.FINANCES)
    )
    type_into(
        page,
        page.get_by_label(nl("Goal, in the resident's words"), exact=True),
        "Ik wil weer rust over mijn geld.",
    )
    press_button(page, page.get_by_role("button", name=nl("Add goal")))
    goal = page.locator("article.goal").filter(has_text="Ik wil weer rust over mijn geld.")
    expect(goal).to_be_visible()

    open_details(page, nl("Add an action"), goal)
    # Tabbing into the search shows the goal's provisions; one is chosen with Enter.
    tab_to(page, goal.get_by_role("searchbox"), indicator=True)
    choose = goal.get_by_role("button", name=re.compile(r"Schuldhulpmaatje"))
    press_button(page, choose)
    # The form comes back with the provision chosen, and the focus where the user was.
    remove = goal.get_by_role("button", name=re.compile(r"Schuldhulpmaatje"))
    expect(remove).to_contain_text(nl("Remove"))
    expect(remove).to_be_focused()
    assert goal.get_by_role("radio", name=re.compile(r"^2 ·")).is_checked()
    # Nothing tried yet for this goal: step 2 asks why own strength will not do.
    type_into(
        page,
        goal.locator(".step-reason-box .reason-required textarea"),
        "De post stapelt zich al maanden op.",
    )
    press_button(page, goal.get_by_role("button", name=nl("Add action")))
    expect(page.locator(".messages")).to_contain_text(nl("Action added."))

    open_details(page, nl("Add an action"), goal)
    type_into(
        page, goal.get_by_label(nl("What will be done"), exact=True), "Aanmelden bij budgetcafé."
    )
    choose_radio(
        page,
        goal.get_by_role("group", name=nl("Step")),
        goal.get_by_role("radio", name=re.compile(r"^3 ·")),
    )
    reason = goal.locator(".step-reason-box .reason-required textarea")
    type_into(page, reason, "Het netwerk kan niet helpen met schulden.", indicator=True)
    press_button(page, goal.get_by_role("button", name=nl("Add action")))
    expect(page.locator(".messages")).to_contain_text(nl("Action added."))
    expect(goal.locator("tbody")).to_contain_text("Het netwerk kan niet helpen met schulden.")

    first_row = goal.get_by_role("row").filter(has_text="Schuldhulpmaatje")
    choose_option(page, first_row.get_by_role("combobox"), label(ActionStatus.IN_PROGRESS))
    save = first_row.get_by_role("button", name=re.compile(f"^{re.escape(nl('Save'))}"))
    press_button(page, save)
    expect(first_row.locator(".saved")).to_have_text(nl("Saved"))
    # The row was replaced in place: the focus stays on its button, not lost to the page.
    expect(save).to_be_focused()

    # Activating is in the steps panel above the plan: back up with Shift+Tab.
    press_button(page, steps.get_by_role("button", name=nl("Activate plan")), back=True)
    expect(status).to_have_text(label(Status.PLAN_ACTIVE))

    # 4. Closing: an outcome per goal, the closing ZRM and a reason.
    press_button(page, steps.get_by_role("link", name=nl("Close the case")))
    expect(page.locator("h1")).to_contain_text(case.reference)
    outcome = page.get_by_role("group", name=re.compile(re.escape("Ik wil weer rust")))
    choose_radio(
        page, outcome, outcome.get_by_role("radio", name=label(Outcome.REACHED), exact=True)
    )
    closing_finances = page.get_by_role("group", name=label(LifeDomain.FINANCES), exact=True)
    choose_radio(
        page, closing_finances, closing_finances.get_by_role("radio", name=re.compile(r"^4 · "))
    )
    # Sent without a reason: the focus goes to the summary of what is wrong, whose link leads
    # to the field.
    press_button(page, page.get_by_role("button", name=nl("Close the case")))
    summary = page.get_by_role("alert").filter(has_text=nl("There is a problem"))
    expect(summary).to_be_focused()
    error_link = summary.get_by_role("link", name=nl("Choose a reason."))
    tab_to(page, error_link, indicator=True)
    page.keyboard.press("Enter")
    first_reason = page.get_by_role("radio", name=label(CloseReason.GOALS_REACHED), exact=True)
    expect(first_reason).to_be_focused()
    # What was chosen before is kept.
    assert outcome.get_by_role("radio", name=label(Outcome.REACHED), exact=True).is_checked()
    choose_radio(
        page,
        page.get_by_role("group", name=nl("Reason")),
        page.get_by_role("radio", name=label(CloseReason.GOALS_REACHED), exact=True),
    )
    press_button(page, page.get_by_role("button", name=nl("Close the case")))
    expect(page.locator(".messages")).to_contain_text(nl("The case has been closed."))
    expect(status).to_have_text(label(Status.CLOSED))
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert [goal.outcome for goal in case.plan.goals.all()] == [Outcome.REACHED]
