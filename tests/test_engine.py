from __future__ import annotations

import pytest
import regex

from healthlint.engine import Linter
from healthlint.rules import load_rules

RULE = """\
id: TST001
name: {name}
severity: error
scope: sentence
message: "{{match}} is an erase claim"
nuance: "A test rule: trials show short-term average reductions in scores, not elimination."
references: [{{title: test, url: "https://example.org/a"}}]
patterns: ['\\L<erase_verbs>\\W+(?:\\w+\\W+){{0,4}}?\\L<suicidal_thoughts>']
exceptions: ['\\L<hedges>', '\\L<negations>']
context: ['\\L<ketamine_terms>']
examples:
  bad: ["Ketamine erases suicidal thoughts."]
  good: ["Ketamine may ease suicidal thoughts."]
"""

DOC_RULE = """\
id: TST002
name: needs-supervision
severity: warning
scope: document
message: "treatment page without a supervision statement"
nuance: "A test rule: treatment must be given under medical supervision in a clinic."
references: [{title: test, url: "https://example.org/b"}]
patterns: ['\\bbook\\b']
context: ['\\L<ketamine_terms>']
requires: ['medical supervision']
examples:
  bad: ["Ketamine infusions. Book now."]
  good: ["Ketamine infusions under medical supervision. Book now."]
"""


def linter_of(tmp_path_factory, name: str, files: dict[str, str]) -> Linter:
    """A linter for the rule files ``files`` (file name -> YAML text), written to a fresh folder."""
    d = tmp_path_factory.mktemp(name) / "tst"
    d.mkdir()
    for file, text in files.items():
        (d / file).write_text(text, encoding="utf-8")
    return Linter(load_rules([d.parent]))


@pytest.fixture(scope="module")
def test_linter(tmp_path_factory) -> Linter:
    return linter_of(tmp_path_factory, "rules", {"erase-claim.yaml": RULE.format(name="erase-claim"),
                                                 "needs-supervision.yaml": DOC_RULE})


def positions(linter: Linter, text: str, fmt: str = "text") -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.line, f.column) for f in linter.check_source(text, fmt, "t")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ketamine erases suicidal thoughts.", [("TST001", 1, 10)]),
        ("Ketamine is great. It erases suicidal thoughts.", [("TST001", 1, 23)]),
        ("Ketamine is great.\nIt also stops suicidal ideation in hours.", [("TST001", 2, 9)]),
        # wrapped over two lines: reported once, at its start
        ("Ketamine  wipes\nout suicidal thoughts.", [("TST001", 1, 11)]),
        # the context (drug name) is missing from the section
        ("Our program erases suicidal thoughts.", []),
        # hedge or negation in the same sentence cancels it
        ("Ketamine may erase suicidal thoughts in some patients.", []),
        ("Ketamine does not erase suicidal thoughts.", []),
        # a hedge in another sentence does not
        ("Ketamine may help some people. It erases suicidal thoughts.", [("TST001", 1, 35)]),
        # one finding per sentence and rule
        ("Ketamine erases suicidal thoughts and ends suicidal urges.", [("TST001", 1, 10)]),
    ],
)
def test_sentence_rule(test_linter, text, expected):
    assert positions(test_linter, text) == expected


def test_context_is_limited_to_the_section(test_linter):
    body = "Our ketamine clinic news.\n\n{}Our classes erase suicidal thoughts.\n"
    # the drug named in an earlier paragraph of the same section counts ...
    assert positions(test_linter, body.format("")) == [("TST001", 3, 13)]
    # ... but not across a heading (a short unpunctuated line standing alone)
    assert positions(test_linter, body.format("Yoga classes\n\n")) == []


