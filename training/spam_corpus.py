"""Porch's own spam and ham comments, composed from parts written for this project.

Blog spam comes in a handful of trades: flattery with a link, tech-support phone
numbers, SEO and guest-post offers, channel plugs, investment "testimonies", loans,
pharmacy and replica shops, local-business SEO. Each trade has its own pitches; a
comment is an optional compliment, a pitch and a call to act, so the model learns the
trade, not one sentence. Ham is composed the same way, with the things real readers
do that look superficially like spam: links to documentation, thanks, questions.
Everything is generated with a fixed seed; no sentence comes from a dataset.
"""

from __future__ import annotations

import random

COMPLIMENTS = [
    "Great post!",
    "Very informative article, thanks for sharing.",
    "I really enjoyed reading this blog.",
    "This is such a helpful piece of information.",
    "Nice blog, keep posting such content.",
    "Wow, amazing write-up. Bookmarked!",
    "Thanks for sharing this valuable information with us.",
    "I have read many articles on this topic but yours is the best.",
    "Your blog is very nice and informative.",
    "Excellent content, I learned a lot from this.",
    "Hi admin, nice article.",
    "Such a wonderful post, really appreciate your effort.",
    "Good job, very well explained.",
    "Awesome, exactly what I was searching for.",
    "",
    "",
]
BRANDS = [
    "Norton",
    "McAfee",
    "Kaspersky",
    "HP printer",
    "Epson",
    "QuickBooks",
    "Outlook",
    "Gmail",
    "Canon",
    "Roku",
    "Avast",
    "Brother printer",
    "Netgear",
]
ISSUES = [
    "installation errors",
    "activation problems",
    "login issues",
    "offline printer errors",
    "renewal and billing",
    "virus removal",
    "setup and configuration",
    "error code 0x8000",
]
CITIES = [
    "Delhi",
    "Pune",
    "Mumbai",
    "Dubai",
    "Lagos",
    "Bangalore",
    "Chennai",
    "Toronto",
    "Houston",
    "Manila",
    "Noida",
    "Hyderabad",
]
SERVICES = [
    "packers and movers",
    "digital marketing course",
    "web design company",
    "interior designers",
    "escort service",
    "IVF centre",
    "hair transplant",
    "car rental",
    "data science training institute",
    "SEO agency",
    "cheap hotels",
    "tour packages",
    "pest control",
    "AC repair",
]
PRODUCTS = [
    "viagra",
    "cialis",
    "keto pills",
    "CBD gummies",
    "replica watches",
    "designer handbags",
    "cheap sneakers",
    "instagram followers",
    "youtube views",
    "essays",
    "diet supplements",
    "male enhancement pills",
]
COINS = ["bitcoin", "crypto", "forex", "binary options", "ethereum", "NFT"]
FIXERS = [
    "Dr. Okafor",
    "Mrs. Linda Grace",
    "Mr. James Walter",
    "Dr. Ajayi",
    "Expert Kelvin",
    "Lady Sarah Hacks",
]

