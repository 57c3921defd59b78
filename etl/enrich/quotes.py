"""Direct quotes in article text, tied to their speakers.

A direct quote is a stretch between double quotation marks, straight (``"``) or curly
(``“ ”``), of at least ``min_words`` words (3 by default, so that scare quotes and short
titles such as a two-word nickname are skipped). Found are:

* whole-sentence quotes, partial quotes inside a sentence (he called it "not realistic");
* quotes split around their cue ("We agree," she said, "that ...") -- one record per piece,
  both with the same speaker;
* quotes running over several paragraphs: a paragraph that opens a quote and does not
  close it continues in the next paragraph when that one opens with a mark; each
  paragraph's piece is its own record and inherits the speaker of the piece before it.

Offsets: ``Quote.start``/``Quote.end`` are character offsets into ``text`` such that
``text[start:end] == quote.text``; they **exclude** the quotation marks, surrounding
whitespace and a trailing comma left inside the marks by the "...," convention.

Cues come from :mod:`etl.enrich.cues`, speakers from :mod:`etl.enrich.speakers`. The
spaCy ``doc`` is optional: when given, its PERSON entities add antecedents for pronouns
(only NER is needed, not the parser); without it, mentions of the given ``people`` are
found by string matching.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.enrich.cues import Attribution, CueFinder
from etl.enrich.sentences import cut_left, cut_right, ends_sentence
from etl.enrich.speakers import SpeakerResolver
from etl.records import Person, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_WORDS = 3
_MARKS = '"“”„‟'
_OPEN_BEFORE = " \t\n([{—–-/‘'«:"
_WORDS = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")


@dataclass(slots=True)
class QuoteSpan:
    """One quoted piece before attribution.

    Attributes:
        start: offset of the first character inside the marks.
        end: offset just past the last character inside the marks.
        open_mark: offset of the opening mark.
        close_mark: offset of the closing mark, or None when the piece runs to the end
            of its paragraph (multi-paragraph quote or unclosed mark).
        para: index of the paragraph.
        para_start: offset of the paragraph's first character.
        para_end: offset just past the paragraph's last character.
        continued: True when this piece continues a quote left open in the previous paragraph.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    para: int
    para_start: int
    para_end: int
    continued: bool = False


