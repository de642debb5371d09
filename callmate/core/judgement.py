"""What a call's answers and its next step mean: the one judgement every part of callmate asks.

The gate, the qualification slots, the live cues, the scorecard, stats, follow-ups and the practice
personas all read the call through these functions, so "pain agreed" or "an advance" can never mean
one thing on screen and another in the score.

An **advance** is a specific action by the prospect that moves the sale: time booked together to
work on it, the decision maker brought in, their own numbers shared, a trial on a date, a signature.
A **continuation** keeps the conversation alive without a commitment: "send me some information",
"I'll think about it", "call me next month". The words are matched as phrases, negation aware
("a working session, not a brochure"), and a playbook can add its own phrases for its market.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from functools import cache
from typing import Any

from callmate.core.answers import given
from callmate.core.call_record import STEP_KINDS, AnswerValue, CallRecord, StoredStep
from callmate.core.immutable import immutable
from callmate.core.playbook import (
    Capture,
    Condition,
    NextStepPolicy,
    Playbook,
    Question,
    SectionKind,
    Signal,
    Slot,
)


class Verdict(StrEnum):
    """Three honest states for anything the rep is trying to qualify."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Timeline(StrEnum):
    SET = "set"
    WEAK = "weak"
    NONE = "none"
    UNKNOWN = "unknown"


class Decider(StrEnum):
    CONTACT = "contact"
    SOMEONE_ELSE = "someone_else"
    UNKNOWN = "unknown"


@immutable
class Judged:
    """A verdict and the short reason a rep would give for it ("not big enough yet")."""

    verdict: Verdict
    reason: str = ""


