"""Clauses and "no demand": the words before the numbers."""

from __future__ import annotations

import pytest

from programme.clustering.clauses import answer_asks_nothing, is_no_demand, split_clauses


@pytest.mark.parametrize(("answer", "clauses"), [
    ("bins and the parking", ["bins", "the parking"]),
    ("More police and street lights.", ["More police", "more street lights"]),
    ("Not enough buses, trains", ["Not enough buses", "not enough trains"]),
    ("Staff were lovely but the food was cold", ["Staff were lovely", "the food was cold"]),
    ("Fix the potholes; also the dog mess on Mill Lane",
     ["Fix the potholes", "the dog mess on Mill Lane"]),
    ("Nothing. Maybe more seats at the bus stop!", ["Nothing", "Maybe more seats at the bus stop"]),
    # One-word items of a longer sentence stay with it.
    ("The council should be open and honest about it",
     ["The council should be open and honest about it"]),
    ("Costs went up 2.5 percent this year", ["Costs went up 2.5 percent this year"]),
])
def test_split_clauses(answer, clauses):
    assert split_clauses(answer) == clauses


@pytest.mark.parametrize("clause", [
    "nothing", "Nothing.", "none", "no", "N/A", "don't know", "Dont know", "not sure",
    "It's fine", "all good", "No complaints", "Can't fault the care, thank you",
    "Nothing I can think of", "nothing really", "Nothing, the care was brilliant",
    "Staff were very nice", "Thank you", "Couldn't be better", "Keep up the good work",
    "Nothing could be better", "Faultless", "Can't think of anything", "Not a thing",
    "Nothing was too much trouble", "I wouldn't change anything", "The ward was very clean",
    "Staff explained everything", "Nothing, thank you so much", "Could not wish for better",
    # said only in words about changing, with a "no" in them
    "Don't think so", "Not that I can think of", "Not a lot", "No improvement needed", "No better",
    "For me nothing", "Can't think of much", "There is nothing else that could have been done",
    "I can't think of anything that could of been done any better", "Nowt", "Not really no",
    "Nothing I'd change", "Nothing needs improving", "Couldn't wish for better care",
    # thanks, whoever they are for
    "Thank you ward", "Thank you for all your help", "A big thank you to all the nurses",
    "Just what I needed", "Very useful",
    # praise of the present, and reasons for a rating: they ask for nothing (issue 13)
    "I have no complaints", "I had no problems", "We've never had any issues",
    "Keep doing what you're doing", "Keep going", "Because it is true",
    "Because staff always behave well",
])
def test_no_demand(clause):
    assert is_no_demand(clause)


@pytest.mark.parametrize("clause", [
    "no parking", "nothing for the kids to do", "more bins", "not enough buses",
    "the food was cold", "Good schools would help", "the park is nice but needs more lights",
    "fix the potholes", "I don't know why the library closed", "Too many empty shops",
    "Nothing gets done about the litter", "the same people deal drugs on the corner",
    # a plain adjective before a noun asks for it; a question always asks
    "clean streets", "safe crossings for the kids", "Is my card supported abroad",
    "You could do better with the parking", "they need to do more about the dog mess",
    # one word that says what makes a demand of words about changing
    "Not a lot for the kids", "No improvement in the buses", "Nothing to do for teenagers",
    "I don't think so many flats should be built", "Nothing is done", "Not enough",
    "Thank you but the parking is awful", "Thanks, more buses please", "Useful bus routes",
    "What we needed was a crossing", "I needed more help",
    # a complaint is a demand, even beside "no complaints" words (issue 13)
    "Act upon complaints", "Complaints ignored", "We have problems with parking",
    "I have no issues with the bins being late", "Because the bins are never emptied",
    "Keep the park tidy",
])
def test_demands_are_not_set_aside(clause):
    assert not is_no_demand(clause)


@pytest.mark.parametrize(("answer", "nothing"), [
    ("Nothing. You made me feel cared for", True),
    ("Nothing at all, I have been well looked after.", True),
    ("Nothing. Maybe more seats at the bus stop!", False),
    ("Nothing, but the parking is awful", False),
    ("Staff were lovely", False),  # praise, but not an opening "nothing": is_no_demand's call
])
def test_an_answer_that_opens_with_nothing_and_only_explains_asks_nothing(answer, nothing):
    assert answer_asks_nothing(split_clauses(answer)) is nothing
