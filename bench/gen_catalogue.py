"""Synthetic catalogues that look like an organisation's own register, for lookup benchmarks.

Writes N methods (NHS-like programme names, acronyms, aliases, keywords, short descriptions, some
practical considerations) under seven approaches numbered 11-17, as catalogue YAML files that load
next to the shipped catalogue. Deterministic for a seed. Imports: PyYAML, catalogue.text, stdlib.
Run: .venv/bin/python bench/gen_catalogue.py OUT_DIR --size 10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from catalogue.text import STOPWORDS

try:  # the C emitter is many times faster; 100,000 entries is a lot of YAML
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

PER_FILE = 1000

APPROACHES = (
    ("local-adoption-programmes", "Local adoption programmes", "adoption programmes"),
    ("clinical-networks-and-collaboratives", "Clinical networks and collaboratives", "networks"),
    ("test-beds-and-pilots", "Test beds and pilot sites", "test beds"),
    ("system-wide-transformation", "System-wide transformation programmes", "transformation"),
    (
        "innovation-funds-and-incentives",
        "Innovation funds and local incentives",
        "innovation funds",
    ),
    ("quality-and-assurance-schemes", "Quality and assurance schemes", "assurance schemes"),
    ("priority-setting-and-campaigns", "Priority setting and awareness campaigns", "campaigns"),
)

PLACES = (
    "North East",
    "North Cumbria",
    "Yorkshire",
    "Humber",
    "West Yorkshire",
    "South Yorkshire",
    "Greater Manchester",
    "Lancashire",
    "Cheshire and Merseyside",
    "Staffordshire",
    "Shropshire",
    "Black Country",
    "Birmingham and Solihull",
    "Coventry and Warwickshire",
    "Leicestershire",
    "Nottinghamshire",
    "Derbyshire",
    "Lincolnshire",
    "Norfolk and Waveney",
    "Suffolk",
    "Essex",
    "Hertfordshire",
    "Bedfordshire",
    "Cambridgeshire",
    "Northamptonshire",
    "Oxfordshire",
    "Buckinghamshire",
    "Berkshire",
    "Kent and Medway",
    "Surrey Heartlands",
    "Sussex",
    "Hampshire",
    "Isle of Wight",
    "Dorset",
    "Wiltshire",
    "Somerset",
    "Devon",
    "Cornwall",
    "Gloucestershire",
    "Bristol",
    "North West London",
    "North Central London",
    "North East London",
    "South East London",
    "South West London",
    "Herefordshire",
    "Worcestershire",
    "Cumbria",
    "Teesside",
    "Tyneside",
)
SCOPES = (
    "Regional",
    "National",
    "Community",
    "Integrated",
    "Local",
    "System-wide",
    "Virtual",
    "Digital",
    "Collaborative",
    "Neighbourhood",
    "Place-based",
    "Network-led",
    "Nurse-led",
    "Pharmacist-led",
    "GP-led",
    "Peer-led",
    "Patient-led",
    "Multidisciplinary",
    "Rapid",
    "Proactive",
    "Enhanced",
    "Specialist",
    "Joint",
    "Targeted",
    "Countywide",
    "Citywide",
    "Rural",
    "Coastal",
)
AREAS = (
    "sepsis",
    "hypertension",
    "atrial fibrillation",
    "diabetes",
    "type 2 diabetes",
    "heart failure",
    "asthma",
    "paediatric asthma",
    "frailty",
    "falls prevention",
    "stroke",
    "dementia",
    "maternity",
    "mental health",
    "perinatal mental health",
    "musculoskeletal",
    "back pain",
    "chronic kidney disease",
    "cancer screening",
    "lung cancer",
    "bowel cancer",
    "breast cancer",
    "prostate cancer",
    "end of life care",
    "palliative care",
    "medicines optimisation",
    "antimicrobial stewardship",
    "pressure ulcer",
    "delirium",
    "deteriorating patient",
    "eating disorders",
    "learning disability",
    "autism",
    "smoking cessation",
    "obesity",
    "weight management",
    "alcohol harm",
    "hepatitis C",
    "tuberculosis",
    "sickle cell",
    "chronic pain",
    "wound care",
    "continence",
    "nutrition",
    "oral health",
    "eye care",
    "glaucoma",
    "hearing loss",
    "vaccination",
    "childhood immunisation",
    "postnatal care",
    "neonatal care",
    "dermatology",
    "urology",
    "orthopaedic surgery",
    "cardiac rehabilitation",
    "pulmonary rehabilitation",
    "stroke rehabilitation",
    "social prescribing",
    "homeless health",
    "loneliness",
    "suicide prevention",
    "self-harm",
    "psychosis",
    "anxiety and depression",
    "long covid",
    "lipid management",
    "familial hypercholesterolaemia",
    "anaemia",
    "epilepsy",
    "migraine",
    "Parkinson's disease",
    "motor neurone disease",
    "multiple sclerosis",
    "osteoporosis",
    "hip fracture",
    "cataract surgery",
    "elective recovery",
    "outpatient follow-up",
    "discharge planning",
    "hospital at home",
    "urgent care",
    "same day emergency care",
)
INTERVENTIONS = (
    "early warning network",
    "case-finding",
    "virtual ward",
    "remote monitoring",
    "self-management programme",
    "pathway redesign",
    "screening service",
    "care bundle",
    "quality improvement collaborative",
    "peer support network",
    "training programme",
    "decision support tool",
    "triage service",
    "rapid response team",
    "outreach service",
    "mobile app",
    "telehealth service",
    "audit and feedback",
    "shared decision making",
    "clinical network",
    "learning collaborative",
    "champions programme",
    "fellowship scheme",
    "innovation fund",
    "test bed",
    "accelerator",
    "hub",
    "one-stop clinic",
    "patient register",
    "dashboard",
    "toolkit",
    "education programme",
    "coaching service",
    "navigator service",
    "referral pathway",
    "risk stratification",
    "health checks",
    "prehabilitation programme",
    "medication review",
    "group consultations",
    "advice and guidance",
    "community of practice",
)
SETTINGS = (
    "community pharmacy",
    "general practice",
    "care homes",
    "emergency departments",
    "acute trusts",
    "mental health trusts",
    "ambulance services",
    "primary care networks",
    "hospices",
    "schools",
    "prisons",
    "district nursing",
    "outpatient clinics",
    "maternity units",
    "urgent treatment centres",
    "domiciliary care",
    "dental practices",
    "optometry practices",
    "youth services",
    "workplaces",
)
ORGS = (
    "Health Innovation Network",
    "Academic Health Science Network",
    "Integrated Care Board",
    "NHS Foundation Trust",
    "Community Health Services",
    "Primary Care Network",
    "Hospital Trust",
    "Health and Care Partnership",
    "Clinical Commissioning Group",
    "Cancer Alliance",
    "Operational Delivery Network",
    "Patient Safety Collaborative",
)
GOALS = (
    "reduce avoidable admissions",
    "find people earlier",
    "cut waiting times",
    "improve outcomes for patients",
    "reduce variation between practices",
    "keep people well at home",
    "make care safer",
    "support staff to work differently",
    "reduce health inequalities",
    "speed up diagnosis",
    "help patients manage their own condition",
    "free up clinician time",
)
EVIDENCE = (
    "An independent evaluation found fewer emergency admissions in the first year.",
    "Early results suggest better uptake in the most deprived neighbourhoods.",
    "Staff reported more confidence in spotting patients at risk.",
    "The model has since been adopted by neighbouring systems.",
    "A business case is being prepared for wider rollout.",
    "Patients described the service as easier to reach than hospital clinics.",
    "Funding came from a regional innovation programme for two years.",
    "The team published a toolkit so that others can adapt the approach.",
)
SYLLABLES = (
    "ka",
    "ri",
    "lo",
    "ve",
    "sa",
    "mi",
    "no",
    "tu",
    "ra",
    "le",
    "vi",
    "da",
    "zo",
    "pe",
    "qua",
    "lin",
    "mor",
    "ten",
    "cor",
    "dia",
    "gen",
    "vel",
    "bra",
    "sen",
    "tor",
    "ly",
    "nex",
    "pul",
    "car",
    "med",
)
PRODUCTS = (
    "app",
    "remote monitoring platform",
    "digital therapy",
    "point-of-care test",
    "wearable",
    "online triage tool",
    "video consultation service",
    "risk calculator",
    "sensor",
    "chatbot",
)
STAGES = ("ideation", "proof-of-concept", "prototype-testing", "spread")
SCALES = ("national", "regional", "local")
TIMEFRAMES = ("3-6 months", "6-18 months", "1-3 years", "months to years", "variable")
RESOURCES = (
    ("Local clinical time and goodwill from partner practices", ["local"]),
    ("Some funding for project management and evaluation", ["funding", "evaluation"]),
    ("A central team to coordinate sites and collect data", ["central"]),
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Names:
    """Hands out names, aliases and acronyms that no other entry has used (the loader checks)."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.taken: set[str] = set()
        self.acronyms: set[str] = set()

    def claim(self, text: str) -> bool:
        key = " ".join(text.casefold().split())
        if key in self.taken:
            return False
        self.taken.add(key)
        return True

    def acronym(self, words: str) -> str:
        """An acronym from the words' initials when free, else random capitals (3-6 letters)."""
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", words)).upper()[:6]
        candidate = initials if len(initials) >= 3 else ""
        # an acronym spelling a common word ("HOW") would answer every question that uses it
        while (
            not candidate
            or candidate.lower() in STOPWORDS
            or candidate in self.acronyms
            or not self.claim(candidate)
        ):
            n = self.rnd.randint(3, 6)
            candidate = "".join(self.rnd.choice(string.ascii_uppercase) for _ in range(n))
        self.acronyms.add(candidate)
        return candidate


