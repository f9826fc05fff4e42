"""Required literals of a rule, so that text with no trigger costs almost nothing.

For each rule we look for a set of lower-case strings such that any match of the rule must contain one
of them. All those strings, from all rules, go in one Aho-Corasick automaton that scans the lower-cased
prose once; only the sentences it hits are matched with the rule's full patterns. A rule whose patterns
have no usable literal (the analysis is conservative: lookarounds, optional parts and classes yield
nothing) is simply scanned in full, so the prefilter can make checking faster but never change a result.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

import regex

from healthlint.lazyre import compile_lazily

try:  # Python 3.11+
    from re import _constants as C, _parser as P  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

_LIST = compile_lazily(r"\\L<(\w+)>")
# Syntax of the regex module that the re parser does not know; none of it can yield a literal.
_UNKNOWN = compile_lazily(r"\\[pP]\{[^}]*\}|\\[pP]\w|\\X|\\[mM]|\(\?[|>]|[*+?}]\+|\\N\{[^}]*\}")
_ANCHOR_G = compile_lazily(r"(?<!\\)((?:\\\\)*)\\G")
_MIN_LEN = 3  # shorter literals hit nearly every sentence: not worth it
_PREFIX = 12  # longer literals are cut to this many characters in the automaton (see Prefilter)

Literals = frozenset[str] | None


# Words so common in any copy that a literal made of them selects nearly every sentence.
_COMMON = frozenset(
    """a an the and or but if of to in on at by for from with without into onto over under about after
    before than then so as is are was were be been being am do does did done have has had having can
    could will would shall should may might must not no nor yes it its it's this that these those there
    here we our ours us you your yours they their them he she his her i me my mine who what which when
    where why how all any each every some many much more most less few other another such only own same
    very just also even still again ever never now up down out off away back get gets got make makes made
    go goes went take takes took see seen feel feels felt help helps helped better best good new one two
    first last like well way day days time times people""".split()
)


def _common(lit: str) -> bool:
    words = lit.split()
    return not words or all(w.strip("'-") in _COMMON for w in words)


@lru_cache(maxsize=8192)  # the sets come from _literal_options, itself memoised: hashing them is cheap
def _score(lits: frozenset[str]) -> tuple[int, int, int]:
    """Higher is more selective: no set made of common words, then longer literals, then fewer."""
    return (0 if any(_common(lit) for lit in lits) else 1, min(map(len, lits)), -len(lits))


@lru_cache(maxsize=8192)
def _minimal(lits: frozenset[str]) -> frozenset[str]:
    """Drop literals that contain a shorter member: the shorter one already finds them."""
    ordered = sorted(lits, key=len)
    kept: list[str] = []
    for lit in ordered:
        if not any(k in lit for k in kept):
            kept.append(lit)
    return frozenset(kept)


def _best(options: Iterable[Literals]) -> Literals:
    usable = [o for o in options if o and min(map(len, o)) >= _MIN_LEN]
    return _minimal(max(usable, key=_score)) if usable else None


_MAX_EXACT = 64  # largest finite set of strings tracked exactly
_MAX_REPEAT = 3  # largest bounded repeat expanded into its strings


def _exact(items, lists: dict[int, frozenset[str]]) -> frozenset[str] | None:
    """Every string ``items`` can match, if that is a small finite set of literals (else None)."""
    out = frozenset([""])
    for op, av in items:
        if op is C.LITERAL:
            part = frozenset([chr(av).lower()])
        elif op is C.AT:
            continue  # zero width: \b, ^, $
        elif op is C.SUBPATTERN:
            part = lists.get(av[0]) or _exact(av[3], lists)
        elif op is C.BRANCH:
            branches = [_exact(b, lists) for b in av[1]]
            part = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op is C.IN and all(o is C.LITERAL for o, _ in av) and len(av) <= 4:
            part = frozenset(chr(v).lower() for _, v in av)
        elif op is C.MAX_REPEAT or op is C.MIN_REPEAT:
            lo, hi, sub = av
            inner = _exact(sub, lists) if hi <= _MAX_REPEAT else None
            part = None
            if inner is not None:  # x{lo,hi}: every string of lo to hi copies ("r{1,2}": r, rr)
                part, power = (frozenset([""]) if lo == 0 else frozenset()), frozenset([""])
                for n in range(1, hi + 1):
                    power = frozenset(a + b for a in power for b in inner)
                    if len(power) > _MAX_EXACT:
                        part = None
                        break
                    if n >= lo:
                        part |= power
        else:
            part = None
        if part is None or len(out) * len(part) > _MAX_EXACT:
            return None
        out = frozenset(a + b for a in out for b in part)
    return out


def _options(items, lists: dict[int, frozenset[str]]) -> list[frozenset[str]]:
    """Literal sets of the sequence ``items``: every match of it contains a literal of each set."""
    options: list[frozenset[str]] = []
    run: frozenset[str] = frozenset([""])

    def flush() -> None:
        nonlocal run
        if run and all(run):
            options.append(run)
        run = frozenset([""])

    for op, av in items:
        exact = _exact([(op, av)], lists)
        if exact is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        flush()
        if exact is not None:
            run = exact
            continue
        if op is C.SUBPATTERN:
            group, _add, _del, sub = av
            if group in lists:
                options.append(lists[group])
            else:
                options.extend(_options(sub, lists))
        elif op is C.BRANCH:
            branches = [_best(_options(b, lists)) for b in av[1]]
            if not any(b is None for b in branches):
                options.append(frozenset().union(*branches))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            lo, _hi, sub = av
            if lo >= 1:
                options.extend(_options(sub, lists))
    flush()
    return options


def required_literals(pattern: str, vocab: dict[str, tuple[str, ...]]) -> Literals:
    """Lower-case strings one of which every match of ``pattern`` contains, or None if unknown."""
    return _best(literal_options(pattern, vocab))


def literal_options(pattern: str, vocab: dict[str, tuple[str, ...]]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case strings such that every match of ``pattern`` contains a string of each set
    (none if unknown). ``\\bno\\b.{0,40}\\bcure`` gives two: {"no"} and {"cure"}."""
    names = dict.fromkeys(m.group(1) for m in _LIST.finditer(pattern))
    return _literal_options(pattern, tuple((n, tuple(vocab.get(n, ()))) for n in names))