# -- words ---------------------------------------------------------------------------------------
_W = r"[\w'’-]+"
#: Words just before a phrase that turn it round: "not a brochure", "rather than send info".
NEGATIONS = ("not", "no", "never", "without", "instead of", "rather than", "don't", "won't")
#: Things a prospect asks to be sent so the conversation can stop without a commitment.
MATERIAL = (
    r"info|information|details|brochures?|deck|slides|pdfs?|pricing|price list|prices|proposal|"
    r"quote|material|materials|literature|something|stuff|case stud(?:y|ies)|overview|one-pager|"
    r"links?|website|white ?paper|specs?|specifications|documentation|docs|catalogue|catalog"
)
SEND_VERBS = r"send|sends|sending|email|e-mail|emails|mail|forward|drop|shoot|pass"
#: Their own data, which shared with us moves the sale ("the usage report", "the invoices").
_THEIR_DATA = (
    r"numbers|data|figures|usage|costs|lists?|invoices|bills|requirements|volumes|contracts?|"
    r"reports?|spreadsheets?|metrics|stats|logs|access|floor ?plans?|headcount|budget"
)
#: The continuations that ask us to act (send something, call them) rather than do anything.
_SENT_ONLY = "only something sent, with nothing booked together"
_SENT = "only something sent"
_MATERIAL_ONLY = "only material asked for"
_CALL_ME = "they asked to be called, no commitment"
#: The commonest stalls in German, Spanish, French and Portuguese, for text callmate cannot read
#: as English
#: (real_words.reads_as_english): a short list, not a translation of the English one.
FOREIGN_STALLS: tuple[tuple[str, str], ...] = (
    (
        # Not "meldet sich für den Workshop an" (signs up for it).
        r"\bmeld(?:e|en|et|t)\s+(?:sie\s+)?(?:mich|uns|sich)\b(?!(?:\s+[\w-]+){0,4}\s+an\b)",
        "they will get back to us",
    ),
    (
        r"\b(?:schicken|senden|mailen|schickt|sendet)\b(?:\s+[\w'’-]+){0,4}?\s+"
        r"(?:infos?|informationen|unterlagen|material(?:ien)?|prospekte?|brosch(?:ü|u|ue)ren?)\b",
        _SENT_ONLY,
    ),
    (
        r"\b(?:[üu]|ue)berleg(?:e|en|t)\s+(?:es\s+|das\s+)?(?:mir|uns|sich)\b|"
        r"\bdenk(?:e|en|t)\s+(?:dar[üu]ber|dr[üu]ber)\s+nach\b|\b(?:dar|dr)[üu]ber\s+schlafen\b",
        "thinking it over",
    ),
    (r"\bruf(?:en|t|e)?\s+(?:sie\s+)?(?:mich|uns)\b(?:\s+[\w-]+){0,3}?\s+an\b", _CALL_ME),
    (r"\bnachfass\w*\b|\bllamada\s+de\s+seguimiento\b", "a follow-up with no purpose"),
    (
        r"\b(?:m[aá]nd|env[ií])\w*\b(?:\s+[\w'’-]+){0,4}?\s+"
        r"(?:informaci[oó]n|info|detalles|folletos?|cat[aá]logo|material)\b",
        _SENT_ONLY,
    ),
    (
        r"\blo\s+(?:pienso|pensamos|piensa|piensan|pensar[ée]|pensaremos|pensar[aá]n?)\b|"
        r"\bpens[aá]r(?:melo|noslo|selo|lo)\b",
        "thinking it over",
    ),
    (r"\b(?:le|te|les|os)\s+(?:aviso|avisamos|avisar[ée]|avisaremos)\b", "they will let us know"),
    (
        r"\b(?:me|nos|se)\s+(?:pondr[ée]|pondremos|pondr[aá]n?|pongo|ponemos)\s+en\s+contacto\b",
        "they will get back to us",
    ),
    (r"\bll[aá]m(?:e|a|en)(?:me|nos)\b", _CALL_ME),
    # French
    (
        r"\benvoy\w*\b(?:[\s-]+[\w'’]+){0,4}?[\s-]+"
        r"(?:infos?|informations?|documentation|doc|brochures?|plaquettes?|catalogues?)\b",
        _SENT_ONLY,
    ),
    (r"\br[ée]fl[ée]chi(?:r|s|t|ssons|ssez)\b", "thinking it over"),
    (
        r"\b(?:je|nous|on)\s+(?:vous\s+)?(?:reviens|reviendrai|revenons|reviendrons|revient|"
        r"recontacte|recontacterai|recontactons|tiens\s+au\s+courant|tiendrai\s+au\s+courant)\b",
        "they will get back to us",
    ),
    (r"\brappelez(?:-|\s+)(?:moi|nous)\b", _CALL_ME),
    # Portuguese
    (
        r"\b(?:mand|envi)\w*\b(?:\s+[\w'’-]+){0,4}?\s+"
        r"(?:informa(?:ç|c)(?:ão|ao|ões|oes)|folhetos?|cat[aá]logo|material)\b",
        _SENT_ONLY,
    ),
    (
        r"\b(?:vou|vamos|preciso|precisamos)\s+pensar\b|\bpensar\s+(?:nisso|melhor)\b",
        "thinking it over",
    ),
    (r"\b(?:te|lhe|vos)\s+(?:aviso|avisamos|avisarei)\b", "they will let us know"),
    (r"\b(?:dou|damos|darei|daremos)\s+(?:um\s+)?retorno\b", "they will get back to us"),
    (r"\bme\s+lig(?:a|ue)\b|\blig(?:a|ue)(?:-|\s+)me\b", _CALL_ME),
)
#: Continuations: each is removed from the text before advances are looked for, so "call me next
#: month" does not count as a call, and "send me the proposal" leaves "go through it together".
CONTINUATION_PATTERNS: tuple[tuple[str, str], ...] = (
    # First: sending it on to the decider is not bringing them in (before 'send X' takes it).
    (
        # Not a meeting's invite: forwarding that to the owner invites them ("someone brought
        # in"), as "forward the calendar invite to the owner" already read.
        r"\b(?:forward|forwards|forwarding|pass|passes|hand|hands)\b"
        r"(?!\s+(?:(?:the|our|my|a|an|that|this)\s+)?(?:calendar\s+|meeting\s+|teams\s+|zoom\s+)?"
        r"(?:invite|invites|invitation|meeting\s+request)\b)(?:\s+(?:it|this|that|them|on|"
        r"along|(?:the|a|an|my|our|your|his|her|their)\s+[\w-]+))*\s+(?:on\s+)?to\s+(?!(?:us|me|you)\b)"
        r"(?:(?:dr|mr|mrs|ms|prof)\.?\s+)?[\w'’-]+",
        "passed on to someone, who is not brought in",
    ),
    (
        rf"\b(?:{SEND_VERBS})\b(?:\s+(?!and\b|then\b|but\b){_W}){{0,5}}?\s+(?:{MATERIAL})\b",
        _SENT_ONLY,
    ),
    (rf"\b(?:{SEND_VERBS})\s+(?:it|that|this|them|one)\s+over\b", _SENT),
    (
        rf"\b(?:{SEND_VERBS})\s+(?:it|that|this|them)\s+(?:to me|to us|my way)\b",
        _SENT,
    ),
    (r"\b(?:more|some|further|additional)\s+(?:" + MATERIAL + r")\b", _MATERIAL_ONLY),
    (r"\b(?:take|have|get|had)\s+a\s+(?:quick\s+|proper\s+|closer\s+)?look\b", "a look, no action"),
    (r"\blook\s+(?:at\s+it|it\s+over|over\s+(?:it|the\s+\w+)|into\s+it|through\s+it)\b", "a look"),
    (
        r"\b(?:think|thinking|mull|mulling)\s+(?:about\s+|over\s+)?(?:it|this|that|things|"
        r"the\s+[\w-]+)\s*(?:over)?\b",
        "thinking it over",
    ),
    (
        # "let me think", "have a think", "they'll think about the pricing": a think, no action.
        r"\b(?:let\s+(?:me|us|them|him|her)|have\s+a|having\s+a|take\s+time\s+to|need\s+to|needs\s+to|"
        r"want\s+to|wants\s+to|will|(?:i|we|they|he|she)(?:'|’)ll|(?:i|we|they|he|she)\s+will)\s+"
        r"(?:think|mull|ponder|reflect)\b(?:\s+(?:it\s+)?(?:over|through|about|on)\s+"
        r"(?:it|this|that|things|the\s+[\w-]+))?",
        "thinking it over",
    ),
    (r"\bsleep\s+on\s+it\b", "thinking it over"),
    (r"\bconsider\s+(?:it|this|that|the\s+\w+)\b", "thinking it over"),
    (
        r"\b(?:read|review)\s+(?:it|through\s+it|the\s+\w+)\s+(?:first|later|alone|on\s+\w+\s+own)\b",
        "reading it alone",
    ),
    (
        # A read on their own with nothing after it ("read it", "will review internally", "go
        # over the deck"), as "look at it" is: a look, no action. "Review the proposal with Ana
        # and send comments by Friday" or "review it together" go on, and are judged on the rest.
        r"\b(?:read|reads|reading|review|reviews|reviewing|skim|study|go\s+over|goes\s+over|"
        r"look\s+over|have\s+a\s+read(?:\s+of)?)"
        r"(?:\s+(?:it|this|that|them|through\s+it|(?:the|our|your)\s+[\w-]+))?"
        r"(?:\s+(?:first|later|again|properly|carefully|internally|alone|tonight|"
        r"on\s+(?:their|his|her|my|our)\s+own|this\s+week|over\s+the\s+weekend))*"
        r"(?=\s*(?:$|[.;,!?]))",
        "a read on their own",
    ),
    (
        # Going through it on their own is a read, not time together: "she'll go through the
        # deck on her own", "work through it alone first".
        r"\b(?:go|goes|going|work|works|working|walk|walks|walking)\s+"
        r"(?:(?!us\b|me\b|you\b)\w+\s+){0,2}?through\b"
        r"(?:\s+(?:it|this|that|them|(?:the|our|your|her|his|their)\s+[\w-]+))?"
        r"(?:\s+(?:first|later|again|properly|carefully))*\s+(?:on\s+(?:their|his|her|my|our)\s+own|"
        r"alone|by\s+(?:herself|himself|themselves|myself|ourselves)|internally)\b"
        r"(?=\s*(?:$|[.;,!?]|first\b|and\b|then\b|before\b|by\b|this\b|over\b))",
        "a read on their own",
    ),
    (
        # "will get back to us", "she'll get back", "he'll revert by EOD"; not "get back to
        # work", nor getting back with their numbers.
        r"\b(?:(?:get|gets|getting|come|comes|coming)\s+back|revert|reverts|reverting)"
        r"(?:\s+back)?(?:\s+to\s+(?:me|you|us)\b|(?!\s+to\b))(?!\s+with\s+(?:the\s+|their\s+)?"
        r"(?:numbers|data|figures|invoices|costs|usage|requirements|budget)\b)",
        "they will get back to us",
    ),
    (
        r"\b(?:be|get|gets|getting)\s+in\s+touch\b(?!\s+with\s+(?!(?:us|me|you)\b))|"
        r"\b(?:drop|drops|shoot|shoots|send|sends|ping|pings)\s+(?:us|me|you)\s+(?:an?\s+)?"
        r"(?:email|e-mail|mail|line|note|message|text|msg)\b",
        "they will get back to us",
    ),
    (
        r"\bkeep(?:s|ing)?\s+(?:us|me|you)\s+(?:posted|updated|informed|in\s+the\s+loop)\b|"
        r"\bupdate(?:s)?\s+(?:us|me|you)\b",
        "they will let us know",
    ),
    (
        r"\bgive\s+(?:it|this|that|the\s+[\w-]+)\s+(?:some\s+|a\s+little\s+|more\s+|a\s+)?"
        r"(?:thought|consideration)\b|"
        r"\bdigest(?:s|ing)?\b(?:\s+(?:it|this|that|(?:the|our|your)\s+[\w-]+))?",
        "thinking it over",
    ),
    (
        # Calling us back is getting back to us ("she will call us back next week"); calling us
        # with the numbers, or to book the demo, goes on and is judged on the rest.
        r"\b(?:call|calls|ring|rings|phone|phones|text|texts|email|emails)\s+(?:us\b|you\s+back\b)"
        r"(?!(?:\s+back)?\s+(?:with|to)\b)"
        # Not "email us the usage report": their data sent to us.
        rf"(?!\s+(?:(?:the|their|her|his|its|a|an|our|this|that|these|those)\s+)?(?:[\w-]+\s+){{0,2}}?"
        rf"(?:{_THEIR_DATA})\b)(?:\s+back)?"
        r"(?:\s+(?:later|again|soon|sometime|tomorrow|next\s+\w+|this\s+\w+|in\s+a\s+\w+|"
        r"in\s+\w+\s+\w+|on\s+\w+|after\s+(?:the\s+)?\w+))?",
        "they will get back to us",
    ),
    (r"\blet\s+(?:me|you|us)\s+know\b", "they will let us know"),
    (r"\b(?:wait|waiting)\s+to\s+hear\b", "waiting to hear from them"),
    (
        r"\b(?:call|ring|phone|text|email|ping)\s+me\b(?:\s+(?:back|later|again|sometime|next\s+\w+"
        r"|in\s+a\s+\w+|in\s+\w+\s+\w+))?",
        _CALL_ME,
    ),
    (r"\bgive\s+(?:me|us)\s+a\s+(?:call|ring|shout)\b", _CALL_ME),
    # Being reachable is not doing anything: "answer the call", "pick up", "be available".
    (
        r"\b(?:answer|answers|answering|pick\s+up|picks\s+up|picking\s+up|take|takes|taking)\s+"
        r"(?:the\s+|my\s+|our\s+|your\s+|a\s+|that\s+)?(?:phone|call|calls)\b"
        # "take the call with the CFO" is time booked with someone, not only answering.
        r"(?!\s+with\b)",
        "only being reachable, no action of theirs",
    ),
    (
        # "she'll pick up", "he will answer": nothing after it but the end of the clause.
        r"\b(?:answer|answers|pick\s+up|picks\s+up)(?=\s*(?:$|[.;,!?]|when\b|if\b))",
        "only being reachable, no action of theirs",
    ),
    (
        r"\b(?:be|being|stay|staying)\s+(?:available|around|free|reachable|on\s+the\s+phone|"
        r"by\s+the\s+phone|at\s+(?:their|his|her|my)\s+desk)\b",
        "only being reachable, no action of theirs",
    ),
    (
        # "I'll call her next month": our call at a time, with nothing to do on it. "Call her
        # next month to go through the numbers" goes on and is judged on the rest.
        r"\b(?:call|ring|phone)\s+(?:her|him|them)\b"
        r"(?:\s+(?:back|again|later|then|soon|sometime|tomorrow|next\s+\w+|this\s+\w+|in\s+a\s+\w+|"
        r"in\s+\w+\s+\w+|on\s+\w+|after\s+(?:the\s+)?\w+|early\s+\w+|end\s+of\s+\w+|"
        r"(?:mon|tue|wed|thu|fri|sat|sun)\w*))*(?=\s*(?:$|[.;,!?]))",
        "calling again, no purpose",
    ),
    (
        r"\b(?:call|ring|phone)\s+(?:them\s+|him\s+|her\s+)?(?:again|back)\b",
        "calling again, no purpose",
    ),
    # A check-in, a follow-up, a catch-up, touching base: the call they name is no purpose of
    # its own ("catch up call" was an advance for its "call", "check in" a continuation).
    (
        r"\b(?:check|checking)(?:-|\s+)in(?:\s+(?:call|chat|meeting|email))?\b",
        "a check-in with no purpose",
    ),
    (
        r"\bfollow(?:-|\s+)up(?:\s+(?:call|chat|meeting|email|later))?\b",
        "a follow-up with no purpose",
    ),
    (r"\bcatch(?:-|\s+)?up(?:\s+(?:call|chat|meeting))?\b", "a catch-up with no purpose"),
    (r"\btouch(?:ing)?\s+base(?:\s+(?:call|chat|meeting))?\b", "touching base"),
    (r"\b(?:keep|stay|keeping|staying)\s+in\s+touch\b", "keeping in touch"),
    (r"\bcircle\s+back\b", "circling back"),
    (r"\breach\s+out\b", "reaching out later"),
    (r"\bwe(?:'|’)?ll\s+see\b|\bwe\s+will\s+see\b", "we'll see"),
    (
        r"\b(?:when|if)\s+(?:i|they|he|she|we)\s+(?:get|have|find)\s+(?:a\s+chance|time)\b",
        "when they find time",
    ),
    (r"\brun\s+it\s+(?:by|past)\b(?:\s+(?:the|my|their|his|her)?\s*\w+)?", "taken away to others"),
    (
        # Taken to someone else to decide: "take it to her manager", "bounce it off his boss",
        # "sound out his boss", "ask his boss", "socialise it internally", "get buy-in". "Ask
        # the CFO to join" goes on, and is judged on the rest.
        r"\b(?:take|takes|taking)\s+(?:it|this|that|them|the\s+[\w-]+)\s+to\s+"
        r"(?!(?:the\s+|our\s+)?(?:call|meeting|demo|session|workshop)\b)"
        r"(?:(?:my|her|his|their|the|our)\s+)?[\w'’-]+|"
        r"\b(?:bounce|bounces|bouncing)\s+(?:it|this|that|them|the\s+[\w-]+)\s+off\s+"
        r"(?:(?:my|her|his|their|the|our)\s+)?[\w'’-]+|"
        r"\bsound(?:s|ing)?\s+out\s+(?:(?:my|her|his|their|the|our)\s+)?[\w'’-]+|"
        r"\b(?:ask|asks|asking)\s+(?:(?:my|her|his|their|the|our)\s+[\w'’-]++|"
        r"(?:cfo|ceo|coo|cto|cio|boss|manager|director|board|owner|partner|finance|"
        r"procurement|team)\b|around\b)(?!\s+(?:to|for|if|whether|along)\b)|"
        r"\bsociali[sz](?:e|es|ed|ing)\b(?:\s+(?:it|this|that|the\s+[\w-]+))?|"
        r"\b(?:get|gets|getting|secure|build)\s+(?:the\s+|some\s+)?buy-?in\b|"
        r"\b(?:decide|decides|deciding|check|checks|checking|sync|syncs|syncing)\s+internally\b",
        "taken away to others",
    ),
    (
        # "she's waiting on her boss", "waiting for approval"; not "wait for the invoices".
        r"\b(?:wait|waits|waiting)\s+(?:on\s+(?!(?:us|me|you)\b)"
        r"(?:(?:my|her|his|their|the|our)\s+)?[\w'’-]+(?:\s+(?:team|board))?|"
        r"for\s+(?:(?:my|her|his|their|the|our)\s+)?(?:boss|manager|cfo|ceo|director|board|"
        r"owner|partner|finance|procurement|legal|approval|sign-?off|budget|green\s+light)\b)",
        "waiting on someone else",
    ),
    (
        # "let me check with my wife", "she'll talk to her boss", "discuss it with the team",
        # "mention it to her partner": taken away to someone who is not brought in. "Talk to
        # her boss and bring him to the demo" goes on, and is judged on the rest.
        r"\b(?:check|checks|checking|talk|talks|talking|speak|speaks|speaking|discuss|"
        r"discusses|discussing|chat|chats|chatting|mention|mentions|mentioning|consult|"
        r"consults|consulting|confer|confers|raise|raises|raising|sync|syncs|syncing|"
        r"sync\s+up|float|floats|floating|(?:have|has|having)\s+a\s+(?:quick\s+)?word)"
        r"(?:\s+(?:it|this|that|things|about\s+it|it\s+over|it\s+through))?\s+(?:with|to)\s+"
        r"(?:(?:my|her|his|their|the|our|your)\s+)?[\w'’-]+(?:\s+(?:team|board|partner))?"
        r"(?:\s+(?:about\s+(?:it|this|that)|first|before\s+\w+))?",
        "taken away to others",
    ),
    (
        # "she wants a call in a month", "asked us to call back": asked to be called.
        r"\b(?:wants?|wanted|asked\s+(?:for|us\s+to|me\s+to)|asks\s+(?:for|us\s+to|me\s+to)|"
        r"prefers?)\s+(?:a\s+)?(?:call|ring|follow-?up)(?:\s+(?:back|later|again|then|"
        r"in\s+a\s+\w+|in\s+\w+\s+\w+|next\s+\w+))?(?=\s*(?:$|[.;,!?]))",
        _CALL_ME,
    ),
    (r"\b(?:discuss|talk\s+about\s+it|talk\s+it\s+over)\s+internally\b", "taken away to others"),
    (r"\bnot\s+(?:ready|sure|now|yet)\b", "not ready to commit"),
    (r"^\s*(?:nothing|none|n/?a|tbd|tbc|maybe|later|-+|\.+)\s*$", "no action from them"),
    *FOREIGN_STALLS,
)
#: Roles that usually decide; names the rep captured are added per call.
DECIDER_ROLES = (
    r"decision[- ]makers?|deciders?|cfo|ceo|coo|cto|cio|cmo|vp|vice president|director|owner|"
    r"founder|partners?|board|head of \w+|boss|md|managing director|president|procurement|"
    r"purchasing|finance(?: team)?|budget holder|gm|general manager|"
    # German and Spanish: "Entscheider", "Geschäftsführerin", "el gerente", "la decisora".
    r"entscheider(?:in|innen)?|gesch(?:ä|ae|a)ftsf(?:ü|ue|u)hr\w*|vorstand|einkauf|"
    r"decisor(?:a|es|as)?|directora?|gerentes?|due(?:ñ|n)[oa]s?"
)
#: A capital letter, accented ones too ("Élan").
_CAPITAL = "[A-ZÀ-ÖØ-Þ]"
#: A person or a role someone brings in: a deciding role, a colleague or a team, or a name as
#: written (a capital letter: "invite Ana", "Dr Quill joins"), never "she" or "it".
_PERSON = (
    rf"\b(?:{DECIDER_ROLES}|colleagues?|team(?:mates?)?|managers?|mgrs?|leads?|heads?|staff|"
    r"someone|somebody|people|accountants?|bookkeepers?|assistants?|engineers?|admins?|"
    r"administrators?|dentists?|doctors?|dr|husband|wife|spouse|co-?founders?|users?|"
    r"supervisors?|officers?|controllers?|coordinators?|chair(?:man|woman|person)?|whoever)\b|"
    r"(?-i:\b(?!(?:She|He|They|We|It|You|I|The|Their|Our|His|Her|My|Last|This|Next)\b)"
    rf"{_CAPITAL}[\w'’.-]*(?:\s+{_CAPITAL}[\w'’.-]*){{0,2}})"
)
#: The advances a rep reads: these reasons are what the gate says ("✓ Advance: ...").
NUMBERS_SHARED = "their own numbers shared"
BROUGHT_IN = "someone brought in"
DECIDER_BROUGHT_IN = "the decision maker brought in"
#: Reasons that all say time together: one of them is enough in a reason.
_TIME = frozenset(("time together", "working through it", "time booked together"))
#: Advances: what moves a sale, once the continuations are taken out of the text.
ADVANCE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:together|jointly|side by side|with (?:us|me))\b", "time together"),
    (r"\b(?:go|going|walk|walking|work|working)\s+(?:\w+\s+){0,2}?through\b", "working through it"),
    (
        r"\b(?:call|calls|meeting|meetings|meet|demo|demos|demonstration|session|workshop|visit|"
        r"site visit|tour|on-?site|video call|zoom|teams call|lunch|presentation|review call|"
        r"walkthrough|walk-through|screen ?share)\b",
        "time booked together",
    ),
    (r"\b(?:trial|pilot|proof of concept|poc|test drive|sandbox)\b", "a trial"),
    (
        # Shared with us, not only pulled together: "pull the numbers" alone moves nothing.
        # Before "someone brought in": "bring the invoices" brings numbers, not a person.
        r"\b(?:share|shares|sharing|send|sends|bring|brings|bringing|provide|provides|export|"
        r"exports|upload|uploads|get us|give us|hand over|get back to (?:us|me) with|email|"
        r"emails|emailing|e-mail|mail|mails|forward|forwards|forwarding|hand|hands|handing)\b"
        rf"(?:\s+{_W}){{0,4}}?\s+"
        rf"(?:{_THEIR_DATA})\b",
        NUMBERS_SHARED,
    ),
    # Someone brought in: a person or a role invited, introduced or brought along, or joining
    # ("bring the invoices" is numbers, above; "she will join" is the contact herself).
    (
        r"\b(?:(?:invite|invites|inviting)\b(?!\s+(?:us|me)\b)|introduce|introduces|"
        r"introducing|introduction\s+to|intro\s+to|loop(?:s|ing)?\s+in)\b"
        rf"(?:(?:\s+(?!so\b|but\b|then\b|and\b){_W}){{0,4}}?\s+(?:{_PERSON}))?",
        BROUGHT_IN,
    ),
    (
        rf"\b(?:bring|brings|bringing)(?:\s+(?:in|along))?(?:\s+(?!to\b|so\b|but\b|then\b){_W})"
        rf"{{0,5}}?\s+(?:{_PERSON})",
        BROUGHT_IN,
    ),
    (
        rf"(?:{_PERSON})(?:\s+(?:will|to|also|can|could|then|would|shall|is|are|going|gonna))*\s+"
        r"(?:join|joins|joining|attend|attends|attending|come|comes|coming|sit\s+in|sits\s+in|"
        # Someone else there: "make sure Mark is there", "the owner will be there".
        r"(?:be|is|are)\s+(?:there|present)|show(?:s)?\s+up|turn(?:s)?\s+up)\b",
        BROUGHT_IN,
    ),
    (
        r"\b(?:sign|signs|signed|signing|signature|purchase order|po|order|approve|approves|"
        r"approval|"
        r"kick-?off|onboarding|go live|go-live|start date|agreement)\b",
        "a commercial step",
    ),
    (
        r"\b(?:decision(?![- ]?makers?\b)|decide|decides|yes or no|go or no-go|go/no-go|verdict)\b",
        "a decision",
    ),
    # Time together in German, Spanish, French and Portuguese, so a stall beside it ("schicken
    # Sie mir Unterlagen, dann gehen wir sie gemeinsam durch") is not all the step says.
    (r"\b(?:gemeinsam|zusammen|juntos|juntas|conjuntamente|ensemble)\b", "time together"),
    (
        r"\b(?:termin|treffen|besprechung|videocall|reuni[oó]n|llamada|videollamada|cita|"
        r"r[ée]union|rendez-vous|visio(?:conf[ée]rence)?|reuni[ãa]o|videochamada)\b",
        "time booked together",
    ),
)