def test_waived_by_counts_a_citation_above_the_sentence_or_in_the_lead(tmp_path_factory):
    rule = RULE.format(name="uncited").replace(
        "context: ['\\L<ketamine_terms>']\n", "waived_by: ['\\bTrial X\\b']\n"
    )
    assert "waived_by" in rule and "context" not in rule
    linter = linter_of(tmp_path_factory, "waived", {"uncited.yaml": rule})
    claim = "Ketamine erases suicidal thoughts."
    assert positions(linter, claim) == [("TST001", 1, 10)]
    # named earlier in the section, or in the same sentence: waived
    assert positions(linter, f"Trial X was small. {claim}") == []
    assert positions(linter, "Ketamine erases suicidal thoughts (Trial X).") == []
    # named only after the sentence, or in another section: not waived
    assert positions(linter, f"{claim} See Trial X.") == [("TST001", 1, 10)]
    page = "# Notes\n\n## Methods\n\nTrial X was small.\n\n## Results\n\n" + claim + "\n"
    assert positions(linter, page, "markdown") == [("TST001", 9, 10)]
    # named in the page's title: waived in every section
    assert positions(linter, "# What Trial X found\n\n## Results\n\n" + claim + "\n", "markdown") == []


def test_waived_by_is_rejected_on_a_document_rule(tmp_path_factory):
    from healthlint.errors import HealthlintError

    with pytest.raises(HealthlintError, match="waived_by"):
        linter_of(tmp_path_factory, "waiveddoc", {"needs-supervision.yaml": DOC_RULE + "waived_by: ['x']\n"})


def test_the_page_lead_is_context_for_every_section(test_linter):
    # a page titled after the drug is about the drug in every section ...
    page = "# Ketamine infusions\n\nWelcome.\n\n## What to expect\n\nOur sessions erase suicidal thoughts.\n"
    assert positions(test_linter, page, "markdown") == [("TST001", 7, 14)]
    front = "---\ntitle: Ketamine care\n---\n\n## Results\n\nOur sessions erase suicidal thoughts.\n"
    assert positions(test_linter, front, "markdown") == [("TST001", 7, 14)]
    # ... but a later heading naming it does not reach back into other sections
    other = "# Wellness\n\n## Yoga\n\nOur classes erase suicidal thoughts.\n\n## Ketamine\n\nAsk us.\n"
    assert positions(test_linter, other, "markdown") == []


def test_abbreviations_do_not_end_sentences(test_linter):
    text = "Dr. Smith, M.D. says ketamine erases suicidal thoughts."
    assert positions(test_linter, text) == [("TST001", 1, 31)]


def test_document_rule_reports_first_trigger_once(test_linter):
    text = "Ketamine infusions.\n\nBook now! Or book later.\n\nBook today.\n"
    assert positions(test_linter, text) == [("TST002", 3, 1)]


def test_document_rule_satisfied_anywhere(test_linter):
    text = "Ketamine infusions. Book now.\n\nAll care is under medical supervision.\n"
    assert positions(test_linter, text) == []


def test_end_position_and_match(test_linter):
    (f,) = test_linter.check_source("Ketamine erases suicidal thoughts.", "text", "t")
    assert f.match == "erases suicidal thoughts"
    assert (f.end_line, f.end_column) == (1, 34)
    assert f.message == "erases suicidal thoughts is an erase claim"


@pytest.mark.parametrize(
    "variant",
    [
        "Ketamine er\u00adases suicidal thoughts.",
        "Ketamine er\u200bases suicidal thoughts.",
        "Ketamine er\u0430ses suicidal thoughts.",  # Cyrillic a
        "Ketamine erases\u00a0suicidal thoughts.",
        "Ketamine ERASES suicidal   thoughts.",
        "\uff2betamine erases suicidal thoughts.",  # full-width K
    ],
)
def test_evasions_still_fire(test_linter, variant):
    (f,) = test_linter.check_source(variant, "text", "t")
    assert (f.rule_id, f.line, f.column) == ("TST001", 1, 10)


