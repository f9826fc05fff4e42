"""Generated variants of every sentence-scope rule's `bad` examples (issue 8).

For each bad example, the sentence that carries the rule's match is rewritten mechanically:

* ``negated``      - "There is no evidence that <sentence>"
* ``negated-verb`` - " not" after the first auxiliary ("is not", "cannot"), or "does not <verb>" after a
  subject such as "ketamine" / "it"; only when the sentence is not negated already
* ``hedged``       - "A small, early study suggests that <sentence>"
* ``animal``       - "In mice, <sentence>"

and the rule must stay silent on the result. Variants that do not make a sensible sentence are skipped
with a stated reason (``GENERIC_SKIPS``, ``RULE_OPT_OUTS``, ``EXAMPLE_OPT_OUTS``; run ``pytest -rs`` to
see them). Cases the rules do not handle yet are strict xfails (``NOT_YET_HANDLED``): when a rule learns
one, the xfail turns into an XPASS failure and its entry should be deleted. The lists are keyed by the
example text, so reordering examples does not shift them; an edited example is a new case.
"""

from __future__ import annotations

import re

import pytest

from healthlint.engine import Linter
from healthlint.rules import load_rules

_RULESET = load_rules()
_LINTER = Linter(_RULESET)

PREFIX = {
    "negated": "There is no evidence that ",
    "hedged": "A small, early study suggests that ",
    "animal": "In mice, ",
}
VARIANTS = ("negated", "negated-verb", "hedged", "animal")
PREFIXED = {"negated", "hedged", "animal"}

_AUX = re.compile(r"\b(is|are|was|were|can|could|will|would|may|might|should|must|does|do|did|has|have|had)\b", re.I)
_NEG = re.compile(r"\b(?:not|no|never|nothing|none|cannot|without)\b|n't\b", re.I)
_SUBJECTS = {"ketamine", "ketamin", "esketamine", "spravato", "it", "infusion", "infusions", "therapy", "treatment",
             "protocol", "program", "exercise", "irisin", "bdnf", "spray", "supplement", "method"}
_NOT_VERBS = _SUBJECTS | {"levels", "lozenges", "treatments", "therapies", "sessions", "does", "has", "is"}
_KEEP_CAPS = {"Spravato", "Sarah", "Lion's"}


def _lower_first(s: str) -> str:
    word = s.split(" ", 1)[0]
    if word in _KEEP_CAPS or (len(s) > 1 and s[1].isupper()):  # names and acronyms (IV, BDNF) keep their case
        return s
    return s[0].lower() + s[1:]


def _base_form(verb: str) -> str:
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|z)es$", verb):
        return verb[:-2]
    return verb[:-1]


def negate_verb(s: str) -> str | None:
    """The sentence with its first auxiliary (or third-person verb after a known subject) negated."""
    m = _AUX.search(s)
    if m:
        word = m.group(1)
        return s[: m.start()] + ("cannot" if word.lower() == "can" else word + " not") + s[m.end():]
    words = list(re.finditer(r"[A-Za-z']+", s))
    for a, b in zip(words, words[1:]):
        v = b.group()
        if a.group().lower() in _SUBJECTS and v.islower() and v not in _NOT_VERBS and len(v) > 3 and re.search(r"[^su]s$", v):
            return s[: b.start()] + "does not " + _base_form(v) + s[b.end():]
    return None


def make_variant(sentence: str, kind: str) -> str | None:
    if kind == "negated-verb":
        return negate_verb(sentence)
    return PREFIX[kind] + _lower_first(sentence)


_IMPERATIVE = re.compile(
    r"^(?:ask|be|book|boost|combine|feel|get|grow|kiss|read|reverse|say|see|try|visit|wean|work out|exercise an)\b", re.I)
_PEOPLE = re.compile(r"\b(?:patients?|people|clients?|members|individuals|humans|anyone|everyone)\b", re.I)
_SECOND_OR_FIRST_PERSON = re.compile(r"\b(?:you|your|you'll|you've|we|our|we've|us)\b", re.I)

