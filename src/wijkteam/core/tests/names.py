"""Names for the factories that a page shows as they are.

Faker's Dutch names include a few with an apostrophe ("van 't Riet", "d' Heripon"), which a
page rightly shows HTML-escaped (``van &#x27;t Riet``). Tests look for a person's name in
the page's HTML, so a test that drew one of those names failed now and then: the factories
draw from the names without such characters, and ``test_names_with_apostrophes`` checks the
apostrophe names on purpose.
"""

import html

from faker.providers import BaseProvider

_TRIES = 50


class PlainNamesProvider(BaseProvider):
    def _plain(self, draw) -> str:
        for _ in range(_TRIES):
            name = draw()
            if html.escape(name) == name:
                return name
        raise RuntimeError("no name without HTML special characters in Faker's list")

    def plain_first_name(self) -> str:
        return self._plain(self.generator.first_name)

    def plain_last_name(self) -> str:
        return self._plain(self.generator.last_name)