def test_crlf_and_lf_give_the_same_positions(test_linter):
    lf = "Intro.\n\nKetamine is here.\nIt erases suicidal thoughts.\n"
    assert positions(test_linter, lf) == positions(test_linter, lf.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("There is no evidence that ketamine erases suicidal thoughts.", False),
        ("A small study suggests that ketamine erases suicidal thoughts.", False),
        ("In mice, ketamine erases suicidal thoughts.", False),
        ("Whether ketamine erases suicidal thoughts is unknown.", False),
        ("We explain whether ketamine erases suicidal thoughts.", False),
        ("Nobody knows whether ketamine erases suicidal thoughts or only dulls them.", False),
        # "whether" questions only the clause it opens
        ("We tell you everything you need to know about whether it works and ketamine erases suicidal thoughts.", True),
        ("Learn whether you qualify, then see how ketamine erases suicidal thoughts.", True),
        ("Ketamine erases suicidal thoughts, whether or not antidepressants helped you.", True),
        # a frame in another clause does not reach the claim
        ("There is no evidence that it is addictive; ketamine erases suicidal thoughts.", True),
        ("Ketamine was tested in mice, but in people it erases suicidal thoughts.", True),
        # questions are not claims, unless the next sentence answers yes
        ("Can ketamine erase suicidal thoughts?", False),
        ("Can ketamine erase suicidal thoughts? Yes, in one session.", True),
        ("Can ketamine erase suicidal thoughts? Research is ongoing.", False),
        ("Can ketamine erase suicidal thoughts? The short answer is yes.", True),
        ("Can ketamine erase suicidal thoughts? It can.", True),
        ("Can ketamine erase suicidal thoughts? It can take several sessions to tell.", False),
        ("Can ketamine erase suicidal thoughts? Of course not.", False),
        ("Can ketamine erase suicidal thoughts? Absolutely not - but it may ease them for a while.", False),
        ("Can ketamine erase suicidal thoughts? Of course, in one session.", True),
        ("Q: Can ketamine erase suicidal thoughts? A: Yes, in one session.", True),
        ("Q: Can ketamine erase suicidal thoughts? A: Research is ongoing.", False),
        ("Q: Can ketamine erase suicidal thoughts? Research is ongoing.", False),
        ("Q: Did you know ketamine erases suicidal thoughts?", True),
        # a qualified yes keeps the question a question
        ("Can ketamine erase suicidal thoughts? Yes, in some patients, for a few days.", False),
        # a question that presupposes its content asserts it
        ("Did you know ketamine erases suicidal thoughts?", True),
        ("Why wait months when ketamine erases suicidal thoughts in hours?", True),
        ("Isn’t it amazing that ketamine erases suicidal thoughts?", True),
        ("Ready to let ketamine erase suicidal thoughts for you?", True),
        ("Want to see ketamine erase suicidal thoughts in an afternoon?", True),
        ("What if one ketamine infusion could erase suicidal thoughts?", True),
        ("Who needs months of waiting when ketamine erases suicidal thoughts?", True),
        ("Want to know if ketamine erases suicidal thoughts?", False),
        ("Ready to find out whether ketamine erases suicidal thoughts?", False),
        ("Why not ask whether ketamine erases suicidal thoughts?", False),
        # a statement closed by a tag question still states its claim
        ("Ketamine erases suicidal thoughts in hours, so what are you waiting for?", True),
        ("Ketamine erases suicidal thoughts - why wait?", True),
        ("Ketamine erases suicidal thoughts, so why wait for a referral?", True),
        ("Ketamine erases suicidal thoughts - if that isn't proof, what is?", True),
        ("Does ketamine erase suicidal thoughts - and if not, what is the evidence?", False),
        ("Ketamine erases suicidal thoughts in hours: what more proof do you need?", True),
        ("Does ketamine erase suicidal thoughts, or only dull them?", False),
        ("Why doesn't ketamine erase suicidal thoughts for good?", False),
        # weak words qualify nothing
        ("Promising news: ketamine erases suicidal thoughts.", True),
        # someone else's claim, reported or criticised
        ("Headlines calling ketamine a drug that erases suicidal thoughts go beyond the data.", False),
        ("Be careful with clinics that promise to erase suicidal thoughts.", False),
        ("We promise: ketamine erases suicidal thoughts.", True),
        # a quotation under a label that puts it up for examination (a debunking page's headings)
        ('Claim 2: "Ketamine erases suicidal thoughts in hours"', False),
        ('Myth: "ketamine erases suicidal thoughts"', False),
        ('Red flag - "ketamine erases suicidal thoughts for good"', False),
        ('What the ads say: "ketamine erases suicidal thoughts."', False),
        ('Our promise: "ketamine erases suicidal thoughts."', True),
        ('Claim: "ketamine erases suicidal thoughts."', True),
        ('Myth: "ketamine is just a party drug", but ketamine erases suicidal thoughts.', True),
        # ... and an unquoted myth, up to a contrast
        ("MYTH: Ketamine erases suicidal thoughts. FACT: Some people feel less suicidal for a while.", False),
        ("Common myth #3 - ketamine erases suicidal thoughts", False),
        ("Misconception: ketamine erases suicidal thoughts for good.", False),
        ("Myth: ketamine is just a party drug, but ketamine erases suicidal thoughts.", True),
        ("Myth busted: ketamine erases suicidal thoughts.", True),
        ("The myths are wrong. Ketamine erases suicidal thoughts.", True),
        # a negated subject with a verb of proof or promise
        ("No drug has been shown to erase suicidal thoughts.", False),
        ("No clinic can guarantee it will erase suicidal thoughts.", False),
        ("No other drug erases suicidal thoughts as fast as ketamine.", True),
        ("No waiting lists, and ketamine erases suicidal thoughts.", True),
        ("Ketamine is popular. No drug has been shown to erase suicidal thoughts.", False),
        ("Ketamine is popular. None of the ketamine trials so far shows that it erases suicidal thoughts.", False),
        ("No clinic, ours included, can promise that ketamine erases suicidal thoughts.", False),
        ("No needles, no pills, and ketamine erases suicidal thoughts.", True),
        ("Ketamine helps some, and neither drug nor talk erases suicidal thoughts for every patient.", True),
        ("Ketamine is studied, and none of the trials shows that it erases suicidal thoughts.", False),
        ("Ketamine is sold here. Nothing in this shop is proven to erase suicidal thoughts.", False),
        ("Ketamine is sold here. Nothing on the market is proven to erase suicidal thoughts like ketamine.", True),
        # a negation right before the claim denies it, across a copula or a few adverbs
        ("Ketamine does not erase suicidal thoughts.", False),
        ("Ketamine cannot reliably erase suicidal thoughts.", False),
        ("Ketamine will not always quickly erase suicidal thoughts.", False),
        # ... but not one that adds to it, asks, or is the claim's own
        ("Ketamine does not just ease pain; it erases suicidal thoughts.", True),
        ("Ketamine doesn't only calm you, it erases suicidal thoughts.", True),
        ("Never before could a drug erase suicidal thoughts in hours, and ketamine erases suicidal thoughts.", True),
        ("A single dose and you will never again have suicidal thoughts; ketamine erases suicidal thoughts.", True),
        # a concession fronted before a comma is a clause of its own, both ways
        ("While sceptics scoff, ketamine erases suicidal thoughts.", True),
        ("Although critics doubt it, ketamine erases suicidal thoughts.", True),
        ("Critics doubt that ketamine erases suicidal thoughts.", False),
        ("While critics claim that ketamine erases suicidal thoughts, the trials show brief average effects.", False),
    ],
)
def test_engine_frames_and_questions(tmp_path, text, fires):
    d = tmp_path / "tst"
    d.mkdir()
    # no exceptions of its own: only the engine's frames and question handling can cancel it
    bare = RULE.format(name="erase-claim").replace("exceptions: ['\\L<hedges>', '\\L<negations>']\n", "")
    assert "exceptions" not in bare
    (d / "erase-claim.yaml").write_text(bare, encoding="utf-8")
    assert bool(positions(Linter(load_rules([tmp_path])), text)) is fires


