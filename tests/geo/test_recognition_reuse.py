"""What place recognition reads once per doc gives what the per-sentence reads gave."""

from __future__ import annotations

from eventwire.geo.recognition import _capitalised_runs, capitalised_runs, joined_by, separator, within

TEXT = (
    "Gunmen attacked a checkpoint in Maiduguri, Borno State, on Sunday, the Nigerian Army said. "
    "Police in Kano and Kaduna arrested 12 people. The United Nations condemned the attack in New York. "
    "Mato Grosso do Sul and Mazar-e Sharif were quiet."
)
JOINS = (
    "Clashes near U Daung village, Maungdaw Township, Maungdaw District, Rakhine State, and in Akre district of "
    "Ninewa. Troops entered Kasoa (Awutu Efutu Senya, Central) and Baghlani Jadid (Baghlan Markazi), Baghlan, "
    "then Tangail district (Dhaka) and the town of Bambofa (Dori, Seno), or Kano and Kaduna, in the Sahel."
)


def test_a_sentences_entities_from_the_docs_are_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    ents = doc.ents
    assert ents
    for sent in doc.sents:
        assert within(ents, sent) == list(sent.ents)
    for span in (doc[0:3], doc[5:9], doc[2:20]):  # spans cutting through entities: the same rule as spaCy's
        assert within(ents, span) == list(span.ents)


def test_capitalised_runs_kept_on_the_doc_are_the_runs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    for sent in doc.sents:
        fresh = _capitalised_runs(sent)
        assert capitalised_runs(sent) == fresh
        assert capitalised_runs(sent) == fresh  # from the doc's cache
    assert any(end - start > 2 for sent in doc.sents for start, end in capitalised_runs(sent))


def test_a_join_passed_over_unread_is_the_one_every_token_gives(nlp) -> None:  # type: ignore[no-untyped-def]
    """``separator`` skips building the tokens of a long stretch not closed by a comma: for every pair of positions
    it must give what reading each token between them gives."""
    doc = nlp(JOINS)
    for a in range(len(doc) + 1):
        for b in range(a, len(doc) + 1):
            assert separator(doc, a, b) == joined_by(list(doc[a:b])), doc[a:b].text
    assert {separator(doc, a, b) for a in range(len(doc)) for b in range(a, len(doc))} == {",", "of", "and", None}
