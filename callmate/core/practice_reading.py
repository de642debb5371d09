"""What a practice persona's words say to a closed question: yes, no, neither, or unreadable.

The persona's reply is the truth a practice is scored against, so misreading it rewards the wrong
rep: "Honestly? No." read as a yes makes a persona that said no keen and credits the rep who
typed yes. Reading therefore never guesses. English is read as sentences (a plain yes or no, a
hedge such as "it depends"); other languages through the short list in yes_no_words: a yes or
no word that opens the sentence ("Ja, das ist es wert.", "Non, pas vraiment."), a "maybe" word,
a "but" after the yes. A hedge is NEITHER; anything else is UNREAD. Neither and unread are never
credited as a yes. This is the one reading: the persona's keenness, the scorecard and the live
panel of a practice all go through it (practice_truth.check).
"""

from __future__ import annotations

import re
from enum import StrEnum

from callmate.core import yes_no_words
from callmate.core.words import sentences  # a reply is read sentence by sentence


class Reading(StrEnum):
    YES = "yes"
    NO = "no"
    #: A hedge: it says it is neither yes nor no ("It depends.", "Maybe.", "I don't know.").
    NEITHER = "neither"
    #: Nothing callmate can read as an answer (another language, or no yes/no word at all).
    UNREAD = "unread"


def _phrases(*items: str) -> re.Pattern[str]:
    words = "|".join(items)
    return re.compile(rf"(?<![\w'’])(?:{words})(?![\w'’])", re.I)


#: Replies that say they are neither yes nor no. Checked first: "not sure" is no "no".
HEDGES = _phrases(
    r"maybe",
    r"perhaps",
    r"possibly",
    r"it depends",
    r"depends",
    r"not sure",
    r"unsure",
    r"not certain",
    r"(?:i|we) (?:do ?n[o']?t|dont) know",
    r"don'?t know",
    r"dunno",
    r"no idea",
    r"hard to say",
    r"can'?t say",
    r"up to a point",
    r"sort of",
    r"kind of",
    r"we'?ll see",
    r"i'?d (?:need|have) to think",
    r"(?:i )?haven'?t (?:really )?thought",
    r"in a way",
    r"partly",
    r"yes and no",
)
#: Plain English no, as a prospect says it without the word "no" too.
NOES = _phrases(
    r"not really",
    r"not at all",
    r"not yet",
    r"not now",
    r"not (?:this|next) (?:year|quarter|month)",
    r"not (?:a|the) (?:priority|problem|big (?:problem|deal|issue))",
    r"not (?:big|important|urgent|worth)",
    r"not that (?:big|bad|important|urgent)",
    r"not (?:for|on) (?:now|my own)",
    r"(?:i )?(?:do ?n'?t|dont) think so",
    r"(?:i )?(?:don'?t|dont) think (?:it|that|so|we)",
    r"(?:i )?would ?n'?t (?:say|call|think)",
    r"(?:i )?wouldn'?t (?:say|call|think)",
    r"(?:i )?doubt (?:it|that)",
    r"hardly",
    r"we (?:can|could) live with it",
    r"we manage",
    r"we'?re managing",
    r"we get by",
    r"no timeline",
    r"no (?:plans?|rush|hurry|budget|urgency)",
    r"nothing (?:planned|yet)",
    r"isn'?t (?:worth|a priority|big|urgent)",
    r"not worth",
    r"probably not",
)
#: Plain English yes. A yes word after "not" is no yes ("not fine" is read as nothing).
YESES = _phrases(
    r"yes",
    r"yeah",
    r"yep",
    r"yup",
    r"sure",
    r"absolutely",
    r"definitely",
    r"certainly",
    r"of course",
    r"indeed",
    r"correct",
    r"exactly",
    r"(?:that'?s|that is|it'?s|is) fine",
    r"fine",
    r"ok(?:ay)?",
    r"all ?right",
    r"go ahead",
    r"go on",
    r"(?:that|it) works",
    r"sounds (?:good|fair|reasonable|right)",
    r"(?:that'?s|that is) (?:fair|right|true)",
    r"fair enough",
)
#: Short whole sentences that are a yes ("I do.", "It is.").
_YES_SENTENCE = re.compile(r"\W*(?:(?:i|we|they|it) (?:do|does|is|am|are|will))\W*")
#: A sentence that starts with no ("No.", "Honestly, no, not really", "Nope"), after filler.
_NO_START = re.compile(
    r"\W*(?:(?:honestly|frankly|well|look|oh|um+|hmm+|sorry|actually|so|to be honest|"
    r"i mean|in short)\W+)*(?:no|nope|nah|never)(?![\w'])"
)
#: What a sentence opening with a no says about how things stand, not a yes to the question:
#: "Not really, it's fine." is a no (the way things are is fine), never a yes and a no at once.
_STANDS_FINE = _phrases(
    r"(?:it'?s|that'?s|it is|that is|we'?re|we are|things are|all is) "
    r"(?:fine|ok(?:ay)?|all ?right|good)(?: (?:as (?:it is|they are|things are)|for now))?",
    r"fine as (?:it is|they are|things are)",
    r"all good",
)
#: A sentence that opens with a no: a plain no word or a plain English no ("Not really, ...").
_OPENS_NO = re.compile(
    r"\W*(?:(?:honestly|frankly|well|look|oh|um+|hmm+|sorry|actually|so|to be honest|"
    r"i mean|in short)\W+)*(?:(?:no|nope|nah|never)(?![\w'])|" + NOES.pattern + ")",
    re.I,
)
#: Fixed phrases that carry a yes or no word without meaning it ("no problem, go ahead").
_NEUTRAL = _phrases(r"no problem", r"no worries", r"not a problem at all")
_NOT_BEFORE = re.compile(r"(?:\bnot|n'?t|\bnever)\s+(?:\w+\s+)?$", re.I)