def _compiled(patterns: Iterable[tuple[str, str]]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p, re.I), why) for p, why in patterns)


def _lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled the first time it is used, not at import: a call's start imports this
    module for its cues, and compiling every pattern was most of the import."""
    return cache(lambda: re.compile(pattern, flags))


@cache
def _step_patterns() -> tuple[
    tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[re.Pattern[str], str], ...]
]:
    """The continuations and advances, compiled when a step is first judged (not at import:
    compiling them is most of this module's import, which every call start would pay)."""
    return _compiled(CONTINUATION_PATTERNS), _compiled(ADVANCE_PATTERNS)


_NEGATED = _lazy(
    r"\b(?:" + "|".join(re.escape(n) for n in NEGATIONS) + r")\s+(?:[\w'’-]+\s+){0,2}$", re.I
)
_DECIDER = _lazy(rf"\b(?:{DECIDER_ROLES})\b", re.I)


def _phrase(text: str) -> re.Pattern[str]:
    """A trainer's own phrase, matched as whole words however it is spaced or capitalised; at
    an edge in a script written without spaces ("検討します" in "社内で検討します") there is no
    word boundary to look for."""
    from callmate.core.words import DENSE

    words = [re.escape(w) for w in text.split()]
    if not words:
        return re.compile(r"(?!)")
    start = "" if DENSE.match(text.strip()[0]) else r"\b"
    end = "" if DENSE.match(text.strip()[-1]) else r"\b"
    return re.compile(start + r"\s+".join(words) + end, re.I)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATED().search(text[max(0, start - 30) : start]))


@immutable
class _Found:
    """Why a next step was judged as it was, and the words of it that decided."""

    why: str
    words: str


def _find(text: str, patterns: Sequence[tuple[re.Pattern[str], str]]) -> tuple[list[_Found], str]:
    """Every non-negated match, and the text with all matches blanked out."""
    found: list[_Found] = []
    rest = text
    for pattern, why in patterns:
        for match in pattern.finditer(rest):
            if match.group(0).strip() and not _negated(rest, match.start()):
                found.append(_Found(why, match.group(0).strip()))
            rest = rest[: match.start()] + " " * (match.end() - match.start()) + rest[match.end() :]
    return found, rest


# -- the next step -------------------------------------------------------------------------------
@immutable
class StepJudgement:
    """Whether a next step is an advance, why, and whether it brings in the decision maker."""

    advance: bool
    reason: str
    words: tuple[str, ...] = ()
    involves_decider: bool | None = None

    @property
    def kind(self) -> str:
        return "advance" if self.advance else "continuation"


def _with_policy(
    policy: NextStepPolicy | None,
) -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    continuations, advances = _step_patterns()
    if policy is None:
        return continuations, advances
    extra_cont = tuple(
        (_phrase(p), "this playbook's continuation phrase") for p in policy.continuations
    )
    extra_adv = tuple((_phrase(p), "this playbook's advance phrase") for p in policy.advances)
    return extra_cont + continuations, extra_adv + advances


