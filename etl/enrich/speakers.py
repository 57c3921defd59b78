"""Who a speaker phrase is: the resolution of what a cue names to the article's people.

The cues themselves are found by :mod:`etl.enrich.cues`. A speaker phrase is resolved so:

* personal pronouns (he/she) -> the previous quote's named speaker when that quote
  opened at most 300 characters earlier, else the last named person mentioned before
  the pronoun, outside quotes, or the person opening that person's sentence. The
  previous speaker only when the gender is known to fit and nobody else of that gender
  opens a sentence in between, the last person unless it is known not to: a
  ``Mr``/``Ms``/``Mrs`` beside a mention, else the first name's usual gender
  (:mod:`etl.enrich.first_names`), else the article's own words (``gender_of``) tell it
  (the walk back is :class:`etl.enrich.antecedents.Antecedents`). They/we/I stay
  unresolved (None);
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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from etl.enrich.antecedents import Antecedents, NameMention
from etl.enrich.first_names import first_name_gender, is_first_name
from etl.enrich.name_shapes import looks_like_person
from etl.enrich.org_names import ORG_WORDS
from etl.enrich.people_index import PeopleIndex
from etl.enrich.phrases import (
    DETERMINERS,
    INTRO,
    NAME_SEQ,
    NOT_PERSON,
    PERSONAL,
    PRONOUNS,
    TIME_WORDS,
    TITLES,
    gender_of,
    strip_titles,
)
from etl.records import Person

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SpeakerResolver", "named_body", "whole_body"]

# How far (characters from one quote's opening mark to the next) a "he"/"she" goes on
# with the previous quote's named speaker. Chosen on PolNeAR dev with our pronoun labels
# (none: 0.656; 300: 0.695; 600: 0.662; 1000: 0.643; then, with the gender required to
# be known, 300: 0.714).
_SAME_SPEAKER_CHARS = 300

# "the 56-year-old", "The 57-year-old scientist".
_AGE_PHRASE = re.compile(r"^the\s+(?P<age>\d{1,3})-year-old(?:\s+[a-z]+)?$", re.IGNORECASE)
# Words after which a name is someone else than the speaker: "an aide to Jane Doe".
_LINKS = frozenset({"of", "to", "for", "with", "from", "by", "and"})


def _proper_object(words: Sequence[str]) -> bool:
    """Whether ``words`` (a preposition's object) are a bare proper noun: "Britain",
    "Health"; not a title ("to President Doe"), a possessive ("to Britain's Doe") or
    a common noun."""
    return 0 < len(words) <= 3 and all(
        w[:1].isupper() and not re.search(r"['’]s?$", w)
        and w.casefold().rstrip(".") not in TITLES and w.casefold() not in DETERMINERS
        for w in words
    )


def whole_body(
    speaker: str | None, org_names: Sequence[str], person_names: Iterable[str], window: str
) -> str | None:
    """Give back an organization the subject grammar cut short ("NASA's Office" of "NASA's
    Office of the Inspector General", "Economic Policy Research" of "the Centre for Economic
    Policy Research"): the one organization of the article that holds the speaker's words
    and is written in ``window``, the text around the quote.

    Args:
        speaker: a resolved speaker.
        org_names: the article's organization names.
        person_names: the article's people; a speaker within one of them stays.
        window: the text around the quote and its cue.

    Returns:
        That organization's name, else ``speaker``.
    """
    if not speaker or not speaker[:1].isupper():
        return speaker
    if any(o.casefold() == speaker.casefold() for o in org_names):
        return speaker  # already one of the article's organizations
    part = re.compile(r"(?<![\w’'])" + re.escape(speaker.casefold()) + r"(?![\w’'])")
    if any(part.search(p.casefold()) for p in person_names):
        return speaker  # "Volker" of Kurt Volker, whatever organization names him
    # A comma inside a name is a list the model ran together ("Big Machine, Braun").
    found = [o for o in org_names
             if len(o) > len(speaker) and "," not in o and part.search(o.casefold())
             and o in window]
    return found[0] if len(found) == 1 else speaker


def named_body(speaker: str | None, names: Iterable[str],
               aliases: Mapping[str, str] | None = None) -> str | None:
    """Name a body as the article's entities do: drop the article before an organization or
    place the article names ("The Arab League called it" -> "Arab League"), and give an
    organization's other spelling its stored name ("Nato said" -> "NATO").

    Args:
        speaker: a resolved speaker.
        names: the article's organization and place names, as stored.
        aliases: an organization's name by each of its aliases, casefolded.

    Returns:
        The entity's name when ``speaker``, "the" set aside, is an alias in ``aliases`` or,
        after "the", one of ``names``; else ``speaker``.
    """
    if not speaker:
        return speaker
    the = re.match(r"[Tt]he\s", speaker)
    rest = (speaker[4:].strip() if the else speaker).casefold()
    if aliases and rest in aliases:
        return aliases[rest]
    if not the:
        return speaker
    return next((n for n in names if n.casefold() == rest), speaker)


# How far back a "they" or "it" looks for the organization it stands for.
_BODY_CHARS = 600


class SpeakerResolver:
    """Resolve the speaker phrases of one article's quotes to its people.

    Args:
        text: the article text.
        people: the article's canonical people.
        doc: the spaCy Doc of ``text`` (NER used for person mentions) or None.
        quote_spans: (start, end) of every quote found, mark to mark, so that names
            inside quotes are not taken as antecedents.
        bodies: the article's organization names, for "they" and "it" (see
            :meth:`resolve_pronoun`).
    """

    def __init__(
        self,
        text: str,
        people: Sequence[Person],
        doc: Doc | None,
        quote_spans: Sequence[tuple[int, int]],
        bodies: Sequence[str] = (),
    ) -> None:
        self.text = text
        self._bodies = (re.compile(r"(?<![\w’'])(?:" + "|".join(
            re.escape(b) for b in sorted(bodies, key=len, reverse=True)) + r")(?![\w’'])")
            if bodies else None)
        self.index = PeopleIndex(people)
        self._quoted = sorted(quote_spans)
        self._quoted_starts = [a for a, _ in self._quoted]
        self._roles: dict[str, list[tuple[int, str]]] = {}
        self._genders: dict[str, str | None] = {}
        self.mentions = self._find_mentions(doc)
        # Every mention of a name carries the same gender (see _find_mentions).
        self._name_genders = {m.name: m.gender for m in self.mentions if m.gender}
        self._spoken: list[tuple[int, str]] = []  # (quote offset, named speaker), in order
        self.antecedents = Antecedents(text, self.mentions, self._quoted)

    def spoke(self, pos: int, speaker: str | None) -> None:
        """Record the speaker given to the quote at ``pos``, when it is one of the people.

        Args:
            pos: the quote's opening mark.
            speaker: the speaker it was given.
        """
        person = self.index.resolve(speaker) if speaker else None
        if person is not None:
            self._spoken.append((pos, person))

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

    def _text_gender(self, name: str) -> str | None:
        """The gender the article's words give ``name`` ("Doe asked ..., saying she")."""
        if name not in self._genders:
            self._genders[name] = gender_of(self.text, name)
        return self._genders[name]

    def _gender_of(self, person: Person) -> str | None:
        return self._text_gender(person.name)

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

    def _find_mentions(self, doc: Doc | None) -> list[NameMention]:
        found: dict[int, NameMention] = {}
        if doc is not None:
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                lead = self.text[max(0, ent.start_char - 20) : ent.start_char].split()[-1:]
                known = self._namesake(ent.text, lead) or self.index.resolve(ent.text)
                bare = strip_titles(ent.text)
                if known is None and (len(bare.split()) < 2 or not looks_like_person(bare)):
                    # a lone word the article's people do not hold ("Glasgow"), or no
                    # name's shape ("Off Message")
                    continue
                name = known or bare
                found[ent.start_char] = NameMention(ent.start_char, name, None, ent.end_char)
        for form, canon in self.index.surface_forms():
            for hit in re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", self.text):
                found.setdefault(hit.start(), NameMention(hit.start(), canon, None, hit.end()))
        # "Doe" inside "Jane Doe" is the same mention, not a second one after "Jane".
        spans = sorted(found.values(), key=lambda m: (m.start, -m.end))
        outer: list[NameMention] = []
        for m in spans:
            if outer and m.end <= outer[-1].end:
                continue
            outer.append(m)
        mentions = [m for m in outer if not self._inside_quote(m.start)]
        genders: dict[str, str] = {}
        for m in mentions:
            g = self._gender_at(m.start)
            if g:
                genders.setdefault(m.name, g)
        for m in mentions:
            # An honorific beside some mention, else the first name's usual gender, else
            # what the article's words say of the full name.
            m.gender = (
                genders.get(m.name) or first_name_gender(m.name) or self._text_gender(m.name)
            )
        return sorted(mentions, key=lambda m: m.start)

    # -- resolution -------------------------------------------------------------------------

    def resolve_pronoun(self, pronoun: str, pos: int) -> str | None:
        """Resolve ``he``/``she``: the previous quote's named speaker if that quote
        opened within ``_SAME_SPEAKER_CHARS`` of ``pos``, is known to have the pronoun's
        gender and no one else of that gender opens a sentence in between; else
        :meth:`Antecedents.find`.

        Args:
            pronoun: the pronoun as written.
            pos: offset before which antecedents are searched (the quote's opening mark).

        Returns:
            The person's name, or None (plural and first/second person are left unresolved).
        """
        p = pronoun.casefold()
        if p in ("they", "it"):
            return self._body_before(pos)
        if p not in PERSONAL:
            return None
        want = "m" if p == "he" else "f"
        if self._spoken:
            # "..." Doe said. "..." she added: a pronoun soon after a named speaker's quote
            # goes on with that speaker, whoever was named in between, if the gender is
            # known to fit (an unknown one let "he" go on with a woman's quote).
            qpos, who = self._spoken[-1]
            gender = self._name_genders.get(who)
            if (pos - qpos <= _SAME_SPEAKER_CHARS and gender == want
                    and not self.antecedents.named_in(who, pos)
                    and not self.antecedents.new_subject(who, want, qpos, pos)):
                return who
        return self.antecedents.find(want, pos)

    def _body_before(self, pos: int) -> str | None:
        """The organization a "they" or "it" before ``pos`` stands for: the last one the
        article names in this paragraph or the one before ("Acme have denied it. "...,"
        they said"), unless a person is named after it."""
        if self._bodies is None:
            return None
        para = self.text.rfind("\n", 0, max(0, self.text.rfind("\n", 0, pos) - 1)) + 1
        start = max(para, pos - _BODY_CHARS)
        found = None
        for m in self._bodies.finditer(self.text, start, pos):
            if not self._inside_quote(m.start()):
                found = m
        if found is None or any(found.end() <= mention.start < pos for mention in self.mentions):
            return None
        return found.group(0)

    def resolve_age(self, phrase: str, pos: int) -> str | None:
        """Resolve "the 56-year-old" (with or without a noun after it) to a named person.

        The person given that age before ``pos`` ("Jane Doe, 56,", "Jane Doe (56)"), else
        the last of the article's people named before ``pos`` in the same paragraph or
        the two before (after a preposition only if no other is).

        Args:
            phrase: the speaker phrase as written.
            pos: offset of the quote's opening mark.

        Returns:
            The person's name, or None when the phrase is no age phrase or nobody fits.
        """
        m = _AGE_PHRASE.match(phrase)
        if not m:
            return None
        age = m.group("age")
        aged = None
        for hit in re.finditer(r"(" + NAME_SEQ.pattern + r")(?:,\s*|\s*\()" + age + r"\b",
                               self.text[:pos]):
            aged = self._person(hit.group(1)) or aged
        if aged:
            return aged
        # Else the last of the article's people named in this paragraph or the two before.
        breaks = [b.end() for b in re.finditer(r"\n+", self.text[:pos])]
        start = breaks[-3] if len(breaks) >= 3 else 0
        for skip_objects in (True, False):
            for mention in reversed(self.mentions):
                if not start <= mention.start < pos or self.index.resolve(mention.name) is None:
                    continue
                if skip_objects and self.antecedents.after_preposition(mention):
                    continue
                return mention.name
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
        if head in NOT_PERSON:
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
            pat_title = re.compile(r"(?i:\b" + role + r")\.?\s+(?P<name>" + NAME_SEQ.pattern + ")")
            pat_appos = re.compile(
                r"(?P<name>"
                + NAME_SEQ.pattern
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
                    if not first or first in TITLES or first in TIME_WORDS or first in INTRO:
                        continue  # "On Monday, the Harbour Daily": a phrase, not a holder
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
        # "He's claiming that ...": the pronoun before a contracted auxiliary.
        phrase = re.sub(r"^(?i:(he|she|they|we|i))['’](?:s|d|ll|re|ve|m)$", r"\1", phrase)
        if phrase.casefold() in PRONOUNS:
            return self.resolve_pronoun(phrase, pos)
        # "Jane Doe of the Harbour Trust", "planetary geologist Jane Doe of the X Lab"; not
        # "an aide to Jane Doe of ..." (a preposition before the name: someone else).
        m_of = re.match(
            r"^(?:(?![Tt]o |[Ff]or |[Oo]f |[Ww]ith |[Ff]rom |[Bb]y |[Aa]nd )[a-z0-9][\w'’-]*\s+)*"
            r"(?P<name>" + NAME_SEQ.pattern + r")\s+(?P<link>of|from|at|with|for)\s+\S",
            phrase,
        )
        if m_of and not self._person(m_of.group("name")) and (
            ORG_WORDS.intersection(w.casefold() for w in m_of.group("name").split())
            or (m_of.group("link") == "for" and not is_first_name(m_of.group("name").split()[0]))
        ):
            # "American Federation of Teachers", "Americans for Prosperity": one name.
            m_of = None
        if m_of and (len(m_of.group("name").split()) > 1 or self._person(m_of.group("name"))):
            # "Jane Doe of the Harbour Trust", "Jane Doe of consulting firm Acme", "Doe of
            # the Times" once Jane Doe is known: the person.
            phrase = m_of.group("name")
        words = phrase.split()
        # "Republican front-runner Jane Doe": the longest suffix that is a known person.
        obj: int | None = None  # first word after the last preposition
        for i in range(len(words)):
            if i and words[i - 1].casefold() in _LINKS:
                obj = i  # "an aide to Jane Doe" is not Jane Doe: the object is someone else
                continue
            if obj is None:
                canon = self._person(" ".join(words[i:]))
                if canon and (i == 0 or words[i][:1].isupper()):
                    return canon
            elif _proper_object(words[obj:i]):
                # "ambassador to Britain Liu Xiaming", "Minister of Health Jane Doe": a bare
                # proper noun is the object, and a full name the article knows follows it.
                canon = self.index.full_name(" ".join(words[i:]))
                if canon:
                    return canon
        if words[0].casefold() in DETERMINERS or phrase[:1].islower():
            role = self.resolve_role(phrase, pos) or self.resolve_age(phrase, pos)
            if role:
                return role
            m = re.search(r"(?<![\w’'-])" + NAME_SEQ.pattern + r"$", phrase)
            before = phrase[: m.start()].split() if m else []
            if (m and len(m.group(0).split()) > 1 and not words[0][:1].isupper()
                    and not (before and before[-1].casefold() in _LINKS - {"from", "by"})):
                # "her adviser Jane Doe", "a report from Acme Capital": the name at the end;
                # not "a spokesman for Jane Doe".
                return strip_titles(m.group(0))
            return phrase
        # A capitalised phrase: a name not among the article's people, or an organisation.
        m = re.search(r"(?<![\w’'-])" + NAME_SEQ.pattern + r"$", phrase)
        name = m.group(0) if m else phrase
        toks = name.split()
        titles = [i for i, t in enumerate(toks[:-1]) if t.casefold().rstrip(".") in TITLES]
        if titles:
            # "Former Harbour Master Jane Doe": the name after the last title word.
            return " ".join(toks[titles[-1] + 1 :])
        # "Dale wrote" in an article naming Dale Doe: family members, children, first names.
        return self.index.by_first_name(name) or strip_titles(name)