def _coined(rnd: random.Random) -> str:
    """A product-like made-up word ("Corvelia", "Dianex"), as registers are full of them."""
    word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3)))
    return word.capitalize() + rnd.choice(("", "", "", "io", "ly", "Rx", "Care", "Health"))


def _method_name(rnd: random.Random, area: str, intervention: str, setting: str) -> str:
    pattern = rnd.randrange(5)
    scope = rnd.choice(SCOPES)
    if scope.lower() in f"{area} {intervention}":  # no "Virtual virtual ward"
        pattern = 2
    if pattern == 0:
        return f"{scope} {area} {intervention}"
    if pattern == 1:
        return f"{_cap(setting)} {area} {intervention}"
    if pattern == 2:
        return f"{_cap(area)} {intervention} in {setting}"
    if pattern == 3:
        return f"{rnd.choice(PLACES)} {area} {intervention}"
    return f"{scope} {intervention} for {area}"


def _description(rnd: random.Random, area: str, intervention: str, setting: str) -> str:
    goal = rnd.choice(GOALS)
    first = rnd.choice(
        (
            f"A {intervention} that brings together {setting} and specialist teams to {goal} "
            f"for people with {area}.",
            f"Teams in {setting} run a {intervention} for {area}, aiming to {goal}.",
            f"This {intervention} helps {setting} {goal}, starting with patients who have {area}.",
            f"Set up by a {rnd.choice(ORGS)} to {goal}, the {intervention} focuses on {area}.",
        )
    )
    second = rnd.choice(
        (
            f"Clinicians use a shared protocol, and patients are followed up by the {setting} team.",
            f"It started as a small pilot in {rnd.choice(PLACES)} and has grown across the region.",
            f"Data from the {intervention} is reviewed monthly so that sites can learn from each other.",
            f"Training is given to staff in {setting} before the service goes live.",
        )
    )
    parts = [first, second]
    if rnd.random() < 0.5:
        parts.append(rnd.choice(EVIDENCE))
    return " ".join(parts)


