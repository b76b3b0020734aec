"""`extend:` in a catalogue file: words added to a method defined in another file, with every
problem named by file, line, place and reason like any other."""

from __future__ import annotations

import pytest

from catalogue.loader import load_catalogue
from catalogue.yamlfile import DataFileError
from tests.catalogue.test_loader import GOOD

EXTEND = """\
extend:
  - method: first-method
    aliases: [earliest way, FIRST]
    keywords: [opening]
"""


def test_words_are_added_to_the_method_and_found() -> None:
    from catalogue.search import SearchIndex

    catalogue = load_catalogue([("good.yaml", GOOD), ("words.yaml", EXTEND)])
    method = catalogue.method("first-method")
    assert method.aliases == ("first", "earliest way")  # "FIRST" it already had
    assert method.keywords == ("opening",)
    best = SearchIndex(catalogue).lookup("earliest way").best
    assert best is not None and best.id == "first-method"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "extend:\n  - method: no-such-method\n    aliases: [x]\n",
            "words.yaml:2 at extend[0].method: unknown method 'no-such-method'",
        ),
        (
            "extend:\n  - method: first-method\n    aliases: [second]\n",
            "words.yaml:3 at extend[0].aliases[0]: alias 'second' is already used by "
            "'second-method' (in good.yaml)",
        ),
        (
            "extend:\n  - method: first-method\n    name: Renamed\n",
            "words.yaml:3 at extend[0].name: unknown key",
        ),
        ("extend: first-method\n", "words.yaml:1 at extend: expected a list"),
    ],
)
def test_broken_extensions_name_file_line_and_place(text: str, expected: str) -> None:
    with pytest.raises(DataFileError) as raised:
        load_catalogue([("good.yaml", GOOD), ("words.yaml", text)])
    assert any(str(e).startswith(expected) for e in raised.value.errors), raised.value.errors