def judge_step(
    what: str,
    theirs: str,
    policy: NextStepPolicy | None = None,
    *,
    deciders: Sequence[str] = (),
    contact_decides: Decider = Decider.UNKNOWN,
) -> StepJudgement:
    """Advance or continuation, for what happens next and the prospect's own part in it.

    `deciders` are the names the rep captured for who decides; with `contact_decides` set to
    SOMEONE_ELSE the judgement also says whether the step brings one of them (or a deciding
    role) in. Sending something is never an advance on its own; with time booked together it is.
    What happens then and their part are read each on its own: their numbers shared (or
    brought), a trial, a signature or the decision maker brought in is an advance beside any
    what; someone not known to decide brought in only beside time together.
    """
    continuations, advances = _with_policy(policy)
    text = f"{what.strip()} . {theirs.strip()}"
    stopped, rest = _find(text, continuations)
    cut = len(what.strip()) + 3  # what happens then, and their part, are read each on its own
    named = deciders if contact_decides is not Decider.CONTACT else None
    staged = _named(_find(rest[:cut], advances)[0], named)
    brought = _named(_find(rest[cut:], advances)[0], named)
    # "I'll bring the invoices" as their part may quote the prospect or be the rep's own action:
    # it is taken as an action (a stall in it is still one), but adds nothing to the advance.
    quoted_i = _FIRST_PERSON().match(theirs) is not None
    if quoted_i:
        brought = []
    moved = staged + brought
    decider = _involves_decider(rest, deciders) if contact_decides is Decider.SOMEONE_ELSE else None
    require_theirs = policy is None or policy.require_prospect_commitment
    if require_theirs and not _meaningful(theirs):
        return StepJudgement(
            False,
            "the prospect has no part in it yet: what will they do (bring the numbers, bring in "
            "the person who signs, block the time)?",
            (),
            decider,
        )
    unreal = _no_real_words(what, theirs if require_theirs else "")
    if unreal is not None:
        return StepJudgement(False, unreal, (), decider)
    from callmate.core.real_words import reads_as_english  # loads words.py: not at start-up

    english = reads_as_english(text)
    if (moved or not english) and require_theirs:
        not_theirs = their_part_problem(theirs, continuations, advances)
        if not_theirs is not None:
            return StepJudgement(False, not_theirs.reason, not_theirs.words, decider)
    if decider is False and not english:
        decider = None  # their words for the decider are not ours to find
    if english and moved and all(f.why == BROUGHT_IN for f in moved):
        # Someone not known to decide, brought into nothing booked together (a check-in).
        return StepJudgement(False, _nothing_to_bring_them_to(moved[0], stopped), (), decider)
    if moved:
        if not english:
            why = f"{moved[0].why} ('{moved[0].words}'); {WORDS_ONLY}"
        else:
            why = _advance_reason(staged, brought)
        return StepJudgement(True, why, tuple(f.words for f in moved), decider)
    if stopped:
        words = tuple(dict.fromkeys(f.words for f in stopped))
        staged_stop = _find(what.strip(), continuations)[0]
        if (
            english
            and staged_stop
            and not _find(theirs, continuations)[0]
            and their_part_problem(theirs, continuations, advances) is None
        ):
            # Their part is an action; what happens then is what stops it being an advance.
            first = staged_stop[0]
            return StepJudgement(
                False,
                f"their part {quoted(theirs)} is an action of theirs, but what happens then "
                f"('{first.words}') is a continuation ({first.why}): change what happens then to "
                f"time together on it (a call to go through it with them){_said_i(quoted_i)}",
                tuple(dict.fromkeys(f.words for f in staged_stop)),
                decider,
            )
        return StepJudgement(
            False,
            f"'{words[0]}' is a continuation ({stopped[0].why}): it keeps the conversation alive "
            f"but nobody has committed to anything that moves the sale{_said_i(quoted_i)}",
            words,
            decider,
        )
    if not english:
        if policy is not None and _is_suggestion(what, policy.suggestions):
            why = f"one of this playbook's suggested steps; {WORDS_ONLY}"
            return StepJudgement(True, why, (), decider)
        why = f"what happens then and their part are in real words; {WORDS_ONLY}"
        return StepJudgement(True, why, (), decider)
    return StepJudgement(
        False,
        "nothing in it books time together, brings in the decision maker or has them do "
        f"something that moves the sale{_said_i(quoted_i)}",
        (),
        decider,
    )


def _said_i(quoted_i: bool) -> str:
    """What to add to a refusal when their part says "I": it counts once it is theirs."""
    if not quoted_i:
        return ""
    return (
        "; their part says 'I': if those are the prospect's words, write them as theirs "
        "('she will ...') so they count, and put yours in what we committed to"
    )


def _named(found: list[_Found], deciders: Sequence[str] | None) -> list[_Found]:
    """The advances found, someone brought in named as the decision maker when they are one (a
    deciding role, or a name the rep captured for who decides); None: the contact decides, so
    whoever else comes is not the decision maker."""
    return [
        _Found(DECIDER_BROUGHT_IN, f.words)
        if f.why == BROUGHT_IN and deciders is not None and _involves_decider(f.words, deciders)
        else f
        for f in found
    ]


def _advance_reason(staged: Sequence[_Found], brought: Sequence[_Found]) -> str:
    """Why a step is an advance, in true words: what happens then, and what their part adds
    ("time together, and their own numbers shared"); someone brought in says whom."""
    first = list(staged[:1])
    said = {f.why for f in first}
    if said & _TIME:
        said |= _TIME  # "time together, and time booked together" says one thing twice
    added = [f for f in brought if f.why not in said][:1]
    parts = [f"{f.why} ('{f.words}')" if f.why == BROUGHT_IN else f.why for f in first + added]
    return ", and ".join(parts)


def _nothing_to_bring_them_to(found: _Found, stopped: Sequence[_Found]) -> str:
    """Why bringing in someone who does not decide is no advance when nothing is booked."""
    stage = (
        f"'{stopped[0].words}' is a continuation ({stopped[0].why})"
        if stopped
        else "nothing is booked together"
    )
    return (
        f"'{found.words}' brings in someone not known to decide, and {stage}: "
        "book time together for them to join (a call to go through it)"
    )


#: What the rep is told when a step was judged without reading it: callmate reads English
#: phrases (and a few German, Spanish, French and Portuguese ones); other text is only checked
#: for real words.
WORDS_ONLY = "judged by its words only: the language is not one callmate reads"


def _no_real_words(what: str, theirs: str) -> str | None:
    """Why a step's text is a keyboard mash or filler ("asdf jkl", "bla bla bla"), or None.
    A placeholder ("tbd", "n/a") is left to their_part_problem and the continuations, which
    name it as one."""
    if _mashed(what):
        return (
            f"what happens then ({quoted(what)}) has no real words: say what you will do "
            "together (go through the proposal, a demo with whoever signs)"
        )
    if _mashed(theirs):
        return f"their part {quoted(theirs)} has no real words: {_ASK_THEIRS}"
    return None


def _mashed(text: str) -> bool:
    from callmate.core.real_words import has_real_words

    return bool(text.strip()) and not has_real_words(text) and not _ONLY_REPLY().match(text)


def _is_suggestion(what: str, suggestions: Sequence[str]) -> bool:
    """Whether `what` is one of the playbook's suggested steps, its {placeholders} filled in
    (the gate fills them from the call: session.expand_suggestion)."""
    from callmate.core.words import words as folded_words  # only the gate asks

    said = " ".join(folded_words(what))
    for suggestion in suggestions:
        parts = re.split(r"\{[^{}]*\}", suggestion)
        pattern = r".+?".join(re.escape(" ".join(folded_words(p))) for p in parts)
        if said and re.fullmatch(r"\s*" + pattern + r"\s*", said):
            return True
    return False


#: What to ask for instead, after any refused part of theirs.
_ASK_THEIRS = (
    "ask what they will do before then (bring the numbers, bring in whoever signs, block the time)"
)
_ASKS_US = frozenset((_SENT_ONLY, _SENT, _MATERIAL_ONLY, _CALL_ME))
#: Words that make up a bare reply or a placeholder, not an action: "ok", "sure, will do",
#: "they agreed", "tbd", "n/a", "nothing". A part made only of these is no part at all.
_REPLY_WORDS = (
    r"ok(?:ay)?|k+|sure|yes|yeah|yep|yup|fine|agreed?|agrees|alright|right|cool|great|good|"
    r"perfect|sounds|will|do|deal|thanks|thank|you|they|he|she|i|we|it|that|(?:it|that)['’]?s|"
    r"said|says|"
    # The same in German and Spanish: "ja", "passt", "sí", "vale", "de acuerdo".
    r"ja|jawohl|klar|passt|gut|einverstanden|s[ií]|vale|claro|bueno|de\s+acuerdo"
)
_PLACEHOLDER_WORDS = (
    r"no|nope|nah|nothing|none|nil|n/?a|tbd|tbc|tba|idk|dunno|unknown|same|whatever|later|as|"
    r"above|see|notes|per|discussed|idea|don['’]?t|know|\?+|nichts|offen|unklar|nada|pendiente"
)
_ONLY_REPLY = _lazy(rf"^[\W_]*(?:(?:{_REPLY_WORDS}|{_PLACEHOLDER_WORDS})(?![\w/'’])[\W_]*)+$", re.I)
_PLACEHOLDER = _lazy(rf"(?<![\w/'’])(?:{_PLACEHOLDER_WORDS})(?![\w/'’])", re.I)
#: Hedges: a "maybe" is not a yes, so "maybe bring the CFO" is not yet their commitment.
_HEDGE = _lazy(
    r"\b(?:maybe|possibly|perhaps|probably|hopefully|might|depends|depending|"
    r"(?:will|'ll|’ll)\s+try|try\s+to|trying\s+to|"
    r"vielleicht|eventuell|quiz[aá]s?|tal\s+vez|a\s+lo\s+mejor|peut-[êe]tre|talvez)\b"
    # Not sure yet: "not sure she can make it", "she isn't sure", "doesn't know if she can".
    r"|(?:\bnot|n['’]t)\s+(?:yet\s+)?(?:sure|certain|confirmed)\b|\b(?:unsure|uncertain)\b"
    r"|\b(?:don['’]?t|doesn['’]?t|do\s+not|does\s+not)\s+know\s+(?:if|whether|yet)\b"
    # On a condition: "if she finds them", "if she can", "if needed", "as long as".
    r"|\bif\s+(?:she|he|they|i|we|it|there)\s+(?:can(?!['’]?t|not)|could|finds?|gets?|has|have|"
    r"remembers?|manages?|is\s+(?:able|free|around)|are\s+(?:able|free|around))\b"
    r"|\bif\s+(?:possible|needed|necessary|time\s+allows|budget\s+allows)\b"
    r"|\b(?:assuming|as\s+long\s+as|unless)\b|\bprovided\s+(?:that\s+)?(?:she|he|they|it|we)\b"
    # Free, able, around: "if he's free", "if the CFO is available".
    r"|\bif\s+(?:(?:the|her|his|their|our)\s+)?[\w'’-]+(?:\s+is|\s+are|['’]s|['’]re)\s+"
    r"(?:able|free|around|available)\b"
    r"|\bif\s+(?:the|her|his|their|our)\s+[\w-]+\s+(?:can(?!['’]?t|not)|could|agrees?)\b"
    # Only a wish or an aim: "she'll aim to", "hoping to", "likely bringing", "should be able
    # to", "she'll see if the CFO can join", "he'll ask if his boss can come".
    r"|\b(?:likely|unlikely|hoping|hopes?\s+to|aim(?:s|ing)?\s+(?:to|for)|intends?\s+to|"
    r"should\s+(?:be\s+able|manage)|ideally)\b"
    r"|\b(?:see|sees|check|checks|ask|asks|find\s+out)\s+(?:if|whether)\b"
    # Said as a maybe, not a yes: "fingers crossed", "tentatively", "TBC", "pencilled in".
    r"|\b(?:fingers\s+crossed|tentative(?:ly)?|provisional(?:ly)?|tbc|to\s+be\s+confirmed|"
    r"pencil(?:l)?ed\s+in|in\s+principle)\b"
    # "she may bring the CFO", "she would bring the CFO", "the CFO could join": what might be,
    # said of whoever opens a clause. Not the month ("in May", "by may 3"), nor a clause about
    # something else ("so the CFO could see them", ", who would sign", "which would help").
    r"|(?:^|[,;:.!?]|\s-+|\b(?:and|but|or)\b)[\W_]*"
    r"(?:(?!(?:who|which|that|so|it|this|in|by|of|on|until|from|early|mid|late|we|you)\b)"
    r"(?:(?:the|her|his|their|our)\s+)?[\w'’.-]+\s+)?(?:(?:also|then|still|probably)\s+)?"
    r"(?:would|could|(?-i:may))\b(?!\s*\d)",
    re.I,
)


