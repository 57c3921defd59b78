"""Who said a quote: cue verbs, speaker phrases and their resolution to canonical people.

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

Speaker phrases are then resolved:

* personal pronouns (he/she) -> the last named person mentioned before the pronoun,
  outside quotes, respecting a gender hint from ``Mr``/``Ms``/``Mrs`` when there is one
  (they/we/I stay unresolved: None);
* definite singular role nouns (``the prime minister``) -> the person the article names
  with that role before the quote (``Prime Minister Jane Doe`` or ``Jane Doe, the prime
  minister``); document/body heads (``the statement``, ``the committee``) never resolve;
* names -> the canonical person by full name, alias or last token (case-insensitive,
  possessives and titles stripped); unknown names are kept as written minus titles;
* anything else is kept as a descriptive speaker (``a ministry spokeswoman``, ``officials``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.records import Person

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _wordset(words: str) -> frozenset[str]:
    """A frozenset from a space-separated word list (keeps long lists readable)."""
    return frozenset(words.split())


# Speech verbs that can stand on either side of their subject ("X said" / "said X").
_INVERTIBLE = _wordset(
    "said says added adds asked asks wrote writes continued continues explained explains "
    "noted recalled recalls replied replies responded responds warned warns argued argues "
    "insisted insists tweeted concluded declared stated remarked observed countered quipped "
    "joked cautioned acknowledged conceded exclaimed echoed reported reports notes remembered "
    "retaliated states reads declares agrees concludes observes"
)
# Speech verbs that only follow their subject ("X told Reuters", "X called it ...").
# Present forms that are also common nouns ("states", "claims", "calls") are left out.
_SUBJECT_FIRST = _wordset(
    "told tells announced announces admitted admits suggested suggests stressed stresses "
    "emphasized emphasised urged urges claimed complained complains vowed predicted promised "
    "asserted asserts contended contends boasted boasts pledged confirmed denied alleged "
    "proclaimed lamented mused wondered testified shouted yelled whispered called described "
    "labeled labelled dubbed branded posted maintained charged scoffed barked boomed snapped "
    "reads revealed reveals commented opined pleaded begged cried chanted agreed agrees "
    "explained blasted slammed praised mocked ridiculed decried bemoaned blamed referred "
    "questioned criticized criticised accused retorted spoke write"
)
# Participles whose subject is the subject of the main clause ("X left, saying ...").
_PARTICIPLES = _wordset(
    "saying adding telling asking noting writing calling describing arguing warning "
    "explaining declaring insisting stating claiming suggesting urging vowing tweeting "
    "calling dubbing labeling labelling branding referring"
)
# Two-word cues: a verb and its particle.
_PHRASAL = r"(?:pointed|points|pointing)\s+out|(?:fired|fires|shot|shoots|hit|hits)\s+back"

_CUE_WORDS = sorted(_INVERTIBLE | _SUBJECT_FIRST | _PARTICIPLES, key=len, reverse=True)
_CUE = r"(?:" + _PHRASAL + "|" + "|".join(_CUE_WORDS) + r")"
CUE_PATTERN = _CUE  # the speech cues, for scripts that score attributions

PRONOUNS = _wordset("he she they i we you it him her them who which that")
_PERSONAL = frozenset({"he", "she"})

# Titles and honorifics stripped from the front of a surface name before matching.
TITLES = _wordset(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister "
    "president vice prime minister secretary senator sen rep representative congressman "
    "congresswoman gov governor mayor chancellor judge justice gen general col colonel "
    "capt captain lt lieutenant sgt sergeant adm admiral cmdr commander pope king queen "
    "prince princess sheikh chairman chairwoman chair ceo chief former deputy acting "
    "foreign home attorney speaker leader candidate nominee ambassador "
    "commissioner superintendent inspector detective officer coach host reporter state "
    "house senate majority minority whip press spokesman spokeswoman"
)
# Words near a full name that tell which of two same-surname people is meant by
# "Mr. Doe" / "Mrs. Doe" ("his wife, Jane Doe"; "Jane Doe said she ...").
_MALE = _wordset(
    "mr sir lord he him his himself husband father son brother king prince man uncle "
    "grandfather chairman congressman spokesman businessman"
)
_FEMALE = _wordset(
    "mrs ms miss dame lady she her hers herself wife mother daughter queen princess woman "
    "aunt grandmother chairwoman congresswoman spokeswoman businesswoman"
)
_DETERMINERS = _wordset(
    "a an the another one some two three several many most other his her their its our"
)
_LEADING_JUNK = _wordset("and but so yet or then while as because also even though although when")
# Words that open an introductory phrase before the subject ("In a statement, X said").
_INTRO = _wordset(
    "in on at after before during for with from as since while when although though if until "
    "by to of about over under into through despite amid among following speaking asked "
    "however meanwhile still instead also later earlier now then today yesterday tonight "
    "separately similarly again first finally moreover indeed yet there here once"
)
# Words dropped from the end of a subject ("X also said", "X has said", "X quickly said").
_TRAIL_DROP = _wordset(
    "has have had would will did does also later then once previously recently repeatedly "
    "often reportedly simply just again further similarly still even too subsequently "
    "long never always already is was were are be been could should might may must can however"
)
_NP_STOPWORDS = _wordset(
    "who which that when while after before during in on at as because if since adding "
    "referring speaking noting according to about"
)
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr sen rep gov gen col capt lt sgt st jr sr prof rev no vs etc inc corp co "
    "ltd u.s a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec mt ft"
)
_IRREGULAR_PAST = _wordset(
    "sought told said gave took made went came got spoke wrote left met ran won lost put kept "
    "held brought began became found thought felt stood sat saw led sent spent struck took"
)
_FUNCTION_WORDS = _wordset(
    "to that who which whose and or but in on at by for with from as of after before during "
    "since until because if when while than"
)
_TIME_WORDS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "january february march april may june july august september october november december "
    "last next this earlier later"
)
# Heads of speaker phrases that are documents or bodies, never a person holding a role.
_NOT_PERSON = _wordset(
    "statement report letter email e-mail ad advert website site poll survey study book "
    "article editorial memo document tweet post video transcript release analysis complaint "
    "lawsuit ruling order campaign committee group board agency department company office "
    "newspaper paper magazine network station show program programme government ministry "
    "council court party team union organization organisation association foundation"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(?:\([^)]*\))?\s*[—–-]+\s*")
_POSSESSIVE = re.compile(r"[’']s?$")
_WORD = re.compile(r"[\w’'.-]+")
_NAME_TOKEN = r"(?:[A-Z][\w’'-]*\.?|(?:de|van|von|bin|al|da|del|der|la|le|du|di)(?=\s+[A-Z]))"
_NAME_SEQ = re.compile(_NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r")*")
_BAD_NP_WORDS = _wordset(
    "that which because if when although though whether was were is are be been being "
    "this these those there here it its not"
)


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


def _norm(s: str) -> str:
    """Casefold and drop possessive endings and surrounding punctuation."""
    s = s.strip().strip('.,;:!?"“”‘()[]').strip().casefold()
    s = _POSSESSIVE.sub("", s) if s.endswith(("’s", "'s", "’", "'")) else s
    return " ".join(s.split())


def strip_titles(name: str) -> str:
    """Remove leading titles/honorifics and a trailing possessive from a surface name.

    Args:
        name: a name as written, e.g. ``"Sen. Jane Doe's"``.

    Returns:
        The bare name (``"Jane Doe"``); the input unchanged when nothing but titles remains.
    """
    name = name.strip().strip(",;:")
    if name.endswith(("’s", "'s")):
        name = name[:-2]
    elif name.endswith(("’", "'")):
        name = name[:-1]
    toks = name.split()
    i = 0
    while i < len(toks) - 1 and toks[i].casefold().rstrip(".") in TITLES:
        i += 1
    return " ".join(toks[i:]) if toks[i:] else name


def head_noun(phrase: str) -> str:
    """The head noun of a simple noun phrase: the last word before a preposition or clause.

    Args:
        phrase: e.g. ``"a spokeswoman for the ministry"``.

    Returns:
        The casefolded head word (``"spokeswoman"``), or ``""`` for an empty phrase.
    """
    words = [w.casefold() for w in _WORD.findall(phrase)]
    out: list[str] = []
    for w in words:
        if w in _HEAD_STOP or (out and w.endswith(("ing", "ed")) and len(w) > 4) or w == "known":
            break
        out.append(w)
    return _POSSESSIVE.sub("", out[-1]) if out else ""


_HEAD_STOP = frozenset(
    [
        "of",
        "for",
        "to",
        "at",
        "in",
        "with",
        "from",
        "on",
        "who",
        "which",
        "that",
        "as",
        "close",
        "familiar",
    ]
)


class PeopleIndex:
    """Case-insensitive lookup from surface names to the article's canonical people.

    Args:
        people: canonical people of the article (name plus aliases).
    """

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self._full: dict[str, str] = {}
        self._last: dict[str, list[Person]] = {}
        for p in sorted(self.people, key=lambda p: -p.mentions):
            for form in [p.name, *p.aliases]:
                key = _norm(strip_titles(form))
                if key:
                    self._full.setdefault(key, p.name)
                    self._full.setdefault(_norm(form), p.name)
            toks = _norm(strip_titles(p.name)).split()
            if len(toks) > 1:
                self._last.setdefault(toks[-1], []).append(p)

    def resolve(self, surface: str) -> str | None:
        """Map a surface name to a canonical person name.

        Args:
            surface: a name as written (titles and possessives allowed).

        Returns:
            The canonical name, or None when no person of the article fits.
        """
        bare = _norm(strip_titles(surface))
        if not bare:
            return None
        if bare in self._full:
            return self._full[bare]
        toks = bare.split()
        cands = self._last.get(toks[-1], [])
        if len(toks) > 1:
            # "Jane Q. Doe" vs "Jane Doe": same first and last token.
            cands = [c for c in cands if _norm(strip_titles(c.name)).split()[0] == toks[0]]
        if cands:
            return max(cands, key=lambda p: p.mentions).name
        return None

    def namesakes(self, surface: str) -> list[Person]:
        """People whose full name ends with the one-token ``surface`` ("Doe").

        Args:
            surface: a name as written; titles are ignored.

        Returns:
            The candidates; more than one when the article names two people so.
        """
        toks = _norm(strip_titles(surface)).split()
        return list(self._last.get(toks[0], [])) if len(toks) == 1 else []

    def surface_forms(self) -> Iterable[tuple[str, str]]:
        """Yield (surface form, canonical name) pairs worth searching for in the text.

        Returns:
            Full names, aliases and distinctive last tokens of each person.
        """
        for p in self.people:
            forms = {p.name, *p.aliases}
            toks = strip_titles(p.name).split()
            if len(toks) > 1 and len(self._last.get(toks[-1].casefold(), [])) == 1:
                forms.add(toks[-1])
            for f in forms:
                if f.strip():
                    yield f.strip(), p.name


@dataclass(slots=True)
class _Mention:
    start: int
    name: str
    gender: str | None


def _is_sentence_end(text: str, dot: int) -> bool:
    """Whether the ``.``/``!``/``?`` at ``dot`` ends a sentence (not an abbreviation)."""
    if text[dot] in "!?":
        return True
    # Only the word before the dot matters; a bounded window keeps this O(1).
    m = re.search(r"([\w.]+)$", text[max(0, dot - 40) : dot])
    if not m:
        return True
    word = m.group(1).casefold()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    # Initials such as "U.S" or "J.R": a dot inside the word.
    return "." not in word


_BOUNDARY = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


def cut_left(s: str, base: int, text: str) -> tuple[str, int]:
    """Keep only the last sentence of a left context.

    Args:
        s: the context (text before a quote).
        base: offset of ``s`` in ``text``.
        text: the full text (to check abbreviations).

    Returns:
        (sentence tail, its offset in ``text``).
    """
    cut = 0
    for m in _BOUNDARY.finditer(s):
        if _is_sentence_end(text, base + m.start()):
            cut = m.end()
    return s[cut:], base + cut


def ends_sentence(s: str, base: int, text: str) -> bool:
    """Whether ``s`` (text before a quote) ends with a complete sentence.

    Args:
        s: the context before the opening mark.
        base: offset of ``s`` in ``text``.
        text: the full text.

    Returns:
        True when the quote opens a new sentence after a full stop, "!" or "?".
    """
    end = re.search(r"[.!?][\"”’')]*\s*$", s)
    return bool(end) and _is_sentence_end(text, base + end.start())  # type: ignore[union-attr]


def cut_right(s: str, base: int, text: str) -> str:
    """Keep only the rest of the current sentence of a right context.

    Args:
        s: the context (text after a quote).
        base: offset of ``s`` in ``text``.
        text: the full text.

    Returns:
        The context up to and including the first sentence-ending punctuation.
    """
    for m in re.finditer(r"[.!?]", s):
        if m.start() == 0 and not s[:1].isalnum():
            # A full stop right after the closing mark ends the quote's own sentence.
            return s[:1]
        nxt = s[m.end() : m.end() + 1]
        if nxt and not nxt.isspace() and nxt not in "\"”’')":
            # "R-Ky.," or "fivethirtyeight.com": not the end of a sentence.
            continue
        if s.count("(", 0, m.start()) > s.count(")", 0, m.start()):
            # Inside a parenthesis such as "(D-Conn.)".
            continue
        if _is_sentence_end(text, base + m.start()):
            return s[: m.end()]
    return s


_RE_CUE_ANY = re.compile(r"\b(?P<cue>" + _CUE + r")\b")
_RE_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)


def _strip_parens(s: str) -> str:
    """Drop parentheticals ("Jane Doe (D-Ohio) said") that would split a subject."""
    return re.sub(r"\([^()]*\)", " ", s)


def _is_abbrev(word: str) -> bool:
    """Whether a word ending in a full stop is an abbreviation or an initial."""
    w = word.rstrip(".").casefold()
    return w in _ABBREVIATIONS or len(w) == 1 or "." in w


def _np_after(s: str) -> str:
    """The speaker phrase that follows an inverted cue ("said Jane Doe, the minister.").

    Args:
        s: text right after the cue.

    Returns:
        The phrase up to the first clause break, at most ten words.
    """
    out: list[str] = []
    for tok in _strip_parens(s).split():
        bare = tok.strip('"“”')
        if bare.casefold() in _NP_STOPWORDS and out:
            break
        if bare in {"—", "–", "-"}:
            break
        stop = bare[-1:] in {",", ";", ":", "!", "?", "—", "–"} or (
            bare.endswith(".") and not _is_abbrev(bare)
        )
        out.append(bare.rstrip(",;:!?—–") if stop else bare)
        if stop or len(out) >= 10:
            break
    phrase = " ".join(out).rstrip(".") if out and not _is_abbrev(out[-1]) else " ".join(out)
    return phrase.strip()


def _trim_words(words: list[str]) -> list[str]:
    """Drop leading conjunctions and trailing auxiliaries/adverbs from a subject."""
    while words and words[0].casefold() in _LEADING_JUNK:
        words = words[1:]
    caps = 0
    while caps < len(words) and len(words[caps]) > 1 and words[caps].isupper():
        caps += 1
    if caps >= 2 and caps < len(words):
        # A headline or dateline in capitals glued to the sentence ("LOCAL NEWS The mayor").
        words = words[caps:]
    while len(words) > 1 and (
        words[-1].casefold() in _TRAIL_DROP or (words[-1].islower() and words[-1].endswith("ly"))
    ):
        words = words[:-1]
    return words


def _looks_name(seg: str) -> bool:
    """Whether a segment is a bare capitalised name ("Jane Doe")."""
    m = _NAME_SEQ.fullmatch(seg.strip())
    return bool(m) and seg.strip().split()[0].casefold() not in _DETERMINERS


def _is_intro(seg: str) -> bool:
    """Whether a comma segment is an introductory phrase rather than a subject."""
    words = seg.split()
    if not words:
        return True
    first = words[0].casefold()
    return first in _INTRO or first.endswith("ing") or (len(words) == 1 and first.endswith("ly"))


def _short_np(words: list[str]) -> str:
    """A plausible subject from a short word list, or ``""``."""
    words = _trim_words(words)
    if not words:
        return ""
    if words[-1].casefold() in PRONOUNS:
        return words[-1]
    if len(words) == 1 and words[0].casefold() in _TRAIL_DROP:
        return ""
    if len(words) <= 8 and not any(w.casefold() in _BAD_NP_WORDS for w in words):
        return " ".join(words)
    joined = " ".join(words)
    m_of = re.search(r"(?P<name>" + _NAME_SEQ.pattern + r")\s+(?:of|from|at)\s", joined)
    if m_of and len(m_of.group("name").split()) > 1:
        # "Jane Doe of the Institute for Harbour Studies": the person.
        return m_of.group("name")
    m = re.search(_NAME_SEQ.pattern + r"$", joined)
    return m.group(0) if m and len(m.group(0).split()) < len(words) else ""


def subject_before(s: str) -> str:
    """The subject phrase at the end of ``s``, the text right before a cue verb.

    Handles an appositive or relative clause between subject and verb
    ("Jane Doe, the minister, said" / "Jane Doe, who chairs the panel, said"),
    introductory phrases ("In a statement, Jane Doe said") and a descriptive
    phrase followed by a name ("her adviser, Jane Doe, said").

    Args:
        s: text before the cue (within one sentence).

    Returns:
        The subject as written, or ``""`` when none fits (e.g. "X left and said").
    """
    s = _strip_parens(s)
    clause = re.split(r"[;:\"“”]", s)[-1]
    words = clause.split()
    while words and words[-1] in _TRAIL_DROP:
        # "Jane Doe, the minister, has also said": auxiliaries before the cue.
        words = words[:-1]
    clause = " ".join(words) + (" " if words else "")
    ends_with_comma = clause.rstrip().endswith((",", "—", "–"))
    segs = [x.strip() for x in re.split(r",|—|–|\s-\s", clause)]
    segs = [x for x in segs if x]
    if not segs:
        return ""
    if ends_with_comma:
        for i, seg in enumerate(segs):
            if _is_intro(seg) or seg.split()[0].casefold() in {"who", "which", "whose"}:
                continue
            cand = _short_np(seg.split())
            if not cand:
                return ""
            descriptive = (
                cand[:1].islower()
                or cand.split()[0].casefold() in _DETERMINERS
                # "Doe's deputy, Jane Roe, said": a possessive opens a description.
                or (len(cand.split()) > 1 and cand.split()[0].endswith(("'s", "’s")))
            )
            if descriptive and i + 1 < len(segs) and _looks_name(segs[i + 1]):
                return segs[i + 1]
            return cand
        return ""
    for k in range(len(segs) - 1, -1, -1):
        seg = segs[k]
        words = seg.split()
        if k < len(segs) - 1 and _is_intro(seg):
            break
        if len(words) == 1 and words[0].islower() and words[0].endswith(("ly", "ed")):
            # "X, exasperated, famously responded": skip the interjected modifiers.
            continue
        last = re.split(
            r"\s(?:that|and then|and|but|because|while|when|as|after|before|if|so)\s",
            " " + seg + " ",
        )[-1]
        return _short_np(last.split())
    return ""


def leading_subject(sentence: str, known: Callable[[str], bool] | None = None) -> str:
    """The subject at the start of a sentence ("Jane Doe, 45, left and said ...").

    Used when the cue is a participle ("..., saying"), a second verb ("X left and
    said") or a colon introduction ("X took the stage:").

    Args:
        sentence: the sentence text before the quote or cue.
        known: tells whether a name is one of the article's people; when given, a
            known name opening one of the first comma segments wins over a place
            ("In Springfield, Ohio, Jane Doe said ...").

    Returns:
        A name, pronoun or short determiner phrase, or ``""``.
    """
    s = _DATELINE.sub("", _strip_parens(sentence).strip())
    s = re.split(r"[\"“”]", s)[0]
    for _ in range(3):
        if "," in s and _is_intro(s.split(",", 1)[0]):
            s = s.split(",", 1)[1].strip()
    if known is not None:
        for seg in [x.strip() for x in s.split(",")][:3]:
            m0 = _NAME_SEQ.match(seg)
            if m0 and known(m0.group(0)):
                return m0.group(0)
    words = _trim_words(s.split())
    if not words:
        return ""
    first = words[0].strip(",").casefold()
    if first in PRONOUNS and first not in {"that", "which", "it", "who"}:
        return words[0].strip(",")
    head = " ".join(words[:8]).split(",")[0]
    names = [m.group(0) for m in _NAME_SEQ.finditer(head)]
    names = [n for n in names if n.split()[0].casefold() not in _DETERMINERS]
    if first in _DETERMINERS:
        out = [words[0]]
        for w in words[1:6]:
            bare = w.strip(",")
            if _verb_like(bare) or bare.casefold() in _FUNCTION_WORDS:
                break
            out.append(bare)
            if w.endswith(","):
                break
        return " ".join(out) if len(out) > 1 else ""
    if names:
        if words[0][:1].isupper():
            # The subject runs up to the first verb ("Republican front-runner Jane Doe said");
            # a full name inside it wins over a lone capitalised modifier.
            span: list[str] = []
            for w in words[:10]:
                if _verb_like(w.strip(",")) or w.strip(",").casefold() in _FUNCTION_WORDS - {"of"}:
                    break
                span.append(w.strip(","))
                if w.endswith(","):
                    break
            in_span = [m.group(0) for m in _NAME_SEQ.finditer(" ".join(span))]
            multi_in = [n for n in in_span if len(n.split()) > 1]
            if multi_in:
                return multi_in[-1] if len(multi_in) == 1 else multi_in[0]
            if in_span:
                return in_span[0]
        multi = [n for n in names if len(n.split()) > 1]
        return (multi or names)[0]
    return ""


def _verb_like(word: str) -> bool:
    """Whether a lowercase word looks like a finite verb (ends the subject it follows)."""
    low = word.casefold()
    if not word.islower():
        return False
    return (
        low in _IRREGULAR_PAST
        or low in _TRAIL_DROP
        or low in _INVERTIBLE
        or low in _SUBJECT_FIRST
        or low.endswith("ed")
        or (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is", "’s", "'s"))
            and low not in _FUNCTION_WORDS
        )
    )


def subject_for(before: str, cue: str, known: Callable[[str], bool] | None = None) -> str:
    """The subject of the cue verb ``cue`` given the sentence text before it.

    Args:
        before: sentence text before the cue.
        cue: the cue as written.
        known: passed to :func:`leading_subject`.

    Returns:
        The subject phrase, or ``""``.
    """
    if cue.split()[0].casefold() in _PARTICIPLES:
        return leading_subject(before, known)
    subj = subject_before(before)
    if not subj and re.search(
        r"\b(?:and|then)(?:\s+(?:has|have|had|also|later|then))*\s*$", before
    ):
        # A second verb of the subject: "X left the stage and said ...".
        subj = leading_subject(before, known)
    if subj.casefold() in {"which", "who", "that"}:
        # "... the agency, which has said that": the relative pronoun's antecedent.
        rel = list(re.finditer(r"\b(?:which|who|that)\b", before, re.IGNORECASE))
        if rel:
            head = before[: rel[-1].start()].rstrip(" ,")
            tail = re.split(
                r"\s(?:of|to|in|for|with|from|at|on|by|than|and|about)\s", " " + head
            )[-1]
            subj = _short_np(tail.split())
    return subj


def _np_ok(np: str) -> bool:
    """Whether a phrase can plausibly be a speaker."""
    words = np.split()
    if not words or len(words) > 10:
        return False
    if words[0].casefold() in _INTRO or words[0].casefold() in _TIME_WORDS:
        return False
    if any(w.casefold() in _BAD_NP_WORDS for w in words) and words[-1].casefold() not in PRONOUNS:
        return False
    if all(w.casefold() in _DETERMINERS or w.casefold() in _FUNCTION_WORDS for w in words):
        return False
    return bool(re.search(r"[A-Za-z]", np))


class SpeakerResolver:
    """Find and resolve the speaker of quotes in one article.

    Args:
        text: the article text.
        people: the article's canonical people.
        doc: the spaCy Doc of ``text`` (NER used for person mentions) or None.
        quote_spans: (start, end) of every quote found, mark to mark, so that names
            inside quotes are not taken as antecedents.
    """

    def __init__(
        self,
        text: str,
        people: Sequence[Person],
        doc: Doc | None,
        quote_spans: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.index = PeopleIndex(people)
        self._quoted = sorted(quote_spans)
        self._quoted_starts = [a for a, _ in self._quoted]
        self._roles: dict[str, list[tuple[int, str]]] = {}
        self._genders: dict[str, str | None] = {}
        self.mentions = self._find_mentions(doc)

    # -- mentions ---------------------------------------------------------------------------

    def _inside_quote(self, pos: int) -> bool:
        # Quote spans do not overlap: only the last one starting at or before pos can hold it.
        k = bisect.bisect_right(self._quoted_starts, pos) - 1
        return k >= 0 and pos < self._quoted[k][1]

    def _gender_at(self, start: int) -> str | None:
        m = re.search(
            r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s+$", self.text[max(0, start - 6) : start]
        )
        if not m:
            return None
        return "m" if m.group(1) in {"Mr", "Sir", "Lord"} else "f"

    def _gender_of(self, person: Person) -> str | None:
        """Gender the text gives a full name: gendered words just before it, or the
        first he/she after it in the same sentence; None when unclear."""
        if person.name in self._genders:
            return self._genders[person.name]
        votes = {"m": 0, "f": 0}
        for hit in re.finditer(r"(?<![\w])" + re.escape(person.name) + r"(?![\w])", self.text):
            before = [w.casefold() for w in _WORD.findall(self.text[max(0, hit.start() - 30) : hit.start()])]
            for w in before[-3:]:
                w = w.rstrip(".")
                votes["m"] += w in _MALE
                votes["f"] += w in _FEMALE
            sentence = re.split(r"[.!?]\s", self.text[hit.end() : hit.end() + 200], maxsplit=1)[0]
            words = [w.casefold() for w in _WORD.findall(sentence)]
            first = next((w for w in words if w in {"he", "him", "his", "she", "her"}), None)
            if first:
                votes["f" if first in {"she", "her"} else "m"] += 1
        gender = None if votes["m"] == votes["f"] else max(votes, key=votes.__getitem__)
        self._genders[person.name] = gender
        return gender

    def _namesake(self, surface: str, lead: Sequence[str]) -> str | None:
        """Pick among people sharing the surname of ``surface`` by its honorific or title.

        Args:
            surface: a one-token name as written ("Doe").
            lead: the words written before it ("Mrs.", "President").

        Returns:
            The canonical name when exactly one namesake fits, else None.
        """
        cands = self.index.namesakes(surface)
        if len(cands) < 2:
            return None
        words = [w.casefold().rstrip(".") for w in lead]
        want = "m" if any(w in {"mr", "sir", "lord"} for w in words) else (
            "f" if any(w in {"mrs", "ms", "miss", "dame", "lady"} for w in words) else None
        )
        if want:
            # Known to fit, else the only one not known to be the other gender.
            fit = [c for c in cands if self._gender_of(c) == want] or [
                c for c in cands if self._gender_of(c) is None
            ]
            if len(fit) == 1:
                return fit[0].name
        titles = [w for w in lead if w.casefold().rstrip(".") in TITLES and w[:1].isupper()]
        if titles and not want:
            pat = re.escape(titles[-1].rstrip(".")) + r"\.?\s+"
            fit = [c for c in cands if re.search(pat + re.escape(c.name), self.text)]
            if len(fit) == 1:
                return fit[0].name
        return None

    def _person(self, surface: str) -> str | None:
        """Canonical person for a surface name, honouring "Mr."/"Mrs."/titles among namesakes."""
        bare = strip_titles(surface)
        lead = surface.split()[: max(0, len(surface.split()) - len(bare.split()))]
        return self._namesake(bare, lead) or self.index.resolve(surface)

    def _find_mentions(self, doc: Doc | None) -> list[_Mention]:
        found: dict[int, _Mention] = {}
        if doc is not None:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                lead = self.text[max(0, ent.start_char - 20) : ent.start_char].split()[-1:]
                name = (
                    self._namesake(ent.text, lead)
                    or self.index.resolve(ent.text)
                    or strip_titles(ent.text)
                )
                found[ent.start_char] = _Mention(ent.start_char, name, None)
        for form, canon in self.index.surface_forms():
            for hit in re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", self.text):
                found.setdefault(hit.start(), _Mention(hit.start(), canon, None))
        mentions = [m for m in found.values() if not self._inside_quote(m.start)]
        genders: dict[str, str] = {}
        for m in mentions:
            g = self._gender_at(m.start)
            if g:
                genders.setdefault(m.name, g)
        for m in mentions:
            m.gender = genders.get(m.name)
        return sorted(mentions, key=lambda m: m.start)

    # -- resolution -------------------------------------------------------------------------

    def resolve_pronoun(self, pronoun: str, pos: int) -> str | None:
        """Resolve ``he``/``she`` to the last named person mentioned before ``pos``.

        Args:
            pronoun: the pronoun as written.
            pos: offset before which antecedents are searched (the quote's opening mark).

        Returns:
            The person's name, or None (plural and first/second person are left unresolved).
        """
        p = pronoun.casefold()
        if p not in _PERSONAL:
            return None
        want = "m" if p == "he" else "f"
        for m in reversed(self.mentions):
            if m.start >= pos:
                continue
            if m.gender and m.gender != want:
                continue
            return m.name
        return None

    def resolve_role(self, phrase: str, pos: int) -> str | None:
        """Resolve a definite role noun phrase ("the prime minister") to a named holder.

        Looks before ``pos`` for the role used as a title before a name
        ("Prime Minister Jane Doe") or as an appositive after one ("Jane Doe, the prime minister").

        Args:
            phrase: the speaker phrase as written.
            pos: offset of the quote (only earlier text is searched).

        Returns:
            The holder's canonical name (or name as written), or None.
        """
        words = phrase.split()
        if len(words) < 2 or words[0].casefold() != "the" or len(words) > 5:
            return None
        head = words[-1].casefold()
        if head.endswith("s") and not head.endswith(("ss", "us")):
            # Plural roles ("the members") name a group, not one holder.
            return None
        if head in _NOT_PERSON:
            return None
        if any(w[:1].isupper() for w in words[1:]) and not all(w[:1].isupper() for w in words[1:]):
            return None
        role_words = [re.escape(w) for w in words[1:]]
        for role in (r"\s+".join(role_words), role_words[-1]):
            holders = self._role_holders(role)
            # The last holder named before the quote.
            k = bisect.bisect_right(holders, (pos, "\U0010ffff")) - 1
            if k >= 0:
                name = holders[k][1]
                return self.index.resolve(name) or name
        return None

    def _role_holders(self, role: str) -> list[tuple[int, str]]:
        """(end offset, name) of every place the text names someone with ``role``, cached.

        Args:
            role: a regex of the role words (already escaped).

        Returns:
            Holders sorted by the end offset of their mention.
        """
        cached = self._roles.get(role)
        if cached is not None:
            return cached
        found: list[tuple[int, str]] = []
        text = self.text
        if text:
            pat_title = re.compile(r"(?i:\b" + role + r")\.?\s+(?P<name>" + _NAME_SEQ.pattern + ")")
            pat_appos = re.compile(
                r"(?P<name>"
                + _NAME_SEQ.pattern
                + r"),\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?i:"
                + role
                + r")\b"
            )
            for pat in (pat_title, pat_appos):
                for m in pat.finditer(text):
                    if self._inside_quote(m.start()):
                        continue
                    name = strip_titles(m.group("name"))
                    first = name.split()[0].casefold() if name.split() else ""
                    if not first or first in TITLES or first in _TIME_WORDS:
                        continue
                    if len(name.split()) < 2 and not self.index.resolve(name):
                        continue
                    found.append((m.end(), name))
        found.sort()
        self._roles[role] = found
        return found

    def resolve(self, phrase: str, pos: int) -> str | None:
        """Turn a speaker phrase into the stored speaker.

        Args:
            phrase: the subject of the cue as written.
            pos: offset of the quote's opening mark.

        Returns:
            Canonical name, name as written (titles stripped), resolved role holder,
            descriptive phrase, or None for an unresolved pronoun.
        """
        phrase = phrase.strip().strip(",;:")
        if not phrase:
            return None
        if phrase.casefold() in PRONOUNS:
            return self.resolve_pronoun(phrase, pos)
        m_of = re.match(
            r"^(?P<name>" + _NAME_SEQ.pattern + r")\s+(?:of|from)\s+(?:the\s+)?[A-Z]", phrase
        )
        if m_of and len(m_of.group("name").split()) > 1:
            # "Jane Doe of the Harbour Trust": the person, not the organisation.
            phrase = m_of.group("name")
        words = phrase.split()
        # "Republican front-runner Jane Doe": the longest suffix that is a known person.
        for i in range(len(words)):
            if i and words[i - 1].casefold() in {"of", "to", "for", "with", "from", "by", "and"}:
                # "an aide to Jane Doe" is not Jane Doe.
                break
            canon = self._person(" ".join(words[i:]))
            if canon and (i == 0 or words[i][:1].isupper()):
                return canon
        if words[0].casefold() in _DETERMINERS or phrase[:1].islower():
            role = self.resolve_role(phrase, pos)
            if role:
                return role
            m = re.search(_NAME_SEQ.pattern + r"$", phrase)
            if m and len(m.group(0).split()) > 1 and not words[0][:1].isupper():
                # "her adviser Jane Doe": the name at the end.
                return strip_titles(m.group(0))
            return phrase
        # A capitalised phrase: a name not among the article's people, or an organisation.
        m = re.search(_NAME_SEQ.pattern + r"$", phrase)
        name = m.group(0) if m else phrase
        toks = name.split()
        titles = [i for i, t in enumerate(toks[:-1]) if t.casefold().rstrip(".") in TITLES]
        if titles:
            # "Former Harbour Master Jane Doe": the name after the last title word.
            return " ".join(toks[titles[-1] + 1 :])
        return strip_titles(name)

    # -- cue search -------------------------------------------------------------------------

    @staticmethod
    def _after_ok(np: str) -> bool:
        """Whether a phrase after an inverted cue can be a speaker ("said a source close to X")."""
        words = np.split()
        if not words or words[0].casefold() in _INTRO or words[0].casefold() in _TIME_WORDS:
            return False
        if words[0].casefold() in {"it", "that", "this", "to", "in", "there"}:
            return False
        return bool(re.search(r"[A-Za-z]", np)) and not all(
            w.casefold() in _DETERMINERS or w.casefold() in _FUNCTION_WORDS for w in words
        )

    def _known(self, name: str) -> bool:
        return self.index.resolve(name) is not None

    def _make(self, np: str, cue: str, cue_pos: int, pos: int) -> Attribution:
        # A pronoun's antecedent precedes the pronoun itself, which may come before the quote.
        where = min(pos, max(0, cue_pos - len(np) - 1))
        return Attribution(self.resolve(np, where), " ".join(cue.casefold().split()), np, cue_pos)

    def _from_right(self, right: str, base: int, pos: int) -> Attribution | None:
        """Attribution after the closing mark: ``, X said`` / ``, said X`` / ``, according to X``."""
        lead = re.match(r"^[\s,—–-]*", right)
        off = lead.end() if lead else 0
        rest = right[off:]
        m = _RE_ACCORDING.match(rest)
        if m:
            np = _np_after(rest[m.end() :])
            return self._make(np, "according to", base + off, pos) if self._after_ok(np) else None
        c = _RE_CUE_ANY.search(rest)
        if c is None:
            return None
        pre = rest[: c.start()]
        cue = c.group("cue")
        as_m = re.match(r"^as\s+", pre)
        if as_m:
            # "... "x y z," as Jane Doe said": the subject follows "as".
            pre = pre[as_m.end() :]
        if not pre.strip():
            if cue.casefold() in _INVERTIBLE:
                np = _np_after(rest[c.end() :])
                if self._after_ok(np):
                    return self._make(np, cue, base + off + c.start(), pos)
            return None
        if len(pre.split()) > 16 or re.search(r"[\"“”]", pre):
            return None
        # The subject follows the mark at once ("... x," Jane Doe said), not a clause
        # ("... "x y z" of Doe, whom he called").
        if pre.split()[0].casefold() in _FUNCTION_WORDS | {"whom", "whose", "where", "when"}:
            return None
        subj = subject_for(pre, cue, self._known)
        if subj and _np_ok(subj):
            return self._make(subj, cue, base + off + c.start(), pos)
        return None

    def _from_left(self, left: str, base: int, pos: int) -> Attribution | None:
        """Attribution before the opening mark: ``X said:`` / ``according to X,`` / partial quotes."""
        acc = list(_RE_ACCORDING.finditer(left))
        if acc and not re.search(r"[\"“”]", left[acc[-1].end() :]):
            np = _np_after(left[acc[-1].end() :])
            if self._after_ok(np):
                return self._make(np, "according to", base + acc[-1].start(), pos)
        for c in reversed(list(_RE_CUE_ANY.finditer(left))):
            cue = c.group("cue")
            word = cue.split()[0].casefold()
            subj = subject_for(left[: c.start()], cue, self._known)
            if subj and _np_ok(subj):
                return self._make(subj, cue, base + c.start(), pos)
            if word in _INVERTIBLE:
                # "said X:" before the quote.
                m2 = re.match(r"\s+(?P<np>[^,:\"“”]{1,80})[:,]\s*$", left[c.end() :])
                if m2 and _np_ok(m2.group("np").strip()):
                    return self._make(m2.group("np").strip(), cue, base + c.start(), pos)
        return None

    def _from_sentence_right(self, right: str, base: int, pos: int) -> Attribution | None:
        """A partial quote with its attribution later in the sentence ("... "x y z" now, X said.")."""
        for m in re.finditer(r",\s+", right):
            a = self._from_right(right[m.start() :], base + m.start(), pos)
            if a:
                return a
        return None

    def _from_byline(self, right: str, base: int, pos: int) -> Attribution | None:
        """Epigraph style: ``"..." ― Jane Doe`` (a dash and a bare name closing the line)."""
        m = re.match(
            r"^[ \t]*(?:[―—–]|\s-\s?)[ \t]*(?P<np>" + _NAME_SEQ.pattern + r")[ \t]*(?:[.,;]|$)",
            right,
            re.MULTILINE,
        )
        if not m:
            return None
        np = m.group("np").strip()
        n = len(np.split())
        if not _looks_name(np) or not (1 < n <= 5 or (n == 1 and self._known(np))):
            return None
        end = m.end()
        # "― Jane Doe, a teacher" is fine; "― Jane Doe, said" is a clause, not a byline.
        if right[end - 1 : end] in {",", ";"} and _RE_CUE_ANY.match(right[end:].lstrip()):
            return None
        return Attribution(self.resolve(np, pos), None, np, base + m.start("np"))

    def _from_label(self, left: str, base: int, pos: int) -> Attribution | None:
        """Transcript style: ``Rep. Jane Doe (D-Ohio): "..."`` or ``Headline - Jane Doe: "..."``."""
        if not left.rstrip().endswith(":"):
            return None
        label = _strip_parens(left).strip()[:-1].strip()
        # "Headline words - Jane Doe: "..."": the label after the last dash.
        label = re.split(r"\s[-—–]\s|—|–", label)[-1].strip()
        n = len(label.split())
        if _looks_name(label) and (1 < n <= 6 or (n == 1 and self._known(label))):
            return Attribution(self.resolve(label, pos), None, label, base)
        return None

    def _from_colon(self, left: str, base: int, pos: int) -> Attribution | None:
        """A sentence that introduces the quote with a colon and no speech verb ("X took the stage:")."""
        if not left.rstrip().endswith(":"):
            return None
        label = self._from_label(left, base, pos)
        if label:
            return label
        subj = leading_subject(left.rstrip()[:-1], self._known)
        if not subj or not _np_ok(subj):
            return None
        after = left[left.find(subj) + len(subj) :].split() if subj in left else []
        verb = after[0].strip(",:") if after else ""
        if not _verb_like(verb):
            # No verb right after the subject: a label ("Transcript:"), not a speaker.
            return None
        return Attribution(self.resolve(subj, pos), verb.casefold(), subj, base)

    def _from_main_clause(self, left: str, base: int, pos: int) -> Attribution | None:
        """A partial quote in a sentence whose subject is a known person ("X decried the "...")."""
        if not left.strip() or re.search(r"[\"“”]", left):
            return None
        subj = leading_subject(left, self._known)
        if not subj or not _np_ok(subj):
            return None
        person = subj.casefold() in _PERSONAL or any(
            self.index.resolve(" ".join(subj.split()[i:])) for i in range(len(subj.split()))
        )
        if not person:
            return None
        i = left.find(subj)
        after = left[i + len(subj) :].split() if i >= 0 else []
        while after and (
            after[0].startswith(",")
            or (after[0].casefold() in _TRAIL_DROP and not _verb_like(after[0]))
        ):
            after = after[1:]
        verb = next((w.strip(",:") for w in after[:3] if _verb_like(w.strip(",:"))), None)
        if verb is None:
            return None
        return Attribution(self.resolve(subj, pos), verb.casefold(), subj, base)

    def _from_right_verb(self, right: str, base: int, pos: int) -> Attribution | None:
        """``"...," Jane Doe fumed`` -- any verb right after a known person or he/she."""
        m = re.match(
            r"^[\s,—–-]*(?P<np>" + _NAME_SEQ.pattern + r"|he|she)\s+(?P<verb>[a-z]+)\b", right
        )
        if not m:
            return None
        # ``base`` is just past the closing mark: the character before that mark.
        closing = self.text[base - 2] if base >= 2 else ""
        if not re.match(r"^\s*[,—–-]", right) and closing not in {",", "?", "!"}:
            # ""x y z" Jane Doe ran ..." continues the sentence; only a quote that ends
            # its clause (",", "?", "!" or a comma after the mark) is followed by its speaker.
            return None
        np = m.group("np")
        if np.casefold() not in _PERSONAL and not self.index.resolve(np):
            return None
        if not m.group("verb").endswith("ed") and m.group("verb") not in _IRREGULAR_PAST:
            return None
        return Attribution(self.resolve(np, pos), m.group("verb"), np, base + m.start("verb"))

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
            or Attribution()
        )