def test_document_rules_ignore_frames_by_default(test_linter):
    # a document rule's trigger is a mention, not a claim: a question still mentions it
    assert positions(test_linter, "Ketamine infusions? Book now?") == [("TST002", 1, 21)]


def test_supersedes_keeps_the_specific_finding(tmp_path):
    d = tmp_path / "tst"
    d.mkdir()
    general = RULE.format(name="erase-claim").replace("context: ['\\L<ketamine_terms>']\n", "")
    assert "context" not in general
    specific = (
        RULE.format(name="ketamine-erase").replace("TST001", "TST009") + "supersedes: [TST001]\n"
    )
    (d / "erase-claim.yaml").write_text(general, encoding="utf-8")
    (d / "ketamine-erase.yaml").write_text(specific, encoding="utf-8")
    linter = Linter(load_rules([tmp_path]))
    # both match the first sentence: only the specific one is reported there
    text = "Ketamine erases suicidal thoughts.\n\nYoga\n\nOur classes end suicidal urges.\n"
    assert positions(linter, text) == [("TST009", 1, 10), ("TST001", 5, 13)]
    (d / "ketamine-erase.yaml").write_text(specific.replace("[TST001]", "[NOPE001]"), encoding="utf-8")
    with pytest.raises(Exception, match="supersedes: unknown rule 'NOPE001'"):
        load_rules([tmp_path])


