"""Entity quality on the CoNLL-2003 English dev set (CoNLL++ corrections).

For every document of ``../shared/eval/conllpp/conllpp_dev.txt`` the text is rebuilt
(tokens joined by spaces, sentences by newlines), run through
``Enricher.annotate_many``, and the *set* of gold PER / LOC / ORG strings is compared
with the set of predicted canonical names (casefolded). A one-token name matches a
longer name whose last token it equals, either way round ("Clinton" ~ "Bill
Clinton"). Precision, recall and F1 are micro-averaged over documents.

Places are named as the article writes them ("U.S.", with "United States" as the
``geo_name``), so the plain definition applies to them too. An extra row maps both
gold and predicted strings through the gazetteer's context-free lookup first, which
shows how many misses are only spelling ("Britain" against "United Kingdom").

The same figures for the plain spaCy model's entities (PERSON vs PER, GPE+LOC vs
LOC, ORG vs ORG), measured in the same run, give the baseline.

Usage::

    .venv/bin/python bench/quality_entities.py [--limit N] [--show-errors KIND]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._report import require_shared, update_section  # noqa: E402
from etl.enrich import Enricher, EnrichOptions  # noqa: E402
from etl.enrich.gazetteer import get_gazetteer  # noqa: E402

KINDS = ("people", "places", "organizations")
GOLD_LABEL = {"PER": "people", "LOC": "places", "ORG": "organizations"}
SPACY_LABEL = {"PERSON": "people", "GPE": "places", "LOC": "places", "ORG": "organizations"}


@dataclass
class Doc:
    text: str
    gold: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})


def read_conll(path: Path) -> list[Doc]:
    """Parse IOB2 CoNLL into documents with rebuilt text and gold entity strings."""
    docs: list[Doc] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if current:
            sentences.append(list(current))
            current.clear()
        if sentences:
            doc = Doc("\n".join(" ".join(tok for tok, _ in s) for s in sentences))
            for sent in sentences:
                for label, words in _spans(sent):
                    if label in GOLD_LABEL:
                        doc.gold[GOLD_LABEL[label]].add(" ".join(words))
            docs.append(doc)
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            if current:
                sentences.append(list(current))
                current.clear()
            continue
        parts = line.split()
        current.append((parts[0], parts[-1]))
    flush_doc()
    return docs


def _spans(sentence: list[tuple[str, str]]) -> Iterable[tuple[str, list[str]]]:
    label, words = "", list[str]()
    for token, tag in sentence:
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if words:
                yield label, words
            label, words = tag[2:], [token]
        elif tag.startswith("I-"):
            words.append(token)
        else:
            if words:
                yield label, words
            label, words = "", []
    if words:
        yield label, words


def _norm(kind: str, name: str) -> str:
    name = " ".join(name.split()).casefold()
    if kind == "places (gazetteer)":
        entry = get_gazetteer().lookup(name)
        if entry is not None:
            return entry.name.casefold()
    return name


def _match(a: str, b: str) -> bool:
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) == 1 and len(tb) > 1:
        return tb[-1] == a
    if len(tb) == 1 and len(ta) > 1:
        return ta[-1] == b
    return False


@dataclass
class Score:
    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, gold: set[str], pred: set[str], kind: str, doc_no: int) -> None:
        gold_n = {_norm(kind, g) for g in gold}
        pred_n = {_norm(kind, p) for p in pred}
        self.n_gold += len(gold_n)
        self.n_pred += len(pred_n)
        for p in pred_n:
            if any(_match(p, g) for g in gold_n):
                self.tp_pred += 1
            else:
                self.errors.append(f"doc {doc_no} FP {p}")
        for g in gold_n:
            if any(_match(g, p) for p in pred_n):
                self.tp_gold += 1
            else:
                self.errors.append(f"doc {doc_no} FN {g}")

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def heldout_people(enricher: Enricher) -> tuple[int, int, int, int]:
    """People recall on named quote sources of PolNeAR dev, a corpus the entity rules
    were not developed on (US election news of 2016, not Reuters of 1996).

    Gold: every Source span of an attribution that is a full personal name once
    appositives and titles are cut ("Sen. Jane Doe (D-Ohio), who ..." -> "Jane Doe"):
    two to four capitalised words, no digits, not opening with a stop word ("The") nor
    holding an organization word ("News", "Committee"). Headline-cased descriptions
    still slip through ("Frustrated Parents"), lowering both systems' recall. A gold name
    is found when a predicted canonical person equals it or ends with it (or it ends with
    the prediction).

    Returns:
        (found by newsetl, found by plain spaCy PERSON entities, gold names, texts).
    """
    import re

    from spacy.lang.en.stop_words import STOP_WORDS as stop_words

    from bench.quality_quotes import _norm_speaker
    from etl.enrich.org_names import ORG_ENDINGS, ORG_HINTS
    from etl.enrich.phrases import strip_titles

    org_words = ORG_HINTS | ORG_ENDINGS
    base = require_shared("eval", "polnear", "dev")
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]{4}$", "", ann.stem), ann)
    stems = sorted(anns)
    texts = [(base / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
    golds: list[set[str]] = []
    for stem, text in zip(stems, texts, strict=True):
        spans: dict[str, list[tuple[int, int]]] = {}
        names: set[str] = set()
        for line in anns[stem].read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2 and parts[1].startswith("Source "):
                offs = parts[1].split(" ", 1)[1]
                spans[parts[0]] = [
                    (int(a), int(b)) for a, b in (f.split() for f in offs.split(";"))
                ]
        for frags in spans.values():
            raw = " ".join(text[a:b] for a, b in frags)
            cut = re.split(r",|\s[—–-]\s|—|\(|\swho\s|\s(?:of|from)\s", raw)[0]
            name = strip_titles(cut.strip()).replace("’s", "").replace("'s", "").strip()
            toks = name.split()
            folded = [t.casefold() for t in toks]
            if (
                2 <= len(toks) <= 4
                and all(t[:1].isupper() for t in toks)
                and not any(ch.isdigit() for ch in name)
                and folded[0] not in stop_words
                and not org_words.intersection(folded)
            ):
                names.add(" ".join(_norm_speaker(name)))
        golds.append(names)
    found = base_found = total = 0
    anns_out = enricher.annotate_many(texts)
    for gold, ann, sdoc in zip(
        golds, anns_out, enricher.nlp.pipe(texts, batch_size=16), strict=True
    ):
        pred = {p.name.casefold().replace("’", "'") for p in ann.people}
        plain = {e.text.casefold().replace("’", "'") for e in sdoc.ents if e.label_ == "PERSON"}
        for g in gold:
            total += 1
            found += any(_match(g, p) or p.endswith(" " + g) or g.endswith(" " + p) for p in pred)
            base_found += any(
                _match(g, p) or p.endswith(" " + g) or g.endswith(" " + p) for p in plain
            )
    return found, base_found, total, len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--show-errors", choices=KINDS, help="print misses of one kind")
    parser.add_argument("--no-report", action="store_true", help="do not write docs/QUALITY.md")
    args = parser.parse_args(argv)

    path = require_shared("eval", "conllpp", "conllpp_dev.txt")
    docs = read_conll(path)
    if args.limit:
        docs = docs[: args.limit]
    texts = [d.text for d in docs]

    enricher = Enricher(EnrichOptions(quotes=False))  # entities only
    nlp = enricher.nlp
    start = time.perf_counter()
    annotations = enricher.annotate_many(texts)
    elapsed = time.perf_counter() - start

    ours = {k: Score() for k in KINDS}
    gazetteer = Score()  # places with gazetteer normalisation of both sides
    base = {k: Score() for k in KINDS}
    # Baseline: the plain model on the raw text, entity strings as tagged.
    for no, (doc, ann, sdoc) in enumerate(
        zip(docs, annotations, nlp.pipe(texts, batch_size=32), strict=True)
    ):
        pred = {
            "people": {p.name for p in ann.people},
            "places": {p.name for p in ann.places},
            "organizations": {o.name for o in ann.organizations},
        }
        plain: dict[str, set[str]] = {k: set() for k in KINDS}
        for ent in sdoc.ents:
            if ent.label_ in SPACY_LABEL:
                plain[SPACY_LABEL[ent.label_]].add(ent.text)
        for kind in KINDS:
            ours[kind].add(doc.gold[kind], pred[kind], kind, no)
            if kind == "places":
                gazetteer.add(doc.gold[kind], pred[kind], "places (gazetteer)", no)
            base[kind].add(doc.gold[kind], plain[kind], kind, no)

    rows = [
        "| entity | newsetl P | R | F1 | spaCy small P | R | F1 | gold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        o, b = ours[kind], base[kind]
        rows.append(
            f"| {kind} | {o.precision:.3f} | {o.recall:.3f} | **{o.f1:.3f}** | "
            f"{b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} | {o.n_gold} |"
        )
    rows.append(
        f"| places, both sides mapped to gazetteer names | {gazetteer.precision:.3f} | "
        f"{gazetteer.recall:.3f} | {gazetteer.f1:.3f} | | | | {gazetteer.n_gold} |"
    )
    h_found, h_base, h_total, h_texts = heldout_people(enricher)
    rows += [
        "",
        "| held out: PolNeAR dev named quote sources | newsetl recall | spaCy small recall "
        "| gold |",
        "|---|---|---|---|",
        f"| people | **{h_found / h_total:.3f}** | {h_base / h_total:.3f} | {h_total} names "
        f"in {h_texts} texts |",
    ]
    model = (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} "
        f"{nlp.meta.get('version', '')}"
    )
    md = "\n".join(
        [
            "## Entities (people, places, organizations)",
            "",
            f"CoNLL-2003 English dev set (CoNLL++), {len(docs)} documents; spaCy model "
            f"`{model}` with components {nlp.pipe_names}; enrichment took "
            f"{elapsed:.1f} s ({len(docs) / elapsed:.0f} docs/s) on this machine.",
            "",
            *rows,
            "",
            "Per document, the set of gold PER/LOC/ORG strings against the set of predicted "
            "canonical names, casefolded; a one-token name matches a longer name ending with "
            "it. Precision counts predicted names matching some gold string, recall gold "
            "strings matched by some predicted name; both micro-averaged over documents. "
            "A place's `name` is the article's own most frequent form (\"U.S.\"), its "
            "gazetteer name is `geo_name` (\"United States\"); the place rows score "
            "`name`. The last row maps gold and predicted strings through the gazetteer's "
            "context-free lookup first, for reference. Baseline: the plain model's "
            "PERSON, GPE+LOC and ORG strings, measured in the same run. The rules were "
            "developed while looking at this dev set (no held-out English NER set is "
            "available here), so these figures are optimistic.",
            "",
            "What moves the figures (all generic, none names a dev-set entity): "
            "all-caps headlines and datelines re-cased before the model (same length, "
            "offsets kept); titles, possessives and trailing figures stripped; partial "
            "names merged into full names; surnames tagged ORG/GPE given back to the "
            "person; countries and capitals tagged PERSON/ORG/NORP turned into places "
            "(gazetteer); untagged country/capital names and \"J. Smith\"-style names "
            "rescued; in results tables and sports reports, city and region names beside "
            "scores are teams (organizations) while countries stay places (score lines "
            "make a sports report only beside the words of sport, since 2026-11-29: seven "
            "financial tables here no longer count, organizations P 0.765 -> 0.769); "
            "acronyms of "
            "things, units and roles (\"USB\", \"GPU\", \"IPO\", \"CEO\") are no "
            "organizations, and a US postal code after a city and a comma (\"Hartford, "
            "CT\") is the state (2026-11-29: organizations P 0.749 -> 0.751); a place name "
            "that no gazetteer tier knows (countries, cities, US states, and since "
            "2026-11-29 the states and provinces of every country) stays only where a "
            "mention is locative (\"in X\", a dateline) or its form is geographic (\"X "
            "County\", \"Southern X\" before a known place, a world region such as the "
            "Middle East): places went from P 0.915 R 0.873 F1 0.893 to the figures above "
            "(\"Netflix\" tagged GPE is gone, and so are a few real places named once "
            "without a preposition); names seen "
            "only in a re-cased headline (or as a lone word opening a sentence, unless an "
            "honorific precedes it) need confirmation from the body or a full name (and "
            "since 2026-11-29 a full name seen only there needs its surname in the body: "
            "people P 0.901 -> 0.906); a name "
            "tagged ORG whose bare surname "
            "is tagged PERSON is the person; a name ending in an event or award word "
            "(\"Music Awards\", \"Davis Cup\") or a product-line word (\"Pro\", \"Plus\", "
            "\"Lite\", \"Watches\", \"Switch\"; added 2026-11-29, no change here) is no "
            "person, nor one that heads a noun "
            "phrase after \"the\" (\"against the Pittsburgh Steelers\"; not \"the Doe "
            "campaign\" or \"the Doe of it all\"); an online platform tagged PERSON "
            "(\"Twitter asks\") or a club named for its town (\"Glasgow Rovers\") is an "
            "organization (same day; people P 0.895 -> 0.896, organizations F1 0.762 -> "
            "0.763); a one-word organization the article writes in lower case at least "
            "as often (\"Plague\", \"Keyboard\"; outside web addresses) is a common noun "
            "(same day, no change here); lone words and copies of "
            "organization names, and "
            "names after a lower-case \"the\", \"on\" or \"via\", are not people; a lone word "
            "listed between organizations is one of them; a lone word none of whose "
            "mentions (whatever the model tagged them) reads as a person (title, "
            "honorific, speech verb; \"said X\" only where X ends the clause) while one reads "
            "as a thing (after \"on\"/\"the\" and not a modifier, after \"took to\" or "
            "\"across\", before \"CEO\"/\"founder\" and a name, beside a number, "
            "camel case, inside a short quoted title, after a kind noun (\"energy "
            "company X\") or before an appositive one (\"X, a group founded by\"), "
            "before a plural verb such as "
            "\"have won\", or tagged something other than PERSON in most of its "
            "mentions) is dropped (these rules were written from the 181 corpus pages; "
            "the first moved CoNLL by one name, the 2026-11-29 additions, with the "
            "\"the\" rule for full names, moved people precision from 0.890 to 0.895); "
            "a country before a "
            "single word is a first name (\"Chad Doe\"); a name written with its US state "
            "or its country after a comma (\"Holmdel, NJ\") is a place in that state or "
            "country, whatever the model tagged it (2026-11-29, no change here); "
            "buildings, venues and streets that no gazetteer tier knows (\"Ryman "
            "Auditorium\", \"Wall Street\") are not places (same day: places R 0.860 -> "
            "0.855 here, because CoNLL counts them as locations; precision on the blind "
            "place labels below went up); a name no gazetteer tier knows needs a firm "
            "locative (\"in X\", \"near X\", \"the town of X\", a dateline, \"X, "
            "Qinghai\"), not \"at X\", \"into X\" or \"through X\", which fit "
            "companies as well (same day: places P 0.945 -> 0.949, R 0.855 -> 0.846 here, "
            "venues such as \"at Edgbaston\" lost; blind-label precision up two points); "
            "planets (\"Jupiter's moons\") and lower-case words (\"metro\") are no "
            "places unless a state follows (\"Jupiter, Fla.\"; same day, no change here); "
            "an organization-tagged name ending in a product or event word (\"Switch "
            "Lite\", \"Watch Series\", \"Auto Show\") or in \"+\" is no organization "
            "(same day: organizations P 0.753 -> 0.758 here); "
            "later on 2026-11-29, written from the blind name labels' tune half: a span "
            "the model ran across a possessive, a comma or a colon is taken apart "
            "(\"NASA's Office of the Inspector General\"); venues (\"... Amphitheatre\", "
            "\"... Music Center\") and market indices are no organizations, nor an "
            "acronym the article spells out in lower case (\"binge eating disorder "
            "(BED)\"); \"the state Department of X\" loses \"state\" and \"the Communist "
            "party\" keeps \"party\"; a name before a player's statistic (\"Doe 25 "
            "points\") and, in a sports report, a census first name and a surname tagged "
            "ORG are people; a surname the model left out after a lone first name is "
            "taken in (together: people P 0.896 -> 0.892, R 0.826 -> 0.831, organizations "
            "P 0.759 -> 0.762, R 0.774 -> 0.770 here); "
            "texts in other languages are "
            "left alone. Quotes are "
            "switched off for this run (entities only).",
            "",
            "Held out: the entity rules were not developed on PolNeAR. Its dev split "
            "names its quote sources; each Source that is a full personal name once "
            "titles and appositives are cut (\"Sen. Jane Doe (D-Ohio), who ...\" -> "
            "\"Jane Doe\") should be among the article's people. Only recall can be "
            "measured there (PolNeAR marks sources, not every person). The gold "
            "filter also lets through sources that are countries (\"North Korea\", "
            "\"South Korea\": two capitalised words); until 2026-11-29 a wrong person "
            "\"Korea\" matched those two, and recall read 0.921 where it now reads 0.911.",
            "",
            "Run: `.venv/bin/python bench/quality_entities.py` (`--show-errors people` "
            "lists misses; `--limit N` for a quick look, not written here).",
        ]
    )
    print(md)
    if args.show_errors:
        print("\n".join(ours[args.show_errors].errors))
    if not args.no_report and not args.limit:
        update_section(ROOT / "docs" / "QUALITY.md", "entities", md, title="Quality")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