def _practical(rnd: random.Random) -> dict[str, Any] | None:
    if rnd.random() < 0.3:
        return None
    lo = rnd.randrange(len(STAGES))
    hi = rnd.randrange(lo, len(STAGES))
    out: dict[str, Any] = {
        "stages": STAGES[lo] if lo == hi else f"{STAGES[lo]} to {STAGES[hi]}",
        "scales": rnd.sample(SCALES, rnd.randint(1, 2)),
        "timeframe": rnd.choice(TIMEFRAMES),
    }
    if rnd.random() < 0.6:
        text, needs = rnd.choice(RESOURCES)
        out["resources"] = text
        out["needs"] = needs
    return out


def _method(rnd: random.Random, names: _Names, number: int, approach: str) -> dict[str, Any]:
    while True:
        area, intervention, setting = (
            rnd.choice(AREAS),
            rnd.choice(INTERVENTIONS),
            rnd.choice(SETTINGS),
        )
        name = _method_name(rnd, area, intervention, setting)
        if names.claim(name):
            break
    aliases = [names.acronym(name)]
    for short in (f"{area} {intervention}", f"{rnd.choice(PLACES)} {intervention}"):
        if rnd.random() < 0.6 and names.claim(short):
            aliases.append(short)
    examples: list[dict[str, Any]] = []
    for _ in range(rnd.randint(0, 3)):
        place = rnd.choice(PLACES)
        ex_name = (
            f"{place} {rnd.choice(ORGS)} {area} {rnd.choice(('pilot', 'programme', 'service'))}"
        )
        example: dict[str, Any] = {"name": ex_name}
        if rnd.random() < 0.5:
            example["aliases"] = [names.acronym(ex_name)]
        if rnd.random() < 0.3:
            example["note"] = rnd.choice(EVIDENCE)
        examples.append(example)
    if rnd.random() < 0.4:
        product = f"{_coined(rnd)} {rnd.choice(PRODUCTS)}"
        if product.casefold() != name.casefold():
            examples.append({"name": product})
    keywords = list(dict.fromkeys([area, intervention, setting, *rnd.sample(GOALS, 1)]))
    method: dict[str, Any] = {
        "id": f"{_slug(name)[:50].strip('-')}-{number}",
        "name": name,
        "approach": approach,
        "summary": f"{_cap(intervention)} for {area} in {setting}.",
        "description": _description(rnd, area, intervention, setting),
        "examples": examples,
        "aliases": aliases,
        "keywords": keywords,
    }
    practical = _practical(rnd)
    if practical:
        method["practical"] = practical
    if not examples:
        del method["examples"]
    return method


