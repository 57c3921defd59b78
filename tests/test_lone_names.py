"""One-word "people" that read as things, judged over all their mentions (pure logic)."""

from __future__ import annotations

import re
from collections import Counter

from etl.enrich.entities import Mention
from etl.enrich.lone_names import drop_thing_words


def _mentions(text: str, word: str, **flags: bool) -> list[Mention]:
    out = []
    for m in re.finditer(rf"\b{word}\b", text):
        before = text[max(0, m.start() - 5) : m.start()]
        after_non_name = bool(re.search(r"\b(?:the|on|via)\s+$", before))
        # As collect_mentions flags them: a number right beside the word.
        by_number = bool(re.match(r"[ \t]+\d", text[m.end():]) or re.search(r"\d[ \t]+$", before))
        out.append(
            Mention(word, word, "PERSON", m.start(), m.end(), by_number=by_number,
                    after_non_name_word=after_non_name, **flags)
        )
    return out


def _run(text: str, word: str, tokens: set[str] | None = None) -> list[str]:
    names = Counter({word: 3})
    return drop_thing_words(names, tokens or set(), _mentions(text, word), text)


def test_platform_after_on_is_dropped() -> None:
    assert _run("The mayor posted on Blorpa that night. Blorpa later removed it.", "Blorpa") == [
        "Blorpa"
    ]


def test_product_with_a_number_and_camel_case_brand_are_dropped() -> None:
    assert _run("It has four Zentrix 3 ports. Zentrix is fast.", "Zentrix") == ["Zentrix"]
    assert _run("Engineers at RocketCo built it.", "RocketCo") == ["RocketCo"]


def test_word_inside_a_short_quoted_title_is_dropped() -> None:
    text = "The band closed with “Walkin’ Home Tonight”, and Walkin fans sang."
    assert _run(text, "Walkin") == ["Walkin"]


def test_person_evidence_keeps_the_name() -> None:
    # After "on", but also the subject of a speech verb: a person.
    text = "The vote on Quellmore was close. Quellmore said she would appeal."
    assert _run(text, "Quellmore") == []


def test_modifier_and_possessive_after_the_are_not_evidence() -> None:
    assert _run("During the Quellmore administration, Quellmore declined.", "Quellmore") == []
    assert _run("He was on Quellmore's short list.", "Quellmore") == []


def test_word_of_a_full_name_is_never_touched() -> None:
    text = "It was on Farrant that the talks turned."
    assert _run(text, "Farrant", tokens={"farrant"}) == []


def test_mc_prefix_is_not_camel_case() -> None:
    assert _run("Later McGarrity won the vote.", "McGarrity") == []


def test_spaced_straight_quotes_of_tokenised_text_say_nothing() -> None:
    text = 'He spoke . " , timing issues , " Quellmore campaign manager wrote .'
    assert _run(text, "Quellmore") == []


def test_took_to_and_across_name_a_platform() -> None:
    assert _run("The singer took to Blorpa to complain.", "Blorpa") == ["Blorpa"]
    assert _run("Ridicule spread across Blorpa within hours.", "Blorpa") == ["Blorpa"]


def test_on_x_before_a_verb_is_a_platform_not_a_modifier() -> None:
    assert _run("She posted on Blorpa accusing the label of theft.", "Blorpa") == ["Blorpa"]


def test_company_before_its_officer() -> None:
    assert _run("Blorpa CEO Ines Calloway said the app would change.", "Blorpa") == ["Blorpa"]


def test_later_members_of_a_list_after_on_are_platforms() -> None:
    for text in ("Follow the paper on Pictagram, Blorpa and Chirper.",
                 "Follow the paper on Pictagram, Blorpa, and Chirper.",
                 "Follow the paper on Pictagram or Blorpa."):
        assert _run(text, "Blorpa") == ["Blorpa"], text
    # a date after "on" opens no list, and neither does a sentence end
    assert _run("On Monday, Blorpa signed the order.", "Blorpa") == []
    assert _run("They meet on Saturday.\nBlorpa has won five games.", "Blorpa") == []


def test_a_plural_verb_after_the_word_makes_it_a_group() -> None:
    assert _run("Blorpans have won just five matches this season.", "Blorpans") == ["Blorpans"]
    assert _run("The Blorpans are one of the best routers.", "Blorpans") == ["Blorpans"]
    # one member of a list of names agrees with the list, not alone
    assert _run("Both Quellmore and Farrant have agreed.", "Farrant") == []
    assert _run("Farrant has won five matches.", "Farrant") == []
    # "have" as a bare infinitive after an auxiliary or a causative
    assert _run("Does Farrant have the votes?", "Farrant") == []
    assert _run("They let Farrant have the last word.", "Farrant") == []


def test_a_word_the_model_mostly_tags_as_something_else_is_not_a_person() -> None:
    text = "Brevix stalled the talks. Brevix split the party. Voters tired of Brevix left."
    places = [Mention("Brevix", "Brevix", "GPE", m.start(), m.end())
              for m in re.finditer("Brevix", text)][1:]
    person = _mentions(text, "Brevix")[:1]
    names = Counter({"Brevix": 1})
    assert drop_thing_words(names, set(), person + places, text) == ["Brevix"]
    # ties stay, and person evidence outweighs the vote
    assert drop_thing_words(Counter({"Brevix": 1}), set(), person + places[:1], text) == []
    said = "Brevix said no. Brevix left. Brevix won."
    gpe = [Mention("Brevix", "Brevix", "GPE", m.start(), m.end())
           for m in re.finditer("Brevix", said)][1:]
    assert drop_thing_words(Counter({"Brevix": 1}), set(), _mentions(said, "Brevix")[:1] + gpe,
                            said) == []


