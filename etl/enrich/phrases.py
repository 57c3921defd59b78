"""The grammar of attributions: speech cues, titles, and the speaker phrase around a quote.

Pure string functions over one sentence at a time, used by :mod:`etl.enrich.cues` and
:mod:`etl.enrich.speakers`: the cue verbs (``said``, ``told``, ``according to``), the word
lists that tell a name from a description or an introductory phrase, and the phrase after
an inverted cue. The subject before a cue is :mod:`etl.enrich.subjects`; where a sentence
starts and ends is :mod:`etl.enrich.sentences`.
"""

from __future__ import annotations

import re


def wordset(words: str) -> frozenset[str]:
    """A frozenset from a space-separated word list (keeps long lists readable)."""
    return frozenset(words.split())


# Speech verbs that can stand on either side of their subject ("X said" / "said X").
INVERTIBLE = wordset(
    "said says added adds asked asks wrote writes continued continues explained explains "
    "noted recalled recalls replied replies responded responds warned warns argued argues "
    "insisted insists tweeted concluded declared stated remarked observed countered quipped "
    "joked cautioned acknowledged conceded exclaimed echoed reported reports notes remembered "
    "retaliated states read reads declares agrees concludes observes"
)
# Speech verbs that only follow their subject ("X told Reuters", "X called it ...").
# Present forms that are also common nouns ("states", "claims", "calls") are left out.
SUBJECT_FIRST = wordset(
    "told tells announced announces admitted admits suggested suggests stressed stresses "
    "emphasized emphasised urged urges claimed complained complains vowed predicted promised "
    "asserted asserts contended contends boasted boasts pledged confirmed denied alleged "
    "proclaimed lamented mused wondered testified shouted yelled whispered called described "
    "labeled labelled dubbed branded posted maintained charged scoffed barked boomed snapped "
    "reads revealed reveals commented opined pleaded begged cried chanted agreed agrees "
    "explained blasted slammed praised mocked ridiculed decried bemoaned blamed referred "
    "questioned criticized criticised accused retorted spoke write interjected recounted "
    "reiterated underscored elaborated clarified confessed texted emailed messaged answered "
    "bragged marveled marvelled gushed enthused sneered taunted groused griped sighed "
    "assured assures "
    "written"  # "X has written" (after "was" or "been" it is passive, no cue)
)
# Plain speech verbs: beside a lone capitalised word they mark a person ("Doe said",
# "said Doe"); a subset of the cues above, without the ones a company or a thing can take.
SPEECH_VERBS = wordset(
    "said says told tweeted wrote writes added asked explained argued insisted noted "
    "replied responded stated claimed recalled warned announced"
)
# Participles whose subject is the subject of the main clause ("X left, saying ...").
PARTICIPLES = wordset(
    "saying adding telling asking noting writing calling describing arguing warning "
    "explaining declaring insisting stating claiming suggesting urging vowing tweeting "
    "calling dubbing labeling labelling branding referring interjecting reiterating "
    "stressing admitting commenting recounting"
)
# Two-word cues: a verb and its particle.
_PHRASAL = (
    r"(?:pointed|points|pointing)\s+out|(?:fired|fires|shot|shoots|hit|hits)\s+back"
    r"|(?:put|puts|putting)\s+it"  # "as Jane Doe put it, ..."
    r"|(?:chimed|chimes|chiming|weighed|weighs|weighing)\s+in|(?:piped|pipes|piping)\s+up"
    r"|(?:pushed|pushes|pushing)\s+back|(?:summed|sums|summing)\s+(?:it\s+)?up"
)

# "Tweet" is a brand's word and often keeps its capital mid-sentence ("Doe Tweeted:").
_CUE_WORDS = sorted(INVERTIBLE | SUBJECT_FIRST | PARTICIPLES | {"Tweeted", "Tweets", "Tweeting"},
                    key=len, reverse=True)
_CUE = r"(?:" + _PHRASAL + "|" + "|".join(_CUE_WORDS) + r")"
CUE_PATTERN = _CUE  # the speech cues, for scripts that score attributions

AUXILIARIES = wordset(
    "has have had is was are were be been will would shall should can could may might must "
    "does did do also"
)
PRONOUNS = wordset("he she they i we you it him her them who which that")
PERSONAL = frozenset({"he", "she"})

# Titles and honorifics stripped from the front of a surface name before matching.
# Offices and their abbreviations that both the canonicalizer and the speaker resolver strip.
# "Del." and "Det." are also first names without the full stop, so they count only with it.
SHARED_TITLES = wordset(
    "cmdr adm amb supt insp msgr cllr ald superintendent delegate councillor councilman "
    "councilwoman councilmember assemblyman assemblywoman alderman"
)
DOTTED_TITLES = frozenset({"del.", "det."})


def is_title(token: str) -> bool:
    """Whether ``token`` ("Sen.", "Supt.", "Del.") is a title of :data:`SHARED_TITLES` kind."""
    low = token.casefold()
    return low in DOTTED_TITLES or low.rstrip(".") in SHARED_TITLES