def test_caret_anchors_a_pattern_at_the_start_of_each_sentence(tmp_path):
    d = tmp_path / "tst"
    d.mkdir()
    rule = RULE.format(name="erase-claim").replace(
        "patterns: ['\\L<erase_verbs>", "patterns: ['^\\W*\\L<erase_verbs>"
    )
    assert "patterns: ['^" in rule
    (d / "erase-claim.yaml").write_text(rule, encoding="utf-8")
    linter = Linter(load_rules([tmp_path]))
    text = "Ketamine clinic. Erases suicidal thoughts. It quickly erases suicidal thoughts."
    assert positions(linter, text) == [("TST001", 1, 18)]  # the second sentence, not the third


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_inline_list_items_are_matched_on_their_own(test_linter, fmt):
    # as one sentence, the hedge of another item would cancel the claim; as a list, each item stands alone
    text = "Ketamine benefits - may lower costs - erases suicidal thoughts - fewer visits\n"
    assert positions(test_linter, text, fmt) == [("TST001", 1, 39)]
    text = "Ketamine infusions: - insurance may cover it - ends suicidal thoughts\n"
    assert positions(test_linter, text, fmt) == [("TST001", 1, 48)]
    # ... while a hedge in the claim's own item still counts
    assert positions(test_linter, "Ketamine: - may ease suicidal thoughts - no referral\n", fmt) == []
    # a dash used as punctuation keeps the sentence whole: the negation still reaches the claim
    assert positions(test_linter, "Ketamine - no, it does not erase suicidal thoughts - works slowly.\n", fmt) == []

# A rule whose claim is itself negative ("won't come back", "not an option"), with the broad negation
# exceptions rule writers use: the engine must not let those exceptions swallow the rule's own negations.
NEGATIVE_CLAIM_RULE = r"""
id: TST003
name: negative-claim
severity: error
scope: sentence
message: "{match} is a negative claim"
nuance: "A test rule whose claims are themselves negative."
references: [{title: test, url: "https://example.org/c"}]
patterns:
  - '\L<conditions>\W+(?:\w+\W+){0,3}?(?:won''t|will never|never) (?:come back|return)\b|\brelapse is not an option\b|\bnever (?:have to )?worry about side effects again\b|\b(?:help|treat|fix)\b'
exceptions: ['\L<negations>', '\bno\b|\bnever\b']
examples:
  bad: ["Relapse is not an option."]
  good: ["Ketamine does not fix depression."]
"""