#: A part that says what they will NOT do, in its main clause: "she will not join", "she
#: won't bring anyone", "she refused to do anything", "nobody will come", "she will sign
#: nothing". Only the start is read (an optional yes or no, who, then will / is going to...),
#: so a negative further on is not theirs to refuse: "she will bring the numbers so we don't
#: waste time", "she'll confirm she can't make Tuesday and pick another day", "she will make
#: sure nobody else is surprised", "no later than Friday she sends the invoices".
_WHO = (
    r"(?:she|he|they|we|i|you|both(?:\s+of\s+them)?|all\s+of\s+them|"
    r"(?:the|their|our|his|her|my|your)\s+[\w'’-]+(?:\s+[\w'’-]+)?|"
    rf"(?-i:{_CAPITAL}[\w'’.-]*(?:\s+{_CAPITAL}[\w'’.-]*){{0,2}})|[\w'’.-]+)"
)
_AUX = (
    r"(?:will|(?:'|’)ll|would|(?:'|’)d|shall|should|can|could|may|might|must|do|does|did|is|are|"
    r"was|were|am|(?:'|’)s|(?:'|’)re|(?:'|’)m|has|have|had|be|been|going\s+to|gonna|also|just|"
    r"still|then|definitely|certainly|simply|really|say|says|said|told\s+(?:us|me))"
)
_NOT = (
    r"(?:not|never|no\s+longer|"
    r"(?:won|can|don|doesn|didn|isn|aren|wasn|weren|wouldn|couldn|shouldn|hasn|haven|hadn|"
    r"mustn|ain|shan)(?:'|’)?t|cannot|can\s+not|"
    r"unable\s+to|(?:has|have|had)\s+no\s+(?:intention|plans?|interest|time)|"
    r"refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|reject(?:s|ed|ing)?|"
    r"turn(?:s|ed|ing)?\s+(?:(?:it|us|this|that|them|the\s+[\w-]+)\s+)?down|"
    r"(?:say|says|said)\s+no|(?:rather|prefer(?:s|red)?\s+(?:to\s+)?)\s*not)"
    # A double negative is a yes ("won't forget to bring them", "can't wait to see it"), and
    # "not only", "not later than", "isn't a problem" refuse nothing.
    # "not sure", "not yet confirmed", "don't know if" are a maybe: hedges, not refusals.
    r"\b(?!\s+(?:forget|fail|miss|hesitate|wait|only|just|later|before|a\s+problem|"
    r"an\s+issue|a\s+blocker|an\s+obstacle|(?:yet\s+)?(?:sure|certain|confirmed)|"
    r"know\s+(?:if|whether|yet))\b)"
)
_REPLY_FIRST = (
    r"(?:(?:yes|yeah|ok(?:ay)?|sure|no|nope|nah|well|so|and|but|sadly|unfortunately)\b"
    r"[\s,;:!.-]*)*"
)
#: Their part in the first person: "I'll bring the invoices", "let me pull the numbers".
_FIRST_PERSON = _lazy(rf"^[\W_]*{_REPLY_FIRST}(?:i|i['’](?:ll|m|d|ve)|let\s+me|me|myself)\b", re.I)
_REFUSES = _lazy(
    rf"^[\W_]*{_REPLY_FIRST}(?:"
    rf"(?:{_WHO}\s*)?(?:(?<=\w)|\s+|^)?(?:{_AUX}\s+|{_AUX}(?=\s))*"
    rf"(?P<not>{_NOT})"
    r"|(?P<nobody>no(?:\s+|-)one|nobody|none(?:\s+of\s+\w+)?|neither(?:\s+of\s+\w+)?)\b"
    r"(?!\s+(?:later|more|less|sooner)\b)"
    rf"|(?:{_WHO}\s+)?(?:{_AUX}\s+)*[\w'’-]+\s+"
    r"(?P<nothing>nothing|nobody|no(?:\s+|-)one|none|no\s+one\s+at\s+all)\b"
    r"(?!\s+(?:else\s+)?(?:is|are|was|will|gets?|can|has|misses|needs)\b)"
    # Saying there is nothing of theirs: "no commitment from his side", "she made no promise",
    # "nothing from her end".
    r"|(?P<none>(?:there\s+(?:is|was)\s+|there['’]s\s+|(?:she|he|they|we|i)\s+(?:made|gave|has|"
    r"have|had|offered)\s+)?(?:no|zero)\s+(?:real\s+|firm\s+|clear\s+|concrete\s+|specific\s+|"
    r"actual\s+)?(?:commitments?|actions?|next\s+steps?|promises?|plans?|agreements?|homework|"
    r"tasks?)\b|nothing\s+(?:from|on|by)\s+(?:his|her|their|the\s+[\w-]+|[\w'’-]+['’]s)\s+"
    r"(?:side|end|part))"
    r")",
    re.I,
)
#: A later clause that only refuses: "bring the invoices? she said no", "... and didn't",
#: "she was asked to, but refused". A negative with more after it is no refusal of the part
#: ("and not the deck", "so we don't waste time", "no problem").
_LATER_REFUSAL = _lazy(
    rf"^{_REPLY_FIRST}(?:{_WHO}\s*)?(?:{_AUX}\s+|{_AUX}(?=\s))*"
    rf"(?:{_NOT}|no(?:pe)?\b|(?:said|says)\s+no\b)"
    # "and won't be joining": not coming is a no too.
    r"(?:\s+be)?(?:\s+(?:joining|coming|attending|there|join|come|attend|make\s+it))?"
    r"(?:\s+(?:to\s+)?(?:it|that|this|them|either|again|at\s+all|so\s+far|last\s+time|in\s+the\s+end|"
    r"outright|for\s+now|sadly|unfortunately))*[\s.!?]*$",
    re.I,
)
#: Where a later clause starts, for a refusal after the action: as _NEXT_CLAUSE, and "?", "and".
_LATER_CLAUSE = _lazy(
    r"(?:[,;:.!?]|\s-+)\s*(?:(?:but|and|so|yet|though|however)\b[\s,]*)*"
    r"|\s+(?:but|and|so|yet|though|however)\b[\s,]*",
    re.I,
)
#: The contact, as a rep names them in their part: "she", "he", "they", a quoted "I".
_THEY = r"(?:she|he|they|we|i|you)\b"
#: Only a feeling about it, however warm: "she is interested", "she is keen to see it", "she
#: liked it", "he'd like to hear more". A feeling followed by an action is one ("she is happy to
#: share the numbers", "keen to bring the CFO"), and so is anything after "and", "then", a comma.
_FEELING = _lazy(
    rf"^[\W_]*{_REPLY_FIRST}(?:{_THEY}\s*|(?-i:{_CAPITAL}[\w'’-]+)\s+|{_AUX}\s*|that\s+)*?"
    r"(?:(?:very|really|quite|super|so|genuinely|definitely|clearly|seemed|seems|sounded|sounds|"
    r"looked|looks|felt|feels|got|is|was|are|were)\s+)*"
    r"(?P<feeling>interested|keen|excited|happy|positive|enthusiastic|receptive|impressed|pleased|"
    r"eager|curious|intrigued|on\s+board|into\s+it|convinced|liked?|likes|loved?|loves|enjoyed|"
    r"enjoys|(?:wants?|wanted)(?=\s+to\s+))\b"
    # "keen to bring the CFO" is an action; "keen to see it", "to hear more" are not.
    r"(?!\s+to\s+(?!(?:see|hear|know|learn|look|find|read|try|explore|understand)\b)\w)"
    r"(?:\s+(?!and\b|then\b|but\b|so\b|plus\b)[\w'’-]+){0,6}[\s.!]*$",
    re.I,
)
#: Only being there: "she'll be there", "she said she'd be there", "show up", "she can make
#: it". Being there, like being reachable, is no action of theirs; anything with it is judged
#: ("she'll be there with the invoices", "be on the call with the CFO"). Someone else being
#: there is someone brought in ("Mark will be there").
_ONLY_THERE = _lazy(
    rf"^[\W_]*{_REPLY_FIRST}(?:{_THEY}\s*|{_AUX}\s*|that\s+|(?:confirm(?:s|ed)?|"
    r"promis(?:e|es|ed)|agreed|agrees)\s+(?:to\s+)?)*?"
    r"(?P<there>be\s+there|be\s+present|be\s+(?:on|in)\s+(?:the\s+)?(?:call|line|zoom|meeting|room|"
    r"session|demo)|show(?:s|ed|ing)?\s+up|turn(?:s|ed|ing)?\s+up|make\s+it(?!\s+(?:happen|work|"
    r"clear|easy|official|a\s+priority)\b)|come\s+along|"
    # Attending is being there too ("she'll attend", "he will join the call", "dial in"); "the
    # CFO will join" brings someone in, and "join and bring the invoices" goes on.
    r"attend(?:s|ed|ing)?|join(?:s|ed|ing)?(?!\s+(?:(?:the|our|a|your)\s+)?(?:pilot|trial|beta|"
    r"poc|proof\s+of\s+concept|programme|program|scheme)\b)|dial(?:s|led|ling)?\s+in|"
    r"log(?:s|ged|ging)?\s+(?:in|on)|sit(?:s|ting)?\s+in|hop(?:s|ping)?\s+on)\b"
    r"(?:\s+(?!and\b|then\b|but\b|so\b|plus\b|with\b)[\w'’-]+){0,6}[\s.!]*$",
    re.I,
)
#: Where the clause a later refusal is in ends.
_CLAUSE_END = _lazy(r"(?:[,;:.!?]|\s-+)\s*(?=\S)|\s+(?=(?:but|so|instead)\b)", re.I)
#: What they were to do before and did not: "she was supposed to bring the invoices last time".
#: Said of the prospect ("she", a name, or nobody named), not of a thing ("the contract was
#: due to end in May").
_PAST_MISS = _lazy(
    rf"(?:^\W*|\b(?:she|he|they|we|i|you)\s+|(?-i:\b{_CAPITAL}[\w'’-]*)\s+)"
    r"(?:was|were|had\s+been)\s+(?:supposed|meant|expected|going)\s+to\b",
    re.I,
)


#: Where a later clause of a part starts: a comma, a semicolon, "but", "instead".
_NEXT_CLAUSE = _lazy(
    r"(?:[,;:.!]|\s-+)\s*(?:(?:but|and|so|yet|instead|though|however)\b[\s,]*)*"
    r"|\s+(?:but|instead|though|however|so)\b[\s,]*",
    re.I,
)
#: A clause that says what someone will do: "she'll do Wednesday", "her CFO will join", or with
#: the subject left out after "but": "she won't have the numbers but will bring the contract".
_WILL_DO = _lazy(
    rf"^(?:instead\s+)?(?:{_WHO}\s*)?(?:(?:'|’)ll|will|(?:is|are)\s+going\s+to|"
    r"(?:has|have)\s+agreed\s+to|agreed\s+to|offered\s+to)(?:\s+(?!not\b|never\b)\w|\W*$)",
    re.I,
)


