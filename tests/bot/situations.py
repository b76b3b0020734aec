"""Situation descriptions as NHS and care staff write them, with what each states.

Each row: the message, then the expected answer for stage, scale and timeframe (a value, or None
where the message does not state it), and the resources and barriers it states (sets, empty where
none). Written from how people describe their work in Slack and Teams, not from the phrases the
bot knows; the benchmark (bench/bench_understanding.py) and tests/bot/test_understand.py read it.

How it is labelled (a wrong guess costs more than a question): a wish is not a fact, so wanting
to roll something out does not make it ready to spread, and wanting a central team is not having
one; the scale is the one aimed at, and where something is tested now ("on one ward") is not it;
having no funding is a missing resource, not a barrier, unless the cost of adopting is named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data"


class Situation(NamedTuple):
    text: str
    stage: str | None = None
    scale: str | None = None
    timeframe: str | None = None
    resources: frozenset[str] = frozenset()
    barriers: frozenset[str] = frozenset()


def s(
    text: str,
    stage: str | None = None,
    scale: str | None = None,
    timeframe: str | None = None,
    resources: str = "",
    barriers: str = "",
) -> Situation:
    return Situation(
        text,
        stage,
        scale,
        timeframe,
        frozenset(resources.split()),
        frozenset(barriers.split()),
    )


SITUATIONS: list[Situation] = [
    s(
        "we have an app that worked in one trust and want every trust in England to use it",
        "spread",
        "national",
    ),
    s("we piloted it in two trusts and want every ICB to adopt it", "spread", "national"),
    s(
        "Our virtual ward model has been running in 2 trusts for a year with good outcomes. "
        "Looking to roll it out across the ICS over the next 18 months",
        "spread",
        "regional",
        "6-18-months",
    ),
    s(
        "hi, we're a PCN pharmacy team - just an idea at the moment about doing structured med "
        "reviews differently, no money yet",
        "ideation",
    ),
    s(
        "we've done a small proof of concept with 20 patients on the ward and results look "
        "promising",
        "proof-of-concept",
    ),
    s(
        "currently piloting a digital falls pathway on two wards, want to take it trust wide "
        "in the next 6 months",
        "prototype-testing",
        "local",
        "under-6-months",
    ),
    s(
        "Our HIN has evidence from 3 sites that the AF detection pathway works. We need every "
        "PCN in England doing it within 2 years but practices say they can't afford the devices",
        "spread",
        "national",
        "1-3-years",
        "",
        "costs",
    ),
    s(
        "we need to get all the trusts in our ICS using the same discharge checklist, at the "
        "moment everyone does it differently",
        None,
        "regional",
        None,
        "",
        "consistency",
    ),
    s(
        "consultants are sceptical it works and we don't have any outcome data yet",
        None,
        None,
        None,
        "",
        "evidence",
    ),
    s(
        "staff are really stretched so nobody has time to learn the new system",
        None,
        None,
        None,
        "",
        "skills",
    ),
    s(
        "we've got NHSE funding and a central programme team to lead national roll out of the "
        "pathway over 3 years",
        None,
        "national",
        "1-3-years",
        "central funding",
    ),
    s("NHSE will fund a central team", None, None, None, "central"),
    s(
        "the ICB doesn't see it as a priority so we can't get it commissioned",
        None,
        None,
        None,
        "",
        "priority",
    ),
    s(
        "lots of partners involved - acute, community, social care and the voluntary sector - "
        "and it's hard to get everyone aligned",
        None,
        None,
        None,
        "",
        "complex",
    ),
    s(
        "GPs aren't interested and patients don't really know it exists",
        None,
        None,
        None,
        "",
        "engagement",
    ),
    s(
        "it's a prototype app we're testing with 3 practices in our borough",
        "prototype-testing",
        "local",
    ),
    s(
        "thinking about developing a tool to help care homes spot deterioration earlier, "
        "very early days",
        "ideation",
    ),
    s(
        "We trialled the new referral form across our trust and it cut waits by half. Next "
        "step is to get neighbouring trusts to adopt it",
        "spread",
        "regional",
    ),
    s(
        "we're a small team with goodwill from local partners but no budget",
        None,
        None,
        None,
        "local",
    ),
    s(
        "we have a university partner who will evaluate it and some charity funding",
        None,
        None,
        None,
        "evaluation funding",
    ),
    s("ready to spread, national, 1-3 years", "spread", "national", "1-3-years"),
    s(
        "want to scale our community MSK service across the north west within a year",
        None,
        "regional",
        "6-18-months",
    ),
    s(
        "it's been running in our trust for five years and we want other trusts to use it",
        "spread",
        None,
    ),
    s("our deadline is the end of the financial year", None, None, "under-6-months"),
    s("we need this in place by next spring", None, None, "under-6-months"),
    s("we have a 5 year horizon for this programme", None, None, "over-3-years"),
    s("need to have it working in 6 weeks", None, None, "under-6-months"),
    s(
        "over the next 2-3 months we want to test it in a couple of wards",
        "prototype-testing",
        None,
        "under-6-months",
    ),
    s("we've got nine months of funding left", None, None, "6-18-months", "funding"),
    s("our timescale is twelve months", None, None, "6-18-months"),
    s("we have 24 months to get it adopted across the region", None, "regional", "1-3-years"),
    s("a couple of years is realistic for the whole ICS", None, "regional", "1-3-years"),
    s(
        "there's a lot of unwarranted variation between practices in how they manage this",
        None,
        None,
        None,
        "",
        "consistency",
    ),
    s(
        "trusts would have to run the old and new service side by side for a while and nobody "
        "will pay the double running costs",
        None,
        None,
        None,
        "",
        "costs",
    ),
    s(
        "we have an evaluation team from the NIHR ARC and clinical champions in each site",
        None,
        None,
        None,
        "evaluation local",
    ),
    s(
        "the innovation has NICE guidance and strong real world evidence but uptake is patchy "
        "across the country",
        "spread",
        "national",
    ),
    s(
        "its a small scale test of change at the moment on one ward, too early to say if it works",
        "proof-of-concept",
    ),
    s(
        "we're in the middle of a 12 month pilot across four GP practices",
        "prototype-testing",
        None,
    ),
    s(
        "we're in the middle of a pilot and want to know how to spread it later",
        "prototype-testing",
    ),
    s(
        "we need clinicians to adapt the pathway to their local population, a one size fits all "
        "approach won't work",
        None,
        None,
        None,
        "",
        "engagement",
    ),
    s(
        "commissioners aren't prioritising it and there are competing priorities in the system",
        None,
        None,
        None,
        "",
        "priority",
    ),
    s(
        "we don't have the project management capacity to implement it ourselves",
        None,
        None,
        None,
        "",
        "skills",
    ),
    s(
        "it crosses primary and secondary care and needs social care on board too",
        None,
        None,
        None,
        "",
        "complex",
    ),
    s(
        "our ward staff love it and we want to spread it to the other wards in the hospital",
        None,
        "local",
    ),
    s(
        "the app is proven in Wales and we want to bring it to England over the next few years",
        "spread",
        "national",
        "1-3-years",
    ),
    s(
        "we have money for implementation but nobody to coordinate across the region",
        None,
        "regional",
        None,
        "funding",
    ),
    s(
        "we've got a central team at the HIN who can coordinate and some staff time from the "
        "trusts",
        None,
        None,
        None,
        "central local",
    ),
    s(
        "i'm a nurse in a community team with an idea for improving leg ulcer care, where do I "
        "start",
        "ideation",
        "local",
    ),
    s(
        "we have proof of concept from a hackathon and want to prototype it next",
        "proof-of-concept",
    ),
    s(
        "we're running a pilot in one ICB with an academic partner doing the evaluation",
        "prototype-testing",
        "regional",
        None,
        "evaluation",
    ),
    s(
        "the problem is getting buy-in from consultants, they see it as more work",
        None,
        None,
        None,
        "",
        "engagement",
    ),
    s(
        "we've shown it can work in a handful of patients but need proper evidence before "
        "anyone will fund it",
        "proof-of-concept",
        None,
        None,
        "",
        "evidence",
    ),
    s("trust board want it done quickly, ideally before winter", None, None, "under-6-months"),
    s("this is a long term change, no rush", None, None, "over-3-years"),
    s(
        "we would like every trust in England to use the same falls risk assessment",
        None,
        "national",
        None,
        "",
        "consistency",
    ),
    s("the price of the kit is the main barrier for most practices", None, None, None, "", "costs"),
    s("nobody has the skills to run the data side of it", None, None, None, "", "skills"),
    s(
        "we have the evidence, what we lack is leadership support from the ICB",
        "spread",
        None,
        None,
        "",
        "priority",
    ),
    s(
        "our pilot finished in march and the evaluation was really positive, so we want to "
        "scale up",
        "spread",
    ),
    s(
        "we are testing a new discharge app on 2 wards and no one has time to train staff on it",
        "prototype-testing",
        None,
        None,
        "",
        "skills",
    ),
    s(
        "the model works, we just need to get other PCNs in the borough on board",
        "spread",
        "local",
        None,
        "",
        "engagement",
    ),
    s("thanks for your help", None),
    s("who built you?", None),
    s("how do I claim mileage", None),
]


def load_table(name: str) -> list[Situation]:
    """A table kept as JSON lines in tests/bot/data: {"text", "stage", "scale", "timeframe",
    "resources": [...], "barriers": [...]} a line, null or [] where nothing is stated."""
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    return [
        Situation(
            r["text"],
            r["stage"],
            r["scale"],
            r["timeframe"],
            frozenset(r["resources"]),
            frozenset(r["barriers"]),
        )
        for r in rows
    ]
