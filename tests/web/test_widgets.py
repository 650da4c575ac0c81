"""QuickSelect draws the same select as Django's template widget: same elements, attributes and text."""

from html.parser import HTMLParser

import pytest
from django import forms

from uplift.web.widgets import QuickSelect

CHOICES = [("", "ทุกจังหวัด"), ("3-5", "3–5 ดาว <b>&"), ("83", 'ภูเก็ต "อันดามัน"'), (5, "★★★★★")]
GROUPED = [("ภาคใต้", [("83", "ภูเก็ต"), ("80", "นครศรีธรรมราช")]), ("50", "เชียงใหม่")]


class _Parts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.parts.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(("text", data.strip()))


def _parts(html: str) -> list:
    parser = _Parts()
    parser.feed(html)
    return parser.parts


@pytest.mark.parametrize(("choices", "value"), [(CHOICES, ""), (CHOICES, "83"), (CHOICES, 5), (CHOICES, None),
                                                 (GROUPED, "80")])
def test_quick_select_draws_what_the_template_widget_draws(choices, value):
    attrs = {"id": "id_province", "class": "filter", "hx-get": "/entrepreneurs/"}
    expected = forms.Select(choices=choices, attrs=attrs).render("province", value)
    drawn = QuickSelect(choices=choices, attrs=attrs).render("province", value)
    assert _parts(drawn) == _parts(expected)
    assert ("start", "option", [("selected", None), ("value", str(value))]) in _parts(drawn) or not value
