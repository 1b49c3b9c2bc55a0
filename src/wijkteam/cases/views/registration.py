"""Registering a question (aanmelding): one short form, routed by postcode to a team's inbox.

The form only parses what was typed; routing, the BSN 11-test, the municipality check and the
duplicate check are the core's (``registration_create``). Whatever the core refuses, the form
comes back with everything that was typed, and the message next to the field it concerns.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wijkteam.access.permissions import staff_page
from wijkteam.access.selectors import households_known_to
from wijkteam.cases.forms import THEME_REFUSED
from wijkteam.cases.models import Case, Channel, Source, Urgency
from wijkteam.cases.selectors import cases_visible_to
from wijkteam.cases.services import PersonInput, PossibleDuplicate, registration_create
from wijkteam.cases.themes import themes_active
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError
from wijkteam.households.forms import AddressFields, PersonFields
from wijkteam.households.models import Household

# Where the last registration's outcome waits for the confirmation page. The session, not the
# URL, because the confirmation may name a case the user cannot open (another team's area).
SESSION_KEY = "wijkteam_last_registration"


class RegistrationForm(AddressFields, PersonFields):
    question = forms.CharField(
        label=_("Question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In a few words, in the resident's own words where possible."),
    )
    source = forms.ChoiceField(label=_("Who reported it"), choices=Source.choices)
    channel = forms.ChoiceField(
        label=_("How it came in"), choices=Channel.choices, widget=forms.RadioSelect
    )
    domains = forms.MultipleChoiceField(
        label=_("Life domains"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, widget=forms.RadioSelect
    )
    # Codes of active themes; the choices are set per request, the core checks them again.
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": THEME_REFUSED},
        help_text=_(
            "What the question is about, from the municipality's list. Community work counts "
            "households per theme and neighbourhood, never names."
        ),
    )

    # About whom (address and person fields come from the household forms): all optional,
    # because a first contact may be anonymous.
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Decides which team the question goes to."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 7}),
    )

    # Set by the duplicate warning's buttons or by "new question" on a household page.
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    ABOUT_FIELDS = (
        "postcode",
        "house_number",
        "house_number_suffix",
        "street",
        "city",
        "given_name",
        "family_name",
        "date_of_birth",
        "bsn",
        "phone",
        "email",
    )
    CONTROL_FIELDS = ("household", "confirm_new")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(theme.code, theme.name) for theme in themes_active()]

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ABOUT_FIELDS]

    def hidden_copies(self) -> list[tuple[str, str]]:
        """Every typed value as (name, value) pairs, to carry them through the duplicate
        warning's buttons without losing anything."""
        return self._typed([name for name in self.fields if name not in self.CONTROL_FIELDS])

    def hidden_about(self) -> list[tuple[str, str]]:
        """The typed "about whom" values, kept while the form is bound to a known household."""
        return self._typed(list(self.ABOUT_FIELDS))

    def _typed(self, names: list[str]) -> list[tuple[str, str]]:
        if not self.is_bound:
            return []
        return [(name, value) for name in names for value in self.data.getlist(name)]


def _initial() -> dict[str, Any]:
    # The common case: a resident calls about themselves with an ordinary question.
    return {"source": Source.RESIDENT, "channel": Channel.PHONE, "urgency": Urgency.NORMAL}


def _household_or_404(request: HttpRequest, pk: Any) -> Household | None:
    if pk in (None, ""):
        return None
    # A known household of one's own team, even when one is not on its case: registering a new
    # question tells nothing of its file.
    try:
        household = households_known_to(user=request.user).filter(pk=int(pk)).first()
    except (ValueError, TypeError):
        household = None
    if household is None:
        raise Http404
    return household


def _open_case_of(request: HttpRequest, household: Household | None) -> Case | None:
    if household is None:
        return None
    from wijkteam.cases.lifecycle import OPEN_STATES

    return (
        cases_visible_to(user=request.user)
        .filter(household=household, status__in=OPEN_STATES)
        .first()
    )


@staff_page
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """The registration form; on GET ``?household=<id>`` registers for a known household."""
    context: dict[str, Any] = {}
    if request.method == "GET":
        household = _household_or_404(request, request.GET.get("household"))
        initial = _initial()
        if household is not None:
            initial["household"] = household.pk
        form = RegistrationForm(initial=initial)
        return _render(request, form, household=household)

    form = RegistrationForm(request.POST)
    if not form.is_valid():
        household = _household_or_404(request, request.POST.get("household"))
        return _render(request, form, household=household)

    data = form.cleaned_data
    household = _household_or_404(request, data["household"])
    try:
        case = registration_create(
            actor=request.user,
            question=data["question"],
            source=data["source"],
            channel=data["channel"],
            domains=data["domains"],
            urgency=data["urgency"],
            household=household,
            postcode=data["postcode"],
            house_number=data["house_number"],
            house_number_suffix=data["house_number_suffix"],
            street=data["street"],
            city=data["city"],
            person=PersonInput(
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                bsn=data["bsn"],
                phone=data["phone"],
                email=data["email"],
            ),
            confirm_new=data["confirm_new"],
            themes=data["themes"],
        )
    except PossibleDuplicate as error:
        context["matches"] = error.matches
        context["duplicate_message"] = error.message
        context["bsn_matched"] = any(match.reason == "bsn" for match in error.matches)
        return _render(request, form, household=household, **context)
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        if field in RegistrationForm.CONTROL_FIELDS:
            field = None
        form.add_error(field, str(error.message))
        if error.code == "open_case_exists":
            context["open_case"] = _open_case_of(request, household)
        return _render(request, form, household=household, **context)

    visible = cases_visible_to(user=request.user).filter(pk=case.pk).exists()
    request.session[SESSION_KEY] = {
        "case_id": case.pk,
        "reference": case.reference,
        "team": case.team.name,
        "visible": visible,
        "household_id": case.household_id if visible else None,
    }
    return redirect("cases:registered")


def _render(
    request: HttpRequest, form: RegistrationForm, *, household: Household | None, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "household": household,
        "household_open_case": _open_case_of(request, household),
        **extra,
    }
    return render(request, "cases/registration_form.html", context)


@staff_page
def registered(request: HttpRequest) -> HttpResponse:
    """Says which team's inbox the last registration went to."""
    outcome = request.session.get(SESSION_KEY)
    if not outcome:
        return redirect("cases:register")
    return render(request, "cases/registration_done.html", {"outcome": outcome})


urlpatterns = [
    path("aanmelden/", register, name="register"),
    path("aanmelden/klaar/", registered, name="registered"),
]
