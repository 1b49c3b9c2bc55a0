"""Synthetic data at any scale: ``manage.py generate_data`` (issue 7).

Municipalities with their team areas, neighbourhoods, postcode ranges, teams and members, and
for every team its households with cases in every state and their whole history: the
registration, status changes, case directors and hand-overs, contacts, ZRM assessments, plans
with goals and actions on every step, plan revisions, themes, case conferences with conclusions,
weighty advices with decisions, and spending from the team's budget. The figures follow the
way of working (``docs/generated-data.md`` gives them), so the dashboard, the inbox and the
caseload look like a real municipality's.

Everything is drawn from one seeded random generator per team, relative to a fixed last day, so
the same options give the same rows. Rows go in with ``COPY`` (``writer``), a team at a time in
one transaction each: a million households take minutes, not days.
"""

from wijkteam.core.generator.build import GeneratedSummary, Options, data_generate

__all__ = ["GeneratedSummary", "Options", "data_generate"]