def refusal(theirs: str) -> str | None:
    """The words of a part that says what they will not do ("will not", "refused", "nobody"),
    or None: a refusal is no commitment, however the rest of the step reads."""
    found = _REFUSES().search(theirs)
    if found is None:
        return None
    return next(g for g in found.groups() if g)


def offered_instead(theirs: str) -> str | None:
    """What a part that opens with a refusal offers instead, in a later clause of its own
    ("Tuesday won't work, she'll do Wednesday"; "she won't join, but her CFO will"), or None.

    The offer is judged as their part in its place: it may still be a stall or a hedge ("she
    won't sign, she'll think about it"), and a second refusal is none."""
    for boundary in _NEXT_CLAUSE().finditer(theirs):
        rest = theirs[boundary.end() :].strip()
        if rest and _WILL_DO().match(rest) and refusal(rest) is None:
            return rest
    return None


def _later_refusal(theirs: str) -> tuple[str, str | None] | None:
    """A later clause of a part that only says no ("bring the invoices? she said no", "... and
    didn't"), with what they offer after it, if anything; None when no clause refuses."""
    for boundary in _LATER_CLAUSE().finditer(theirs):
        rest = theirs[boundary.end() :].strip()
        clause = _CLAUSE_END().split(rest, maxsplit=1)[0]
        if clause and _LATER_REFUSAL().match(clause):
            return clause.strip(" .!?"), offered_instead(rest)
    return None


@immutable
class TheirPartProblem:
    """Why what the rep typed as the prospect's part is not an action of theirs."""

    reason: str
    words: tuple[str, ...] = ()


def their_part_problem(
    theirs: str,
    continuations: Sequence[tuple[re.Pattern[str], str]],
    advances: Sequence[tuple[re.Pattern[str], str]],
) -> TheirPartProblem | None:
    """Why the prospect's part is not their commitment, or None when it reads as an action.

    Refused: a bare reply ("ok", "sure", "yes", "they agreed"), a placeholder ("tbd", "n/a",
    "nothing", "none", "?", "no commitment from his side"), a refusal ("she will not join",
    "she refused to do anything": refusal) or a part ending in one ("bring the invoices? she
    said no"), what they were to do before ("she was supposed to bring the invoices"), a hedge
    ("maybe", "possibly", "depends", "they'll try to", "if she finds them", "not sure she can"),
    a feeling ("she is interested", "she liked it"), only being there ("she'll be there",
    "show up"), and a stall or a request that we act (a continuation such as "I'll think about
    it", "will get back to us", "send me some information", "call me next week") when nothing
    in the part is an advance of theirs ("think it over, then bring the CFO to the call" is
    one). A refusal or a doubt followed by what they will do is judged by that offer.

    Anything else is taken as their action, even a vague one ("she will check", "walk us round
    the depot"): the gate cannot tell a short real action from an empty one, the rep can. The
    words are English, with the commonest German and Spanish bare replies ("passt", "vale") and
    German, Spanish, French and Portuguese hedges and stalls ("vielleicht", "ich melde mich",
    "lo pienso", "je vais réfléchir"); judge_step asks any text for real
    words (real_words.has_real_words) before this.
    """
    said = f"their part {quoted(theirs)}"
    if _ONLY_REPLY().match(theirs):
        if _PLACEHOLDER().search(theirs):
            return TheirPartProblem(f"{said} is left open: {_ASK_THEIRS}", (theirs.strip(),))
        return TheirPartProblem(f"{said} only agrees: {_ASK_THEIRS}", (theirs.strip(),))
    found = _REFUSES().search(theirs)
    refused = next(g for g in found.groups() if g) if found is not None else None
    instead = offered_instead(theirs) if refused is not None else None
    if instead is not None:
        theirs, refused = instead, None  # what they will do is what is judged
    if refused is not None and found is not None and found.group("none"):
        return TheirPartProblem(f"{said} says they committed to nothing: {_ASK_THEIRS}", (refused,))
    if refused is not None:
        return TheirPartProblem(
            f"{said} says what they will not do: ask what they will do instead (bring the "
            "numbers, bring in whoever signs, block the time)",
            (refused,),
        )
    missed = _PAST_MISS().search(theirs)
    if missed and offered_instead(theirs) is None:
        return TheirPartProblem(
            f"{said} says what they were to do before, not what they will do now: {_ASK_THEIRS}",
            (missed.group(0),),
        )
    later = _later_refusal(theirs)
    if later is not None:
        said_no, offer = later
        if offer is None:
            return TheirPartProblem(
                f"{said} ends in a no ({quoted(said_no)}): ask what they will do instead (bring "
                "the numbers, bring in whoever signs, block the time)",
                (said_no,),
            )
        theirs = offer
    hedge = _HEDGE().search(theirs)
    offer = offered_instead(theirs[hedge.start() :]) if hedge else None
    if offer is not None:
        # A doubt, then what they will do: "she wasn't sure at first, but she'll bring the CFO".
        theirs, hedge = offer, _HEDGE().search(offer)
    if hedge and not _negated(theirs, hedge.start()):
        return TheirPartProblem(
            f"{said} is not a yes yet: ask them to confirm what they will do and by when",
            (hedge.group(0).strip(),),
        )
    feeling = _FEELING().match(theirs)
    if feeling:
        return TheirPartProblem(
            f"{said} is a feeling, not an action: {_ASK_THEIRS}", (feeling.group("feeling"),)
        )
    there = _ONLY_THERE().match(theirs)
    if there:
        return TheirPartProblem(
            f"{said} is only being there, no action of theirs: {_ASK_THEIRS}",
            (there.group("there"),),
        )
    stopped, rest = _find(theirs, continuations)
    if stopped and not _find(rest, advances)[0] and not _brings_them(stopped, rest):
        words = tuple(dict.fromkeys(f.words for f in stopped))
        if stopped[0].why in _ASKS_US:
            return TheirPartProblem(f"{said} asks us to act, not them: {_ASK_THEIRS}", words)
        return TheirPartProblem(f"{said} is a stall ({stopped[0].why}): {_ASK_THEIRS}", words)
    return None


#: A later clause that brings whoever it was taken to: "... and he'll join", "and have them
#: join Thursday", "and bring her", ", who will join Thursday".
_BRINGS_THEM = _lazy(
    r"\b(?:(?:she|he|they|who)(?:\s*['’]ll|\s+will|\s+(?:is|are)\s+going\s+to|\s+can|"
    r"\s+shall|\s+also|\s+then)*\s+(?:join|joins|attend|attends|come|comes|sit\s+in|"
    r"dial\s+in|be\s+there|be\s+(?:on|at)\s+(?:the\s+)?(?:call|demo|meeting|session))|"
    r"(?:have|get|bring|brings|invite|invites|loop\s+in|include)\s+(?:him|her|them)\b)",
    re.I,
)


def _brings_them(stopped: Sequence[_Found], rest: str) -> bool:
    """Whether a part taken to someone else then brings them in ("she'll speak to her boss and
    he'll join"): the one it was taken to comes, so it is no stall."""
    return all(f.why == "taken away to others" for f in stopped) and bool(
        _BRINGS_THEM().search(rest)
    )


def quoted(text: str, limit: int = 40) -> str:
    """What the rep typed, in quotes on one line, cut short to fit a message."""
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def judge_step_text(text: str, policy: NextStepPolicy | None = None) -> StepJudgement:
    """A suggested step as a trainer wrote it, judged as if it were both what and their part."""
    return judge_step(text, text, policy)


def _meaningful(text: str) -> bool:
    """Real words, not 'x' or '-': at least two letters in a word."""
    return any(len(word) >= 2 for word in re.findall(r"[^\W\d_]+", text))


def says_why(text: str) -> bool:
    """A reason in a few real words ("budget frozen until March"), not "x", "-", "n/a" or "no
    reason": two different words of two letters or more, one of them at least three (or two
    characters of a script written without spaces), not a keyboard mash ("asdf jkl") or one
    filler over and over (real_words.has_real_words), and not only a placeholder or a yes."""
    from callmate.core.words import DENSE  # only the gate asks: kept off the start

    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 2}
    dense = len(DENSE.findall(text)) >= 2
    if not dense and (len(words) < 2 or all(len(w) < 3 for w in words)):
        return False
    from callmate.core.real_words import has_real_words

    if not has_real_words(text):
        return False
    return not _ONLY_REPLY().match(re.sub(r"\b(?:reason|why|given)\b", " ", text, flags=re.I))


def _involves_decider(text: str, deciders: Sequence[str]) -> bool:
    """Whether the text names a deciding role or one of the people the rep captured, by name
    ("invite Ana Ruiz" for "Ana Ruiz (owner)"), or by part of it as people say it ("bring
    Ana", "Ms Ruiz joins", "demo with Ruiz")."""
    if _DECIDER().search(text):
        return True
    names = (bare_name(name) for name in deciders)
    return any(p.search(text) for name in names if _meaningful(name) for p in _name_forms(name))


_TITLED = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|sir)\.?$", re.I)


def _name_forms(name: str) -> tuple[re.Pattern[str], ...]:
    """How a step may name a person: the whole name in any case, and for a written name ("Mark
    Lee", "Dr Okafor") its first or last name as written, a capital first and a whole word
    ("Mark", "Mr Lee", "Lee"; never "mark the dates" or "Marketing")."""
    words = name.split()
    core = words[1:] if len(words) > 1 and _TITLED.match(words[0]) else words
    parts = {core[0], core[-1]} if len(core) > 1 or len(core) < len(words) else set()
    written = [p for p in parts if re.match(_CAPITAL, p) and len(p) >= 2 and _meaningful(p)]
    by_part = (re.compile(rf"(?<![\w'’-]){re.escape(p)}(?![\w-])") for p in sorted(written))
    return (_phrase(name), *by_part)


# -- the prospect asking to be sent something (a live cue) -----------------------------------------
_ASK_TO_SEND = _lazy(
    rf"\b(?:{SEND_VERBS})\b(?=(?:\s+{_W}){{0,5}}?\s+(?:me|us|over|across|my way|(?:{MATERIAL})\b))",
    re.I,
)
_SUBJECT_BEFORE = _lazy(
    r"\b(?:we|i|they|he|she|i'll|we'll|they'll|i’ll|we’ll|will|would|can|could)\s*$", re.I
)
_POLITE_ASK = _lazy(r"\b(?:can|could|would|will)\s+you\s*(?:just\s+)?$", re.I)


def asks_for_information(text: str) -> bool:
    """The prospect asked us to send something ("email it over", "send me the deck").

    A statement about their own sending ("we forward the details to accounting") is not an ask.
    """
    for match in _ASK_TO_SEND().finditer(text):
        before = text[max(0, match.start() - 20) : match.start()]
        if _SUBJECT_BEFORE().search(before) and not _POLITE_ASK().search(before):
            continue
        if _negated(text, match.start()):
            continue
        return True
    return False