@pytest.fixture(scope="module")
def negation_linter(tmp_path_factory) -> Linter:
    return linter_of(tmp_path_factory, "neg", {"negative-claim.yaml": NEGATIVE_CLAIM_RULE,
                                               "erase-claim.yaml": RULE.format(name="erase-claim")})


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # a negation the rule's own pattern needs is the claim, not a denial of it
        ("After a few infusions your anxiety won't come back.", True),
        ("Once treated, your depression will never return.", True),
        ("With us, relapse is not an option.", True),
        ("Our patients never have to worry about side effects again.", True),
        # ... while a negation of the claim still denies it
        ("It is not true that your anxiety won't come back.", False),
        ("No one can promise that your depression will never return.", False),
        # two negations in one clause cancel out
        ("There is no one we can't help.", True),
        ("There is simply nobody our team cannot treat.", True),
        ("Not a single client we couldn't help!", True),
        ("We can't help everyone.", False),
        ("There is no one who can fix depression overnight.", False),
        # plain negations of a positive claim
        ("Ketamine does not fix depression.", False),
        ("It has not been shown to help everyone.", False),
        ("This is not a cure, and many patients still need other care.", False),
    ],
)
def test_negations_that_make_the_claim(negation_linter, text, fires):
    assert any(f.rule_id == "TST003" for f in negation_linter.check_source(text, "text", "t")) is fires


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Ketamine does not erase suicidal thoughts.", False),
        ("Ketamine cannot erase suicidal thoughts in people who haven't been screened.", False),
        ("It is not a drug that erases suicidal thoughts.", False),
        ("Ketamine erases suicidal thoughts, but not in everyone.", False),
        ("Ketamine erases suicidal thoughts - though not for everyone.", False),
        # a negation in another clause, or inside a subordinate clause the claim is not in, does not reach it
        ("Ketamine erases suicidal thoughts even if antidepressants do not help.", True),
        ("Ketamine erases suicidal thoughts when other drugs don't.", True),
        # ... but a relative clause limits what the claim is about
        ("Ketamine erases suicidal thoughts in patients who don't respond to it.", False),
        ("When antidepressants do not work, ketamine erases suicidal thoughts.", True),
        ("If other drugs didn't help, ketamine erases suicidal thoughts within hours.", True),
        ("It isn't cheap, but ketamine erases suicidal thoughts.", True),
        ("Don't wait: ketamine erases suicidal thoughts.", True),
        # a negation before a semicolon may set up the claim: it still counts
        ("Moderate doses are not enough; only high doses erase suicidal thoughts.", False),
        # idioms that read as negations but assert what follows
        ("I'm not exaggerating when I say ketamine erases suicidal thoughts.", True),
        ("There's no doubt that ketamine erases suicidal thoughts.", True),
        ("Make no mistake, ketamine erases suicidal thoughts.", True),
        ("No wonder patients say ketamine erases suicidal thoughts.", True),
        ("It's no exaggeration: ketamine erases suicidal thoughts.", True),
        # ... and leave a real denial in the same sentence to do its work
        ("It's no exaggeration to say ketamine does not erase suicidal thoughts.", False),
        ("No doubt you have heard it, but ketamine does not erase suicidal thoughts.", False),
        ("There is no evidence that ketamine erases suicidal thoughts.", False),
    ],
)
def test_negation_scope_is_its_clause(negation_linter, text, fires):
    assert any(f.rule_id == "TST001" for f in negation_linter.check_source(text, "text", "t")) is fires


@pytest.fixture(scope="module")
def builtin_linter() -> Linter:
    return Linter(load_rules())


@pytest.mark.parametrize(
    "text",
    [
        "Ketamine does not cure depression.",
        "There is no evidence that it erases suicidal thoughts.",
        "It has not been shown to work for everyone.",
        "This is not a cure, but many patients improve.",
    ],
)
def test_builtin_rules_stay_silent_on_denials(builtin_linter, text):
    linter = builtin_linter
    assert [f.rule_id for f in linter.check_source(text, "text", "t") if f.rule.scope == "sentence"] == []


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("I'm not exaggerating when I say this supplement cures anxiety.", True),
        ("There's no doubt that this supplement cures anxiety.", True),
        ("Make no mistake: this supplement cures anxiety.", True),
        ("There is no supplement that cures anxiety.", False),
        ("It would be an exaggeration to say this supplement cures anxiety.", False),
    ],
)
def test_builtin_exceptions_inside_affirming_idioms_deny_nothing(builtin_linter, text, fires):
    assert any(f.rule_id == "GEN001" for f in builtin_linter.check_source(text, "text", "t")) is fires


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Ask us whether ketamine erases suicidal thoughts.", False),
        ("We explain whether it is right for you, and ketamine erases suicidal thoughts.", True),
        ("We tell you whether you qualify; ketamine erases suicidal thoughts.", True),
    ],
)
def test_a_whether_exception_reaches_only_its_clause(tmp_path, text, fires):
    d = tmp_path / "tst"
    d.mkdir()
    rule = RULE.format(name="erase-claim").replace("exceptions: ['\\L<hedges>', '\\L<negations>']",
                                                   "exceptions: ['\\bwhether\\b']\nframes: false")
    assert "frames: false" in rule
    (d / "erase-claim.yaml").write_text(rule, encoding="utf-8")
    assert bool(positions(Linter(load_rules([tmp_path])), text)) is fires



