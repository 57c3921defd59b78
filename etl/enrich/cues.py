"""Speech cues: what the words around a quote say about who said it.

The rules are generic English news conventions, not tuned to any article. In order:

1. a speech cue right after the quote, with its subject on either side
   (``"...," X said`` / ``said X`` / ``X, the minister, said`` / ``according to X``);
2. a speech cue before the quote (``X said:``, ``X told reporters that "..."``,
   ``X called it "..."`` for a partial quote, ``X left, saying "..."`` where a
   participle takes the subject of its main clause);
3. a cue later in the same sentence (``... "x y z" on Monday, X said``);
4. a colon introduction without a speech verb (``X took the stage: "..."``), or a
   transcript label (``Rep. Jane Doe: "..."``);
5. a partial quote in a sentence whose subject is one of the article's people
   (``X decried the "..."``), or a known person and a past-tense verb right after
   the quote (``"...," X fumed``).

A quote that opens a new sentence only looks back for an explicit cue in the previous
sentence (``X agreed. "..."``), and not at all when it follows another quote of the
same paragraph (it then continues that quote; see :mod:`etl.enrich.quotes`).

The speaker phrase a cue yields is turned into a person by
:class:`etl.enrich.speakers.SpeakerResolver`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.enrich.phrases import (
    AUXILIARIES,
    DETERMINERS,
    FUNCTION_WORDS,
    INTRO,
    INVERTIBLE,
    IRREGULAR_PAST,
    NAME_SEQ,
    PERIOD_NOUNS,
    PERSONAL,
    RE_ACCORDING,
    RE_CUE_ANY,
    TIME_WORDS,
    TRAIL_DROP,
    looks_name,
    np_after,
    np_ok,
    strip_parens,
    verb_like,
)
from etl.enrich.subjects import leading_subject, subject_for

if TYPE_CHECKING:
    from etl.enrich.speakers import SpeakerResolver

__all__ = ["Attribution", "CueFinder"]

_H = r"[ \t\xa0]"  # blanks within a line, no-break space included (epigraph bylines)
# An inverted cue that opens the sentence before a quote ("Said Jane Doe, ...: "...").
_OPENING_CUE = re.compile(r"^\s*(?P<cue>Said|Says|Added|Asked|Wrote|Tweeted)\s+(?=[A-Z])")
# Press-release inversions after a quote: "...," comments Jane Doe. Only there: elsewhere
# "comments" is mostly a noun ("his comments").
_INVERTED_ONLY = re.compile(r"^(?P<cue>comments|commented)\s+(?=[A-Z])")
# A comma or dash right after a closing mark: the quote's sentence goes on.
_LEAD_PUNCT = re.compile(r"^\s*[,—–-]")
# A subject that opens with a name and an appositive: "Jane Doe, a ..." / "lead author
# Jane Doe, the ..." (a few lower-case role words may come first).
_NAMED_LEAD = re.compile(
    r"^(?:[a-z][\w'’-]*\s+){0,4}(?P<name>" + NAME_SEQ.pattern + r"),\s+"
    r"(?P<appos>(?:a|an|the)\s+[a-z])?"
)


# An aside between commas after a subject: ", a former mayor," / ", celebrating a win,".
_APPOSITIVE = re.compile(r"\s*,[^,\"“”]{3,100},\s+")
# A sentence that ends with its attribution: "..., Jane Doe says." / "..., says Jane Doe."
_ENDING_CUE = r"(?:says|said|adds|added|explains|explained|notes|noted|writes|wrote)"
_ATTRIBUTED_END = re.compile(
    r"(?:^|,\s+)(?:(?P<np>" + NAME_SEQ.pattern + r"|he|she)\s+(?P<cue>" + _ENDING_CUE
    + r")|(?P<cue2>" + _ENDING_CUE + r")\s+(?P<np2>" + NAME_SEQ.pattern + r"))\.\s*$")
# A name right before the colon that introduces a quote.
_NAME_BEFORE_COLON = re.compile(r"(?<![\w'’-])(?P<name>" + NAME_SEQ.pattern + r"):\s*$")


def _named_in_apposition(s: str) -> str:
    """The name after a description that ``s`` opens with: "his aunt, Jane Doe," -> "Jane
    Doe"; "" when ``s`` does not read that way."""
    m = re.match(r"\s*(?P<desc>(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*),\s+(?P<name>"
                 + NAME_SEQ.pattern + r")\s*[,:.]?\s*$", s)
    if not m or m.group("desc").split()[0].casefold() not in DETERMINERS:
        return ""
    return m.group("name") if looks_name(m.group("name")) else ""


