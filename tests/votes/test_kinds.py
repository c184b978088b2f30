from types import SimpleNamespace

from votes import kinds


def test_each_kind_has_its_words():
    primary, assembly = (kinds.words(SimpleNamespace(kind="primary")),
                          kinds.words(SimpleNamespace(kind="assembly")))
    assert (primary.options, primary.winners) == ("candidates", "Elected")
    assert (assembly.options, assembly.winners) == ("demands", "On the shortlist")
    assert primary.seats(1) == "One person will be elected."
    assert primary.seats(3) == "3 people will be elected."
    assert assembly.seats(5) == "The top 5 go on the shortlist."
    assert assembly.options_on_projector and not primary.options_on_projector


def test_every_kind_the_schema_allows_has_words():
    assert set(kinds.KINDS) == {"primary", "assembly"}  # migrations/0005's CHECK on kind