def _direction(text: str, i: int, para_start: int, para_end: int) -> str:
    """Classify the mark at ``i`` as ``open``, ``close``, ``either`` or ``none`` from context."""
    before = text[i - 1] if i > para_start else " "
    after = text[i + 1] if i + 1 < para_end else " "
    can_open = (before in _OPEN_BEFORE or before in _MARKS) and not after.isspace()
    can_close = not before.isspace() and (not after.isalnum() or after in _MARKS)
    ch = text[i]
    if can_open and can_close:
        return "either"
    if can_open:
        return "open"
    if can_close:
        return "close"
    # Spaced or glued on both sides: fall back on the glyph of curly marks.
    if ch == "“" or ch == "„":
        return "open"
    if ch == "”" or ch == "‟":
        return "close"
    return "either" if before.isspace() and after.isspace() else "none"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, trimmed of surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink (a, b) past whitespace and a trailing comma inside the marks."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Find every double-quoted piece of ``text``, paragraph by paragraph.

    Nested quotes (a quote inside a quote) stay inside the outer piece.

    Args:
        text: the article text.

    Returns:
        Pieces in text order, of any length (filtering by words happens later).
    """
    paras = _paragraphs(text)
    spans: list[QuoteSpan] = []
    carry = False  # the previous paragraph left a quote open
    for pi, (pa, pb) in enumerate(paras):
        opens_with_mark = text[pa] in _MARKS
        continued = carry and opens_with_mark
        stack: list[int] = []
        for i in range(pa, pb):
            if text[i] not in _MARKS:
                continue
            d = _direction(text, i, pa, pb)
            if d == "none":
                continue
            if not stack:
                if d in ("open", "either"):
                    stack.append(i)
                continue
            if d == "open" and text[i] != text[stack[0]] and text[stack[0]] == '"':
                # A curly quote nested inside a straight one.
                stack.append(i)
                continue
            if d == "open" and len(stack) == 1 and text[i] == text[stack[0]] == "“":
                # Two opening curly marks in a row: the first one was never closed.
                stack[0] = i
                continue
            opened = stack.pop()
            if not stack:
                a, b = _trim(text, opened + 1, i)
                spans.append(QuoteSpan(a, b, opened, i, pi, pa, pb, continued and opened == pa))
        carry = False
        if stack:
            nxt_opens = pi + 1 < len(paras) and text[paras[pi + 1][0]] in _MARKS
            opened = stack[0]
            if nxt_opens or opened == pa:
                a, b = _trim(text, opened + 1, pb)
                if b > a and text[b - 1] in _MARKS:
                    b -= 1
                spans.append(QuoteSpan(a, b, opened, None, pi, pa, pb, continued and opened == pa))
                carry = nxt_opens
    return spans


# Double marks typed as two single ones: ``‘‘...’’`` or ``...''`` (typewriter and TeX habits
# that survive in wire copy).
_TYPED_OPEN = re.compile(r"(?:‘‘|``)(?=\S)")
_TYPED_CLOSE = re.compile(r"(?<=\S)(?:’’|'')(?=[\s,.;:!?)\]—–-]|$)", re.MULTILINE)


def _typed_double_marks(text: str) -> str:
    """``text`` with double marks typed as two single ones written as one double mark and
    a space (same length, so offsets hold): "…,’’ Jane Doe said" -> "…,”  Jane Doe said"."""
    if "’’" not in text and "''" not in text and "‘‘" not in text and "``" not in text:
        return text
    text = _TYPED_OPEN.sub(" “", text)
    return _TYPED_CLOSE.sub("” ", text)


def _word_count(s: str) -> int:
    return len(_WORDS.findall(s))


_TITLE_SMALL = frozenset(
    [
        "of",
        "the",
        "and",
        "a",
        "an",
        "in",
        "on",
        "for",
        "with",
        "to",
        "at",
        "by",
        "from",
        "or",
        "vs",
        "&",
    ]
)


def looks_like_title(s: str) -> bool:
    """Whether a quoted stretch is a title or name in title case ("State of the Nation Live").

    Such stretches (shows, books, slogans, groups) are not speech. Questions and
    exclamations are kept, as are stretches longer than eight words.

    Args:
        s: the text inside the marks.

    Returns:
        True for a short title-case stretch.
    """
    words = _WORDS.findall(s)
    if not words or len(words) > 8 or s.rstrip().endswith(("?", "!")):
        return False
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in _TITLE_SMALL for w in words)


def find_quotes(
    text: str,
    people: Sequence[Person],
    doc: Doc | None = None,
    *,
    min_words: int = MIN_WORDS,
    min_words_attributed: int | None = None,
    bodies: Sequence[str] = (),
) -> list[Quote]:
    """Find direct quotes in ``text`` and attribute them to speakers.

    Args:
        text: the article text (paragraphs separated by newlines).
        people: the article's canonical people (name and aliases), used to map
            surface names ("Doe", "Ms Doe's") to canonical names.
        doc: the spaCy Doc of ``text`` when the caller has one; its PERSON entities
            are used as pronoun antecedents. Only NER is needed.
        min_words: minimum number of words inside the marks; shorter pieces (scare
            quotes, nicknames, short titles) are skipped...
        min_words_attributed: ...unless they have at least this many words and their own
            sentence ties them to one of ``people`` with a speech cue (with 2: X called the
            plan "not realistic") and that speaker has no quote of ``min_words`` or more
            in the text. None (default) applies ``min_words`` to every piece;
            2 keeps attributed two-word partial quotes but costs precision against
            PolNeAR's three-word definition (see docs/QUALITY.md).
        bodies: the article's organization names: a "they" or "it" that speaks stands for
            the last one named shortly before it ("Acme have denied it. "...," they said").

    Returns:
        Quotes in text order; ``text[q.start:q.end] == q.text`` and the span excludes
        the quotation marks. ``speaker`` is a canonical person name when resolvable,
        else a name or descriptive phrase as written, else None; ``cue`` is the speech
        cue as written, lowercased.
    """
    given = text
    text = _typed_double_marks(text)
    spans = find_quote_spans(text)
    paras = _paragraphs(text)
    resolver = SpeakerResolver(
        text,
        people,
        doc,
        [(s.open_mark, (s.close_mark + 1) if s.close_mark is not None else s.end) for s in spans],
        bodies,
    )
    cues = CueFinder(resolver)
    # A title in marks ("a "Commander-in-Chief Forum" sponsored by ...") is part of the
    # sentence around the next quote, not a quote that ends its context; its marks are
    # blanked (same offsets) so the sentence reads on. Not ""Safety," said Doe": a comma
    # or full stop inside the marks closes speech.
    titles = [sp.close_mark is not None and text[sp.close_mark - 1] not in ",.;:"
              and looks_like_title(text[sp.start : sp.end]) for sp in spans]
    plain = _blank_marks(text, [sp for sp, t in zip(spans, titles, strict=True) if t])
    attrs: list[Attribution] = []
    for k, sp in enumerate(spans):
        j = k - 1
        while j >= 0 and titles[j] and spans[j].para == sp.para:
            j -= 1
        prev = spans[j] if j >= 0 and spans[j].para == sp.para else None
        nxt = spans[k + 1] if k + 1 < len(spans) and spans[k + 1].para == sp.para else None
        lstart = (
            (prev.close_mark + 1)
            if prev is not None and prev.close_mark is not None
            else sp.para_start
        )
        left, lbase = cut_left(plain[lstart : sp.open_mark], lstart, text)
        new_sentence = not left.strip() or ends_sentence(left, lbase, text)
        if sp.close_mark is None:
            right, rbase = "", sp.para_end
        else:
            rbase = sp.close_mark + 1
            rend = nxt.open_mark if nxt is not None else sp.para_end
            right = cut_right(text[rbase:rend], rbase, text)
        at = cues.attribute(
            left,
            lbase,
            right,
            rbase,
            sp.open_mark,
            new_sentence=new_sentence,
            follows_quote=prev is not None,
        )
        if at.cue is None and at.speaker is None and sp.open_mark == sp.para_start and sp.para > 0:
            # A paragraph that opens with a quote, introduced by the previous one ("X said:").
            pa, pb = paras[sp.para - 1]
            if text[pa:pb].rstrip().endswith(":"):
                left, lbase = cut_left(text[pa:pb], pa, text)
                at = cues.attribute(left, lbase, "", pb, sp.open_mark)
        resolver.spoke(sp.open_mark, at.speaker)
        attrs.append(at)
    # Whether a piece's own sentence had a cue and a known person (before any inheritance).
    own = [a.cue is not None and resolver.index.resolve(a.speaker or "") is not None for a in attrs]
    _inherit(spans, attrs, text)
    quoted_paras = {sp.para for sp in spans}
    for k, sp in enumerate(spans):
        if attrs[k].cue is not None or attrs[k].speaker is not None:
            continue
        if sp.open_mark != sp.para_start or sp.para == 0 or sp.continued:
            continue
        if sp.para - 1 in quoted_paras and any(
            p.para == sp.para - 1 and _quote_paragraph(p, text) for p in spans
        ):
            continue
        # A quote paragraph after a paraphrase paragraph ("X said the plan was late." then
        # ""We need more time.""): the paraphrase's last sentence names the speaker.
        pa, pb = paras[sp.para - 1]
        left, lbase = cut_left(text[pa:pb], pa, text)
        attrs[k] = cues.attribute(left, lbase, "", pb, sp.open_mark, new_sentence=True)
    _inherit(spans, attrs, text)
    out: list[Quote] = []
    for sp, at, attributed in zip(spans, attrs, own, strict=True):
        start = sp.start
        label = _TRANSCRIPT_LABEL.match(text, sp.start, sp.end)
        if label and at.speaker is None and label.group("who").casefold() not in _NOT_SPEAKERS:
            # A transcript inside quotes ("PENCE: Well, look, ..."): the label speaks.
            who = label.group("who")
            at = Attribution(resolver.resolve(who.title(), sp.open_mark), None, who, start)
            start = label.end()
        body = given[start : sp.end]
        n = _word_count(body)
        short_ok = attributed and min_words_attributed is not None and n >= min_words_attributed
        if (n < min_words and not short_ok) or looks_like_title(body):
            continue
        out.append(
            Quote(text=body, speaker=at.speaker, cue=at.cue, start=start, end=sp.end)
        )
    _pull_quotes(given, out)
    if min_words_attributed is None or min_words_attributed >= min_words:
        return out
    # A short piece is kept only as a speaker's sole words: next to a full quote by the
    # same person it is a borrowed phrase or a label, not what they said.
    quoted = {q.speaker for q in out if _word_count(q.text) >= min_words}
    return [q for q in out if _word_count(q.text) >= min_words or q.speaker not in quoted]


def _pull_quotes(text: str, quotes: list[Quote]) -> None:
    """A paragraph that is only a quote repeating words of an attributed quote elsewhere in
    the article (a pull quote, set apart by the layout) takes that quote's speaker: its own
    neighbours say nothing about who spoke."""
    words = [" ".join(_WORDS.findall(q.text.casefold())) for q in quotes]
    for i, q in enumerate(quotes):
        line_start = text.rfind("\n", 0, q.start) + 1
        line_end = text.find("\n", q.end)
        line = text[line_start : len(text) if line_end < 0 else line_end].strip()
        if words[i].count(" ") < 5 or len(line) > len(q.text) + 4:
            continue
        copy = next((o for j, o in enumerate(quotes)
                     if j != i and o.speaker and words[i] in words[j]), None)
        if copy is not None:
            q.speaker, q.cue = copy.speaker, copy.cue


# "WALLACE: ..." opening a quote: one to three capitalised words and a colon.
_TRANSCRIPT_LABEL = re.compile(r"(?P<who>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+")
_NOT_SPEAKERS = frozenset(
    {
        "update", "note", "editor's note", "editor’s note", "breaking", "video", "watch",
        "photo", "photos", "read more", "related", "correction", "clarification",
        "transcript", "warning", "live",
    }
)


def _blank_marks(text: str, spans: Sequence[QuoteSpan]) -> str:
    """``text`` with the quotation marks of ``spans`` turned into spaces."""
    chars = list(text)
    for sp in spans:
        for i in (sp.open_mark, sp.close_mark):
            if i is not None:
                chars[i] = " "
    return "".join(chars)


def _inherit(spans: list[QuoteSpan], attrs: list[Attribution], text: str) -> None:
    """Give cue-less pieces the attribution of the quote they continue.

    A piece without a cue inherits from the previous piece when it continues a
    multi-paragraph quote, follows another quote in the same paragraph, or is a
    paragraph opening with a quote right after a paragraph that is mostly a quote.
    Failing that, it takes the attribution of the next piece in its paragraph
    ("..." "...," she said), or of a quote paragraph right after it.
    """
    for k in range(1, len(spans)):
        if attrs[k].cue is not None or attrs[k].speaker is not None:
            continue
        sp, prev = spans[k], spans[k - 1]
        follows = (
            sp.continued
            or prev.para == sp.para
            or (
                prev.para == sp.para - 1
                and sp.open_mark == sp.para_start
                # The paragraph before is mostly a quote, or opens with one and ends with a
                # short quoted phrase ("...," Doe told a rally, saying it would "end soon.").
                and (_quote_paragraph(prev, text)
                     or _quote_paragraph(_first_in_para(spans, k - 1), text))
            )
        )
        if follows and attrs[k - 1].cue is not None:
            attrs[k] = attrs[k - 1]
    for k in range(len(spans) - 2, -1, -1):
        if attrs[k].cue is not None or attrs[k].speaker is not None:
            continue
        sp, nxt = spans[k], spans[k + 1]
        before = nxt.para == sp.para or (
            nxt.para == sp.para + 1
            and sp.open_mark == sp.para_start
            and _quote_paragraph(sp, text)
            and nxt.open_mark == nxt.para_start
        )
        if before and attrs[k + 1].cue is not None:
            attrs[k] = attrs[k + 1]


def _first_in_para(spans: Sequence[QuoteSpan], k: int) -> QuoteSpan:
    """The first piece of the paragraph holding ``spans[k]``."""
    while k > 0 and spans[k - 1].para == spans[k].para:
        k -= 1
    return spans[k]


def _quote_paragraph(sp: QuoteSpan, text: str) -> bool:
    """Whether the piece is most of its paragraph and ends it (bar a short attribution)."""
    if sp.close_mark is None:
        return True
    tail = len(text[sp.close_mark + 1 : sp.para_end].split())
    if sp.open_mark == sp.para_start:
        # The paragraph opens with the quote; what follows is its attribution.
        return tail <= 25
    return tail <= 20 and (sp.end - sp.start) >= 0.4 * (sp.para_end - sp.para_start)
