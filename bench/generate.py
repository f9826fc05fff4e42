#!/usr/bin/env python3
"""Deterministic generator of synthetic content repositories for the healthlint benchmark.

Pages are realistic Markdown in the voice of clinic and wellness sites: YAML front matter, headings,
paragraphs (some hard-wrapped, some with typographic quotes), lists, links, images with alt text, fenced
code blocks, tables and block quotes. Most sentences are neutral; about 1 in 40 is an overclaim and about
1 in 35 a hedged or negated sentence that a linter must *not* flag.

Everything comes from the templates below and a seeded ``random.Random`` (one per file, seeded from
``seed:size:index``), so the same seed and generator version give byte-identical files on any machine.
No network, no third-party modules.

Usage::

    python bench/generate.py                       # all sizes into bench/.data/
    python bench/generate.py OUT --sizes small,k1  # some sizes into OUT
    python bench/generate.py OUT --name custom --files 20 --bytes 100000

Each size is written to ``OUT/<size>/`` with its manifest beside it (``OUT/<size>.json``, written last);
a size whose manifest matches (generator version, seed, file count and byte target) and whose files are
all there is not regenerated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

GENERATOR = "healthlint-bench"
#: Bump whenever the output for a given seed changes (templates, layout, size rules).
VERSION = 1
DEFAULT_SEED = 20240601
DEFAULT_OUT = Path(__file__).resolve().parent / ".data"

#: Rates of the two kinds of "interesting" sentence; everything else is neutral prose.
OVERCLAIM_RATE = 1 / 40
HEDGED_RATE = 1 / 35


@dataclass(frozen=True)
class Spec:
    name: str
    files: int
    bytes: int  # total target; each file gets a share (with variance when files > 1)
    single_line: bool = False

    def key(self, seed: int) -> dict:
        return {"generator": GENERATOR, "version": VERSION, "seed": seed, **asdict(self)}


SIZES: dict[str, Spec] = {
    "tiny": Spec("tiny", 6, 24_000),  # for tests
    "small": Spec("small", 1, 3_000),
    "k1": Spec("k1", 1_000, 5_000_000),
    "k10": Spec("k10", 10_000, 50_000_000),
    "big": Spec("big", 1, 50_000_000),
    "line": Spec("line", 1, 5_000_000, single_line=True),
}
DEFAULT_SIZES = ("small", "k1", "k10", "big", "line")

# --------------------------------------------------------------------------------------------------
# Vocabulary for the templates
# --------------------------------------------------------------------------------------------------

CLINICS = [
    "Harbor Wellness", "Sunrise Ketamine & Wellness", "Lakeside Mind Clinic", "Bayview Spravato Center",
    "Summit Pain & Infusion", "Numinous Therapy Collective", "Cedar Grove Integrative Health",
    "Northside Hydration Lounge", "Clearwater TMS", "Evergreen Mental Health", "Pinecrest Family Medicine",
    "Bright Path Infusions", "Riverbend Recovery", "Blue Ridge Wellness Studio", "Oakwood Psychiatry",
    "Meridian Vitality Bar", "Stillwater Counseling", "Horizon Neuro Wellness",
]
CITIES = [
    "Scottsdale", "Denver", "Austin", "Portland", "Tampa", "Raleigh", "San Diego", "Boise", "Madison",
    "Charlotte", "Sacramento", "Columbus", "Salt Lake City", "Asheville", "Albuquerque", "Spokane",
]
STAFF = [
    "Dr. Priya Patel", "Dr. Marcus Chen", "Dr. Elena Ruiz", "Dr. Samuel Okafor", "Dr. Hannah Weiss",
    "Jordan Lee, PMHNP", "Alicia Gomez, RN", "Dr. Tom Becker", "Nadia Haddad, LCSW", "Dr. Grace Kim",
]
TREATMENTS = [
    "ketamine infusion therapy", "IV ketamine", "esketamine nasal spray", "ketamine-assisted psychotherapy",
    "TMS", "IV hydration", "NAD+ infusions", "talk therapy", "our vitamin drip", "group therapy",
    "medication management", "our magnesium supplement", "a daily walking program",
]
CONDITIONS = [
    "depression", "anxiety", "PTSD", "OCD", "chronic pain", "migraine", "insomnia", "fibromyalgia",
    "postpartum depression", "burnout", "low energy", "brain fog",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
PRODUCTS = [
    "Calm Magnesium Glycinate", "Daily Greens Powder", "Omega-3 Fish Oil", "Sleep Support Gummies",
    "Vitamin D3 + K2", "Ashwagandha Root Extract", "Lion's Mane Capsules", "Electrolyte Hydration Mix",
]
SECTIONS = ["blog", "treatments", "conditions", "locations", "faq", "news", "team", "resources", "shop"]

WORDS = {
    "clinic": CLINICS, "city": CITIES, "staff": STAFF, "treatment": TREATMENTS, "condition": CONDITIONS,
    "day": DAYS, "product": PRODUCTS,
}

NEUTRAL = [
    "{clinic} has served patients in {city} since {year}.",
    "Our team includes board-certified psychiatrists, nurse practitioners and licensed therapists.",
    "Appointments are available {day} through Saturday, with early slots for people who work shifts.",
    "Parking is free in the lot behind the building, and the entrance is wheelchair accessible.",
    "Before your first visit, we ask you to fill in a short health questionnaire online.",
    "{staff} leads the intake team and reviews every referral personally.",
    "Most insurance plans do not cover {treatment}, so please ask us for a written estimate.",
    "We will send you a reminder by text message the day before your appointment.",
    "Please bring a list of the medications and supplements you take, including doses.",
    "A typical session lasts about {n} minutes, plus time to rest before you go home.",
    "You will need someone to drive you home after a ketamine session.",
    "Our treatment rooms have reclining chairs, dimmed lights and noise-cancelling headphones.",
    "During the infusion a nurse checks your blood pressure and heart rate at regular intervals.",
    "Many people with {condition} also benefit from regular sleep, movement and social contact.",
    "We coordinate care with your primary care doctor and your therapist, with your permission.",
    "{treatment} is one of several options we discuss at the consultation.",
    "If you have high blood pressure, heart disease or a history of psychosis, tell us before treatment.",
    "The initial consultation takes about an hour and includes a review of your medical history.",
    "Our front desk can answer questions about scheduling, billing and paperwork.",
    "We offer a sliding-scale fee for students and for people on a low income.",
    "Telehealth follow-up visits are available for patients who live more than an hour away.",
    "You can cancel or reschedule up to {n} hours before your appointment at no charge.",
    "Wear comfortable clothing and eat a light meal a few hours before your visit.",
    "Staying hydrated matters, especially in the summer heat in {city}.",
    "Sleep, nutrition and exercise all affect mood, energy and concentration.",
    "A walk of {n} minutes most days of the week is a reasonable place to start.",
    "Our dietitian can help you plan meals that fit your budget and your schedule.",
    "We publish our prices on this page so there are no surprises.",
    "Read our patient handbook for details about what to expect during treatment.",
    "{staff} completed residency training in psychiatry and has worked in {city} for {n} years.",
    "Esketamine is given as a nasal spray in a certified clinic, under the supervision of a clinician.",
    "Ketamine was first approved as an anesthetic in 1970.",
    "Side effects such as dizziness, nausea and a feeling of detachment usually pass within a couple of hours.",
    "The {product} is third-party tested for purity and heavy metals.",
    "Take two capsules with food, or as directed by your healthcare provider.",
    "Store the bottle in a cool, dry place out of the reach of children.",
    "Shipping is free on orders over ${price} within the continental United States.",
    "Subscribe and save {n} percent on every delivery.",
    "Each serving contains {n} mg of magnesium and no added sugar.",
    "The waiting room has coffee, tea and a small library of books.",
    "Our clinic follows the safety guidelines of the American Society of Ketamine Physicians.",
    "Transcranial magnetic stimulation uses magnetic pulses to stimulate parts of the brain involved in mood.",
    "A course of TMS usually involves sessions five days a week for several weeks.",
    "IV hydration delivers fluids and electrolytes directly into a vein.",
    "We check your vital signs before every infusion.",
    "Please arrive 15 minutes early to complete the check-in process.",
    "Our therapists use evidence-based approaches such as cognitive behavioral therapy.",
    "Family members are welcome to join part of the first appointment.",
    "We respect your privacy and keep your health information confidential.",
    "New patients can book a free fifteen-minute phone call with our care coordinator.",
    "{clinic} is located on the second floor, next to the pharmacy.",
    "On {day}s we run a peer support group for people living with {condition}.",
    "Some people feel tired after a session, so plan a quiet evening.",
    "Results differ from person to person, and your clinician will review your progress with you.",
    "The practice is open late on {day} evenings.",
    "We accept cash, credit cards and health savings account cards.",
    "Gift cards are available at the front desk.",
    "Questions about your bill? Call our billing team at (555) 010-{four}.",
    "This article was reviewed by {staff} in {month} {year}.",
    "Our blog covers topics such as sleep hygiene, stress and healthy routines.",
    "Many people combine medication with psychotherapy.",
    "You can read more about our team on the About page.",
    "Bring your photo ID and your insurance card to every visit.",
    "Follow-up sessions are usually scheduled every few weeks.",
    "We share educational resources from reputable public health organizations.",
    "The {product} comes in a recyclable glass bottle.",
    "We post new recipes and movement tips every {day}.",
    "Our nurses have years of experience placing IVs comfortably.",
    "Let us know about any allergies before your appointment.",
    "It is normal to have questions, and our staff are happy to answer them.",
    "Ketamine is a controlled substance, so every dose is logged and stored securely.",
    "We do not offer emergency care; in an emergency, call 911 or go to the nearest emergency department.",
    "If you are in crisis, call or text 988 to reach the Suicide & Crisis Lifeline.",
    "Our yoga studio offers gentle classes for beginners on {day} mornings.",
    "Recovery looks different for everyone, and setbacks are a normal part of it.",
]

OVERCLAIMS = [
    "Ketamine erases suicidal thoughts in hours.",
    "Our supplement cures anxiety.",
    "Guaranteed results for everyone.",
    "No side effects.",
    "IV ketamine is FDA-approved for depression.",
    "Clinically proven to work.",
    "One infusion wipes out suicidal thoughts for good.",
    "Ketamine cures depression.",
    "{treatment} is a miracle cure for {condition}.",
    "The {product} reverses {condition} in two weeks.",
    "Ketamine therapy is completely safe and non-addictive.",
    "Our NAD+ drip eliminates brain fog permanently.",
    "This breakthrough treatment works for 100% of patients.",
    "Say goodbye to depression forever after six infusions.",
    "Ketamine is a revolutionary breakthrough that saves lives.",
    "TMS cures OCD without any side effects.",
    "Our vitamin drip heals chronic fatigue.",
    "Results are guaranteed or your money back.",
    "Esketamine has virtually no side effects.",
    "Your suicidal thoughts will vanish after the very first treatment.",
    "Ketamine is FDA-approved for anxiety and PTSD.",
    "Magnesium cures insomnia, naturally.",
]

HEDGED = [
    "In some patients, ketamine eased suicidal thoughts for a few days.",
    "Ketamine is not a cure for depression.",
    "In clinical trials, symptoms improved on average, but not everyone responded.",
    "Esketamine is FDA-approved for treatment-resistant depression together with an oral antidepressant.",
    "IV ketamine is used off-label for depression; it is FDA-approved only as an anesthetic.",
    "Some people notice a lift in mood within a day, while others feel no change.",
    "No treatment works for everyone, and ketamine is no exception.",
    "Ketamine has not been shown to prevent suicide.",
    "Common side effects include dissociation, nausea and a temporary rise in blood pressure.",
    "Supplements are not a substitute for treatment of {condition}.",
    "Early studies are promising, but larger trials are needed.",
    "In a small study, {treatment} reduced {condition} symptoms for a few weeks in some participants.",
    "Benefits tend to fade over weeks, so some patients need maintenance sessions.",
    "We cannot promise results, and we will tell you honestly if treatment is not helping.",
    "Magnesium may help some people sleep, although the evidence is mixed.",
    "Exercise can ease mild depression in some people, alongside other care.",
    "Long-term effects of repeated ketamine treatment are not well understood.",
    "Ketamine does not erase suicidal thoughts, and no infusion replaces emergency care.",
]

TITLES = [
    "{treatment_t} in {city}", "What to Expect at Your First Visit", "Living with {condition_t}",
    "{treatment_t}: Frequently Asked Questions", "Meet {staff}", "Our Prices", "Patient Stories",
    "{product}", "Five Habits for Better Sleep", "How We Screen New Patients", "Insurance and Billing",
    "{condition_t} Treatment Options at {clinic}", "News from {clinic}", "Hydration and Your Health",
    "Getting Ready for {treatment_t}", "Understanding {condition_t}",
]
HEADINGS = [
    "Why choose us", "How it works", "What to expect", "Who is it for", "Pricing", "Our team",
    "Frequently asked questions", "Before your visit", "After your visit", "Safety", "Getting started",
    "Conditions we treat", "Patient stories", "Research", "Insurance", "Contact us", "Side effects",
    "The science", "Ingredients", "Directions", "Our approach", "Aftercare", "Location and hours",
]
LIST_ITEMS = [
    "Free parking", "Same-week appointments", "Evening and weekend hours", "Board-certified clinicians",
    "Private treatment rooms", "Telehealth follow-ups", "Transparent pricing", "Care coordination",
    "A ride home arranged if you need one", "Spanish-speaking staff", "Wheelchair access",
    "Vegan capsules", "Gluten free", "Non-GMO", "Third-party tested", "Made in the USA",
    "Bring your medication list", "Eat a light meal beforehand", "Arrange a driver", "Wear layers",
    "Insurance superbill provided", "Monthly payment plans", "HSA and FSA accepted",
]
STEPS = [
    "Book a free phone consultation.", "Complete the online health questionnaire.",
    "Meet your clinician for a full assessment.", "Agree on a treatment plan together.",
    "Start your first session.", "Review your progress after four weeks.",
    "Schedule follow-up visits as needed.", "Check in with your therapist between sessions.",
]
ALTS = [
    "A nurse preparing an IV line in a calm treatment room",
    "Reclining chair by a window with soft afternoon light",
    "{staff} smiling in the clinic hallway",
    "The front entrance of {clinic} in {city}",
    "A bottle of {product} on a kitchen counter",
    "Two people walking on a forest trail",
    "Illustration of the brain with highlighted regions",
    "Waiting room with plants and armchairs",
]
QUOTES = [
    "The staff were kind and explained every step.",
    "I felt calmer after my third session, and the nurses checked on me the whole time.",
    "It was not a quick fix for me, but it helped alongside my therapy.",
    "Booking was easy and the clinic was spotless.",
    "I liked that they talked to my psychiatrist before starting.",
    "Parking was a pain, but the care was excellent.",
    "I was nervous, and {staff} made me feel at ease.",
]
SIGNATURES = ["Maria, 42", "J. T., veteran", "Sam K.", "Verified patient", "Dana, {city}", "Anonymous"]
PRICES = [("Initial consultation", "$150", "60 min"), ("Single infusion", "$450", "90 min"),
          ("Series of six", "$2,400", "2-3 weeks"), ("Booster session", "$400", "60 min"),
          ("IV hydration", "$129", "45 min"), ("NAD+ 250 mg", "$295", "2 hours"),
          ("TMS session", "$300", "20 min"), ("Therapy hour", "$180", "50 min"),
          ("Follow-up visit", "$95", "30 min"), ("Group class", "$25", "60 min")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
TAGS = ["ketamine", "depression", "anxiety", "wellness", "hydration", "sleep", "supplements", "tms",
        "mental-health", "nutrition", "exercise", "news", "faq", "pricing"]
CTAS = ["Book a consultation", "Call us today", "See our prices", "Meet the team", "Read the FAQ",
        "Shop now", "Get directions", "Ask a question"]

CODE_BLOCKS = [
    ("json", '<script type="application/ld+json">\n{{\n  "@context": "https://schema.org",\n'
             '  "@type": "MedicalClinic",\n  "name": "{clinic}",\n  "address": {{\n'
             '    "@type": "PostalAddress",\n    "addressLocality": "{city}"\n  }},\n'
             '  "telephone": "+1-555-010-{four}",\n  "openingHours": "Mo-Sa 08:00-18:00"\n}}\n</script>'),
    ("html", '<iframe src="https://booking.example.com/widget?clinic={slug}" width="100%" height="640"\n'
             '        title="Book an appointment with {clinic}" loading="lazy"></iframe>'),
    ("yaml", "# page settings for the {city} location\nlocation:\n  city: {city}\n  phone: 555-010-{four}\n"
             "  hours:\n    weekdays: 08:00-18:00\n    saturday: 09:00-13:00\nshow_booking_widget: true"),
    ("", "Dosage: 2 capsules daily with food\nServing size: 2 capsules\nServings per container: 30\n"
         "Magnesium (as glycinate)   200 mg   48%\nVitamin B6                 2 mg    118%"),
    ("js", "// track clicks on the booking button\ndocument.querySelector('#book').addEventListener('click', () => {{\n"
           "  window.dataLayer.push({{ event: 'book_click', clinic: '{slug}' }});\n}});"),
]


# --------------------------------------------------------------------------------------------------
# Page builder
# --------------------------------------------------------------------------------------------------


class Page:
    """Builds one page from a seeded RNG. All randomness goes through ``self.r``."""

    def __init__(self, r: random.Random, wrap: bool, smart: bool) -> None:
        self.r = r
        self.wrap = wrap  # hard-wrap paragraphs at ~100 columns
        self.smart = smart  # typographic quotes and dashes
        self.counts = {"overclaim": 0, "hedged": 0, "neutral": 0}

    def fill(self, template: str) -> str:
        if "{" not in template:
            return template
        r = self.r
        return template.format(
            clinic=r.choice(CLINICS), city=r.choice(CITIES), staff=r.choice(STAFF),
            treatment=r.choice(TREATMENTS), condition=r.choice(CONDITIONS), day=r.choice(DAYS),
            product=r.choice(PRODUCTS), n=r.choice((10, 15, 20, 30, 40, 45, 60, 90)),
            year=r.randint(1998, 2023), month=r.choice(MONTHS), price=r.choice((35, 50, 75)),
            four=f"{r.randint(0, 9999):04d}", slug=r.choice(CLINICS).lower().replace(" ", "-").replace("&", "and"),
        )

    def sentence(self) -> str:
        x = self.r.random()
        if x < OVERCLAIM_RATE:
            self.counts["overclaim"] += 1
            s = self.fill(self.r.choice(OVERCLAIMS))
            s = s[0].upper() + s[1:]
        elif x < OVERCLAIM_RATE + HEDGED_RATE:
            self.counts["hedged"] += 1
            s = self.fill(self.r.choice(HEDGED))
        else:
            self.counts["neutral"] += 1
            s = self.fill(self.r.choice(NEUTRAL))
            s = s[0].upper() + s[1:]
        if self.smart:
            s = s.replace("'", "\u2019").replace(" - ", " \u2014 ")
        return s

    def inline(self, s: str) -> str:
        """Occasionally decorate a sentence with emphasis or a link."""
        x = self.r.random()
        if x < 0.06:
            return f"**{s}**"
        if x < 0.10:
            words = s.split(" ")
            if len(words) > 4:
                i = self.r.randrange(len(words) - 2)
                words[i] = f"[{words[i]} {words[i + 1]}](/{self.r.choice(SECTIONS)}/{self.r.randrange(999)}/)"
                del words[i + 1]
                return " ".join(words)
        return s

    def wrap_text(self, text: str, width: int = 100) -> str:
        out: list[str] = []
        line = 0
        for word in text.split(" "):
            if line and line + 1 + len(word) > width:
                out.append("\n")
                line = 0
            elif line:
                out.append(" ")
                line += 1
            out.append(word)
            line += len(word)
        return "".join(out)

    def paragraph(self) -> str:
        text = " ".join(self.inline(self.sentence()) for _ in range(self.r.randint(2, 7)))
        return self.wrap_text(text) if self.wrap else text

    def title(self) -> str:
        t = self.r.choice(TITLES)
        return self.fill(t.replace("{treatment_t}", self.r.choice(TREATMENTS).title())
                         .replace("{condition_t}", self.r.choice(CONDITIONS).title()))

    def block(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.55:
            return self.paragraph()
        if x < 0.65:
            items = r.sample(LIST_ITEMS, r.randint(3, 7))
            if r.random() < 0.5:
                items = [self.sentence() for _ in range(r.randint(2, 5))]
            bullet = r.choice("-*")
            return "\n".join(f"{bullet} {i}" for i in items)
        if x < 0.70:
            steps = STEPS[: r.randint(3, len(STEPS))]
            return "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        if x < 0.75:
            rows = r.sample(PRICES, r.randint(3, 6))
            lines = ["| Service | Price | Duration |", "| --- | ---: | --- |"]
            lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
            return "\n".join(lines)
        if x < 0.81:
            quote = self.fill(r.choice(QUOTES)) if r.random() < 0.7 else self.sentence()
            return f"> {quote}\n>\n> \u2014 {self.fill(r.choice(SIGNATURES))}"
        if x < 0.87:
            alt = self.fill(r.choice(ALTS))
            return f"![{alt}](/images/{r.choice(SECTIONS)}/photo-{r.randrange(400)}.jpg)"
        if x < 0.92:
            lang, body = r.choice(CODE_BLOCKS)
            return f"```{lang}\n{self.fill(body)}\n```"
        if x < 0.97:
            links = r.sample(CTAS, 2)
            return f"[{links[0]}](/{r.choice(SECTIONS)}/) \u00b7 [{links[1]}](/{r.choice(SECTIONS)}/)"
        return f"<div class=\"callout\">\n\n{self.paragraph()}\n\n</div>"

    def front_matter(self, title: str) -> str:
        r = self.r
        desc = self.sentence().replace('"', "'")
        tags = ", ".join(r.sample(TAGS, r.randint(1, 4)))
        return (
            "---\n"
            f'title: "{title}"\n'
            f'description: "{desc}"\n'
            f"date: {r.randint(2018, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}\n"
            f"author: {r.choice(STAFF)}\n"
            f"tags: [{tags}]\n"
            f"layout: {r.choice(('page', 'post', 'landing', 'product'))}\n"
            "draft: false\n"
            "---"
        )

    def document(self, target: int) -> str:
        """A whole Markdown page of roughly ``target`` characters."""
        title = self.title()
        parts = [self.front_matter(title), f"# {title}", self.paragraph()]
        size = sum(len(p) + 2 for p in parts)
        while size < target:
            if self.r.random() < 0.18:
                level = "##" if self.r.random() < 0.75 else "###"
                part = f"{level} {self.r.choice(HEADINGS)}"
            else:
                part = self.block()
            parts.append(part)
            size += len(part) + 2
        return "\n\n".join(parts) + "\n"

    def single_line(self, target: int) -> str:
        """Prose with inline markup and no line break at all (a minified export)."""
        parts: list[str] = []
        size = 0
        while size < target:
            s = self.inline(self.sentence())
            if self.r.random() < 0.02:
                s += f" ![{self.fill(self.r.choice(ALTS))}](/images/p{self.r.randrange(400)}.jpg)"
            parts.append(s)
            size += len(s) + 1
        return " ".join(parts)


# --------------------------------------------------------------------------------------------------
# Repositories
# --------------------------------------------------------------------------------------------------


def _rng(seed: int, spec: Spec, index: int) -> random.Random:
    return random.Random(f"{GENERATOR}:{VERSION}:{seed}:{spec.name}:{spec.files}:{spec.bytes}:{index}")


def _slug(text: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(filter(None, keep.split("-")))[:60]


def _file_path(spec: Spec, index: int, title: str) -> str:
    if spec.files == 1:
        return {"small": "page.md", "big": "big.md", "line": "line.md"}.get(spec.name, "page.md")
    section = SECTIONS[index % len(SECTIONS)]
    bucket = f"{index // 500:03d}"  # keep folders at a few hundred files, like a real site
    return f"content/{section}/{bucket}/{index:05d}-{_slug(title)}.md"


def _file_text(seed: int, spec: Spec, index: int) -> tuple[str, str, dict]:
    r = _rng(seed, spec, index)
    page = Page(r, wrap=r.random() < 0.5, smart=r.random() < 0.25)
    avg = spec.bytes / spec.files
    if spec.files > 1:
        sigma = 0.6  # log-normal spread of page sizes with mean 1
        factor = min(6.0, max(0.15, math.exp(r.gauss(-sigma * sigma / 2, sigma))))
    else:
        factor = 1.0
    target = int(avg * factor)
    if spec.single_line:
        text = page.single_line(target)
        title = "line"
    else:
        text = page.document(target)
        title = text.split('title: "', 1)[1].split('"', 1)[0]
    return _file_path(spec, index, title), text, page.counts


def manifest_path(out: Path, name: str) -> Path:
    return Path(out) / f"{name}.json"


def read_manifest(out: Path, name: str) -> dict | None:
    try:
        return json.loads(manifest_path(out, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(out: Path, spec: Spec, seed: int) -> dict | None:
    """The manifest, if the data on disk was made by this generator version with this seed and spec."""
    m = read_manifest(out, spec.name)
    if not m or m.get("key") != spec.key(seed):
        return None
    root = Path(out) / spec.name
    if not root.is_dir():
        return None
    files = total = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            files += 1
            total += os.stat(os.path.join(dirpath, n)).st_size
    if files != m.get("files") or total != m.get("bytes"):
        return None
    return m


def generate(spec: Spec, out: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write ``spec`` to ``out/<name>/`` (replacing what was there) and its manifest; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    final = out / spec.name
    tmp = out / f".{spec.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    t0 = time.perf_counter()
    digest = hashlib.sha256()
    totals = {"overclaim": 0, "hedged": 0, "neutral": 0}
    total_bytes = 0
    made_dirs: set[Path] = set()
    for i in range(spec.files):
        rel, text, counts = _file_text(seed, spec, i)
        data = text.encode("utf-8")
        path = tmp / rel
        if path.parent not in made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(path.parent)
        path.write_bytes(data)
        digest.update(rel.encode() + b"\0" + data + b"\0")
        total_bytes += len(data)
        for k, v in counts.items():
            totals[k] += v
    mpath = manifest_path(out, spec.name)
    mpath.unlink(missing_ok=True)  # no manifest while the folder is being replaced
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    rel_input = spec.name if spec.files > 1 else f"{spec.name}/{_file_path(spec, 0, '')}"
    manifest = {
        "key": spec.key(seed),
        "name": spec.name,
        "input": rel_input,  # what to pass to the linter, relative to ``out``
        "files": spec.files,
        "bytes": total_bytes,
        "sentences": totals,
        "sha256": digest.hexdigest(),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    mpath.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def ensure(spec: Spec, out: Path, seed: int = DEFAULT_SEED, force: bool = False) -> tuple[dict, bool]:
    """``(manifest, generated)``: generate ``spec`` unless a matching copy is already on disk."""
    if not force:
        m = is_current(out, spec, seed)
        if m is not None:
            return m, False
    return generate(spec, out, seed), True


def parse_sizes(text: str) -> list[str]:
    names = [s.strip() for s in text.split(",") if s.strip()]
    if names == ["all"]:
        return list(DEFAULT_SIZES)
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown size(s) {', '.join(unknown)}; known: {', '.join(SIZES)}")
    return names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    ap.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                    help=f"comma-separated sizes, or 'all' (known: {', '.join(SIZES)}; default all but tiny)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true", help="regenerate even if a matching manifest exists")
    ap.add_argument("--name", help="generate one custom size with this name (use with --files/--bytes)")
    ap.add_argument("--files", type=int, help="number of files of the custom size")
    ap.add_argument("--bytes", type=int, help="total bytes of the custom size")
    ap.add_argument("--single-line", action="store_true", help="custom size: each file is one line")
    args = ap.parse_args(argv)
    if args.name or args.files or args.bytes:
        if not (args.name and args.files and args.bytes):
            ap.error("--name, --files and --bytes go together")
        if args.files < 1 or args.bytes < 1:
            ap.error("--files and --bytes must be positive")
        specs = [Spec(args.name, args.files, args.bytes, args.single_line)]
    else:
        specs = [SIZES[n] for n in args.sizes]
    for spec in specs:
        m, made = ensure(spec, args.out, args.seed, args.force)
        state = f"generated in {m['seconds']} s" if made else "up to date"
        print(f"{spec.name}: {m['files']} file(s), {m['bytes'] / 1e6:.2f} MB, "
              f"{m['sentences']['overclaim']} overclaims, {m['sentences']['hedged']} hedged: {state}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
