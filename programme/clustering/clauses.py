"""Words before numbers: split a doorstep answer into clauses and tell demands from non-demands.

Pure Python, no scikit-learn. The lexicons are small and general English (not one data set's
vocabulary): a clause is "no demand" when it says there is nothing to change ("nothing",
"don't know", "it's fine") or only praises, with no word that asks for a change.
"""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words that carry no topic. Built from scikit-learn's English list, minus the words
# that carry the meaning of a demand here ("no", "more", "nothing", "not enough", "too few").
_KEEP = {
    "no", "not", "nor", "more", "less", "nothing", "none", "enough", "too", "never", "few",
    "fewer", "much", "many", "most", "least", "without", "against", "cannot", "off", "over",
    "under", "up", "down", "out", "back", "again", "only", "empty", "fire", "bill", "call",
    "cry", "found", "full", "move", "side", "system", "top", "bottom", "front", "amount",
    "detail", "find", "get", "give", "go", "keep", "made", "put", "see", "show", "take", "still",
    "cant", "can't", "won't", "don't", "didn't", "isn't",
}
_EXTRA = {
    "would", "could", "should", "like", "just", "really", "also", "maybe", "perhaps", "bit",
    "lot", "lots", "think", "things", "thing", "i'm", "it's", "i've", "i'd", "we're", "they're",
    "there's", "that's", "able", "way", "sure", "ok", "okay", "did", "does", "got", "make", "s",
    "t", "etc", "please", "thank", "thanks", "you",
}


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # a frozenset: cheap, no fit

    return frozenset((set(ENGLISH_STOP_WORDS) - _KEEP) | _EXTRA)


_STOP: frozenset[str] | None = None


def stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    return _STOP


# Words that say how much or whether, not what: they count inside a phrase ("no parking",
# "more police") but on their own they would join every "more ..." answer into one theme.
MODIFIERS = frozenset({
    "no", "not", "nor", "more", "less", "fewer", "enough", "too", "never", "none", "nothing",
    "much", "many", "most", "least", "without", "only", "still", "again", "very", "better",
    "worse", "cheaper", "bigger", "smaller", "faster", "slower", "longer", "shorter", "lower",
    "higher", "cannot", "can't", "cant", "won't", "don't", "didn't", "isn't", "need", "needs",
    # and the verbs of asking: "stop", "fix" say what to do, not what about
    "stop", "fix", "improve", "improved", "sort", "want", "wish", "get", "make", "keep",
})


def singular(word: str) -> str:
    """'bins' -> 'bin', 'buses' -> 'bus', 'families' -> 'family': one theme, not two."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "'s")):
        return word[:-2] if word.endswith("'s") else word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def features(text: str) -> list[str]:
    """Words and two-word phrases for the topic of a clause: function words out, modifiers only
    inside phrases ("no parking", "not enough"), plurals as singulars."""
    stop = stop_words()
    kept = [singular(t) for t in tokens(text) if t not in stop]
    words = [t for t in kept if t not in MODIFIERS]
    return words + [f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)]


def topic_words(text: str) -> str:
    """The clause's topic words only, for character n-grams."""
    stop = stop_words()
    return " ".join(singular(t) for t in tokens(text) if t not in stop and t not in MODIFIERS)


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.lower().split())


def tokens(text: str) -> list[str]:
    return TOKEN.findall(normalise(text))


def content_words(text: str) -> list[str]:
    return list(_content_words(text))


@lru_cache(maxsize=65536)  # a big ward says "staff", "nothing", "parking" thousands of times
def _content_words(text: str) -> tuple[str, ...]:
    stop = stop_words()
    return tuple(t for t in tokens(text) if t not in stop)


# -- clauses ------------------------------------------------------------------------------------
# Sentences first (not the dot of "2.5" or "a.m"), then commas, semicolons and the joining words.
_SENTENCE = re.compile(r"(?<!\d)[.!?;:\n]+(?!\d)|\s+[-\u2013\u2014]+\s+|\(|\)")
_JOIN = re.compile(r"(,|&|\+|\b(?:and also|and|also|but|plus|as well as|except for|except|"
                   r"however|although|though|whereas)\b)")
# A leading "more"/"not enough" carries on to a short next item: "more police and lights".
_MODIFIER = re.compile(r"^(more|less|fewer|better|cheaper|cleaner|safer|not enough|too many|"
                       r"too much|too few|no more|lower|higher|faster|improved?|fix|stop|"
                       r"reduce|increase|sort out)\s")
_STARTS_VERB_OR_MOD = re.compile(r"^(?:i|we|they|you|he|she|it|there|the staff)\b|" +
                                 _MODIFIER.pattern[1:])


