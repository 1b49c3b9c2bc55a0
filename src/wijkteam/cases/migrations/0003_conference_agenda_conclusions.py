"""Case conferences get a start time, a duration and a version; the agenda's many-to-many table
becomes the model ``ConferenceAgendaItem`` (same table and columns, so existing agendas stay),
with who put a case on it and when; conclusions and the plan actions they led to are new."""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_caseconference"),
        ("plans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="caseconference",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="caseconference",
            name="starts_at",
            field=models.TimeField(default=datetime.time(9, 0), verbose_name="start time"),
        ),
        migrations.AddField(
            model_name="caseconference",
            name="duration_minutes",
            field=models.PositiveSmallIntegerField(default=60, verbose_name="duration (minutes)"),
        ),
        migrations.AddConstraint(
            model_name="caseconference",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__gte", 5), ("duration_minutes__lte", 480)),
                name="conference_duration_range",
            ),
        ),
        # The table of the plain many-to-many field, described as a model: no database change.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConferenceAgendaItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agenda_items",
                                to="cases.case",
                            ),
                        ),
                        (
                            "conference",
                            models.ForeignKey(
                                db_column="caseconference_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agenda_items",
                                to="cases.caseconference",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agenda item",
                        "verbose_name_plural": "agenda items",
                        "db_table": "cases_caseconference_cases",
                        "ordering": ["position", "pk"],
                        "unique_together": {("conference", "case")},
                    },
                ),
                migrations.AlterField(
                    model_name="caseconference",
                    name="cases",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="conferences",
                        through="cases.ConferenceAgendaItem",
                        to="cases.case",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="conferenceagendaitem",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="position"),
        ),
        migrations.AddField(
            model_name="conferenceagendaitem",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="conferenceagendaitem",
            name="added_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.CreateModel(
            name="ConferenceConclusion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=1000, verbose_name="conclusion")),
                ("written_at", models.DateTimeField(auto_now_add=True)),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conclusions",
                        to="cases.conferenceagendaitem",
                    ),
                ),
                (
                    "written_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "conclusion",
                "verbose_name_plural": "conclusions",
                "ordering": ["written_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["item", "written_at"], name="cases_confe_item_id_2b2637_idx"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ConclusionAction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conference_link",
                        to="plans.action",
                    ),
                ),
                (
                    "conclusion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_links",
                        to="cases.conferenceconclusion",
                    ),
                ),
            ],
            options={"ordering": ["pk"]},
        ),
    ]