PITCHES: dict[str, list[str]] = {
    "support": [
        "Call the {brand} customer support number {phone} for {issue}.",
        "{brand} support phone number {phone}: our certified technicians fix "
        "{issue} 24/7.",
        "Facing {issue}? Dial our toll free {brand} helpline {phone} now.",
        "We provide {brand} technical support for {issue}. Contact {phone}.",
    ],
    "seo": [
        "We offer high quality backlinks and guest posting on DA 50+ sites.",
        "Want to rank on the first page of Google? Our SEO services start at $49.",
        "I am interested in a guest post on your blog, do you accept paid articles?",
        "Boost your traffic with our white hat link building packages.",
    ],
    "channel": [
        "Check out my channel, I upload videos every day!",
        "Please subscribe to my channel, trying to reach 1k subs!!",
        "Hey guys, I just started a YouTube channel about {product}, sub back?",
        "Follow me on instagram for daily giveaways!",
        "Listen to my new mixtape, it's fire, share it please.",
    ],
    "plug": [
        "Check me out, I rap and I just dropped a new track.",
        "Check out this video, it is way better than this one.",
        "Check out my new song and tell me what you think.",
        "Go check out my page, I post {product} reviews.",
        "Hey, I sell {product} for only $3 on eBay, message me.",
        "Join this new social network that pays you to post, sign up with my link.",
        "Please click the link below and share it with your friends.",
        "Can you guys help me get to 500 subscribers? I will sub back to everyone.",
        "If you like this you will love my playlist, search my name.",
        "Vote for me in the talent contest please, link in my profile.",
        "I make beats, hit me up if you need one.",
        "Everyone go follow my page, I follow back!",
    ],
    "money": [
        "I earn ${money} a week working from home with this simple method.",
        "Invest in {coin} with {fixer}, I got ${money} profit in 7 days.",
        "I lost everything to fake brokers until {fixer} helped me recover my "
        "{coin}. Contact via WhatsApp {phone}.",
        "Join our {coin} signals group, 300% returns guaranteed every month.",
        "Send 0.1 BTC and get 1 BTC back, limited {coin} giveaway!",
    ],
    "loan": [
        "Need an urgent loan? We give personal loans at 2% interest, contact {email}.",
        "Payday loans approved in minutes, no credit check, apply now.",
        "Are you in debt? Get a loan of ${money} today, email {email}.",
    ],
    "shop": [
        "Buy cheap {product} online without prescription.",
        "Get 70% discount on {product}, free shipping worldwide today only.",
        "Best prices on {product}, order now with promo code SAVE50.",
        "{product} {product} best deals online, 100% genuine.",
    ],
    "local": [
        "Looking for the best {service} in {city}? Visit our website.",
        "We are the top rated {service} in {city}, call {phone} for a free quote.",
        "Affordable {service} in {city} with 10 years of experience.",
        "Join the best {service} in {city} with placement assistance.",
    ],
    "spell": [
        "{fixer} brought my ex back in 48 hours with a powerful love spell, "
        "contact {email}.",
        "If you need a spell caster to cure herpes or win the lottery, write to "
        "{fixer} at {email}.",
    ],
    "dating": [
        "Hot singles in {city} want to meet you tonight.",
        "Lonely? Chat with beautiful girls for free, no signup needed.",
    ],
    "casino": [
        "Online casino bonus: 200 free spins for new players.",
        "Win real money playing slots, best betting site of the year.",
    ],
}
CALLS = [
    "Visit {url}",
    "Click here: {url}",
    "More info at {url}",
    "Check it out {url}",
    "{url}",
    "Contact us: {email}",
    "WhatsApp {phone}",
    "Read more on my blog {url}",
    "",
]
DOMAINS = [
    "cheap-pills-online.com",
    "bestdeals4u.net",
    "bit.ly/3xYzQ",
    "seo-rank1.in",
    "make-money-fast.biz",
    "youtube.com/channel/UCx9q",
    "free-gifts.top",
    "tinyurl.com/win9",
    "moversdelhi.co.in",
    "norton-helpdesk.us",
    "crypto-recover.org",
    "lovespell-temple.com",
    "trainingpune.in",
]
SIGN_OFFS = ["", "", "Thanks!", "Regards, Emily", "Thanks, John Smith", "Cheers"]


def _slot(rng: random.Random) -> dict[str, str]:
    url = rng.choice(DOMAINS)
    if rng.random() < 0.6:
        url = rng.choice(["http://", "https://", "https://www.", "www."]) + url
    return {
        "brand": rng.choice(BRANDS),
        "issue": rng.choice(ISSUES),
        "city": rng.choice(CITIES),
        "service": rng.choice(SERVICES),
        "product": rng.choice(PRODUCTS),
        "coin": rng.choice(COINS),
        "fixer": rng.choice(FIXERS),
        "money": rng.choice(["500", "1,200", "3000", "5,000", "10,000"]),
        "phone": rng.choice(
            [
                "+1 800 555 0199",
                "+1-888-555-0142",
                "0800 555 012",
                "+234 803 555 0101",
                "+91 98765 43210",
            ]
        ),
        "email": rng.choice(
            [
                "helpdesk@example.com",
                "recovery.expert@example.org",
                "loans24@example.net",
            ]
        ),
        "url": url,
    }