# -- answers ---------------------------------------------------------------------------------------
#: A scale answer at least this high agrees; at most LOW disagrees; between is lukewarm.
SCALE_HIGH = 7
SCALE_LOW = 4
#: A text answer that opens with a bare no ("No.", "no, ..."; not "no formal process"): a no,
#: unless what follows says it is there.
_NO_FIRST = _lazy(r"^\W*(?:no|nope|nah)\b(?!\s+[\w'’])", re.I)
_NO_TEXT = _lazy(
    r"^\s*(?:not really|not yet|not big|not that|not a priority|never|"
    r"hardly|don'?t think so|doubt it|maybe|perhaps|"
    # Nothing to it, at the start: "Nothing", "Not much", "Low priority", "Nice to have".
    r"nothing(?:\s+(?:really|much|major|significant|big))?\W*$|none(?:\s+really)?\W*$|"
    r"not much|minimal|low|nice to have|no real|barely|couldn'?t quantify)\b|"
    r"\b(?:not (?:big|worth|important|a priority|urgent|a problem|really|yet)|"
    r"not (?:in |on )?(?:the |our |my |their )?(?:top|list|radar|roadmap)|"
    r"no (?:timeline|plans|budget|money|funds?|funding|owner|one owns|rush|hurry|urgency|"
    r"priority)|nothing (?:allocated|set aside|budgeted|approved)|zero budget|"
    r"back burner|nice to have|low priority|"
    r"(?:do|does|did)(?:n[’']?t| not) (?:have|own)|"
    r"there(?: is|['’]s)(?:n[’']?t| not| no)|there(?: is|['’]s) none|"
    r"(?:isn[’']?t|aren[’']?t|not|hasn[’']?t been|has not been|haven[’']?t been|not yet|"
    r"yet to be) (?:there|set|budgeted|funded|approved|allocated|agreed|sanctioned|signed off)|"
    r"(?:is|are|['’]s) (?:frozen|on hold|cut)|"
    r"(?:nobody|no one|no-one) (?:owns|has|holds|knows)|unbudgeted|unfunded|"
    r"(?:need|needs|needed|have to|has to|had to|would have to|['’]d have to)(?:\s+to)?\s+"
    r"(?:be\s+)?(?:find|found|finding|get|got|create|created|secure|secured|make|made)|"
    r"(?:need|needs|have to|has to|would have to|['’]d have to|will have to)(?:\s+to)?\s+"
    r"(?:ask|go to|get (?:it )?(?:approved|signed off) by)\s+(?:the\s+)?"
    r"(?:finance|board|cfo|ceo|owner|boss|management)|"
    r"kind of|kinda|sort of|sorta|somewhat|more or less|a bit|a little|partly|"
    r"someday|some day|eventually)\b",
    re.I,
)
#: An answer that says nothing is known: not met, not unmet, still to find out ("TBD", "idk",
#: "?", "not sure", "wasn't discussed", "doesn't remember").
_UNKNOWN_TEXT = _lazy(
    r"^[\s?!.-]*$|^\W*(?:tbd|tbc|tba|idk|dunno|n/?a|unknown|unsure|unclear|not sure|not clear|"
    r"no idea|no clue|don'?t know|dont know|doesn'?t know|didn'?t know|can'?t say|"
    r"couldn'?t say|hard to say|(?:she|he|they) (?:couldn'?t|can'?t|didn'?t) say|"
    r"(?:wasn'?t|not|never)(?: yet)? (?:discussed|asked|covered|mentioned|clear)(?: yet)?|"
    r"didn'?t (?:ask|say|get to it|come up)|(?:doesn'?t|don'?t|didn'?t) remember|"
    r"(?:she|he|they) (?:wasn'?t|weren'?t) involved)\b",
    re.I,
)
#: Says the thing asked about is in place ("No, it's already there": the no answers "does it
#: need finding?").
_IN_PLACE = _lazy(
    r"(?<!not )\b(?:already (?:there|in place|set|approved|allocated|budgeted|agreed|have|has|"
    r"got)|(?:is|are|['’]s|['’]re) (?:there|in place|set aside|approved|allocated|budgeted)|"
    r"we (?:have|['’]ve got) (?:the |a |some )?(?:budget|money|funds?))\b",
    re.I,
)
_YES_TEXT = _lazy(
    r"^\s*(?:yes|yeah|yep|yup|sure|absolutely|definitely|totally|of course|certainly|"
    r"100%|big|huge|massive|for sure|very much|it is|we do|they do|i do)\b",
    re.I,
)
_NONE_TIMELINE = _lazy(
    r"\b(?:no timeline|no plans?|never|not at all|no rush|no hurry|someday|some day|eventually|"
    r"no idea|not (?:this|next) year|not a priority|not planning)\b",
    re.I,
)
_WEAK_TIMELINE = _lazy(
    r"\b(?:maybe|not sure|don'?t know|dont know|unsure|later|next year|sometime|at some point|"
    r"depends|we'?ll see|possibly|probably not|not soon|after|once)\b",
    re.I,
)


def nothing_known(value: Any) -> bool:
    """True for a text answer that only says nothing is known yet ("TBD", "not sure", "wasn't
    discussed"): asked, but what it asked is still to find out."""
    return isinstance(value, str) and _UNKNOWN_TEXT().search(value) is not None


def _text_leaning(text: str) -> Verdict:
    """A text answer leaning no ("we don't have a budget yet", "kind of", "not top ten"), yes
    ("yes, it's already there"), or neither (a description: "the owner signs off").

    A no anywhere wins over a yes word; a bare no that opens the answer gives way to words
    saying the thing is in place, since it answered the prompt's other half."""
    if _UNKNOWN_TEXT().search(text):
        return Verdict.UNKNOWN
    if _NO_TEXT().search(text):
        return Verdict.NOT_MET
    if _IN_PLACE().search(text):
        return Verdict.MET
    if _NO_FIRST().search(text):
        return Verdict.NOT_MET
    if _YES_TEXT().search(text):
        return Verdict.MET
    return Verdict.UNKNOWN


def _is_scale(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def answer_verdict(question: Question, value: Any, meets: Condition | None = None) -> Judged:
    """Whether one answer meets what its question qualifies.

    With a trainer's `meets` condition, that decides. Otherwise: yes meets and no does not; a
    scale answer of SCALE_HIGH or more meets; a choice in the question's `weak` list, or in the
    later half of its choices (choices go from soonest to never), does not; words such as "not
    really" or "no timeline" in a text answer do not; an unanswered question is unknown.
    """
    if value is None or value == "" or value == []:
        return Judged(Verdict.UNKNOWN, "not asked yet")
    said = _said(question, value)
    if meets is not None:
        if meets.matches(value):
            return Judged(Verdict.MET, said)
        return Judged(Verdict.NOT_MET, said)
    if question.weak and _in_weak(question, value):
        return Judged(Verdict.NOT_MET, said)
    if question.capture is Capture.YES_NO:
        return Judged(Verdict.MET if value is True else Verdict.NOT_MET, said)
    if question.capture is Capture.SCALE and _is_scale(value):
        if value >= SCALE_HIGH:
            return Judged(Verdict.MET, said)
        return Judged(Verdict.NOT_MET, said)
    if question.capture is Capture.CHOICE and value in question.choices:
        if question.weak:
            return Judged(Verdict.MET, said)
        early = question.choices.index(value) < len(question.choices) / 2
        return Judged(Verdict.MET if early else Verdict.NOT_MET, said)
    if isinstance(value, str):
        if nothing_known(value):  # "TBD", "wasn't discussed": still to find out
            return Judged(Verdict.UNKNOWN, said)
        leaning = _text_leaning(value)
        return Judged(Verdict.NOT_MET if leaning is Verdict.NOT_MET else Verdict.MET, said)
    return Judged(Verdict.MET, said)


def _in_weak(question: Question, value: Any) -> bool:
    text = str(value).casefold()
    weak = [w.casefold() for w in question.weak]
    if question.capture is Capture.CHOICE:
        return text in weak
    return any(w in text for w in weak)


def _said(question: Question, value: Any) -> str:
    if question.capture is Capture.YES_NO:
        return "they said yes" if value is True else "they said no"
    if question.capture is Capture.SCALE and _is_scale(value):
        return f"{value}/10"
    if isinstance(value, list):
        return f"{len(value)} captured"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


# -- the call as a whole ---------------------------------------------------------------------------
def _answers(record: CallRecord) -> dict[str, AnswerValue]:
    """The answers given, by question id (an emptied answer counts as not given)."""
    return {k: a.value for k, a in given(record).items()}


def _questions(playbook: Playbook, kind: SectionKind) -> list[Question]:
    return [q for s in playbook.sections if s.kind is kind for q in s.questions]


#: Words in a question id that mark "is this big enough to fix?" when nothing is marked.
PAIN_ID_WORDS = ("worth", "big_enough")


def pain_questions(playbook: Playbook | None, explicit: Iterable[str] | None = None) -> list[str]:
    """Which questions confirm the pain: the given ids, the playbook's `scoring.pain_questions`,
    questions marked `signal: pain_agreed`, else ids containing "worth" or "big_enough"."""
    chosen = list(explicit or ())
    if not chosen and playbook is not None:
        chosen = list(playbook.scoring.pain_questions)
    if not chosen and playbook is not None:
        chosen = [q.id for q in playbook.with_signal(Signal.PAIN_AGREED)]
    if not chosen and playbook is not None:
        chosen = [
            q.id
            for q in playbook.questions
            if any(w in q.id for w in PAIN_ID_WORDS)
            and playbook.section_of(q.id).kind in (SectionKind.POWNS, SectionKind.OTHER)
        ]
    return chosen


def pain(
    record: CallRecord, playbook: Playbook | None, explicit: Iterable[str] | None = None
) -> Judged:
    """Did the prospect agree the problem is big enough to do something about?"""
    answers = _answers(record)
    ids = pain_questions(playbook, explicit)
    if playbook is None and not ids:
        ids = [i for i in answers if any(w in i for w in PAIN_ID_WORDS)]
    latest = Judged(Verdict.UNKNOWN, "not asked yet")
    for qid in ids:
        if qid not in answers:
            continue
        value = answers[qid]
        question = _question(playbook, qid, value)
        if isinstance(value, str) and _text_leaning(value) is Verdict.UNKNOWN:
            latest = Judged(Verdict.UNKNOWN, f"unclear: {_said(question, value)}")
            continue
        judged = answer_verdict(question, value)
        if judged.verdict is Verdict.MET:
            return Judged(Verdict.MET, judged.reason)
        latest = Judged(judged.verdict, _not_big_enough(judged.reason))
    return latest


def _not_big_enough(said: str) -> str:
    return f"not big enough yet ({said})"


def _question(playbook: Playbook | None, qid: str, value: Any) -> Question:
    """The playbook's question, or one shaped like the stored answer when the playbook is gone."""
    if playbook is not None:
        try:
            return playbook.question(qid)
        except KeyError:
            pass
    if isinstance(value, bool):
        capture = Capture.YES_NO
    elif _is_scale(value):
        capture = Capture.SCALE
    else:
        capture = Capture.TEXT
    return Question(id=qid, prompt=qid, section_id="", capture=capture)


def commitment_questions(playbook: Playbook) -> list[Question]:
    """The questions that ask how soon they want to start: marked, else the commitment section."""
    marked = playbook.with_signal(Signal.COMMITMENT)
    return marked or _questions(playbook, SectionKind.COMMITMENT)


def timeline_of(question: Question, value: Any) -> Timeline:
    """How firm one answer to a commitment question is."""
    if value is None or value == "" or value == []:
        return Timeline.UNKNOWN
    if isinstance(value, str) and _NONE_TIMELINE().search(value):
        return Timeline.NONE
    if question.capture is Capture.YES_NO:
        return Timeline.SET if value is True else Timeline.NONE
    if question.capture is Capture.CHOICE and question.choices and value in question.choices:
        if question.weak:
            return Timeline.WEAK if _in_weak(question, value) else Timeline.SET
        index = question.choices.index(value)
        if index == len(question.choices) - 1 and len(question.choices) > 2:
            return Timeline.NONE
        return Timeline.SET if index < len(question.choices) / 2 else Timeline.WEAK
    if question.weak and _in_weak(question, value):
        return Timeline.WEAK
    if question.capture is Capture.SCALE and _is_scale(value):
        if value <= 2:
            return Timeline.NONE
        return Timeline.SET if value > SCALE_LOW else Timeline.WEAK
    if isinstance(value, str) and (_WEAK_TIMELINE().search(value) or _NO_TEXT().search(value)):
        return Timeline.WEAK
    return Timeline.SET


def timeline(record: CallRecord, playbook: Playbook | None) -> tuple[Timeline, str]:
    """The commitment answer's strength, and what was said."""
    if playbook is None:
        return Timeline.UNKNOWN, "needs the playbook"
    answers = _answers(record)
    for question in commitment_questions(playbook):
        if question.id in answers:
            value = answers[question.id]
            return timeline_of(question, value), _said(question, value)
    return Timeline.UNKNOWN, "not asked yet"


def decider_questions(playbook: Playbook) -> list[Question]:
    """Questions asking whether the contact decides: marked, else yes/no ones in the section."""
    marked = playbook.with_signal(Signal.DECISION_MAKER)
    if marked:
        return marked
    return [
        q for q in _questions(playbook, SectionKind.DECISION_MAKER) if q.capture is Capture.YES_NO
    ]


#: People who decide, as a question names them ("the decision makers", "other stakeholders").
_PEOPLE = (
    r"deciders?|(?:decision[- ]?)?makers?|stakeholders?|approvers?|signers?|signator(?:y|ies)|"
    r"people|persons?|names?|roles?|buyers?|influencers?|colleagues?|partners?|who|whom|whose"
)
#: Words that can stand beside them without asking anything else ("other deciders now").
_ALONGSIDE = r"decision|other|others|else|all|key|extra|additional|more|now|current|new|the|and|of"
_ASKS_WHO = _lazy(
    rf"\bwho(?:m|se)?\b|\b(?:which|what)\s+(?:\w+\s+){{0,2}}?(?:{_PEOPLE})\b|\bnames?\s+of\b", re.I
)
_ASKS_OTHER = _lazy(r"\b(?:how|when|why|where|what|which)\b", re.I)
_ONLY_PEOPLE = _lazy(
    rf"^(?:(?:{_ALONGSIDE})\s+)*(?:{_PEOPLE})(?:\s+(?:{_ALONGSIDE}|{_PEOPLE}))*$", re.I
)


def asks_who_decides(question: Question) -> bool:
    """Whether a question's answer names who decides, so its words are names.

    Its prompt says first: a who-question ("Who else would be involved?", "Which other people
    sign?") does; any other question ("How could we bring {deciders} in?", "What were the steps
    to signed?") does not. A prompt that asks neither ("Are the same people still involved?",
    a bare label) is read with the label and the id: only people ("Decision makers", "deciders",
    "decision_makers", "other_stakeholders", "deciders_now"), or a who ("who_decides"), name
    them; an action or a process beside them ("involve_decider", "decider_process",
    "how_decide") does not.
    """
    prompt = re.sub(r"\{[^{}]*\}", " ", question.prompt)
    for text in (prompt, question.label or ""):
        if _ASKS_WHO().search(text):
            return True
        if _ASKS_OTHER().search(text):
            return False
    for text in (prompt, question.label or "", question.id):
        words = " ".join(re.findall(r"[^\W_\d]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", text)))
        if words and _ONLY_PEOPLE().match(words):
            return True
    return bool(re.search(r"(?:^|_)who(?:m|se)?(?:_|$)", question.id, re.I))


