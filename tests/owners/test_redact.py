"""Redaction before anything is stored: realistic, messy things people type into a chat.

Each case is what a member of staff might paste; the expected text is what may be kept.
"""

from __future__ import annotations

import pytest

from adapters.owners.redact import nhs_number_valid, redact

CASES = [
    # e-mail addresses, in sentences and with odd characters
    ("email me at jane.doe+spread@nhs.net!", "email me at [email]!"),
    ("J.Smith@leeds-th.nhs.uk, cc a_b@x.co.uk", "[email], cc [email]"),
    # UK phone numbers in their common forms
    ("call 07700 900123 about huddles", "call [phone] about huddles"),
    ("07700900123", "[phone]"),
    ("mob: 07700-900-123.", "mob: [phone]."),
    ("+44 7700 900123 or +447700900123", "[phone] or [phone]"),
    ("+44 (0)20 7946 0958", "[phone]"),
    ("(020) 7946 0958 / 020 7946 0958", "[phone] / [phone]"),
    ("ring 0161 496 0000 ext 12 tomorrow", "ring [phone] tomorrow"),
    ("0044 20 7946 0958", "[phone]"),
    ("freephone 0800 123 4567", "freephone [phone]"),
    ("our Irish partner +353 1 234 5678", "our Irish partner [phone]"),
    # NHS numbers that pass the modulus-11 check, spaced, hyphenated or run together
    ("patient 943 476 5919 asked", "patient [nhs-number] asked"),
    ("NHS no. 9434765919", "NHS no. [nhs-number]"),
    ("943-476-5919", "[nhs-number]"),
    # ten digits that fail the check are not NHS numbers, but still a long run of digits
    ("ref 943 476 5910", "ref [number]"),
    ("ref 9434765910", "ref [number]"),
    # UK postcodes, upper or lower case, with or without the space
    ("based at LS1 4AP", "based at [postcode]"),
    ("sw1a 1aa and EC1A1BB", "[postcode] and [postcode]"),
    ("M1 1AE; B33 8TH", "[postcode]; [postcode]"),
    # links, bare and in chat markup
    ("see https://example.org/spread?id=12&x=y for more", "see [url] for more"),
    ("www.nhs.uk/conditions and <https://evil.example|click>", "[url] and [url]"),
    # mentions: chat markup and plain
    ("<@U123ABC> said so", "[mention] said so"),
    ("ask <@U999|bob> or <!here> in <#C1|general>", "ask [mention] or [mention] in [mention]"),
    ("ask @alice.smith about GIRFT", "ask [mention] about GIRFT"),
    ("<at>Bob Smith</at> knows", "[mention] knows"),
    # long digit runs
    ("case 12345678", "case [number]"),
    ("order 123456", "order [number]"),
    ("id 1234 5678", "id [number]"),
    # what is not personal stays as typed
    ("how do I spread daily huddles?", "how do I spread daily huddles?"),
    ("GIRFT 2023 programme, ward 12 bed 4", "GIRFT 2023 programme, ward 12 bed 4"),
    ("100,000 staff in 7 ICBs since 2016", "100,000 staff in 7 ICBs since 2016"),
    ("call 111 or 999", "call 111 or 999"),
    ("covid19 2nd wave", "covid19 2nd wave"),
    ("crowdsorcing   lots\tof   space", "crowdsorcing lots of space"),
]


@pytest.mark.parametrize(("typed", "kept"), CASES, ids=[c[0][:30] for c in CASES])
def test_redaction(typed: str, kept: str) -> None:
    assert redact(typed) == kept


def test_a_messy_paragraph_keeps_nothing_personal() -> None:
    typed = (
        "Hi <@U0BOB>, Dr Jane Doe (jane.doe@nhs.net, 07700 900 123) from LS1 4AP wants to "
        "spread virtual wards - pt 943 476 5919 / ref 0012345678, notes at "
        "https://sharepoint.example/sites/x?id=99 @team"
    )
    kept = redact(typed)
    for personal in ("U0BOB", "jane.doe", "07700", "LS1", "943", "0012345678", "sharepoint"):
        assert personal not in kept
    assert "@" not in kept
    assert "spread virtual wards" in kept


def test_redaction_is_stable() -> None:
    once = redact("mail a@b.org or call 020 7946 0958 from SW1A 1AA")
    assert redact(once) == once


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "4505577104"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_valid(number)


@pytest.mark.parametrize(
    "number",
    ["9434765910", "1234567890", "123456789", "94347659190", "abcdefghij"],
)
def test_invalid_nhs_numbers(number: str) -> None:
    # 1234567890: the check digit works out as 10, which no valid NHS number has
    assert not nhs_number_valid(number)
