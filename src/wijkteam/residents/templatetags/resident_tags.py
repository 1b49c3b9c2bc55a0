"""``{% digid_login %}``: the "log in with DigiD" button on the login page, only when the
DigiD/eHerkenning broker is configured (``WIJKTEAM_OIDC_CLIENT_ID``)."""

from __future__ import annotations

from typing import Any

from django import template

from wijkteam.residents.auth import oidc_enabled

register = template.Library()


@register.inclusion_tag("residents/_digid_login.html", takes_context=True)
def digid_login(context: template.Context) -> dict[str, Any]:
    return {"enabled": oidc_enabled(), "next": context.get("next", "")}