@lru_cache(maxsize=4096)
def _literal_options(pattern: str, used: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[frozenset[str], ...]:
    # memoised per process, like the compiled patterns (see healthlint.rules.compile_with_lists)
    vocab = dict(used)
    lists: dict[str, frozenset[str]] = {}

    def placeholder(m: regex.Match) -> str:
        key = f"hl_list_{len(lists)}"
        lists[key] = frozenset(t.lower() for t in vocab.get(m.group(1), ()))
        return f"(?P<{key}>x)"

    if _UNKNOWN.search(pattern):
        return ()
    pattern = _ANCHOR_G.sub(r"\1", pattern)  # zero width, like \b; the re parser does not know it
    try:
        parsed = P.parse(_LIST.sub(placeholder, pattern))
    except Exception:  # noqa: BLE001 - anything the re parser rejects just gets no prefilter
        return ()
    groups = parsed.state.groupdict
    by_index = {groups[k]: v for k, v in lists.items() if v}
    return tuple(_options(list(parsed), by_index))


_WINDOW = 1 << 20


def lower_in_place(text: str) -> str:
    """Lower-case ``text`` keeping every character at its offset.

    A megabyte at a time: ``str.lower`` of non-ASCII text allocates twelve bytes per character for
    its work, which on a 50 MB page would be the largest allocation of the whole run."""
    if len(text) <= _WINDOW:
        return _lower(text)
    return "".join(_lower(text[i:i + _WINDOW]) for i in range(0, len(text), _WINDOW))


class FoldedWords:
    """An Aho-Corasick automaton of lower-case words, each with a value, that finds them in text
    ignoring case (:meth:`find`).

    The automaton stores one int per word, its length and the index of its value in :attr:`values`
    (the distinct values): one that stores Python objects takes four times as long to unpickle from
    the rule cache, which a run on one page pays in full. The longest word is kept too
    (``Automaton.get_stats`` walks the whole trie)."""

    __slots__ = ("automaton", "values", "shift", "longest")

    def __init__(self, words: dict[str, object]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.longest = max(map(len, words), default=0)
        self.shift = self.longest.bit_length()
        index: dict[object, int] = {}
        for word, value in words.items():
            self.automaton.add_word(word, index.setdefault(value, len(index)) << self.shift | len(word))
        self.values = list(index)
        if words:
            self.automaton.make_automaton()

    def find(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(start, end, value)`` for each occurrence of a word in ``text[start:end]``."""
        values = self.values
        for first, last, index in self.find_indexed(text, start, end):
            yield first, last, values[index]

    def find_indexed(self, text: str, start: int = 0, end: int | None = None):
        """:meth:`find`, with the index of each value in :attr:`values` in place of the value (an int
        is cheaper to group by than a tuple, which hashes its items every time).

        The text is lower-cased a window at a time, so a large document is never copied whole; windows
        overlap by the longest word, and each keeps only the occurrences that start inside it."""
        if not self.values:
            return
        end = len(text) if end is None else end
        shift, mask = self.shift, (1 << self.shift) - 1
        for base in range(start, end, _WINDOW):
            window = lower_in_place(text[base:min(base + _WINDOW + self.longest, end)])
            for last, packed in self.automaton.iter(window):
                first = last - (packed & mask) + 1
                if first < _WINDOW:
                    yield base + first, base + last + 1, packed >> shift


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two (e.g. "İ"): keep offsets aligned
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


#: At most this many patterns of one rule are prefiltered (the most selective ones).
MAX_SLOTS = 3


def rule_slots(patterns: Iterable[str], vocab: dict[str, tuple[str, ...]]) -> list[frozenset[str]]:
    """Literal sets of a rule's patterns: a sentence is a candidate only if it holds a literal of
    every set (the patterns are AND-ed, and so are the sets of one pattern). At most :data:`MAX_SLOTS`,
    the most selective; a set of common words only if there is nothing better. Empty: the rule has no
    usable literal and is scanned in full."""
    usable = {_minimal(o) for p in patterns for o in literal_options(p, vocab) if o and min(map(len, o)) >= _MIN_LEN}
    ranked = sorted(usable, key=lambda o: (_score(o), sorted(o)), reverse=True)
    return [o for n, o in enumerate(ranked[:MAX_SLOTS]) if n == 0 or _score(o)[0]]


class Prefilter:
    """One automaton over the literals of all rules; tells, for each rule, the sentences worth matching."""

    def __init__(self, slots: list[list[frozenset[str]]], branches: list[list[list[frozenset[str]]]] | None = None) -> None:
        """``slots``: per rule, the literal sets of :func:`rule_slots`. ``branches``: per rule, the literal
        sets of each top-level alternative of its first pattern (empty: that branch has none), or an empty
        list; :meth:`candidates_and_branches` then also tells which branches a candidate sentence can match."""
        self.always = frozenset(i for i, rule_slots in enumerate(slots) if not rule_slots)
        self.slot_count = [len(s) for s in slots]
        owners: dict[str, list[int]] = {}
        for i, rule_slots_ in enumerate(slots):
            for j, lits in enumerate(rule_slots_):
                for lit in lits:
                    owners.setdefault(lit, []).append(_key(i, j))
        #: per rule, the bits of the branches that have no literal and so are always tried
        self.open_branches: list[int] = []
        #: (rule, branch) -> the number of literal sets of that branch
        self.branch_slot_count: dict[tuple[int, int], int] = {}
        for i, rule_branches in enumerate(branches or ()):
            bits = 0
            for b, branch_slots in enumerate(rule_branches):
                if not branch_slots:
                    bits |= 1 << b
                    continue
                self.branch_slot_count[i, b] = len(branch_slots)
                for j, lits in enumerate(branch_slots):
                    for lit in lits:
                        owners.setdefault(lit, []).append(_key(i, _branch_key(b, j)))
            self.open_branches.append(bits)
        # Only the first _PREFIX characters of a literal go into the automaton: a sentence holding the
        # literal holds its prefix, so candidates stay a superset of the matches, and a run on one page
        # loads a trie of half the nodes from the rule cache (literals sharing a prefix share its keys).
        by_prefix: dict[str, set[int]] = {}
        for lit, keys in owners.items():
            by_prefix.setdefault(lit[:_PREFIX], set()).update(keys)
        self.words = FoldedWords({lit: tuple(sorted(keys)) for lit, keys in by_prefix.items()})

    def hits(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(start, keys)`` for each literal occurrence in ``text[start:end]``, ignoring case;
        ``keys`` are the (packed, see :func:`_key`) rule slots the literal belongs to.

        See :meth:`FoldedWords.find`."""
        for first, _, keys in self.words.find(text, start, end):
            yield first, keys

    def candidates(self, text: str, starts, ends, start: int = 0, end: int | None = None) -> dict[int, list[int]]:
        """Rule index -> sorted indices of the sentences in ``text[start:end]`` that hold a literal of every
        slot of the rule. Sentence ``k`` spans ``text[starts[k]:ends[k]]`` (sorted, not overlapping)."""
        return self.candidates_and_branches(text, starts, ends, start, end)[0]

    def candidates_and_branches(
        self, text: str, starts, ends, start: int = 0, end: int | None = None
    ) -> tuple[dict[int, list[int]], dict[int, dict[int, int]]]:
        """:meth:`candidates`, and rule index -> sentence index -> bit mask of the branches of the rule's
        first pattern whose literals occur in that sentence (open branches not included).

        The sentences holding a literal are kept as the bits of an int (bit ``k - base``), so the unions
        and intersections below are single operations on machine words, not loops over sets."""
        base = max(bisect_right(starts, start) - 1, 0)
        by_value: dict[int, int] = {}
        get = by_value.get
        for at, _, index in self.words.find_indexed(text, start, end):
            k = bisect_right(starts, at) - 1
            if k >= 0 and at < ends[k]:
                by_value[index] = get(index, 0) | 1 << (k - base)
        per_slot: dict[int, int] = {}
        get = per_slot.get
        values = self.words.values
        for index, bits in by_value.items():
            for key in values[index]:
                per_slot[key] = get(key, 0) | bits
        out: dict[int, list[int]] = {}
        masks: dict[int, dict[int, int]] = {}
        slot_count, branch_slot_count = self.slot_count, self.branch_slot_count
        for key, bits in per_slot.items():
            i, j = key >> _KEY_SHIFT, (key & _KEY_MASK) - _KEY_BIAS
            if j == 0:
                for other in range(1, slot_count[i]):
                    bits &= get(_key(i, other), 0)
                if bits:
                    out[i] = _members(bits, base)
            elif j < 0:
                b, s = divmod(-1 - j, _BRANCH_SLOTS)
                if s:
                    continue  # counted with the branch's first set
                for other in range(1, branch_slot_count[i, b]):
                    bits &= get(_key(i, _branch_key(b, other)), 0)
                if bits:
                    bit = 1 << b
                    rule_masks = masks.setdefault(i, {})
                    for k in _members(bits, base):
                        rule_masks[k] = rule_masks.get(k, 0) | bit
        return out, masks


def _members(bits: int, base: int) -> list[int]:
    """The set bits of ``bits``, lowest first, as ``base`` plus their positions."""
    out = []
    while bits:
        low = bits & -bits
        out.append(base + low.bit_length() - 1)
        bits ^= low
    return out


#: Literal sets of one branch are told apart in a prefilter key by their index modulo this.
_BRANCH_SLOTS = MAX_SLOTS + 1


# A prefilter key, ``(rule, slot)``, is packed into one int: the automaton's values are tuples of
# them, and a tuple of ints unpickles from the rule cache in a third of the time of one of pairs.
_KEY_SHIFT = 16
_KEY_MASK = (1 << _KEY_SHIFT) - 1
_KEY_BIAS = 1 << (_KEY_SHIFT - 1)  # slots of branches are negative


def _key(rule: int, slot: int) -> int:
    return rule << _KEY_SHIFT | (slot + _KEY_BIAS)


def _branch_key(branch: int, slot: int) -> int:
    """The (negative) slot number of literal set ``slot`` of branch ``branch`` in a prefilter key."""
    return -1 - (branch * _BRANCH_SLOTS + slot)


# Anything that ties one part of a pattern to another (backreferences, recursion, conditionals) or sets
# flags inline: such a pattern is not split into branches.
_UNSPLITTABLE = compile_lazily(r"\\[1-9gk]|\(\?P[=>]|\(\?&|\(\?\(|\(\?R|\(\?[0-9+-]|\(\?[a-zA-Z]+[:)-]")


def _structure(pattern: str):
    """Yield ``(index, char, depth)`` for each "(", ")" and "|" of ``pattern`` outside escapes and
    character classes ("]" right after "[" or "[^" is a member), ``depth`` counted after the char; stop
    with ``(index, "[", depth)`` at a nested set (regex V1) or a POSIX class, which are not parsed."""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            start = i
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                if pattern[i] == "[":
                    yield start, "[", depth
                    return
                i += 2 if pattern[i] == "\\" else 1
        elif c in "()|":
            depth += 1 if c == "(" else -1 if c == ")" else 0
            yield i, c, depth
        i += 1


# The end of a lookbehind that puts a match right after a question: "?", a closing quote or bracket,
# one to three spaces.
_AFTER_QUESTION = ("\\?[\"')\\]]?\\s{1,3}", "\\?[\"\\')\\]]?\\s{1,3}")


def follows_question(pattern: str) -> bool:
    """True when ``pattern`` (after an optional ``\\G``) opens with a lookbehind that ends in a question
    mark and up to three spaces: it can only match at the start of the sentence after a question (an
    answer: "Addictive? Not at all."). Such an alternative has no literal of its own; the engine tries
    it only on sentences that follow a question."""
    i = 2 if pattern.startswith("\\G") else 0
    if not pattern.startswith("(?<=", i):
        return False
    for j, c, depth in _structure(pattern[i:]):
        if c == "[":
            return False
        if c == ")" and depth == 0:
            return pattern[i + 4:i + j].endswith(_AFTER_QUESTION)
    return False


def top_branches(pattern: str) -> list[str] | None:
    """The top-level alternatives of ``pattern`` (``a|b(c|d)|e`` -> ``a``, ``b(c|d)``, ``e``), or None
    when it has fewer than two or cannot safely be matched branch by branch."""
    if _UNSPLITTABLE.search(pattern):
        return None
    out: list[str] = []
    depth, start, n = 0, 0, len(pattern)
    for i, c, depth in _structure(pattern):
        if c == "[":
            return None
        if c == ")" and depth == 0 and i == n - 1 and start == 0 and not out and pattern.startswith("(?:"):
            return top_branches(pattern[3:-1])  # one group around everything: split inside it
        if c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out if len(out) > 1 and depth == 0 else None