def spam_comment(rng: random.Random) -> str:
    """One spam comment: an optional compliment, a pitch from one trade, a call."""
    trade = rng.choice(list(PITCHES))
    slots = _slot(rng)
    parts = [
        rng.choice(COMPLIMENTS),
        rng.choice(PITCHES[trade]).format(**slots),
        rng.choice(CALLS).format(**slots),
        rng.choice(SIGN_OFFS),
    ]
    if trade == "support" and rng.random() < 0.5:  # keyword stuffing
        parts.append(" ".join([slots["brand"], "support number"] * 3))
    return " ".join(part for part in parts if part)


SUBJECTS = [
    "the pandas merge example",
    "your leadership point",
    "the sourdough timing",
    "step three",
    "the second code block",
    "the chart on costs",
    "the bit about delegation",
    "your bike commute",
    "the pruning advice",
    "the regression section",
    "the budget table",
    "the interview tips",
]
HAM_OPENERS = [
    "",
    "",
    "Hi,",
    "Thanks for this.",
    "Great post.",
    "Interesting.",
    "Hmm.",
    "Good read.",
    "Dan,",
    "Hi Maria,",
    "Quick question:",
    "Nice tutorial.",
]
HAM_BODIES = [
    "I tried {subject} and got an error saying the column does not exist. Any idea?",
    "I disagree with {subject}; in my experience it works the other way round.",
    "Could you explain {subject} a bit more? I got lost halfway.",
    "{subject_cap} saved me a lot of time this week, thank you.",
    "There is a small typo in {subject}, the variable name changes halfway.",
    "The official documentation covers {subject} too: {doc}",
    "I wrote up my own notes on {subject} after reading this, they match yours.",
    "My team argued about {subject} for an hour today. Sending them this.",
    "Does {subject} still apply if you work with a small team?",
    "We did the opposite of {subject} last year and regretted it.",
    "Same thing happened to me with {subject}. Patience helped more than money.",
    "Is there a way to do {subject} without installing anything extra?",
    "For anyone wondering, the source for {subject} is here: {doc}",
    "I work at a call centre and {subject} is exactly how our best manager works.",
    "Lovely writing. {subject_cap} reminded me of my grandfather.",
    "Check out the chapter on {subject} in the official guide: {doc}",
    "You might check out {doc}, it explains {subject} with pictures.",
    "I checked out the video you linked about {subject}; the second half helps.",
    "Please share the notebook for {subject} if you can, I would love to try it.",
    "Subscribed to the newsletter after reading {subject}. More like this please!",
    "I sold my old bike after reading {subject}, and I do not miss it.",
]
HAM_CLOSERS = [
    "",
    "",
    "Thanks!",
    "Cheers.",
    "Keep it up.",
    "Looking forward to the next one.",
    "Thank you for sharing.",
    "Regards, Tom",
]
DOCS = [
    "https://docs.python.org/3/library/csv.html",
    "https://en.wikipedia.org/wiki/Servant_leadership",
    "https://pandas.pydata.org/docs/",
    "https://github.com/pandas-dev/pandas/issues/1234",
    "https://www.rhs.org.uk/advice",
]


def ham_comment(rng: random.Random) -> str:
    """One legitimate comment: opener, something about the post, closer."""
    subject = rng.choice(SUBJECTS)
    body = rng.choice(HAM_BODIES).format(
        subject=subject,
        subject_cap=subject[0].upper() + subject[1:],
        doc=rng.choice(DOCS),
    )
    parts = [rng.choice(HAM_OPENERS), body, rng.choice(HAM_CLOSERS)]
    return " ".join(part for part in parts if part)


def spam_and_ham(count: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """``count`` distinct spam comments and ``count`` distinct ham comments."""
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets
    spam: dict[str, None] = {}
    ham: dict[str, None] = {}
    for _ in range(count * 20):
        if len(spam) < count:
            spam.setdefault(spam_comment(rng), None)
        if len(ham) < count:
            ham.setdefault(ham_comment(rng), None)
    return list(spam), list(ham)