def generate(size: int, seed: int = 1) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The approaches (as file documents) and `size` methods, the same for the same seed."""
    rnd = random.Random(seed)
    names = _Names(rnd)
    for _, name, alias in APPROACHES:
        names.claim(name)
        names.claim(f"{alias} (register)")
    methods = [
        _method(rnd, names, i, APPROACHES[rnd.randrange(len(APPROACHES))][0]) for i in range(size)
    ]
    approaches = []
    for number, (aid, name, alias) in enumerate(APPROACHES, start=11):
        count = sum(1 for m in methods if m["approach"] == aid)
        approaches.append(
            {
                "id": aid,
                "number": number,
                "name": name,
                "summary": f"{name} from a local innovation register, generated for benchmarks.",
                "source": "synthetic",
                "method_count": count,
                "aliases": [f"{alias} (register)"],
                "keywords": [alias],
            }
        )
    return approaches, methods


def _chunks(items: list[dict[str, Any]], n: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def write_catalogue(folder: Path, size: int, seed: int = 1, per_file: int = PER_FILE) -> Path:
    """Write approach files and method files of `per_file` methods each; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    approaches, methods = generate(size, seed)
    for a in approaches:
        _dump(folder / f"a{a['number']}-{a['id']}.yaml", {"approach": a})
    for i, chunk in enumerate(_chunks(methods, per_file)):
        _dump(folder / f"m{i:04d}.yaml", {"methods": chunk})
    return folder


def _dump(path: Path, doc: dict[str, Any]) -> None:
    text = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out", type=Path)
    p.add_argument("--size", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    write_catalogue(args.out, args.size, args.seed)
    print(f"wrote {args.size} methods to {args.out}")


if __name__ == "__main__":
    main()
