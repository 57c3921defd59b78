"""The grammar of attributions: speech cues, titles, and the speaker phrase around a quote.

Pure string functions over one sentence at a time, used by :mod:`etl.enrich.cues` and
:mod:`etl.enrich.speakers`: the cue verbs (``said``, ``told``, ``according to``), the word
lists that tell a name from a description or an introductory phrase, and the subject of a
cue on either side of it. Where a sentence starts and ends is :mod:`etl.enrich.sentences`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence


def _wordset(words: str) -> frozenset[str]:
    """A frozenset from a space-separated word list (keeps long lists readable)."""
    return frozenset(words.split())


# Speech verbs that can stand on either side of their subject ("X said" / "said X").
INVERTIBLE = _wordset(
    "said says added adds asked asks wrote writes continued continues explained explains "
    "noted recalled recalls replied replies responded responds warned warns argued argues "
    "insisted insists tweeted concluded declared stated remarked observed countered quipped "
    "joked cautioned acknowledged conceded exclaimed echoed reported reports notes remembered "
    "retaliated states read reads declares agrees concludes observes"
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
# Plain speech verbs: beside a lone capitalised word they mark a person ("Doe said",
# "said Doe"); a subset of the cues above, without the ones a company or a thing can take.
SPEECH_VERBS = _wordset(
    "said says told tweeted wrote writes added asked explained argued insisted noted "
    "replied responded stated claimed recalled warned announced"
)
# Participles whose subject is the subject of the main clause ("X left, saying ...").
_PARTICIPLES = _wordset(
    "saying adding telling asking noting writing calling describing arguing warning "
    "explaining declaring insisting stating claiming suggesting urging vowing tweeting "
    "calling dubbing labeling labelling branding referring"
)
# Two-word cues: a verb and its particle.
_PHRASAL = (
    r"(?:pointed|points|pointing)\s+out|(?:fired|fires|shot|shoots|hit|hits)\s+back"
    r"|(?:put|puts|putting)\s+it"  # "as Jane Doe put it, ..."
)

_CUE_WORDS = sorted(INVERTIBLE | _SUBJECT_FIRST | _PARTICIPLES, key=len, reverse=True)
_CUE = r"(?:" + _PHRASAL + "|" + "|".join(_CUE_WORDS) + r")"
CUE_PATTERN = _CUE  # the speech cues, for scripts that score attributions

AUXILIARIES = _wordset(
    "has have had is was are were be been will would shall should can could may might must "
    "does did do also"
)
PRONOUNS = _wordset("he she they i we you it him her them who which that")
PERSONAL = frozenset({"he", "she"})

# Titles and honorifics stripped from the front of a surface name before matching.
# Offices and their abbreviations that both the canonicalizer and the speaker resolver strip.
# "Del." and "Det." are also first names without the full stop, so they count only with it.
SHARED_TITLES = _wordset(
    "cmdr adm amb supt insp msgr cllr ald superintendent delegate councillor councilman "
    "councilwoman councilmember assemblyman assemblywoman alderman"
)
DOTTED_TITLES = frozenset({"del.", "det."})


def is_title(token: str) -> bool:
    """Whether ``token`` ("Sen.", "Supt.", "Del.") is a title of :data:`SHARED_TITLES` kind."""
    low = token.casefold()
    return low in DOTTED_TITLES or low.rstrip(".") in SHARED_TITLES


TITLES = SHARED_TITLES | _wordset(
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
MALE = _wordset(
    "mr sir lord he him his himself husband father son brother king prince man uncle "
    "grandfather chairman congressman spokesman businessman"
)
FEMALE = _wordset(
    "mrs ms miss dame lady she her hers herself wife mother daughter queen princess woman "
    "aunt grandmother chairwoman congresswoman spokeswoman businesswoman"
)
DETERMINERS = _wordset(
    "a an the another one some two three several many most other his her their its our"
)
_LEADING_JUNK = _wordset("and but so yet or then while as because also even though although when")
# Words that open an introductory phrase before the subject ("In a statement, X said").
INTRO = _wordset(
    "in on at after before during for with from as since while when although though if until "
    "by to of about over under into through despite amid among following speaking asked "
    "however meanwhile still instead also later earlier now then today yesterday tonight "
    "separately similarly again first finally moreover indeed yet there here once"
)
# Words dropped from the end of a subject ("X also said", "X has said", "X quickly said").
TRAIL_DROP = _wordset(
    "has have had would will did does also later then once previously recently repeatedly "
    "often reportedly simply just again further similarly still even too subsequently "
    "long never always already is was were are be been could should might may must can however "
    "instead meanwhile publicly privately initially originally finally"
)
_NP_STOPWORDS = _wordset(
    "who which that when while after before during in on at as because if since adding "
    "referring speaking noting according to about"
)
ABBREVIATIONS = _wordset(
    "mr mrs ms dr sen rep gov gen col capt lt sgt st jr sr prof rev no vs etc inc corp co "
    "ltd u.s a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec mt ft "
    "cmdr adm amb supt insp msgr ald del det mx fr cllr"
)
IRREGULAR_PAST = _wordset(
    "sought told said gave took made went came got spoke wrote left met ran won lost put kept "
    "held brought began became found thought felt stood sat saw led sent spent struck took"
)
FUNCTION_WORDS = _wordset(
    "to that who which whose and or but in on at by for with from as of after before during "
    "since until because if when while than"
)
TIME_WORDS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "january february march april may june july august september october november december "
    "last next this earlier later"
)
# Heads of speaker phrases that are documents or bodies, never a person holding a role.
NOT_PERSON = _wordset(
    "statement report letter email e-mail ad advert website site poll survey study book "
    "article editorial memo document tweet post video transcript release analysis complaint "
    "lawsuit ruling order campaign committee group board agency department company office "
    "newspaper paper magazine network station show program programme government ministry "
    "council court party team union organization organisation association foundation"
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(?:\([^)]*\))?\s*[—–-]+\s*")
_POSSESSIVE = re.compile(r"[’']s?$")
WORD = re.compile(r"[\w’'.-]+")
_NAME_TOKEN = r"(?:[A-Z](?:[\w’'-]|\.[A-Z])*\.?|(?:de|van|von|bin|al|da|del|der|la|le|du|di)(?=\s+[A-Z]))"
NAME_SEQ = re.compile(_NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r")*")
_BAD_NP_WORDS = _wordset(
    "that which because if when although though whether was were is are be been being "
    "this these those there here it its not"
)


def norm_name(s: str) -> str:
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
    while i < len(toks) - 1 and (toks[i].casefold().rstrip(".") in TITLES or is_title(toks[i])):
        i += 1
    return " ".join(toks[i:]) if toks[i:] else name


def head_noun(phrase: str) -> str:
    """The head noun of a simple noun phrase: the last word before a preposition or clause.

    Args:
        phrase: e.g. ``"a spokeswoman for the ministry"``.

    Returns:
        The casefolded head word (``"spokeswoman"``), or ``""`` for an empty phrase.
    """
    words = [w.casefold() for w in WORD.findall(phrase)]
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


# After an article the word is a noun ("a saying"), after "to" an infinitive ("opted to
# write"); a participle after a form of "be" is passive ("has been dubbed", "was told"), so
# its subject is not the speaker. "-ing" forms after "be" are progressive and stay cues.
_NOT_VERB = "".join(rf"(?<!\b{w} )" for w in ("a", "A", "an", "An", "the", "The", "to"))
_PASSIVE = "".join(rf"(?<!\b{w} )" for w in ("is", "are", "was", "were", "be", "been", "being"))
_ING = sorted((w for w in _CUE_WORDS if w.endswith("ing")), key=len, reverse=True)
_FINITE = sorted((w for w in _CUE_WORDS if not w.endswith("ing")), key=len, reverse=True)
# A cue word glued to the word before it by a hyphen is an adjective ("the so-called
# deal", "a much-touted plan"), not a verb.
RE_CUE_ANY = re.compile(
    r"\b(?<!-)" + _NOT_VERB + r"(?P<cue>" + "|".join(_ING) + "|" + _PASSIVE
    + r"(?:" + _PHRASAL + "|" + "|".join(_FINITE) + r"))\b"
)
RE_ACCORDING = re.compile(r"\b(?:according\s+to|in\s+the\s+words\s+of)\s+", re.IGNORECASE)


def strip_parens(s: str) -> str:
    """Drop parentheticals ("Jane Doe (D-Ohio) said") that would split a subject."""
    return re.sub(r"\([^()]*\)", " ", s)


def _is_abbrev(word: str) -> bool:
    """Whether a word ending in a full stop is an abbreviation or an initial."""
    w = word.rstrip(".").casefold()
    return w in ABBREVIATIONS or len(w) == 1 or "." in w


def np_after(s: str) -> str:
    """The speaker phrase that follows an inverted cue ("said Jane Doe, the minister.").

    Args:
        s: text right after the cue.

    Returns:
        The phrase up to the first clause break, at most ten words.
    """
    out: list[str] = []
    for tok in strip_parens(s).split():
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
        words[-1].casefold() in TRAIL_DROP or _trailing_adverb(words)
    ):
        words = words[:-1]
    return words


# Nouns that end like adverbs; after a possessive or a determiner any -ly word is one.
_LY_NOUNS = _wordset("family ally assembly rally supply monopoly anomaly homily daily weekly "
                     "quarterly monthly bully")


def _trailing_adverb(words: Sequence[str]) -> bool:
    """Whether the last word is an adverb ("Doe repeatedly"), not a noun ("Doe's family")."""
    last = words[-1]
    if not (last.islower() and last.endswith("ly")) or last in _LY_NOUNS:
        return False
    before = words[-2].casefold() if len(words) > 1 else ""
    return not (before in DETERMINERS or _POSSESSIVE.search(before))


def looks_name(seg: str) -> bool:
    """Whether a segment is a bare capitalised name ("Jane Doe")."""
    m = NAME_SEQ.fullmatch(seg.strip())
    return bool(m) and seg.strip().split()[0].casefold() not in DETERMINERS


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
    if len(words) == 1 and words[0].casefold() in TRAIL_DROP:
        return ""
    if len(words) <= 8 and not any(w.casefold() in _BAD_NP_WORDS for w in words):
        return " ".join(words)
    joined = " ".join(words)
    m_of = re.search(r"(?<![\w’'-])(?P<name>" + NAME_SEQ.pattern + r")\s+(?:of|from|at)\s", joined)
    if m_of and len(m_of.group("name").split()) > 1:
        # "Jane Doe of the Institute for Harbour Studies": the person.
        return m_of.group("name")
    m = re.search(r"(?<![\w’'-])" + NAME_SEQ.pattern + r"$", joined)
    return m.group(0) if m and len(m.group(0).split()) < len(words) else ""


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
                if not _POSSESSIVE.search(m0.group(0)):
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
            if (verb_like(bare) and not _plural_noun(words, i)) or bare.casefold() in FUNCTION_WORDS:
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
    if _POSSESSIVE.search(in_span[-1]) and span[-1][:1].islower():
        # "Jane Doe's doctor is calling ...": the one she owns speaks, not she.
        owner = list(span).index(in_span[-1].split()[0])
        return " ".join(span[owner:])
    # "Jane Doe's campaign manager Robby Mook": the name after the owner's.
    in_span = [n for n in in_span if not _POSSESSIVE.search(n)] or in_span
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
    if low in IRREGULAR_PAST or low in TRAIL_DROP or low in INVERTIBLE or low in _SUBJECT_FIRST:
        return False
    nxt = words[i + 1].strip(",")
    return nxt.islower() and (
        nxt in IRREGULAR_PAST or nxt.endswith("ed") or (nxt in AUXILIARIES and nxt != "also")
    )


def verb_like(word: str) -> bool:
    """Whether a lowercase word looks like a finite verb (ends the subject it follows)."""
    low = word.casefold()
    if not word.islower():
        return False
    return (
        low in IRREGULAR_PAST
        or low in TRAIL_DROP
        or low in INVERTIBLE
        or low in _SUBJECT_FIRST
        or low.endswith("ed")
        or (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is", "’s", "'s"))
            and low not in FUNCTION_WORDS
        )
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
    if cue.split()[0].casefold() in _PARTICIPLES:
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


def np_ok(np: str) -> bool:
    """Whether a phrase can plausibly be a speaker."""
    words = np.split()
    if not words or len(words) > 10:
        return False
    if words[0].casefold() in INTRO or words[0].casefold() in TIME_WORDS:
        return False
    if any(w.casefold() in _BAD_NP_WORDS for w in words) and words[-1].casefold() not in PRONOUNS:
        return False
    if all(w.casefold() in DETERMINERS or w.casefold() in FUNCTION_WORDS for w in words):
        return False
    return bool(re.search(r"[A-Za-z]", np))


_PRONOUN_WORDS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})


def gender_of(text: str, name: str) -> str | None:
    """The gender ``text`` gives the full name ``name``, from evidence next to it.

    Gendered words just before a mention ("his wife, Jane Doe", "Mrs.") vote, and so does
    the first he/she/him/his/her after a mention that opens its sentence.

    Args:
        text: the article.
        name: a full name as written in it.

    Returns:
        ``"m"``, ``"f"``, or None when the votes tie or there are none.
    """
    votes = {"m": 0, "f": 0}
    # A bare surname is shared by the family: only its own honorific speaks for it.
    bare = len(name.split()) == 1
    for hit in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text):
        before = [w.casefold() for w in WORD.findall(text[max(0, hit.start() - 30) : hit.start()])]
        if bare:
            if before and text[hit.start() - 1 : hit.start()].isspace():
                w = before[-1].rstrip(".")
                votes["m"] += w in {"mr", "sir", "lord"}
                votes["f"] += w in {"mrs", "ms", "miss", "dame", "lady"}
            continue
        for w in before[-3:]:
            w = w.rstrip(".")
            if w in _PRONOUN_WORDS:
                continue  # "his wife, Jane Doe": the pronoun is the husband's
            votes["m"] += w in MALE
            votes["f"] += w in FEMALE
        if not re.search(r"(?:^|[.!?][\"”’]?\s+|\n)$", text[max(0, hit.start() - 3) : hit.start()]):
            continue  # a pronoun later in the sentence may be its subject's, not this name's
        sentence = re.split(r"[.!?]\s", text[hit.end() : hit.end() + 200], maxsplit=1)[0]
        words = [w.casefold() for w in WORD.findall(sentence)]
        first = next((w for w in words if w in {"he", "him", "his", "she", "her"}), None)
        if first:
            votes["f" if first in {"she", "her"} else "m"] += 1
    if votes["m"] == votes["f"]:
        return None
    return "m" if votes["m"] > votes["f"] else "f"