def test_a_mention_tagged_otherwise_still_tells_where_the_word_stands() -> None:
    text = "Posts went up on Blorpa last week. We reached out to Blorpa for comment."
    first, second = _mentions(text, "Blorpa")
    other = Mention("Blorpa", "Blorpa", "OTHER", first.start, first.end, after_non_name_word=True)
    assert drop_thing_words(Counter({"Blorpa": 1}), set(), [other, second], text) == ["Blorpa"]


def test_said_before_the_word_is_evidence_only_when_the_name_ends_the_clause() -> None:
    # "said Farrant." names the speaker; "says Blorpans are" opens what was said
    assert _run("“We will appeal,” said Farrant. The vote on Farrant turned.", "Farrant") == []
    assert _run("“We will,” said Farrant on Monday. The vote on Farrant turned.", "Farrant") == []
    assert _run("Doe says Blorpans are believers in it.", "Blorpans") == ["Blorpans"]


def test_a_kind_noun_before_or_in_an_appositive_names_a_thing() -> None:
    assert _run("They asked about energy company Blorpa as a favour.", "Blorpa") == ["Blorpa"]
    assert _run("It sold to Blorpa, a group co-founded by two players.", "Blorpa") == ["Blorpa"]
    assert _run("It sold to Blorpa, an energy company.", "Blorpa") == ["Blorpa"]
    # the name of who did it, in a relative clause; a role, not a kind, after the comma
    assert _run("He joined the company Farrant founded in 2010.", "Farrant") == []
    assert _run("It went to Farrant, a company spokesman.", "Farrant") == []


def _phrase_mentions(text: str, name: str, label: str = "PERSON") -> list[Mention]:
    return [Mention(name, name, label, m.start(), m.end()) for m in re.finditer(name, text)]


def test_a_full_name_heading_a_phrase_after_the_is_a_thing() -> None:
    from etl.enrich.lone_names import drop_thing_phrases

    text = "They lost to the Harbour Gulls. Harbour Gulls fans left early."
    names = Counter({"Harbour Gulls": 2, "Jane Doe": 1})
    assert drop_thing_phrases(names, _phrase_mentions(text, "Harbour Gulls"), text) == [
        "Harbour Gulls"]
    assert list(names) == ["Jane Doe"]
    # the model's span may hold "the" itself, and any label tells where the name stands
    raw = Mention("Harbour Gulls", "the Harbour Gulls", "ORG", 12, 29)
    assert drop_thing_phrases(Counter({"Harbour Gulls": 1}), [raw], text) == ["Harbour Gulls"]


def test_a_full_name_after_the_as_a_modifier_a_type_or_a_speaker_stays() -> None:
    from etl.enrich.lone_names import drop_thing_phrases

    for text in ("Aides ran the Jane Doe campaign.", "It was the Jane Doe of it all.",
                 "He met the Jane Doe's team.",
                 "Ask the Jane Doe. “We will appeal,” Jane Doe said."):
        names = Counter({"Jane Doe": 1})
        assert drop_thing_phrases(names, _phrase_mentions(text, "Jane Doe"), text) == [], text


def test_a_full_name_ending_in_a_word_the_text_writes_in_lower_case_is_a_thing() -> None:
    from etl.enrich.lone_names import drop_thing_phrases

    def run(text: str, name: str, *more: str) -> list[str]:
        mentions = sorted(
            [m for n in (name, *more) for m in _phrase_mentions(text, n)], key=lambda m: m.start)
        return drop_thing_phrases(Counter({name: 1}), mentions, text)

    sale = "The Blorpa Duvet is on sale. A good duvet keeps you warm."
    assert run(sale, "Blorpa Duvet") == ["Blorpa Duvet"]
    # a census first name opens a personal name, whatever "may" does in the text
    assert run("Theresa May spoke. It may rain.", "Theresa May") == []
    # no lower-case "duvet" in the text: nothing tells
    assert run("The Blorpa Duvet is on sale.", "Blorpa Duvet") == []
    # a speech verb beside the full name or beside its last word alone keeps it
    assert run("Jeb Blush spoke of the blush. Blush said no.", "Jeb Blush", "Blush") == []
    assert run("Jeb Blush spoke of the blush.", "Jeb Blush") == ["Jeb Blush"]
    # a word inside a web address is not the word
    assert run("Ask Blorpa Duvet at shop.duvet.com today.", "Blorpa Duvet") == []


def test_a_word_the_text_writes_in_lower_case_as_often_is_dropped() -> None:
    text = "The sign on the quay read Hope in red letters; the crews have hope, and hope is cheap."
    assert _run(text, "Hope") == ["Hope"]
    # Written in lower case less often than as a name, it stays.
    text = "Crews thanked Quill for the boats. Quill built them; the quill of a gull lay there."
    assert _run(text, "Quill") == []