#: (test on the sentence, variants skipped, reason) - mechanical, applies to every rule.
GENERIC_SKIPS = [
    (lambda s: _NEG.search(s) is not None, {"negated-verb"},
     "already negated: inserting 'not' would make a double negative"),
    (lambda s: negate_verb(s) is None, {"negated-verb"}, "no auxiliary or third-person verb found to negate"),
    (lambda s: sum(c.isupper() for c in s) > 0.6 * sum(c.isalpha() for c in s), set(VARIANTS),
     "a heading in capitals: no variant makes a sentence of it"),
    (lambda s: ":" in s, set(VARIANTS), "a 'Label: fragment' line: no variant makes a sentence of it"),
    (lambda s: _IMPERATIVE.match(s) is not None, set(VARIANTS), "an imperative: no variant makes a claim of it"),
    (lambda s: s.rstrip().endswith("?"), PREFIXED, "a question is not a claim to negate or hedge"),
    (lambda s: _PEOPLE.search(s) is not None, {"animal"}, "about people: 'In mice,' contradicts the sentence"),
    (lambda s: _SECOND_OR_FIRST_PERSON.search(s) is not None, {"animal"},
     "addressed to the reader or about the clinic's own service: 'In mice,' cannot qualify it"),
]

#: rule -> {variant: reason}: a variant type that makes no sense for anything the rule is about.
RULE_OPT_OUTS: dict[str, dict[str, str]] = {
    "EX003": {"animal": "dose-response of exercise for mood in people; 'In mice,' does not fit the claim"},
    "EX004": {"animal": "a population-attributable fraction of human depression has no mouse version"},
    "EX005": {"animal": "a population-attributable fraction of human depression has no mouse version",
              "hedged": "the rule flags the uncited 12% figure even when hedged; hedging is its subject",
              "negated-verb": "the rule asks for the source of the 12% figure; 'might not be prevented' leaves it uncited"},
    "GEN002": {"hedged": "hype words stay hype whoever is quoted: a hedge does not qualify 'revolutionary' (issue 8)",
               "animal": "hype words stay hype whoever is quoted: 'In mice,' does not qualify 'groundbreaking'"},
    "GEN003": {"hedged": "a guarantee is the seller's own promise; a study cannot hedge it",
               "animal": "a guarantee to customers; 'In mice,' makes no sense"},
    "GEN004": {"hedged": "the claim is about the strength of evidence; prefixing a small study contradicts it",
               "animal": "'clinically/scientifically proven' is about human evidence; 'In mice,' makes no sense"},
    "GEN006": {"animal": "a safety claim to customers; 'In mice,' makes no sense"},
    "GEN007": {"hedged": "a testimonial is not an empirical finding a study could suggest",
               "animal": "testimonials come from clients; 'In mice,' makes no sense"},
    "GEN008": {"hedged": "regulatory status is a fact, not something a study suggests",
               "animal": "regulatory status; 'In mice,' makes no sense"},
    "GEN009": {"animal": "relief promised to patients; 'In mice,' makes no sense"},
    "KET001": {"animal": "suicidal ideation is a human self-report with no mouse analogue"},
    "KET002": {"animal": "a safety claim to patients; 'In mice,' makes no sense"},
    "KET003": {"animal": "a safety claim to patients; 'In mice,' makes no sense"},
    "KET004": {"animal": "suicide prevention has no mouse analogue"},
    "KET005": {"animal": "suicide prevention has no mouse analogue",
               "hedged": "the rule flags hedged life-saving claims ('may save lives') by design"},
    "KET006": {"animal": "a comparison with human treatments (ECT, antidepressants); 'In mice,' makes no sense"},
    "KET007": {"hedged": "regulatory status is a fact, not something a study suggests",
               "animal": "regulatory status; 'In mice,' makes no sense"},
    "KET008": {"hedged": "the identity of a product (esketamine vs ketamine) is not something a study suggests",
               "animal": "the identity of a product; 'In mice,' makes no sense"},
    "KET013": {"animal": "about patients who did not respond to antidepressants; 'In mice,' makes no sense"},
    "KET014": {"animal": "tapering psychiatric medication in people; 'In mice,' makes no sense"},
    "MECH001": {"hedged": "the claim is itself an attribution to research ('we now know', 'a study confirmed'); "
                          "a second study prefix nests attributions"},
    "MECH002": {"hedged": "the claim is itself an attribution to research ('the study showed'); "
                          "a second study prefix nests attributions",
                "animal": "the examples already name the animal study in the previous sentence"},
}

_FRAGMENT = "a verbless fragment or slogan: a prefix does not make a sentence of it"
#: (rule, example text) -> (variants, reason): one example where a variant makes no sentence.
_CONCESSION = ("a concession comes first ('even though lithium is still widely used', 'maintenance may help early "
               "on, but'): a prefix or 'not' lands on the concession, and the claim after it stands")