TITLES = SHARED_TITLES | wordset(
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
MALE = wordset(
    "mr sir lord he him his himself husband father son brother king prince man uncle "
    "grandfather chairman congressman spokesman businessman"
)
FEMALE = wordset(
    "mrs ms miss dame lady she her hers herself wife mother daughter queen princess woman "
    "aunt grandmother chairwoman congresswoman spokeswoman businesswoman"
)
DETERMINERS = wordset(
    "a an the another one some two three several many most other his her their its our"
)
# Words that open an introductory phrase before the subject ("In a statement, X said").
INTRO = wordset(
    "in on at after before during for with from as since while when although though if until "
    "by to of about over under into through despite amid among following speaking asked "
    "however meanwhile still instead also later earlier now then today yesterday tonight "
    "separately similarly again first finally moreover indeed yet there here once"
)
# Words dropped from the end of a subject ("X also said", "X has said", "X quickly said").
TRAIL_DROP = wordset(
    "has have had would will did does also later then once previously recently repeatedly "
    "often reportedly simply just again further similarly still even too subsequently "
    "long never always already is was were are be been could should might may must can however "
    "instead meanwhile publicly privately initially originally finally"
)
_NP_STOPWORDS = wordset(
    "who which that when while after before during in on at as because if since adding "
    "referring speaking noting according to about"
)
ABBREVIATIONS = wordset(
    "mr mrs ms dr sen rep gov gen col capt lt sgt st jr sr prof rev no vs etc inc corp co "
    "ltd u.s a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec mt ft "
    "cmdr adm amb supt insp msgr ald del det mx fr cllr"
)
IRREGULAR_PAST = wordset(
    "sought told said gave took made went came got spoke wrote left met ran won lost put kept "
    "held brought began became found thought felt stood sat saw led sent spent struck took"
)
FUNCTION_WORDS = wordset(
    "to that who which whose and or but in on at by for with from as of after before during "
    "since until because if when while than"
)
TIME_WORDS = wordset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
    "january february march april may june july august september october november december "
    "last next this earlier later"
)
# Nouns of time, never the head of a speaker phrase ("said the days when ...").
PERIOD_NOUNS = wordset(
    "day days week weeks month months year years decade decades century hour hours minute "
    "minutes moment moments time times era morning evening afternoon night weekend"
)
# Heads of speaker phrases that are documents or bodies, never a person holding a role.
NOT_PERSON = wordset(
    "statement report letter email e-mail ad advert website site poll survey study book "
    "article editorial memo document tweet post video transcript release analysis complaint "
    "lawsuit ruling order campaign committee group board agency department company office "
    "newspaper paper magazine network station show program programme government ministry "
    "council court party team union organization organisation association foundation"
)
POSSESSIVE = re.compile(r"[’']s?$")
WORD = re.compile(r"[\w’'.-]+")
_NAME_TOKEN = (
    r"(?:[A-Z](?:[\w’'-]|\.[A-Z])*\.?"
    r"|(?:de|van|von|bin|al|da|del|der|la|le|du|di)(?=\s+[A-Z]))"
)
NAME_SEQ = re.compile(_NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r")*")
# Words no speaker phrase holds (a clause, not a noun phrase).
BAD_NP_WORDS = wordset(
    "that which because if when although though whether was were is are be been being "
    "this these those there here it its not"
)


def norm_name(s: str) -> str:
    """Casefold and drop possessive endings and surrounding punctuation."""
    s = s.strip().strip('.,;:!?"“”‘()[]').strip().casefold()
    s = POSSESSIVE.sub("", s) if s.endswith(("’s", "'s", "’", "'")) else s
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
    return POSSESSIVE.sub("", out[-1]) if out else ""


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


def looks_name(seg: str) -> bool:
    """Whether a segment is a bare capitalised name ("Jane Doe")."""
    m = NAME_SEQ.fullmatch(seg.strip())
    return bool(m) and seg.strip().split()[0].casefold() not in DETERMINERS


def verb_like(word: str) -> bool:
    """Whether a lowercase word looks like a finite verb (ends the subject it follows)."""
    low = word.casefold()
    if not word.islower():
        return False
    return (
        low in IRREGULAR_PAST
        or low in TRAIL_DROP
        or low in INVERTIBLE
        or low in SUBJECT_FIRST
        or low.endswith("ed")
        or (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(("ss", "us", "is", "’s", "'s"))
            and low not in FUNCTION_WORDS
        )
    )


def np_ok(np: str) -> bool:
    """Whether a phrase can plausibly be a speaker."""
    words = np.split()
    if not words or len(words) > 10:
        return False
    if words[0].casefold() in INTRO or words[0].casefold() in TIME_WORDS:
        return False
    if any(w.casefold() in BAD_NP_WORDS for w in words) and words[-1].casefold() not in PRONOUNS:
        return False
    if all(w.casefold() in DETERMINERS or w.casefold() in FUNCTION_WORDS for w in words):
        return False
    if words[-1] in PERIOD_NOUNS:
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