# A rule whose claims a question and its short answer make together (issue 8): neither sentence alone says it.
ANSWER_RULE = r"""
id: TST004
name: answered-claim
severity: error
scope: sentence
message: "{match} is an answered claim"
nuance: "A test rule for questions answered in a second sentence."
references: [{title: test, url: "https://example.org/d"}]
patterns:
  - '\b(?:isn''t|is not|never) (?:\w+ )?addictive\b|\b(?:won''t|will never) come back\b|\b(?:doesn''t|does not) wear off\b|\bside effects: (?:hardly any|none|zero)\b|\btrust us because it works\b|\bwant faster results\b[^.]*: add cardio\b|\btreatment-resistant: not with us\b|(?<=\bside effects\?\s)none at all\b|\bworks? for everyone\b'
exceptions: ['\L<hedges>', '\L<negations>']
examples:
  bad: ["It isn't addictive."]
  good: ["It may be addictive."]
"""


@pytest.fixture(scope="module")
def answer_linter(tmp_path_factory) -> Linter:
    other = ANSWER_RULE.replace("TST004", "TST005").replace("answered-claim", "no-side-effects")
    # no exceptions: only the engine can keep it from reading a denied question as its claim
    other = regex.sub(r"(?m)^  - '.*'$", lambda m: r"  - '\bside effects: none\b|\bsafe for everyone\b'", other)
    other = other.replace("exceptions: ['\\L<hedges>', '\\L<negations>']\n", "")
    assert "TST005" in other and "addictive" not in other.split("examples")[0] and "exceptions" not in other
    return linter_of(tmp_path_factory, "answer", {"answered-claim.yaml": ANSWER_RULE,
                                                  "no-side-effects.yaml": other.replace("It isn't addictive.", "Side effects: none.")})


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # a yes/no question denied by a short answer: "it isn't addictive in our clinic"
        ("Is it addictive? Not in our clinic.", True),
        ("Is ketamine addictive? No.", True),
        ("Q: Is ketamine addictive? A: No.", True),
        ("Is it addictive? Absolutely not!", True),
        ("Is it addictive?\n\nNever.", True),
        ("Does it wear off? Not with maintenance infusions.", True),
        ("Does it wear off? Nope, not with our boosters.", True),
        ("Will my depression come back? Not after our protocol.", True),
        ("Will my depression come back? Never.", True),
        # a why-question answered with because, a question without an auxiliary answered in a few words
        ("Why do thousands of patients trust us? Because it works.", True),
        ("Treatment-resistant? Not with us.", True),
        ("Side effects? Hardly any.", True),
        ("Want faster results from your esketamine? Add cardio.", True),
        # the question alone, or with an answer that does not complete it, is no claim
        ("Is ketamine addictive?", False),
        ("Is it addictive? It can be misused, so we screen every patient.", False),
        ("Does it work for everyone? No — about half of patients respond.", False),
        ("Does it work for everyone? No.", False),
        ("Does it work for everyone? Never.", False),
        ("Will my depression come back? Perhaps, so we plan boosters.", False),
        ("Why do thousands of patients trust us? Our nurses are kind.", False),
        ("Side effects? Nausea, dizziness and a rise in blood pressure are common, so we monitor you.", False),
        ("Want faster results or slower ones? Add cardio.", False),  # offers alternatives: no "X or Y: ..." reading
        # the answer's own frames still count
        ("Is it addictive? Not in mice.", False),
        ("Is it addictive? Usually not.", False),
        ("Is it addictive? Not usually.", False),
        ("Will my depression come back? Not for a few months.", False),
        ("Does it work for everyone? Not yet.", False),
    ],
)
def test_question_and_short_answer_read_together(answer_linter, text, fires):
    assert any(f.rule_id == "TST004" for f in answer_linter.check_source(text, "text", "t")) is fires


