"""The seeded monitor is appendix 4 of seed 003."""

from __future__ import annotations

from wijkteam.knowledgenetwork.models import Question


def _options(number: int) -> list[tuple[str, str, bool]]:
    question = Question.objects.get(number=number)
    return [(o.letter, o.text, o.is_other) for o in question.options.order_by("order")]


def test_the_20_questions_are_seeded_in_order(db):
    numbers = list(Question.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert Question.objects.get(number=1).text == (
        "In welk stadium bevinden de sociale teams zich in uw gemeente(n)?"
    )
    assert Question.objects.get(number=20).text.startswith("Welke behoefte aan uitwisseling")


def test_the_stage_question_has_the_seeds_options(db):
    assert _options(1) == [
        ("a", "Plannen ontbreken", False),
        ("b", "Visieontwikkeling", False),
        ("c", "Beleidsvoorbereiding", False),
        ("d", "Beleidsuitvoering", False),
        ("e", "Anders, namelijk", True),
    ]
    assert Question.objects.get(number=1).kind == "single"


def test_namelijk_options_need_a_text_and_kinds_follow_the_questions(db):
    # Question 5: every focus but "Individueel" asks "namelijk …".
    assert [is_other for _l, _t, is_other in _options(5)] == [False, True, True, True, True]
    assert [text for _l, text, _o in _options(15)][:3] == [
        "Caseload",
        "Omvang teams",
        "Uitwisseling gevoelige informatie",
    ]
    assert len(_options(15)) == 8 and _options(11)[-1] == ("c", "Iets anders, namelijk", True)
    # Question 16's "d) .. e) .. f) Etc." are placeholders, not options.
    assert len(_options(16)) == 3
    kinds = dict(Question.objects.values_list("number", "kind"))
    assert {n for n, kind in kinds.items() if kind == "text"} == {9, 17, 18, 19, 20}
    assert {n for n, kind in kinds.items() if kind == "multiple"} == {3, 4, 5, 15, 16}
    assert Question.objects.get(number=3).text_label == "Toelichting"