@dataclass(slots=True)
class Attribution:
    """What the context of one quote says about who said it.

    Attributes:
        speaker: resolved speaker (canonical person name, name as written, or
            descriptive phrase); None when no cue was found or a pronoun is unresolved.
        cue: the speech cue as written, lowercased (``said``, ``pointed out``, ``according to``).
        raw: the speaker phrase as written before resolution.
        cue_pos: character offset of the cue in the text (for pronoun resolution).
    """

    speaker: str | None = None
    cue: str | None = None
    raw: str | None = None
    cue_pos: int | None = None


class CueFinder:
    """Find the cue and speaker phrase of each quote of one article.

    Args:
        resolver: the article's :class:`~etl.enrich.speakers.SpeakerResolver`, which
            turns the phrases found into speakers.
    """

    def __init__(self, resolver: SpeakerResolver) -> None:
        self.resolver = resolver

    @staticmethod
    def _after_ok(np: str) -> bool:
        """Whether a phrase after an inverted cue can be a speaker ("said a source close to X")."""
        words = np.split()
        if not words or words[0].casefold() in INTRO or words[0].casefold() in TIME_WORDS:
            return False
        if words[0].casefold() in {"it", "that", "this", "to", "in", "there"}:
            return False
        if words[-1] in PERIOD_NOUNS:  # "said the days when ...": a clause, no speaker
            return False
        return bool(re.search(r"[A-Za-z]", np)) and not all(
            w.casefold() in DETERMINERS or w.casefold() in FUNCTION_WORDS for w in words
        )

    def _known(self, name: str) -> bool:
        return self.resolver.index.resolve(name) is not None

    def _make(self, np: str, cue: str, cue_pos: int, pos: int) -> Attribution:
        # A pronoun's antecedent precedes the pronoun itself, which may come before the quote.
        where = min(pos, max(0, cue_pos - len(np) - 1))
        return Attribution(
            self.resolver.resolve(np, where), " ".join(cue.casefold().split()), np, cue_pos
        )

    def _from_right(self, right: str, base: int, pos: int) -> Attribution | None:
        """Attribution after the closing mark: ``, X said`` / ``, said X`` /
        ``, according to X``."""
        lead = re.match(r"^[\s,—–-]*", right)
        off = lead.end() if lead else 0
        rest = right[off:]
        # Only a bare ""...." Jane Doe said." follows a quote that ended its sentence.
        ended = self._ended(right, base)
        m = RE_ACCORDING.match(rest)
        if m and not ended:
            np = _named_in_apposition(rest[m.end() :]) or np_after(rest[m.end() :])
            cue = " ".join(m.group(0).casefold().split())
            return self._make(np, cue, base + off, pos) if self._after_ok(np) else None
        inverted = _INVERTED_ONLY.match(rest)
        if inverted and not ended:
            np = np_after(rest[inverted.end() :])
            if self._after_ok(np):
                return self._make(np, inverted.group("cue"), base + off, pos)
        c = RE_CUE_ANY.search(rest)
        if c is None or (ended and not re.fullmatch(r"\s*\.?\s*", rest[c.end() :])):
            return None
        pre = rest[: c.start()]
        cue = c.group("cue")
        as_m = re.match(r"^as\s+", pre)
        if as_m:
            # "... "x y z," as Jane Doe said": the subject follows "as".
            pre = pre[as_m.end() :]
        if not pre.strip():
            if cue.casefold() in INVERTIBLE:
                np = np_after(rest[c.end() :])
                if self._after_ok(np):
                    return self._make(np, cue, base + off + c.start(), pos)
            return None
        # A long subject only as "Jane Doe, <appositive>," before the cue ("study author Jane
        # Doe, a fellow at the Institute for X in Y, Germany, and co-author, said").
        lead = _NAMED_LEAD.match(pre)
        if (len(pre.split()) > (40 if lead else 16)) or re.search(r"[\"“”]", pre):
            return None
        # The subject follows the mark at once ("... x," Jane Doe said), not a clause
        # ("... "x y z" of Doe, whom he called").
        if pre.split()[0].casefold() in FUNCTION_WORDS | {"whom", "whose", "where", "when"}:
            return None
        if re.search(r"\s(?:and|but)(?:\s+then)?\s*$", " " + pre):
            # "X said it was "..." the footing for a deal and said ...": a second verb of the
            # subject before the quote, which the left context gives.
            return None
        subj = subject_for(pre, cue, self._known)
        if lead and lead.group("appos") and not pre.rstrip().endswith(","):
            # "Jane Doe, a research analyst at the X think tank told": the closing comma
            # of the appositive is missing, so its last words are not the subject.
            subj = pre[: lead.end("name")]
        if subj and np_ok(subj):
            return self._make(subj, cue, base + off + c.start(), pos)
        return None

    def _from_left(self, left: str, base: int, pos: int) -> Attribution | None:
        """Attribution before the opening mark: ``X said:`` / ``according to X,`` /
        partial quotes."""
        opening = _OPENING_CUE.match(left)
        if opening and left.rstrip().endswith((",", ":")):
            # "Said Jane Doe, who grew up nearby, "...": a cue opening the sentence.
            np = np_after(left[opening.end() :])
            if self._after_ok(np) and np[:1].isupper():
                return self._make(np, opening.group("cue").casefold(), base + opening.start(), pos)
        acc = list(RE_ACCORDING.finditer(left))
        if acc and not re.search(r"[\"“”]", left[acc[-1].end() :]):
            np = _named_in_apposition(left[acc[-1].end() :]) or np_after(left[acc[-1].end() :])
            if self._after_ok(np):
                cue = " ".join(acc[-1].group(0).casefold().split())
                return self._make(np, cue, base + acc[-1].start(), pos)
        for c in reversed(list(RE_CUE_ANY.finditer(left))):
            cue = c.group("cue")
            word = cue.split()[0].casefold()
            aside = np_after(left[c.end() :]) if word in INVERTIBLE else ""
            if (aside and left[: c.start()].rstrip().endswith(",") and looks_name(aside)
                    and left[c.end() :].lstrip().startswith(aside + ",")):
                # "The paradox, says Jane Doe, a historian, is that "...": the name the
                # aside inverts speaks, not the subject before it.
                return self._make(aside, cue, base + c.start(), pos)
            subj = subject_for(left[: c.start()], cue, self._known)
            if subj and np_ok(subj):
                return self._make(subj, cue, base + c.start(), pos)
            if word in INVERTIBLE:
                # "said X:" before the quote.
                m2 = re.match(r"\s+(?P<np>[^,:\"“”]{1,80})[:,]\s*$", left[c.end() :])
                if m2 and np_ok(m2.group("np").strip()):
                    return self._make(m2.group("np").strip(), cue, base + c.start(), pos)
        return None

    def _ended(self, right: str, base: int) -> bool:
        """Whether a full stop inside the closing mark ended the quote's sentence, so that
        ``right`` (the text after the mark, at ``base``) is another sentence: ""... the
        timing." Gov. Jane Doe said it would be ..." is about something else."""
        return (self._before_mark(base) == "." and not _LEAD_PUNCT.match(right)
                and right.lstrip()[:1].isupper())

    def _before_mark(self, base: int) -> str:
        """The character before a closing mark; ``base`` is just past that mark."""
        return self.resolver.text[base - 2] if base >= 2 else ""

    def _from_sentence_right(self, right: str, base: int, pos: int) -> Attribution | None:
        """A partial quote with its attribution later in the sentence
        ("... "x y z" now, X said.")."""
        if self._ended(right, base):
            return None
        for m in re.finditer(r",\s+", right):
            a = self._from_right(right[m.start() :], base + m.start(), pos)
            if a:
                return a
        return None

    def _from_byline(self, right: str, base: int, pos: int) -> Attribution | None:
        """Epigraph style: ``"..." ― Jane Doe`` (a dash and a bare name closing the line),
        or a line of its own under the quoted paragraph (``- Jane Doe.``, as fact checks do)."""
        m = re.match(
            rf"^{_H}*(?:[―—–]|\s-\s?){_H}*(?P<np>" + NAME_SEQ.pattern + rf"){_H}*(?:[.,;]|$)",
            right,
            re.MULTILINE,
        )
        if not m and not right.strip():
            m = re.match(
                rf"^{_H}*\n(?:{_H}*\n)?{_H}*[―—–-]{_H}*(?P<np>" + NAME_SEQ.pattern
                + rf"){_H}*\.?{_H}*(?:\n|$)",
                self.resolver.text[base : base + 120],
            )
        if not m:
            return None
        np = m.group("np").strip()
        if len(np.split()[-1]) > 3:
            np = np.rstrip(".")  # "― Jane Doe." ends a sentence; "Jane Doe Jr." keeps its dot
        n = len(np.split())
        if not looks_name(np) or not (1 < n <= 5 or (n == 1 and self._known(np))):
            return None
        end = m.end()
        # "― Jane Doe, a teacher" is fine; "― Jane Doe, said" is a clause, not a byline.
        if right[end - 1 : end] in {",", ";"} and RE_CUE_ANY.match(right[end:].lstrip()):
            return None
        return Attribution(self.resolver.resolve(np, pos), None, np, base + m.start("np"))

    def _from_label(self, left: str, base: int, pos: int) -> Attribution | None:
        """Transcript style: ``Rep. Jane Doe (D-Ohio): "..."`` or ``Headline - Jane Doe: "..."``."""
        if not left.rstrip().endswith(":"):
            return None
        label = strip_parens(left).strip()[:-1].strip()
        # "Headline words - Jane Doe: "..."": the label after the last dash.
        label = re.split(r"\s[-—–]\s|—|–", label)[-1].strip()
        n = len(label.split())
        if looks_name(label) and (1 < n <= 6 or (n == 1 and self._known(label))):
            return Attribution(self.resolver.resolve(label, pos), None, label, base)
        return None

    def _from_colon(self, left: str, base: int, pos: int) -> Attribution | None:
        """A sentence that introduces the quote with a colon and no speech verb
        ("X took the stage:")."""
        if not left.rstrip().endswith(":"):
            return None
        label = self._from_label(left, base, pos)
        if label:
            return label
        subj = leading_subject(left.rstrip()[:-1], self._known)
        named = _NAME_BEFORE_COLON.search(left)
        if named and self.resolver.index.resolve(named.group("name")) and not (
            subj and (subj.casefold() in PERSONAL or self.resolver.index.resolve(subj))
        ):
            # "The timing does not surprise pollster Jane Doe:": a subject that is no
            # person introduces the one the colon follows.
            name = named.group("name")
            return Attribution(self.resolver.resolve(name, pos), None, name, base)
        if not subj or not np_ok(subj):
            return None
        after = left[left.find(subj) + len(subj) :].split() if subj in left else []
        verb = after[0].strip(",:") if after else ""
        if not verb_like(verb):
            # No verb right after the subject: a label ("Transcript:"), not a speaker.
            return None
        return Attribution(self.resolver.resolve(subj, pos), verb.casefold(), subj, base)

    def _from_previous_sentence(self, base: int, pos: int) -> Attribution | None:
        """A partial quote in a sentence with no cue, after a sentence of the same paragraph
        that ends with its attribution ("..., Jane Doe says. Just because ..., "...""): the
        quote goes on with that speaker."""
        text = self.resolver.text
        para = text.rfind("\n", 0, base) + 1
        before = text[para:base].rstrip()
        if not before or re.search(r"[\"“”]", before):
            return None
        sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", before)[-1]
        m = _ATTRIBUTED_END.search(sentence)
        if m is None:
            return None
        np = m.group("np") or m.group("np2")
        if np.casefold() not in PERSONAL and not self.resolver.index.resolve(np):
            return None
        cue = m.group("cue") or m.group("cue2")
        at = para + len(before) - len(sentence) + sentence.rfind(cue)
        return Attribution(self.resolver.resolve(np, pos), cue, np, at)

    def _from_main_clause(self, left: str, base: int, pos: int) -> Attribution | None:
        """A partial quote in a sentence whose subject is a known person ("X decried the "...")."""
        if not left.strip() or re.search(r"[\"“”]", left):
            return None
        subj = leading_subject(left, self._known)
        if not subj or not np_ok(subj):
            return None
        person = subj.casefold() in PERSONAL or any(
            self.resolver.index.resolve(" ".join(subj.split()[i:]))
            for i in range(len(subj.split()))
        )
        if not person:
            return None
        i = left.find(subj)
        rest = left[i + len(subj) :] if i >= 0 else ""
        # "X, celebrating a win in Vermont, is pledging to "...": past the appositive.
        aside = _APPOSITIVE.match(rest)
        after = rest[aside.end() if aside else 0 :].split()
        while after and (
            after[0].startswith(",")
            or (after[0].casefold() in TRAIL_DROP and not verb_like(after[0]))
        ):
            after = after[1:]
        verbs = [w.strip(",:") for w in after[:3] if verb_like(w.strip(",:"))]
        if not verbs:
            return None
        # "X has reaffirmed the "...", "X is pledging to "...": the cue is the main verb,
        # not its auxiliary.
        verb = next((v for v in verbs if v.casefold() not in AUXILIARIES), None)
        if verb is None:
            k = after.index(verbs[0]) + 1 if verbs[0] in after else len(after)
            ing = after[k] if k < len(after) else ""
            verb = ing if ing.islower() and ing.endswith("ing") else verbs[0]
        return Attribution(self.resolver.resolve(subj, pos), verb.casefold(), subj, base)

    def _from_right_verb(self, right: str, base: int, pos: int) -> Attribution | None:
        """``"...," Jane Doe fumed`` -- any verb right after a known person or he/she."""
        m = re.match(
            r"^[\s,—–-]*(?P<np>" + NAME_SEQ.pattern + r"|he|she)\s+(?P<verb>[a-z]+)\b", right
        )
        if not m:
            return None
        if not _LEAD_PUNCT.match(right) and self._before_mark(base) not in {",", "?", "!"}:
            # ""x y z" Jane Doe ran ..." continues the sentence; only a quote that ends
            # its clause (",", "?", "!" or a comma after the mark) is followed by its speaker.
            return None
        np = m.group("np")
        if np.casefold() not in PERSONAL and not self.resolver.index.resolve(np):
            return None
        if not m.group("verb").endswith("ed") and m.group("verb") not in IRREGULAR_PAST:
            return None
        return Attribution(
            self.resolver.resolve(np, pos), m.group("verb"), np, base + m.start("verb")
        )

    def attribute(
        self,
        left: str,
        left_base: int,
        right: str,
        right_base: int,
        pos: int,
        *,
        new_sentence: bool = False,
        follows_quote: bool = False,
    ) -> Attribution:
        """Find the cue and speaker of one quote from its context.

        Args:
            left: sentence text before the opening mark (after any previous quote).
            left_base: offset of ``left`` in the text.
            right: sentence text after the closing mark (before any next quote).
            right_base: offset of ``right`` in the text.
            pos: offset of the opening mark.
            new_sentence: the quote opens a sentence; ``left`` is then the sentence
                before it, used only for an explicit cue ("X agreed. "..."").
            follows_quote: another quote precedes it in the paragraph (the quote
                then continues that one unless its own context has a cue).

        Returns:
            An :class:`Attribution`; empty (all None) when no cue was found.
        """
        byline = self._from_byline(right, right_base, pos)
        if byline:
            return byline
        if new_sentence:
            return (
                self._from_right(right, right_base, pos)
                or self._from_right_verb(right, right_base, pos)
                or (None if follows_quote else self._from_left(left, left_base, pos))
                or self._from_sentence_right(right, right_base, pos)
                or Attribution()
            )
        strong = (
            self._from_right(right, right_base, pos)
            or self._from_right_verb(right, right_base, pos)
            or self._from_left(left, left_base, pos)
            or self._from_sentence_right(right, right_base, pos)
            or self._from_label(left, left_base, pos)
        )
        if strong or follows_quote:
            # A later partial quote of the same sentence inherits from the earlier one.
            return strong or Attribution()
        return (
            self._from_colon(left, left_base, pos)
            or self._from_main_clause(left, left_base, pos)
            or self._from_previous_sentence(left_base, pos)
            or Attribution()
        )