def test_answered_claim_is_reported_once_at_the_question(answer_linter):
    # the reading "it isn't addictive in our clinic" starts at the question's auxiliary
    assert positions(answer_linter, "Intro. Is it addictive? Not in our clinic.") == [("TST004", 1, 8)]
    # a rule that matches the answer on its own is not reported a second time for the pair, and a pair
    # whose answer a rule already reads as an answer is not read again by other rules
    assert positions(answer_linter, "Side effects? None at all.") == [("TST004", 1, 15)]
    assert positions(answer_linter, "Side effects?\nNone.") == [("TST004", 1, 1), ("TST005", 1, 1)]
    # a denial makes a claim only when the claim is the denial: "it isn't safe for everyone" is not "safe for everyone"
    assert positions(answer_linter, "Is it safe for everyone? No.") == []
    assert positions(answer_linter, "Is it safe for everyone?") == []
    assert positions(answer_linter, "It is safe for everyone.") == [("TST005", 1, 7)]
    f, = answer_linter.check_source("Will my depression come back?\nNever.", "text", "t")
    assert (f.line, f.column, f.end_line) == (1, 1, 1)  # "will never come back": the question's words
    assert f.sentence == "Will my depression come back? Never."
    f, = answer_linter.check_source("Side effects?\nHardly any.", "text", "t")
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 1, 2, 11)  # "Side effects: Hardly any"


def test_caret_anchors_a_pattern_without_literals_at_each_sentence(tmp_path):
    # a pattern with no literal for the prefilter is searched over the whole page at once; anchored,
    # it must still be tried at the start of every sentence, not only the first
    d = tmp_path / "tst"
    d.mkdir()
    rule = RULE.format(name="percent-claim").replace(
        "patterns: ['\\L<erase_verbs>\\W+(?:\\w+\\W+){0,4}?\\L<suicidal_thoughts>']", "patterns: ['^[0-9]+ ?%']"
    ).replace("exceptions: ['\\L<hedges>', '\\L<negations>']\ncontext: ['\\L<ketamine_terms>']\n", "").replace(
        '["Ketamine erases suicidal thoughts."]', '["95% recover."]').replace(
        '["Ketamine may ease suicidal thoughts."]', '["Some recover."]')
    assert "patterns: ['^[0-9]+ ?%']" in rule and "context" not in rule
    (d / "percent-claim.yaml").write_text(rule, encoding="utf-8")
    linter = Linter(load_rules([tmp_path]))
    assert 0 in linter.prefilter.always and len(linter.branches[0]) == 0  # the whole-page scan
    text = "Results. 95% recover. Many say 95% recover.\n\n80 % feel better."
    assert positions(linter, text) == [("TST001", 1, 10), ("TST001", 3, 1)]


def test_anchored_alternatives_are_matched_where_the_sentence_starts(tmp_path):
    d = tmp_path / "tst"
    d.mkdir()
    rule = RULE.format(name="erase-claim").replace(
        "patterns: ['\\L<erase_verbs>", "patterns: ['^\\W*gone\\b|^\\W*\\L<erase_verbs>"
    )
    (d / "erase-claim.yaml").write_text(rule, encoding="utf-8")
    linter = Linter(load_rules([tmp_path]))
    assert linter.branches[0].anchored == 0b11
    text = "Ketamine clinic. Erases suicidal thoughts. It quickly erases suicidal thoughts."
    assert positions(linter, text) == [("TST001", 1, 18)]



def test_branches_mark_the_literals_a_blanked_word_could_open(tmp_path):
    """_needs blanks words with q's; a branch whose literal holds a q must then be tried too."""
    import pickle

    first = "\\bquells? suicidal thoughts|\\berases? suicidal thoughts"
    (tmp_path / "q-branches.yaml").write_text(
        RULE.format(name="q-branches").replace(RULE.format(name="q-branches").split("patterns: ")[1].split("\n")[0],
                                               f"['{first}']"),
        encoding="utf-8",
    )
    branches = Linter(load_rules([tmp_path])).branches[0]
    assert len(branches) == 2
    assert branches.q_prone == 0b01  # "quell" holds a q; "erase" does not
    assert pickle.loads(pickle.dumps(branches)).q_prone == 0b01
