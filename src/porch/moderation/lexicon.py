"""Word lists Porch wrote itself: insults, profanity, threats and spam phrases.

The learned offensive model comes from tweets, where profanity is often friendly; these
lists add what a blog needs most, an insult or threat aimed at a person ("you idiot"),
and give the moderator words to check.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from porch.moderation import text

INSULTS = frozenset(
    [
        "idiot",
        "idiots",
        "idiotic",
        "moron",
        "morons",
        "moronic",
        "stupid",
        "dumb",
        "dumbass",
        "retard",
        "retarded",
        "loser",
        "losers",
        "fool",
        "fools",
        "foolish",
        "jerk",
        "asshole",
        "assholes",
        "arsehole",
        "bitch",
        "bitches",
        "bastard",
        "scum",
        "pathetic",
        "clown",
        "clowns",
        "hypocrite",
        "liar",
        "imbecile",
        "dipshit",
        "coward",
        "ignorant",
        "worthless",
        "disgusting",
        "ugly",
        "pig",
        "pigs",
        "trash",
        "garbage",
        "douche",
        "douchebag",
        "cunt",
        "dick",
        "dickhead",
        "prick",
        "twat",
        "wanker",
        "creep",
        "nutjob",
        "lunatic",
        "psycho",
        "brainless",
        "clueless",
        "cretin",
        "halfwit",
        "dimwit",
        "numbskull",
        "degenerate",
        "scumbag",
        "lowlife",
        "vermin",
        "parasite",
        "filth",
        "freak",
        "sissy",
        "slut",
        "whore",
        "skank",
        "troll",
        "trolls",
        "fag",
        "faggot",
        "nigger",
        "nigga",
        "spic",
        "kike",
        "chink",
        "tranny",
        "shithead",
        "shitbag",
        # Insults without a swear word, as aimed at people in blog discussions.
        "fraud",
        "charlatan",
        "phony",
        "grifter",
        "buffoon",
        "spineless",
        "deluded",
        "delusional",
        "talentless",
        "gutless",
    ]
)
PROFANITY = frozenset(
    [
        "fuck",
        "fucking",
        "fucked",
        "fucker",
        "fuckers",
        "fuckin",
        "motherfucker",
        "shit",
        "shitty",
        "bullshit",
        "crap",
        "damn",
        "goddamn",
        "ass",
        "arse",
        "piss",
        "pissed",
        "bloody",
        "bollocks",
    ]
)
TARGETS = frozenset(
    ["you", "your", "you're", "youre", "ya", "u", "ur", "yourself", "yourselves"]
)
THREAT_RE = re.compile(
    r"(?i)\b(?:i(?:'ll| will| am going to|'m gonna|'m going to)"
    r" (?:kill|hurt|beat|find|destroy|end|shoot|stab|smash)"
    r"|kill yourself|kys|go die|hope you die|you should die|watch your back"
    r"|know where you live|drop dead|go to hell|rot in hell)\b"
)
ABUSE_PHRASE_RE = re.compile(
    r"(?i)\b(?:shut (?:the fuck )?up|fuck (?:you|off|u)|screw you|piss off|get lost"
    r"|go away|nobody (?:cares|asked)|go back to|crawl back|stfu|gtfo"
    r"|(?:take|took|forgot|forget|off) your (?:meds|pills|medication)"
    r"|dropped on your head|you(?:'re| are) a waste of)\b"
)


HURTFUL = INSULTS | PROFANITY


def aimed_insults(body: str, tokens: list[str] | None = None) -> list[str]:
    """Insults and profanity within three words after 'you'/'your'."""
    tokens = text.words(body) if tokens is None else tokens
    found: list[str] = []
    for position, token in enumerate(tokens):
        if token not in TARGETS:
            continue
        window = tokens[position + 1 : position + 4]
        hits = [i for i, word in enumerate(window) if word in HURTFUL]
        if hits:
            # Up to the last hit, so "you ignorant moron" is quoted whole.
            found.append(" ".join(tokens[position : position + hits[-1] + 2]))
    return found


def phrases(pattern: re.Pattern[str], body: str) -> list[str]:
    """Each match of ``pattern`` in ``body``, lower-cased, once, in order."""
    return list(dict.fromkeys(m.group(0).lower() for m in pattern.finditer(body)))


def offensive_cues(body: str) -> dict[str, list[str]]:
    """Every lexicon hit in ``body``, grouped by kind, each hit once."""
    tokens = text.words(body)
    return {
        "aimed": list(dict.fromkeys(aimed_insults(body, tokens))),
        "threat": phrases(THREAT_RE, body),
        "abuse": phrases(ABUSE_PHRASE_RE, body),
        "insult": list(dict.fromkeys(t for t in tokens if t in INSULTS)),
        "profanity": list(dict.fromkeys(t for t in tokens if t in PROFANITY)),
    }


# Social-media comment spam, each plea in its promotional frame only: readers also
# work from home, follow an argument, write a cover letter and offer to message a
# template ("my single biggest lesson", "follow me on this"), so the bare words are
# not evidence.
_SOCIAL = r"(?:insta(?:gram)?|ig|tiktok|twitter|youtube|yt|twitch|soundcloud|snapchat)"
_OWN_WORK = (
    r"(?:music|songs?|tracks?|mixtape|covers?(?! letter)|singles?|album|ep|beats"
    r"|videos?|channel|page|content)"
)
_OFFER = (
    r"(?:for (?:more )?(?:info|information|details|prices?|pricing|the link|signals"
    r"|(?:a )?discounts?|offers?|business|investments?|promo)"
    r"|to (?:learn|know|get|join|start|invest|earn|make)"
    rf"|(?:on|via|at) (?:whatsapp|telegram|signal|facebook|fb|{_SOCIAL}))"
)
SOCIAL_SPAM_PATTERNS = (
    r"follow (?:me|us) (?:on|at) " + _SOCIAL,
    r"follow (?:me|us) for more",
    r"follow my (?:page|account|channel|insta(?:gram)?|tiktok|twitch|soundcloud)",
    r"follow back|sub(?:scribe)? back|like and subscribe",
    r"link in (?:my )?(?:bio|profile|description)|in my (?:bio|profile)",
    r"(?:check out|listen to|stream|watch|download|support) my (?:new |latest |first )?"
    + _OWN_WORK,
    r"my (?:new|latest|first) (?:music|song|track|mixtape|single|album|ep|video)",
    r"my (?:insta(?:gram)?|soundcloud|tiktok|twitch)(?: (?:page|account|channel))?",
    r"gift ?cards?|free (?:robux|v-?bucks|itunes|iphone|ps5|cash|codes?)",
    r"(?:dm|message|inbox|pm) me " + _OFFER,
    r"work(?:ing)? from home (?:and|to) (?:earn|make)",
    r"(?:easy|online) (?:work|jobs?) from home",
    r"(?:earn|earning|make|making|made) (?:\$?[\d,]+k?|money|cash|income)(?: \w+){0,3}"
    r" from home",
    r"earn (?:money|cash)|referral link",
)
SPAM_PHRASE_RE = re.compile(
    r"(?i)\b(?:check (?:out )?my|visit my|subscribe|sub to|click here"
    r"|click (?:the|this) link"
    r"|buy (?:cheap|now)|cheap|discount|free (?:gift|money|followers|trial)|earn \$?\d"
    r"|make money|casino|viagra|cialis"
    r"|payday loans?|crypto|bitcoin|forex|seo services?|backlinks?"
    r"|(?:buy|free|get) (?:real )?followers|promo code|limited offer"
    r"|whatsapp|telegram|my channel|my website|my blog|my site|giveaway|100% free"
    r"|weight loss|essay writing|replica|escort"
    r"|customer (?:support|service|care)(?: phone)? number|support (?:phone )?number"
    r"|helpline|toll.free|tech(?:nical)? support|guest post(?:ing)?|link building"
    r"|spell caster|love spell|loan|no credit check|sub back"
    r"|signals|guaranteed|placement assistance|free quote|order now|"
    + "|".join(SOCIAL_SPAM_PATTERNS)
    + r")\b"
)


def spam_cues(body: str) -> dict[str, list[str]]:
    """Links, their domains and selling phrases in ``body``."""
    found_links = text.links(body)
    return {
        "links": found_links,
        "domains": list(dict.fromkeys(d for d in map(text.domain, found_links) if d)),
        "phrases": phrases(SPAM_PHRASE_RE, body),
        "money": list(dict.fromkeys(m.group(0) for m in text.MONEY_RE.finditer(body))),
        "contacts": text.EMAIL_RE.findall(body) + text.PHONE_RE.findall(body),
        # A link as the last word is how a drive-by signs off; a source is cited
        # mid-sentence more often.
        "ends_with_link": found_links[-1:]
        if found_links and body.rstrip(" .!)").endswith(found_links[-1])
        else [],
    }


OFFENSIVE_FEATURES = ("aimed", "threat", "abuse", "insult", "profanity")
SPAM_FEATURES = (
    "links",
    "domains",
    "phrases",
    "money",
    "contacts",
    "ends_with_link",
    "shouting",
)


def offensive_features(
    bodies: list[str], cues: list[dict[str, list[str]]] | None = None
) -> npt.NDArray[np.float32]:
    """One row per body: log-counts of each kind of offensive cue.

    Pass ``cues`` (``offensive_cues`` of each body) when already computed.
    """
    found = cues if cues is not None else [offensive_cues(body) for body in bodies]
    rows = [[len(hits[kind]) for kind in OFFENSIVE_FEATURES] for hits in found]
    return np.log1p(np.asarray(rows, dtype=np.float32).reshape(len(bodies), -1))


def spam_features(
    bodies: list[str], cues: list[dict[str, list[str]]] | None = None
) -> npt.NDArray[np.float32]:
    """One row per body: log-counts of spam cues and the share of capital letters.

    Pass ``cues`` (``spam_cues`` of each body) when already computed.
    """
    found = cues if cues is not None else [spam_cues(body) for body in bodies]
    rows = []
    for body, hits in zip(bodies, found, strict=True):
        letters = sum(map(str.isalpha, body))
        capitals = sum(map(str.isupper, body))
        rows.append(
            [len(hits[kind]) for kind in SPAM_FEATURES[:-1]]
            + [capitals / max(letters, 1)]
        )
    matrix = np.asarray(rows, dtype=np.float32).reshape(len(bodies), -1)
    matrix[:, :-1] = np.log1p(matrix[:, :-1])
    return matrix
