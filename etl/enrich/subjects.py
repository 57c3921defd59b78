"""The subject of a speech cue: who a sentence says spoke.

Pure string functions over the text around one cue, built on the word lists of
:mod:`etl.enrich.phrases`: the subject right before a cue ("Jane Doe, the minister, said"),
the subject that opens the sentence of a participle or a second verb ("Jane Doe left the
stage, saying ..."), and the short noun phrase either can be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from etl.enrich.phrases import (
    AUXILIARIES,
    BAD_NP_WORDS,
    DETERMINERS,
    FUNCTION_WORDS,
    INTRO,
    INVERTIBLE,
    IRREGULAR_PAST,
    NAME_SEQ,
    PARTICIPLES,
    POSSESSIVE,
    PRONOUNS,
    SPEECH_VERBS,
    SUBJECT_FIRST,
    TRAIL_DROP,
    looks_name,
    strip_parens,
    verb_like,
    wordset,
)

__all__ = ["leading_subject", "subject_before", "subject_for"]


_LEADING_JUNK = wordset("and but so yet or then while as because also even though although when")


# Conjunctions that open a new clause, and with it a new subject, after a comma.
_CLAUSE_JOIN = wordset("but and while whereas yet so")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(?:\([^)]*\))?\s*[—–-]+\s*")




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
        # Lower case only: a capitalised one is a surname ("Theresa May", "Ann Still").
        (words[-1].islower() and words[-1] in TRAIL_DROP) or _trailing_adverb(words)
        or (words[-1].casefold() in _DAY_WORDS and len(words) > 2)
    ):
        # "Doe later Thursday told", "Doe on Monday said": the time, not the speaker.
        if words[-1].casefold() in _DAY_WORDS and words[-2].casefold() in _DAY_LEAD:
            words = words[:-1]
        words = words[:-1]
    return words


_DAY_WORDS = wordset("monday tuesday wednesday thursday friday saturday sunday today "
                     "yesterday tonight")
_DAY_LEAD = wordset("on late early later earlier last this")


# Nouns that end like adverbs; after a possessive or a determiner any -ly word is one.
_LY_NOUNS = wordset("family ally assembly rally supply monopoly anomaly homily daily weekly "
                     "quarterly monthly bully")


def _trailing_adverb(words: Sequence[str]) -> bool:
    """Whether the last word is an adverb ("Doe repeatedly"), not a noun ("Doe's family")."""
    last = words[-1]
    if not (last.islower() and last.endswith("ly")) or last in _LY_NOUNS:
        return False
    before = words[-2].casefold() if len(words) > 1 else ""
    return not (before in DETERMINERS or POSSESSIVE.search(before))


def _is_intro(seg: str) -> bool:
    """Whether a comma segment is an introductory phrase rather than a subject."""
    words = seg.split()
    if not words:
        return True
    first = words[0].casefold()
    return first in INTRO or first.endswith("ing") or (len(words) == 1 and first.endswith("ly"))


def _short_np(words: list[str]) -> str:
    """A plausible subject from a short word list, or ``""``."""
    words = _trim_words(words)
    if not words:
        return ""
    if words[-1].casefold() in PRONOUNS:
        return words[-1]
    if len(words) == 1 and words[0].islower() and words[0] in TRAIL_DROP:
        return ""
    if _gerund_clause(words):
        return ""
    if len(words) <= 8 and not any(w.casefold() in BAD_NP_WORDS for w in words):
        return " ".join(words)
    joined = " ".join(words)
    m_of = re.search(r"(?<![\w’'-])(?P<name>" + NAME_SEQ.pattern + r")\s+(?:of|from|at)\s", joined)
    if m_of and len(m_of.group("name").split()) > 1:
        # "Jane Doe of the Institute for Harbour Studies": the person.
        return m_of.group("name")
    m = re.search(r"(?<![\w’'-])" + NAME_SEQ.pattern + r"$", joined)
    return m.group(0) if m and len(m.group(0).split()) < len(words) else ""


def _gerund_clause(words: Sequence[str]) -> bool:
    """Whether ``words`` are a verb in -ing with its object ("giving", "winning the key",
    "saying she"), which no subject is; "visiting professor Jane Doe" is one."""
    first = words[0]
    if not (first.islower() and first.endswith("ing") and len(first) > 5):
        return False
    nxt = words[1].casefold() if len(words) > 1 else ""
    return not nxt or nxt in DETERMINERS or nxt in PRONOUNS or nxt in FUNCTION_WORDS


# Verbs taking a clause right after them ("told" and "asked" take an object first).
_REPORT = re.compile(
    r"\s(?:" + "|".join(sorted(SPEECH_VERBS - {"told", "asked"})) + r")(?:\s+that)?\s")


def _after_report(seg: str) -> str:
    # Only a short remainder is the reported subject; a longer one is the reported clause.
    rest = _REPORT.split(f" {seg} ")[-1].strip()
    short = rest and len(rest.split()) <= 4 and rest.split()[0].casefold() not in INTRO
    return rest if short else seg


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
    s = strip_parens(s)
    clause = re.split(r"[;:\"“”]", s)[-1]
    words = clause.split()
    while words and words[-1] in TRAIL_DROP:
        # "Jane Doe, the minister, has also said": auxiliaries before the cue.
        words = words[:-1]
    clause = " ".join(words) + (" " if words else "")
    ends_with_comma = clause.rstrip().endswith((",", "—", "–"))
    segs = [x.strip() for x in re.split(r",|—|–|\s-\s", clause)]
    segs = [x for x in segs if x]
    if not segs:
        return ""
    if ends_with_comma:
        # "He said his predecessor, Jane Doe, had dubbed it ...": the cue's subject is in
        # the reported clause, after the outer speech verb.
        segs = [_after_report(x) for x in segs]
        joined = [k for k, x in enumerate(segs) if x.split()[0].casefold() in _CLAUSE_JOIN
                  and len(x.split()) > 1 and x.split()[1][:1].isupper()
                  and any(verb_like(w) for seg in segs[:k] for w in seg.split())]
        if joined:
            # "Doe has been eager to leave, but Jane Roe, the chair, told ...": the subject
            # opens the last clause.
            segs = [segs[joined[-1]].split(None, 1)[1], *segs[joined[-1] + 1 :]]
        for i, seg in enumerate(segs):
            if _is_intro(seg) or seg.split()[0].casefold() in {"who", "which", "whose"}:
                continue
            cand = _short_np(seg.split())
            if not cand:
                return ""
            descriptive = (
                cand[:1].islower()
                or cand.split()[0].casefold() in DETERMINERS
                # "Doe's deputy, Jane Roe, said": a possessive opens a description.
                or (len(cand.split()) > 1 and cand.split()[0].endswith(("'s", "’s")))
            )
            if descriptive and i + 1 < len(segs) and looks_name(segs[i + 1]):
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
        if _two_roles(words):
            # "the former secretary of state and current nominee said": one person.
            return seg
        last = re.split(
            r"\s(?:that|and then|and|but|because|while|when|as|after|before|if|so)\s",
            " " + seg + " ",
        )[-1]
        return _short_np(last.split())
    return ""


def _two_roles(words: Sequence[str]) -> bool:
    """Whether ``words`` are one person's two roles joined by "and", opened by "the" and
    closed by a lower-case role noun ("the Vermont senator and presidential candidate")."""
    if len(words) > 14 or words[0].casefold() != "the" or "and" not in words[2:-1]:
        return False
    i = len(words) - 1 - words[::-1].index("and")
    tail = words[i + 1 :]
    return (
        tail[-1].islower()
        and tail[0].casefold() not in DETERMINERS
        and tail[0].casefold() not in PRONOUNS
        and not any(verb_like(w) for w in words[1:])
        and not any(w.casefold() in FUNCTION_WORDS - {"of", "and"} for w in words[1:])
    )


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
    s = _DATELINE.sub("", strip_parens(sentence).strip())
    s = re.split(r"[\"“”]", s)[0]
    for _ in range(3):
        if "," in s and _is_intro(s.split(",", 1)[0]):
            s = s.split(",", 1)[1].strip()
    if known is not None:
        for seg in [x.strip() for x in s.split(",")][:3]:
            m0 = NAME_SEQ.match(seg)
            if m0 and known(m0.group(0)):
                if not POSSESSIVE.search(m0.group(0)):
                    return m0.group(0)
                # "Jane Doe's spokesman ...": the subject is who she owns, or who follows.
                seg_words = seg.split()
                owned = _name_in_span(_span_to_verb(seg_words), seg_words)
                if owned:
                    return owned
    words = _trim_words(s.split())
    if not words:
        return ""
    first = words[0].strip(",").casefold()
    if first in PRONOUNS and first not in {"that", "which", "it", "who"}:
        return words[0].strip(",")
    head = " ".join(words[:8]).split(",")[0]
    names = [m.group(0) for m in NAME_SEQ.finditer(head)]
    names = [n for n in names if n.split()[0].casefold() not in DETERMINERS]
    if first in DETERMINERS:
        out = [words[0]]
        for i, w in enumerate(words[1:6], start=1):
            bare = w.strip(",")
            if (
                verb_like(bare) and not _plural_noun(words, i)
            ) or bare.casefold() in FUNCTION_WORDS:
                break
            out.append(bare)
            if w.endswith(","):
                break
        return " ".join(out) if len(out) > 1 else ""
    if names:
        if words[0][:1].isupper():
            # The subject runs up to the first verb ("Republican front-runner Jane Doe said");
            # a full name inside it wins over a lone capitalised modifier.
            found = _name_in_span(_span_to_verb(words), words)
            if found:
                return found
        multi = [n for n in names if len(n.split()) > 1]
        return (multi or names)[0]
    return ""


def _span_to_verb(words: Sequence[str]) -> list[str]:
    """The words of a sentence up to its first verb, a function word or a comma."""
    span: list[str] = []
    for i, w in enumerate(words[:10]):
        bare = w.strip(",")
        if ((verb_like(bare) and not _plural_noun(words, i))
                or bare.casefold() in FUNCTION_WORDS - {"of"}):
            break
        span.append(bare)
        if w.endswith(","):
            break
    return span


def _name_in_span(span: Sequence[str], words: Sequence[str]) -> str:
    """The speaker a subject span names ("Republican front-runner Jane Doe" -> "Jane Doe").

    Args:
        span: the subject, from :func:`_span_to_verb` over ``words``.
        words: the sentence's words.

    Returns:
        A full name inside it before a lone capitalised modifier; the phrase an owner's
        name opens ("Jane Doe's doctor"); a plural noun phrase ("Local unions"); or ``""``.
    """
    in_span = [m.group(0) for m in NAME_SEQ.finditer(" ".join(span))]
    if not in_span:
        return ""
    if POSSESSIVE.search(in_span[-1]) and span[-1][:1].islower():
        # "Jane Doe's doctor is calling ...": the one she owns speaks, not she.
        owner = list(span).index(in_span[-1].split()[0])
        return " ".join(span[owner:])
    # "Jane Doe's campaign manager Robby Mook": the name after the owner's.
    in_span = [n for n in in_span if not POSSESSIVE.search(n)] or in_span
    multi_in = [n for n in in_span if len(n.split()) > 1]
    if multi_in:
        return multi_in[-1] if len(multi_in) == 1 else multi_in[0]
    if span[-1].islower() and len(span) > 1 and _plural_noun(words, len(span) - 1):
        # "Local unions rejected ...": a plural noun heads the subject, not the name.
        return " ".join(span)
    return in_span[0]


def _plural_noun(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]``, verb-like by its -s, is a plural noun because a finite verb
    follows it ("Local unions rejected", "several groups have said"), not a verb."""
    word = words[i].strip(",")
    if i + 1 >= len(words) or words[i].endswith(",") or not word.endswith("s"):
        return False
    low = word.casefold()
    if low in IRREGULAR_PAST or low in TRAIL_DROP or low in INVERTIBLE or low in SUBJECT_FIRST:
        return False
    nxt = words[i + 1].strip(",")
    return nxt.islower() and (
        nxt in IRREGULAR_PAST or nxt.endswith("ed") or (nxt in AUXILIARIES and nxt != "also")
    )


_WITH_SUBJECT = re.compile(
    r"\bwith\s+(?P<np>(?:the\s+)?" + NAME_SEQ.pattern + r"(?:\s+(?:of|for)\s+" + NAME_SEQ.pattern
    + r")?)\s*$"
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
    if cue.split()[0].casefold() in PARTICIPLES:
        # "..., with the Acme Union calling her": the participle's own subject follows
        # "with" (no comma between them; after a comma it is the main clause's).
        absolute = _WITH_SUBJECT.search(before)
        if absolute:
            return absolute.group("np")
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