def split_clauses(text: str) -> list[str]:
    """'bins and the parking' -> ['bins', 'the parking']; pieces with no content word stay joined
    to their neighbour, so 'fish and chips' loses nothing that says what the demand is."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text):
        parts = _JOIN.split(sentence)  # text, joining word, text, ...
        pieces = [(parts[i - 1].strip() if i else "", parts[i].strip(" ,'\"*"))
                  for i in range(0, len(parts), 2)]
        pieces = [(sep, p) for sep, p in pieces if p]
        # In a short list ("bins and the parking") every item is a clause; in a longer sentence
        # an item of one word ("factual and unbiased") stays with its neighbour.
        least = 1 if len(tokens(sentence)) <= 6 else 2
        clauses: list[str] = []
        for sep, piece in pieces:
            if clauses and (len(content_words(piece)) < least or not content_words(clauses[-1])):
                clauses[-1] = f"{clauses[-1]}{'' if sep == ',' else ' '}{sep} {piece}"
            else:
                clauses.append(piece)
        if len(clauses) > 1 and len(content_words(clauses[0])) < least:
            clauses[:2] = [f"{clauses[0]} {clauses[1]}"]
        for i in range(1, len(clauses)):
            carried = _MODIFIER.match(normalise(clauses[i - 1]))
            low = normalise(clauses[i])
            if carried and len(low.split()) <= 3 and not _STARTS_VERB_OR_MOD.match(low):
                clauses[i] = f"{carried.group(1)} {clauses[i]}"
        out.extend(clauses)
    return out or [text.strip()]


# -- no demand ----------------------------------------------------------------------------------
_FILLER = r"(?:(?:i|we|honestly|really|um+|erm|well|oh|sorry|just|to be honest|tbh)\s+)*"
_NOTHING = re.compile(
    r"^" + _FILLER + r"(?:not applicable|no comments?|"
    r"not really|not sure|unsure|no idea|dunno|(?:i )?(?:don't|dont|do not) know|"
    r"(?:can't|cant|cannot|can not|couldn't|could not) (?:think|say|comment|fault|complain)|"
    r"(?:i|we)(?:'ve| have| had)(?: got| had)? (?:no|not had any|never had any) "
    r"(?:complaints?|problems?|issues?)|no complaints?|no problems?|no issues?|"
    r"no suggestions?|no changes?|"
    r"(?:it'?s|its|it is|all|everything(?: is| was)?|all is|that'?s) "
    r"(?:fine|ok|okay|good|great|alright|all right|perfect|excellent|brilliant|lovely)|"
    r"fine|ok|okay|alright|happy|all good|all fine|same|as it is|leave it|keep it|"
    r"thank(?:s| you)|cheers|carry on|keep (?:it )?up|well done|"
    r"keep (?:on )?(?:doing|going)(?: (?:what|as) (?:you|they|we)(?:'re| are)(?: doing)?)?|"
    r"(?:it )?(?:couldn't|could not|can't|cannot) (?:be|have been) (?:better|improved|faulted)|"
    r"(?:nothing (?:could|can|would)|(?:(?:you|they|it|we|staff|no ?one) )?(?:couldn't|could not|"
    r"can't|cannot|can not)) (?:(?:have|of) )?(?:be(?:en)? )?(?:done |do |doing )?"
    r"(?:any |much |anything )?(?:better|improved|different(?:ly)?)|"
    r"(?:i )?(?:can't|cant|cannot|can not|couldn't|could not) think of (?:any|anything|a thing)|"
    r"(?:there )?(?:isn't|is not|wasn't|was not) anything|not a thing|not much|not really|"
    r"nothing (?:at all|whatsoever|wrong|to improve(?: on)?|different|springs to mind|"
    r"comes to mind|(?:was|is) too much(?: trouble)?|else|more|bad|better)|absolutely nothing|"
    r"(?:i )?(?:wouldn't|would not) change (?:anything|a thing)|(?:very )?happy with|"
    r"(?:couldn't|couldnt|could not|can't|cant|cannot) (?:have )?(?:asked?|wish(?:ed)?) for "
    r"(?:better|more|anything (?:better|more))|overall nothing|"
    r"faultless|flawless|perfect|no nothing|no not really|no thanks?|"
    r"nothing|none|no|nope|nah|nil|n/?a|na)"  # the bare words last: "no complaints" first
    r"\b(.*)$")
_PRAISE = re.compile(
    r"\b(?:good|great|excellent|lovely|friendly|helpful|nice|brilliant|amazing|fantastic|"
    r"wonderful|perfect|pleased|happy|satisfied|caring|kind|polite|superb|outstanding|fab|"
    r"fabulous|marvellous|grateful|thank(?:s| you)?|love[ds]?|loving|enjoy(?:ed)?|fine|"
    r"efficient|welcoming|supportive|attentive|reassuring|best|impressed|exceptional|"
    r"professional|pleasant|brill|smashing|spot on|first class|second to none|"
    # describing what went well: "explained everything", "felt at ease", "well looked after"
    r"looked after|cared for|helped|listened|explained|informative|reassured|at ease|"
    r"respectful|knowledgeable|compassionate|considerate|cheerful|punctual|beneficial|"
    r"hard ?working|recommend(?:ed)?|appreciated?|satisfactory|good job|"
    # a plain adjective is praise only when said of something: "was clean", not "clean streets"
    r"(?:was|were|is|are|been|very|so|really|always|felt|feel|kept|extremely|quite|all|"
    r"everyone|everything) (?:well|comfortable|relaxed|safe|respected|valued|supported|"
    r"understanding|thorough|calm|warm|welcomed?|clean|quick(?:ly)?|prompt(?:ly)?|on time|"
    r"useful|valuable|worthwhile|positive|easy|clear(?:ly)?|smooth|dedicated|fun|interesting|"
    r"informed|ok|okay))\b")
# Any of these asks for a change, so the clause is a demand even if it also praises.
_DEMAND_CUE = re.compile(
    r"^(?:is|are|do|does|did|can|will|which|who|have|has|am)\b|\w+n't\b|"  # a question
    r"\b(?:would love|love to|like to|more|less|fewer|improve\w*|should|shouldn't|need\w*|"
    r"would (?:like|be|help)|wish|"
    r"want\w*|too|not|no|never|n't|lack\w*|poor\w*|bad|worse|worst|awful|terrible|rude|"
    r"problems?|issues?|difficult|hard|slow|late|dirty|broken|expensive|cheaper|shortage|"
    r"unable|instead|only|could|if|please|stop|fix|why|how|when|where|what|can i|"
    r"complain\w*|disappoint\w*|wait\w*|delay\w*|long|hours?|cost\w*|charged?|fee|"
    r"cold|noisy|noise|loud|uncomfortable|unhelpful|confus\w*|unclear|rushed|busy|"
    r"understaffed|short[- ]staffed|missing|lost|forg[eo]t\w*|ignored|shame|unfortunate\w*|"
    r"sadly|except|although|though|however|apart from|other than|but|rather|wish\w*|"
    r"un\w+able|dis\w+ed)\b")
_NOT_A_CUE = re.compile(r"\b(?:just|exactly) what (?:i|we) needed\b|"
                        r"\b(?:couldn't|could not|can't|cannot|can not) (?:fault|be better|"
                        r"have been better|complain|think|(?:have )?(?:asked?|wish(?:ed)?) for "
                        r"(?:any ?thing )?(?:better|more))\b|\bno (?:complaints?|"
                        r"problems?|issues?)\b|\bnothing (?:was )?too much\b")
# "Couldn't ask for better care" praises the care: said of anything, these are praise.
_PRAISE_PHRASE = re.compile(r"\b(?:couldn't|could not|can't|cannot|can not) (?:fault|"
                            r"(?:have )?(?:asked?|wish(?:ed)?) for (?:any ?thing )?"
                            r"(?:better|more))\b|^(?:a )?(?:big |huge |massive )?thank(?:s| you)\b|"
                            r"\b(?:just|exactly) what (?:i|we) needed\b")

# What a clause may say and still ask for nothing: words about changing, thinking and knowing,
# with a "no"/"not"/"nothing" and no word that says what ("I don't think so", "not a lot",
# "no improvement needed"); one topic word makes it a demand ("not a lot for the kids").
_ABOUT_CHANGE = frozenset({
    "nothing", "none", "no", "not", "nope", "nah", "nowt", "never", "don't", "dont", "didn't",
    "can't", "cant", "cannot", "couldn't", "could", "would", "wouldn't", "isn't", "wasn't",
    "think", "know", "sure", "idea", "better", "bettered", "improve", "improved", "improvement",
    "improvements", "improving", "change", "changed", "changes", "changing", "different",
    "differently", "done", "do", "doing", "anything", "everything", "something", "much", "more",
    "else", "wish", "ask", "asked", "need", "needed", "needs", "upon", "currently", "present",
    "moment", "mind", "comes", "springs", "right", "personally", "suggest", "suggestion",
    "suggestions", "add", "say", "comment", "comments", "particular", "honestly", "though",
})
_NEGATION = frozenset({"nothing", "none", "no", "not", "nope", "nah", "nowt", "never", "don't",
                       "dont", "can't", "cant", "cannot", "couldn't", "wouldn't", "isn't"})
_REASON = re.compile(r"^(?:because|cos|coz|cause|'cause|as i said)\b")
_STILL_ASKS = re.compile(r"\bnothing (?:ever )?(?:gets|is|being|was|been) (?:ever )?done\b")


def is_praise(clause: str) -> bool:
    low = normalise(clause)
    rest = _NOT_A_CUE.sub(" ", low)
    return bool(_PRAISE.search(rest) or _PRAISE_PHRASE.search(low)) and \
        not _DEMAND_CUE.search(rest)


def only_about_changing(clause: str) -> bool:
    """True when the clause says there is nothing to change in words about changing alone."""
    low = normalise(clause)
    words = tokens(low)
    return bool(words) and bool(_NEGATION & set(words)) and not _STILL_ASKS.search(low) and \
        all(w in _ABOUT_CHANGE for w in content_words(low))


@lru_cache(maxsize=65536)  # the same short clause recurs across a big ward
def is_no_demand(clause: str) -> bool:
    """True for 'nothing', "don't know", "it's fine", "nothing, the care was brilliant", pure
    praise; False as soon as the clause asks for something ('no parking', 'nothing for kids')."""
    low = normalise(clause).strip(" .,!?-'\"")
    if not low or not content_words(low) and not _NOTHING.match(low):
        return True  # no word that could say what to change
    if _STILL_ASKS.search(low):
        return False  # "nothing gets done": a complaint, however short
    if _REASON.match(low) and not _DEMAND_CUE.search(_NOT_A_CUE.sub(" ", low)):
        return True  # "because it is true": a reason for a rating, asking for nothing
    if only_about_changing(low):
        return True
    m = _NOTHING.match(low)
    if m:
        rest = m.group(1).strip(" .,!?-")
        if not rest or not content_words(rest) or is_praise(rest):
            return True
        if _PRAISE_PHRASE.match(low) and not _DEMAND_CUE.search(rest):
            return True  # "couldn't ask for better care"
        if re.match(r"^(?:really|at all|much|else|so much|very much|x+|all|again|right now|"
                    r"to be honest|(?:at )?(?:the )?moment|"
                    r"to (?:add|improve|say|change)|"
                    r"(?:i|that i) can think of|comes? to mind|(?:at|for) the moment|"
                    r"that i know of|springs to mind|in particular)\b", rest) and \
                not _DEMAND_CUE.search(_NOT_A_CUE.sub(" ", rest)):
            return True
        return is_praise(low)  # "happy with the service": praise of what follows
    return is_praise(low)


_ASKING = re.compile(r"^(?:please )?(?:more|less|fewer|better|cheaper|cleaner|safer|faster|"
                     r"bring back|get|fix|sort|stop|mend|repair|improve|reduce|increase|reopen|"
                     r"open|build|clear|clean|cut|put|make|provide|give|keep|add|install|"
                     r"replace|empty|collect|need|needs|we need|i want|we want|"
                     r"(?:i|we)(?:'d| would) like)\b")


def asks(clause: str) -> int:
    """How plainly a clause asks for something, for choosing a theme's name: 2 when it says what
    to do ("fix the street lights", "more buses", "we need a youth club"), 1 when it names what
    is wrong or wanted ("the bins are never emptied", "street lights"), 0 when it asks for
    nothing: praise, "nothing", a reason ("because ...") or a fragment with no topic word."""
    low = normalise(clause).strip(" .,!?-'\"")
    if is_no_demand(low) or _REASON.match(low) or not topic_words(low):
        return 0
    return 2 if _ASKING.match(low) or _MODIFIER.match(low) else 1


# Comparatives ask for a change even without a demand cue: "better parking", "quicker replies".
_COMPARATIVE = re.compile(r"\b(?:better|quicker|faster|sooner|earlier|cheaper|cleaner|safer|"
                          r"bigger|smaller|shorter|clearer|easier|warmer|quieter|brighter|"
                          r"nearer|closer|extra)\b")


def asks_for_change(clause: str) -> bool:
    """A word that asks for a change: a demand cue, a comparative, or a verb of asking."""
    low = normalise(clause)
    return bool(_DEMAND_CUE.search(_NOT_A_CUE.sub(" ", low)) or _COMPARATIVE.search(low)) or \
        asks(clause) == 2


def answer_asks_nothing(clauses: list[str]) -> bool:
    """An answer that opens with "nothing" (or "can't fault it") as a clause of its own and then
    only explains why ("Nothing. You made me feel cared for") asks for nothing; one that goes on
    to ask ("Nothing. Maybe more seats") does not."""
    if not clauses or not is_no_demand(clauses[0]) or not _NOTHING.match(
            normalise(clauses[0]).strip(" .,!?-'\"")):
        return False
    return all(not _DEMAND_CUE.search(_NOT_A_CUE.sub(" ", normalise(c))) for c in clauses[1:])
