"""The text model: the prose a reader sees, with every character mapped back to the source.

Readers (plain text, Markdown, HTML) feed pieces of prose to a :class:`ProseBuilder`; it normalises them
on the way in (see :mod:`healthlint.normalize`) and records, for each run of output characters, where it
came from in the source string. Positions of findings are computed from that map only, never by searching
the source again.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from healthlint.normalize import normalize_piece, normalize_plain

#: Separator between blocks in the prose text. Sentences never span it.
BLOCK_SEP = "\n"


class Block(NamedTuple):
    start: int  # offset in Prose.text
    end: int
    kind: str  # heading | paragraph | list | table | quote | front-matter | title | meta | alt | text


class Blocks:
    """The blocks of a document, as a sequence of :class:`Block`, kept in arrays: a tuple per block
    costs about 120 bytes, and a 50 MB page has half a million blocks."""

    __slots__ = ("starts", "ends", "_codes", "_kinds", "_code_of")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self.starts, self.ends, self._codes = array("q"), array("q"), bytearray()
        self._kinds: list[str] = []
        self._code_of: dict[str, int] = {}
        for block in blocks:
            self.append(*block)

    def append(self, start: int, end: int, kind: str) -> None:
        code = self._code_of.get(kind)
        if code is None:
            code = self._code_of[kind] = len(self._kinds)
            self._kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)
        self._codes.append(code)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> Block:
        return Block(self.starts[i], self.ends[i], self._kinds[self._codes[i]])

    def __iter__(self) -> Iterator[Block]:
        kinds = self._kinds
        for start, end, code in zip(self.starts, self.ends, self._codes):
            yield Block(start, end, kinds[code])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Blocks, list, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __repr__(self) -> str:
        return f"Blocks({list(self)!r})"


class Prose:
    """Normalised prose of one document, split in blocks, with a map back to the source."""

    __slots__ = ("text", "blocks", "_pos", "_src", "_step")

    def __init__(self, text: str, blocks: Blocks, pos: array, src: array, step: array):
        self.text = text
        self.blocks = blocks
        self._pos, self._src, self._step = pos, src, step

    def source_offset(self, i: int) -> int:
        """Offset in the source string of the character at ``text[i]``."""
        k = bisect_right(self._pos, i) - 1
        if k < 0:
            return 0
        return self._src[k] + (i - self._pos[k]) * self._step[k]

    def with_edits(self, edits: list[tuple[int, int, str]]) -> Prose:
        """This prose with ``text[a:b]`` replaced by ``s`` for each ``(a, b, s)`` (sorted, disjoint,
        within one block). A replacement maps character by character onto the text it replaces; the
        characters it has beyond that map to the last replaced one, so a finding that starts or ends
        inside a corrected word still points inside that word in the source."""
        if not edits:
            return self
        opos, osrc, ostep = self._pos, self._src, self._step
        pos, src, step = array("q"), array("q"), array("b")
        parts: list[str] = []
        text = self.text
        shift = 0  # new offset - old offset, after the edits so far

        def copy(a: int, b: int) -> None:
            """Map of the unchanged text[a:b]."""
            if a >= b:
                return
            k = max(bisect_right(opos, a) - 1, 0)
            while k < len(opos) and opos[k] < b:
                at = max(opos[k], a)
                pos.append(at + shift)
                src.append(osrc[k] + (at - opos[k]) * ostep[k])
                step.append(ostep[k])
                k += 1

        last = 0
        for a, b, rep in edits:
            copy(last, a)
            parts.append(text[last:a])
            head = min(len(rep), b - a) - 1  # characters mapped one to one
            for j in range(head):
                pos.append(a + shift + j)
                src.append(self.source_offset(a + j))
                step.append(0)
            pos.append(a + shift + max(head, 0))
            src.append(self.source_offset(b - 1))
            step.append(0)
            parts.append(rep)
            shift += len(rep) - (b - a)
            last = b
        copy(last, len(text))
        parts.append(text[last:])

        starts = [a for a, _, _ in edits]
        shifts = [0]
        for a, b, rep in edits:
            shifts.append(shifts[-1] + len(rep) - (b - a))

        def moved(offset: int) -> int:
            return offset + shifts[bisect_right(starts, offset - 1)]

        blocks = Blocks()
        for bl in self.blocks:
            blocks.append(moved(bl.start), moved(bl.end), bl.kind)
        return Prose("".join(parts), blocks, pos, src, step)


class ProseBuilder:
    """Collects prose pieces, normalising them and keeping the offset map.

    ``add(s, src)`` appends text that stands verbatim at ``source[src:src+len(s)]``;
    ``add(s, src, verbatim=False)`` appends text that replaces the source run starting at ``src`` (a
    decoded entity, say): all of its characters map to ``src``. ``end_block(kind)`` closes a block.

    Pieces are buffered until the block ends and normalised together, so that whitespace collapses and a
    word hyphenated across a line break joins even when a reader adds the two lines as separate pieces
    (Markdown emphasis, a blockquote's ``>`` prefixes, HTML inline tags in between).
    """

    def __init__(self) -> None:
        self._parts: list[str] = []  # pieces of the blocks since the last compaction
        self._chunks: list[str] = []  # earlier pieces, joined (a str per piece costs ~50 bytes on its own)
        self._len = 0
        self._pos = array("q")
        self._src = array("q")
        self._step = array("b")
        self._blocks = Blocks()
        self._block_start = 0
        self._last_space = True  # collapse whitespace across pieces; no leading space in a block
        self._pending: list[list[str]] = []  # groups of pieces, each contiguous in the source
        self._pending_src: list[int] = []
        self._pending_step: list[int] = []
        self._next_src = -1  # where the last pending group ends in the source (-1: it cannot grow)

    def _emit(self, s: str, src: int, step: int) -> None:
        if not s:
            return
        if self._last_space and s[0] == " ":
            s = s[1:]
            src += step
            if not s:
                return
        self._pos.append(self._len)
        self._src.append(src)
        self._step.append(step)
        self._parts.append(s)
        self._len += len(s)
        self._last_space = s[-1] == " "

    def add(self, s: str, src: int, verbatim: bool = True) -> None:
        if s:
            # a piece that continues the previous one in the source joins it (one map entry for a wrapped
            # paragraph); a one-character replacement maps like a verbatim character, so it may join too
            if src == self._next_src and (verbatim or len(s) == 1):
                self._pending[-1].append(s)
                self._next_src = src + len(s)
                return
            self._pending.append([s])
            self._pending_src.append(src)
            if verbatim or len(s) == 1:
                self._pending_step.append(1)
                self._next_src = src + len(s)
            else:
                self._pending_step.append(0)
                self._next_src = -1

    def _flush(self) -> None:
        pending, srcs, steps = self._pending, self._pending_src, self._pending_step
        if not pending:
            return
        self._next_src = -1
        emit = self._emit
        if len(pending) == 1:
            src, step = srcs[0], steps[0]
            group = pending[0]
            text = group[0] if len(group) == 1 else "".join(group)
            plain = normalize_plain(text)
            if plain is not None:
                emit(plain, src, step)
            else:
                for piece, off, linear in normalize_piece(text):
                    emit(piece, src + off * step, step if linear else 0)
        else:
            texts = [g[0] if len(g) == 1 else "".join(g) for g in pending]
            starts = [0]
            for t in texts:
                starts.append(starts[-1] + len(t))
            for piece, off, linear in normalize_piece("".join(texts)):
                k = bisect_right(starts, off) - 1
                if not linear:
                    emit(piece, srcs[k] + (off - starts[k]) * steps[k], 0)
                    continue
                # a linear piece may straddle pieces the reader added: split it at their boundaries
                i, n = 0, len(piece)
                while i < n:
                    take = min(n - i, starts[k + 1] - off - i)
                    emit(piece[i : i + take], srcs[k] + (off + i - starts[k]) * steps[k], steps[k])
                    i += take
                    k += 1
        pending.clear()
        srcs.clear()
        steps.clear()

    def add_block(self, s: str, src: int, kind: str) -> None:
        """``add(s, src)`` then ``end_block(kind)``, in one step when nothing is pending (the common case
        of a heading, a table cell or a plain paragraph whose text stands verbatim in the source)."""
        t = None if self._pending else normalize_plain(s)
        if not t or t[0] == " " or t[-1] == " ":
            self.add(s, src)
            self.end_block(kind)
            return
        start = self._len
        end = start + len(t)
        pos, srcs, steps, parts = self._pos, self._src, self._step, self._parts
        pos.append(start)
        srcs.append(src)
        steps.append(1)
        parts.append(t)
        self._blocks.append(start, end, kind)
        pos.append(end)  # the separator maps to the block's last character
        srcs.append(src + len(t) - 1)
        steps.append(0)
        parts.append(BLOCK_SEP)
        self._len = self._block_start = end + len(BLOCK_SEP)
        self._last_space = True
        if len(parts) >= 4096:
            self._chunks.append("".join(parts))
            parts.clear()

    def end_block(self, kind: str) -> None:
        self._flush()
        # drop a trailing space so blocks end on text
        if self._len > self._block_start and self._last_space:
            last = self._parts[-1]
            self._parts[-1] = last[:-1]
            self._len -= 1
            if not self._parts[-1]:
                self._parts.pop()
                self._pos.pop()
                self._src.pop()
                self._step.pop()
        if self._len > self._block_start:
            self._blocks.append(self._block_start, self._len, kind)
            self._emit_separator()
        self._block_start = self._len
        self._last_space = True
        if len(self._parts) >= 4096:
            self._chunks.append("".join(self._parts))
            self._parts.clear()

    def _emit_separator(self) -> None:
        # The separator maps to the end of the previous piece; it is never reported.
        k = len(self._pos) - 1
        end_src = self._src[k] + (self._len - 1 - self._pos[k]) * self._step[k]
        self._pos.append(self._len)
        self._src.append(end_src)
        self._step.append(0)
        self._parts.append(BLOCK_SEP)
        self._len += len(BLOCK_SEP)

    def build(self) -> Prose:
        """The prose so far; text added after the last ``end_block`` becomes a block of kind ``text``."""
        self.end_block("text")
        if self._chunks:
            self._chunks.append("".join(self._parts))
            self._parts.clear()
            text = "".join(self._chunks)
            self._chunks = [text]
        else:
            text = "".join(self._parts)
        return Prose(text, self._blocks, self._pos, self._src, self._step)


class LineIndex:
    """1-based line and column of a source offset (columns count code points)."""

    __slots__ = ("_starts",)

    def __init__(self, source: str) -> None:
        starts = array("q", [0])
        find = source.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