def decider_name_questions(playbook: Playbook) -> list[Question]:
    """The decision section's text and list questions that ask who decides ("Who else would be
    involved?"): their answers are names. How to bring them in, the buying process or the
    budget cycle is not (asks_who_decides)."""
    return [
        q
        for q in _questions(playbook, SectionKind.DECISION_MAKER)
        if q.capture in (Capture.TEXT, Capture.LIST) and asks_who_decides(q)
    ]


def decider(record: CallRecord, playbook: Playbook | None) -> tuple[Decider, tuple[str, ...]]:
    """Whether the contact decides, and the names or roles captured for who else does."""
    if playbook is None:
        return Decider.UNKNOWN, ()
    answers = _answers(record)
    asked = [q for q in decider_questions(playbook) if q.id in answers]
    names: list[str] = []
    for q in decider_name_questions(playbook):
        value = answers.get(q.id)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(str(v) for v in value if isinstance(v, str))
    if not asked:
        return Decider.UNKNOWN, tuple(names)
    value = answers[asked[0].id]
    judged = answer_verdict(asked[0], value)
    state = Decider.CONTACT if judged.verdict is Verdict.MET else Decider.SOMEONE_ELSE
    return state, tuple(names)


def decider_names(names: Sequence[str]) -> tuple[str, ...]:
    """The people named in free text ("Dr Okafor and the CFO" -> "Dr Okafor", "CFO"); a bare
    reply beside them ("yes, still Dr Okafor", "same") names nobody. After a comma, a role or a
    description of the name before it is that person's, not another person: "Ana Ruiz, owner"
    -> "Ana Ruiz (owner)"; "Dr. Rosa Élan, Mike (office mgr)" are two people."""
    found: list[str] = []
    for text in names:
        for chunk in re.split(r";|\band\b|\bplus\b|/|&", text):
            people: list[str] = []
            for part in chunk.split(","):
                part = part.strip(" .")
                if people and _describes(people[-1], part):
                    people[-1] = f"{people[-1]} ({part})"
                    continue
                part = re.sub(r"^(?:the|our|my|their)\s+", "", part, flags=re.I)
                if _meaningful(part) and len(part) <= 60 and not _ONLY_REPLY().match(part):
                    people.append(part)
            found.extend(people)
    return tuple(dict.fromkeys(found))


#: A role or a title, as a rep writes one after a name ("owner", "the CFO", "office mgr",
#: "head of ops").
_TITLE = _lazy(
    rf"^(?:(?:the|our|their|his|her|my|a|an)\s+)?(?:[\w'’.-]+\s+){{0,3}}?"
    rf"(?:{DECIDER_ROLES}|manager|mgr|lead|head|officer|admin|administrator|accountant|"
    r"assistant|coordinator|supervisor|controller|dentist|doctor|engineer|chair|secretary|"
    r"treasurer|principal|practice\s+manager)(?:\s+(?:of|for)\s+[\w\s'’-]+)?$",
    re.I,
)


def _describes(name: str, part: str) -> bool:
    """Whether `part`, after a comma, describes the person `name` ("Ana Ruiz, owner"): a role
    or title, or lower-case words after a written name ("Ana, runs the front desk"); never
    when the name is itself only a role ("CFO, CEO" are two)."""
    bare = re.sub(r"\([^()]*\)", " ", name).strip()
    if not _meaningful(part) or _TITLE().match(bare):
        return False
    if _TITLE().match(re.sub(r"\([^()]*\)", " ", part).strip()):
        return True
    return part == part.lower() and bare != bare.lower()


def bare_name(person: str) -> str:
    """A person as decider_names gives one, without the description: "Ana Ruiz (owner)" ->
    "Ana Ruiz"; what a step says to bring them in."""
    return re.sub(r"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*$", "", person).strip() or person


def slot_verdict(slot: Slot, playbook: Playbook, record: CallRecord) -> Judged:
    """A qualification slot: not met when any answer says so, met when one does, else unknown
    (with what was said when an answer left it so: "TBD")."""
    answers = _answers(record)
    met: Judged | None = None
    unknown = Judged(Verdict.UNKNOWN, "not asked yet")
    for qid in slot.questions:
        if qid not in answers:
            continue
        try:
            question = playbook.question(qid)
        except KeyError:
            continue
        judged = answer_verdict(question, answers[qid], slot.meets)
        if judged.verdict is Verdict.NOT_MET:
            return judged
        if judged.verdict is Verdict.MET and met is None:
            met = judged
        elif judged.verdict is Verdict.UNKNOWN:
            unknown = judged
    return met or unknown


def step_of(record: CallRecord, playbook: Playbook | None, what: str, theirs: str) -> StepJudgement:
    """Judge a step against this call: its policy, and who decides as the rep captured it."""
    state, names = decider(record, playbook)
    return judge_step(
        what,
        theirs,
        playbook.next_step if playbook else None,
        deciders=decider_names(names),
        contact_decides=state,
    )


def _step_field(step: StoredStep | Mapping[str, Any], name: str) -> str:
    value = getattr(step, name) if isinstance(step, StoredStep) else step.get(name)
    return value if isinstance(value, str) else ""


def stored_step_kind(step: StoredStep | Mapping[str, Any] | None) -> str | None:
    """'advance', 'continuation' or 'retry' as the gate recorded it; old records are judged.

    Takes a record's step or an index row's (rows are the store's JSON cache of a record).
    """
    if step is None or not isinstance(step, StoredStep | Mapping):
        return None
    kind = _step_field(step, "kind")
    if kind in STEP_KINDS:
        return kind
    return judge_step(_step_field(step, "what"), _step_field(step, "their_commitment")).kind


def our_part_words(step: StoredStep | Mapping[str, Any]) -> str:
    """The name of a stored step's `our_commitment` as a rep reads it wherever a step's parts
    are shown: our part of a step; on a retry (session.end_without_connecting), which keeps
    the message the rep left there, the "did not connect" dialog's word for it."""
    return "Message left" if stored_step_kind(step) == "retry" else "Our commitment"


#: How a retry's call went, as the lists say it ("retry after no answer"), never the stored code.
_RETRY_AFTER = {
    "voicemail": "voicemail",
    "no_answer": "no answer",
    "wrong_contact": "a wrong contact",
    "rescheduled": "they rescheduled",
}


def step_kind_words(step: StoredStep | Mapping[str, Any]) -> str:
    """A stored step's kind as a rep reads it in lists and summaries."""
    kind = stored_step_kind(step)
    if kind == "retry":
        how = _RETRY_AFTER.get(_step_field(step, "call_outcome"))
        return f"retry after {how}" if how else "retry (the call did not connect)"
    if kind == "continuation":
        why = _step_field(step, "why_continuation")
        return f"continuation, not an advance ({why})" if why else "continuation, not an advance"
    return "advance"