def _yes_found(sentence: str) -> bool:
    for match in YESES.finditer(sentence):
        if not _NOT_BEFORE.search(sentence[: match.start()]):
            return True
    return False


def read_sentence(sentence: str) -> Reading:
    """One sentence: a hedge, a no, a yes, or nothing readable (both a yes and a no: neither)."""
    folded = _NEUTRAL.sub(" ", sentence.casefold().replace("’", "'"))
    if HEDGES.search(folded) or is_non_answer(folded) or yes_no_words.says_maybe(folded):
        return Reading.NEITHER
    opening = yes_no_words.opening_answer(folded)
    if opening is True and yes_no_words.says_but(folded):
        return Reading.NEITHER  # "Ja, aber nicht jetzt": the rest cannot be read
    said_no = (
        opening is False
        or bool(_NO_START.match(folded) or NOES.search(folded))
        or (opening is None and yes_no_words.says_no_anywhere(folded))
    )
    said_yes = opening is True or _yes_found(folded) or bool(_YES_SENTENCE.fullmatch(folded))
    if said_no and said_yes and _OPENS_NO.match(folded):
        # "Not really, it's fine.": after an opening no, "fine" says things can stay as they
        # are, so the no stands; any other yes after it still makes the sentence neither.
        said_yes = _yes_found(_STANDS_FINE.sub(" ", folded))
    if said_no and said_yes:
        return Reading.NEITHER
    if said_no:
        return Reading.NO
    if said_yes:
        return Reading.YES
    return Reading.UNREAD


def read_yes_no(text: str) -> Reading:
    """A persona's reply to a yes/no question: the first sentence that says anything decides
    ("Honestly? No." is decided by "No.", not by "Honestly?")."""
    for sentence in sentences(text):
        reading = read_sentence(sentence)
        if reading is not Reading.UNREAD:
            return reading
    return Reading.UNREAD


def is_non_answer(text: str) -> bool:
    """Words that tell nothing ("I don't know", "Δεν ξέρω"): never an item the rep missed."""
    folded = text.casefold().replace("’", "'")
    if yes_no_words.says_dont_know(folded):
        return True
    return bool(
        re.fullmatch(
            r"\W*(?:(?:i|we) )?(?:(?:do ?n'?t|dont|really don'?t) know|no idea|not sure|"
            r"dunno|maybe|perhaps|possibly|hard to say|it depends|depends|nothing)\W*",
            folded,
        )
    )