_WRONG_CLAUSE = "the first auxiliary belongs to another clause than the claim, so 'not' does not negate it"
_IN_SUBJECT = ("the claim sits in the subject ('groundbreaking therapy', 'scientifically proven protocol'), outside "
               "the negated verb, so the negated sentence still makes it")
_SECOND_CLAUSE = ("two independent clauses: a prefix qualifies the first, and the claim is the second "
                  "('...; it erases them', '..., but ketamine is the only thing')")
_IN_NOUN_PHRASE = ("the claim is how a noun phrase describes esketamine ('a weaker version of ketamine'), which a "
                   "negated verb leaves standing")
EXAMPLE_OPT_OUTS: dict[tuple[str, str], tuple[set[str], str]] = {
    ("KET010", "Even though lithium is still widely used, our clinic regards ketamine as the smarter way to ward off manic episodes."):
        (PREFIXED | {"negated-verb"}, _CONCESSION),
    ("KET012", "Maintenance may help early on, but the change our ketamine infusions make is a durable one."):
        (PREFIXED | {"negated-verb"}, _CONCESSION),
    ("KET014", "Your benzo taper feels daunting, but our ketamine program blocks the withdrawal."):
        (PREFIXED, _CONCESSION),
    ("GEN001", "Finally, a real cure for depression."): (PREFIXED, _FRAGMENT),
    ("GEN003", "Regardless of what you have tried before, our retreat will free you from anxiety."):
        ({"negated-verb"}, _CONCESSION),
    ("GEN008", "Since our tonic is bottled in an FDA-registered facility, rest assured it is approved for stress."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("GEN001", "We won't tell you it's easy, but our retreat cures depression for good."):
        (PREFIXED | {"negated-verb"}, _CONCESSION),
    ("GEN006", "We won't promise miracles, but our gummies have zero side effects."):
        (PREFIXED | {"negated-verb"}, _CONCESSION),
    ("GEN001", "Cured my migraines in a week!"): (PREFIXED, "a testimonial fragment without a subject"),
    ("GEN001", "Walking is nature's antidepressant, and for mild depression it's a cure."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("GEN002", "This groundbreaking infusion therapy is changing lives."): ({"negated-verb"}, _IN_SUBJECT),
    ("GEN002", "After years of trial and error, we are finally seeing what really works."):
        ({"negated-verb"}, "'we are not finally seeing what really works' is not an accurate form of anything"),
    ("GEN003", "Guaranteed relief from anxiety or your next session is free."): (PREFIXED | {"negated-verb"},
        "a verbless guarantee plus a clause about the price: prefixes make no sentence, 'not' negates the price"),
    ("GEN003", "Everyone's results vary, but you will feel better within a week."): (PREFIXED, _SECOND_CLAUSE),
    ("GEN003", "Sure, everybody heals differently, but you will feel better after one visit."): (PREFIXED, _SECOND_CLAUSE),
    ("GEN004", "Our scientifically proven protocol calms anxiety."): ({"negated-verb"}, _IN_SUBJECT),
    ("GEN010", "Our ketamine troches let you journey in your own bedroom, on your schedule."):
        ({"negated-verb"}, "'troches' is a noun: 'ketamine does not troche' is not English"),
    ("GEN003", "100% success rate with treatment-resistant patients."): (PREFIXED, _FRAGMENT),
    ("GEN003", "Results guaranteed."): (PREFIXED, _FRAGMENT),
    ("GEN003", "A 98% success rate!"): (PREFIXED, _FRAGMENT),
    ("GEN004", "A research-backed supplement for a better mood."): (PREFIXED, _FRAGMENT),
    ("GEN006", "No side effects, no downtime, just relief."): (PREFIXED, _FRAGMENT),
    ("GEN006", "A completely safe way to lift your mood."): (PREFIXED, _FRAGMENT),
    ("GEN006", "Risk-free relief from migraines."): (PREFIXED, _FRAGMENT),
    ("GEN006", "Natural, so it's safe for everyone."): (PREFIXED, _FRAGMENT),
    ("GEN006", "Ketamine therapy has zero side effects."): ({"negated-verb"}, "'has not zero side effects' is not English"),
    ("GEN007", "Our patients tell us it transformed their lives, and that's proof it works."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("GEN008", "An FDA-certified wellness center in Austin."): (PREFIXED, _FRAGMENT),
    ("GEN008", "Certified by the FDA for your peace of mind."): (PREFIXED, _FRAGMENT),
    ("GEN008", "FDA registered facility - safe and effective mood support."): (PREFIXED, _FRAGMENT),
    ("GEN009", "Instant relief from anxiety, no waiting."): (PREFIXED, _FRAGMENT),
    ("GEN009", "Immediate results for treatment-resistant depression."): (PREFIXED, _FRAGMENT),
    ("GEN009", "Migraine relief in minutes!"): (PREFIXED, _FRAGMENT),
    ("EX003", "Only your first hour of exercise per week does anything for your mood."):
        ({"negated-verb"}, "'does' is the main verb here: 'does not anything' is not English"),
    ("EX005", "If the link is causal, 12% of future depression could be prevented by weekly exercise."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET002", "Worried about addiction? Ketamine therapy is non-addictive."):
        ({"negated-verb"}, "'is not non-addictive' is a double negative"),
    ("KET003", "Ketamine offers a great alternative for anyone who has had intolerable side effects from "
               "antidepressants or has medical conditions that rule them out."): ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET006", "Antidepressants only help a few people; ketamine is different."): ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET007", "Because esketamine is approved, our IV ketamine carries the same FDA backing."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET015", "Once your ketamine course is complete, the improvement is permanent."): ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET011", "Rapid relief for bipolar disorder with ketamine infusions."): (PREFIXED, _FRAGMENT),
    ("KET012", "Long-lasting relief from a single ketamine infusion."): (PREFIXED, _FRAGMENT),
    ("KET012", "Permanent results after six ketamine infusions."): (PREFIXED, _FRAGMENT),
    ("KET012", "Six ketamine infusions. Lasting results."): (PREFIXED, _FRAGMENT),
    ("MECH004", "Depression is a brain that has lost some of its connections, and ketamine helps the brain rebuild "
                "them."): ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET002", "Ketamine infusion therapy is generally well-tolerated and causes few serious side effects."):
        ({"negated-verb"}, "'not' negates the first conjunct only; 'and causes few serious side effects' still claims it"),
    ("KET003", "With its proven safety record, ketamine is the smart next step."):
        ({"negated-verb"}, "the claim is the fronted 'with its proven safety record', outside the negated verb"),
    ("KET005", "Because it acts within hours, ketamine infusion therapy can be a lifeline for people in crisis, "
               "potentially saving lives along the way."):
        ({"negated-verb"}, "the participle clause 'potentially saving lives' is a predication of its own, outside "
                           "'cannot be a lifeline'"),
    ("KET006", "Barbaric treatments like ECT are a thing of the past now that ketamine is here."):
        ({"negated-verb"}, "the claim is the subject 'barbaric treatments like ECT', outside the negated verb"),
    ("KET008", "Thousands of depressed people are already treated with an anesthetic variant of ketamine."):
        ({"negated-verb"}, _IN_NOUN_PHRASE),
    ("KET008", "Pairing exercise with the ketamine derivative esketamine might help."): ({"negated-verb"}, _IN_NOUN_PHRASE),
    ("KET008", "The nasal form of ketamine was approved in 2019."): ({"negated-verb"}, _IN_NOUN_PHRASE),
    ("KET008", "Esketamine, a weaker version of ketamine, comes as a nasal spray."): ({"negated-verb"}, _IN_NOUN_PHRASE),
    ("KET001", "Ketamine doesn't just soften suicidal thoughts; it erases them."): (PREFIXED, _SECOND_CLAUSE),
    ("KET001", "Gone, after a single ketamine session, were the suicidal urges I had lived with for years."):
        ({"negated-verb"}, "a fronted predicate ('Gone ... were the urges'): 'were not' after it is not English"),
    ("KET001", "By the end of the drip, the urge to take your own life has simply faded away."):
        ({"negated-verb"}, "'has not simply faded' reads as 'not merely faded' (the intensifying 'not just X but Y'), "
                           "which the rule keeps flagging by design"),
    ("KET003", "After a ketamine dose, most people feel less than they would after a cup of coffee."):
        ({"negated-verb"}, "the first auxiliary is in the comparison clause ('than they would'), so 'not' negates nothing"),
    ("KET003", "Bladder damage, memory loss - none of these scare stories apply to clinical ketamine."):
        (PREFIXED, "a list of harms before a dash: a prefix attaches to the list, not to the claim after the dash"),
    ("KET003", "During a ketamine infusion you may feel slightly dreamy for a few minutes, and that's all."):
        ({"negated-verb"}, _WRONG_CLAUSE),
    ("KET006", "Pills take the edge off depression, but ketamine is the only thing that actually lifts it."):
        (PREFIXED, _SECOND_CLAUSE),
    ("KET008", "Spravato is basically ketamine in a fancier package, and its approval covers our infusions too."):
        ({"negated-verb"}, "'not' negates the first conjunct only; 'and its approval covers our infusions' still claims it"),
}

#: rule -> variant -> example texts the rule still flags in that variant (strict xfails; delete when fixed).
NOT_YET_HANDLED: dict[str, dict[str, list[str]]] = {}


def _claim_sentence(rule, text: str, fmt: str) -> tuple[str, str]:
    """The sentence that carries the rule's match, and the text it stands in: ``text`` itself, or ``text``
    with its misspellings corrected as the engine reads it (the whole text if it cannot be found)."""
    fixed = _LINTER.respeller.fix(text)
    for f in _LINTER.check_source(text, fmt, "<example>"):
        if f.rule_id == rule.id:
            sentence = f.sentence.strip()
            for where in (text, fixed):
                if sentence and sentence in where:
                    return sentence, where
    return text, text


def _skip_reason(rule_id: str, text: str, sentence: str, kind: str) -> str | None:
    opt = EXAMPLE_OPT_OUTS.get((rule_id, text))
    if opt and kind in opt[0]:
        return opt[1]
    if kind in RULE_OPT_OUTS.get(rule_id, {}):
        return RULE_OPT_OUTS[rule_id][kind]
    for test, kinds, reason in GENERIC_SKIPS:
        if kind in kinds and test(sentence):
            return reason
    return None


def _cases():
    for rule in _RULESET.rules:
        if rule.scope != "sentence":
            continue
        pending = NOT_YET_HANDLED.get(rule.id, {})
        for i, example in enumerate(rule.bad):
            sentence, text = _claim_sentence(rule, example.text, example.format)
            for kind in VARIANTS:
                case_id = f"{rule.id}/bad{i}/{kind}"
                reason = _skip_reason(rule.id, example.text, sentence, kind)
                if reason is not None:
                    yield pytest.param(rule, example, None, id=case_id, marks=pytest.mark.skip(reason=reason))
                    continue
                variant = text.replace(sentence, make_variant(sentence, kind), 1)
                marks = ()
                if example.text in pending.get(kind, ()):
                    marks = pytest.mark.xfail(strict=True, reason=f"rule does not yet handle {kind} variant")
                yield pytest.param(rule, example, variant, id=case_id, marks=marks)


@pytest.mark.parametrize(("rule", "example", "variant"), list(_cases()))
def test_rule_is_silent_on_variant(rule, example, variant):
    fired = [f for f in _LINTER.check_source(variant, example.format, "<variant>") if f.rule_id == rule.id]
    assert not fired, f"{rule.id} flags {fired[0].match!r} in the variant {variant!r} of {example.text!r}"


def test_variant_builders():
    assert make_variant("Ketamine erases suicidal thoughts.", "negated") == (
        "There is no evidence that ketamine erases suicidal thoughts.")
    assert make_variant("IV ketamine is FDA-approved.", "animal") == "In mice, IV ketamine is FDA-approved."
    assert negate_verb("Ketamine can relieve your PTSD.") == "Ketamine cannot relieve your PTSD."
    assert negate_verb("Ketamine is a mood stabilizer.") == "Ketamine is not a mood stabilizer."
    assert negate_verb("Ketamine erases suicidal thoughts.") == "Ketamine does not erase suicidal thoughts."
    assert negate_verb("Ketamine supplies new neurons.") == "Ketamine does not supply new neurons."
    assert negate_verb("Irisin fights depression.") == "Irisin does not fight depression."
    assert negate_verb("Real results from real people.") is None


def test_opt_out_and_xfail_tables_name_real_rules():
    ids = {r.id for r in _RULESET.rules}
    assert set(RULE_OPT_OUTS) <= ids
    assert {rule for rule, _ in EXAMPLE_OPT_OUTS} <= ids
    assert set(NOT_YET_HANDLED) <= ids
    for table in (RULE_OPT_OUTS, NOT_YET_HANDLED):
        for per_rule in table.values():
            assert set(per_rule) <= set(VARIANTS)
