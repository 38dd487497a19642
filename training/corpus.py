"""Porch's own example comments, written for this project and free to ship.

The redistributable public data are tweets; blog discussions differ (longer, civil
disagreement, thanks to the author, links to one's own shop). These templates fill the
gap: every sentence here was written for Porch and generated with a fixed seed.
"""

from __future__ import annotations

import random

NAMES = ["Tom", "Ana", "Priya", "Dan", "Marcus", "Lena", "Sam", "Jo", "Keiko", "Omar"]
TOPICS = [
    "remote teams",
    "sourdough starters",
    "the new bike lanes",
    "code review",
    "raising chickens",
    "mentoring interns",
    "budget travel",
    "home solar panels",
    "learning the cello",
    "the school board vote",
    "public transit",
    "container gardens",
    "open-plan offices",
    "marathon training",
    "book clubs",
    "woodworking joints",
]
POINTS = [
    "the second point",
    "your conclusion",
    "the part about motivation",
    "that last example",
    "the statistic you quoted",
    "the idea of leading by example",
    "your advice on planning",
]

CIVIL = [
    "Great post, {name}! I tried this with {topic} last spring and it worked well.",
    "Thanks, {name}!",
    "Great post!",
    "Thank you for writing this.",
    "Well said, {name}.",
    "Agreed. {point_cap} matches what I have seen with {topic}.",
    "I respectfully disagree with {point}. With {topic} the opposite holds for me.",
    "This is simply wrong about {topic}, and I think you know it. Check the numbers.",
    "I strongly disagree. {point_cap} ignores everyone who cannot afford {topic}.",
    "Honestly, this argument is weak. You skip over the cost of {topic} entirely.",
    "Frustrating read, to be honest. I expected more nuance on {topic}.",
    "Could you say more about {point}? I am new to {topic} and a bit lost.",
    "My manager ran {topic} this way and it was a disaster, so I am sceptical.",
    "Ha, this made me laugh. My own attempt at {topic} went badly wrong.",
    "I have been doing {topic} for ten years and {point} is spot on.",
    "Where did you find the data for {point}? I would like to read the source.",
    "Bookmarking this. Sharing it with my team, who argue about {topic} every week.",
    "Not sure I buy it. {point_cap} sounds nice but reality is messier.",
    "Sorry to ramble, these are just my thoughts after reading about {topic}. Thanks!",
    "I love this song of an article, {name}. Keep them coming.",
    "You make a fair point about {topic}, though I would push back on {point}.",
    "Your post made me rethink how I approach {topic}. Thank you, {name}.",
    "You are right that {topic} takes patience; you are wrong that it takes money.",
    "The damn printer ate my notes on {topic} again, so I am glad this post exists.",
    "I was pissed off at my old boss for years; this post on {topic} helped me.",
    "That stupid mistake I made with {topic} taught me more than any course.",
    "Happy Monday, {name}! Looking forward to the next guest post.",
    "Thank you for stopping by to read and comment, {name}.",
    "I'm glad you enjoyed the post, {name}. Hope to see you around.",
    "So true, {name}. Giving people room to try {topic} is how they grow.",
]

# Harsh words aimed at things (a bug, the docs, the weather) or at oneself: civil,
# since offensive means insults, threats, slurs and profanity aimed at people.
THINGS = [
    "the installer",
    "the printer",
    "this bug",
    "the error message",
    "the build",
    "the latest update",
    "the parking app",
    "the bus timetable",
    "the login page",
    "the router",
    "the weather",
    "the checkout form",
    "my old laptop",
    "the tax form",
    "the washing machine",
    "the documentation",
]
HARSH_ABOUT_THINGS = [
    "The stupid part is that the docs never mention {topic}.",
    "The stupid part is that {thing} never says what went wrong.",
    "This damn bug cost me a whole afternoon, so thank you for the fix.",
    "{thing_cap} is garbage, but this post got me through it.",
    "The docs are garbage on this point; the walkthrough here is much better.",
    "What a ridiculous error message: it says nothing about the missing file.",
    "I hate this weather. Our plans for {topic} are on hold again.",
    "{thing_cap} is so stupid, it resets every time I close the lid.",
    "That dumb setting in {thing} is off by default, which is why it failed.",
    "Honestly the official docs are trash for beginners; this should replace them.",
    "{thing_cap} crashed again. Damn. At least the autosave worked.",
    "Ugh, I hate {thing}. The tip about restarting it first saved me.",
    "The stupid thing about {topic} is how much the gear costs.",
    "What a stupid design decision in {thing}; the old version was better.",
    "Bloody {thing} broke again this morning, so I read this on the bus.",
    "Damn, I wish I had read this before I spent a week fighting {thing}.",
    "The most idiotic part of {thing} is the captcha on every page.",
    "It is ridiculous that {thing} still has no offline mode.",
    "That shitty weather last spring ruined our plans for {topic}.",
    "The error message is useless garbage, but the fix in this post worked.",
    "I hate, hate, hate {thing}. Thanks for the workaround.",
    "Stupid question, maybe: does {topic} work in a small flat?",
    "I felt so stupid when I saw the cable was unplugged the whole time.",
    "Damn good post, {name}. {point_cap} is exactly right.",
    "{thing_cap} is a pathetic excuse for software, but we are stuck with it.",
    "This crap weather is why I finally got into {topic}.",
    "The dumbest bug I ever chased was in {thing}, and it was a typo.",
    "My first attempt at {topic} was a disgusting mess, the second went fine.",
]

INSULT_WORDS = [
    "idiot",
    "moron",
    "fool",
    "clown",
    "loser",
    "imbecile",
    "halfwit",
    "jerk",
    "troll",
    "hypocrite",
    "liar",
    "dimwit",
    "coward",
    "scumbag",
    "lowlife",
    "dumbass",
    "asshole",
]
INSULT_ADJ = [
    "stupid",
    "pathetic",
    "ignorant",
    "brainless",
    "clueless",
    "worthless",
    "dumb",
]

OFFENSIVE = [
    "You are a {adj} {insult}.",
    "Shut up, you {adj} {insult}.",
    "What a {adj} {insult} you are.",
    "Only a {insult} would write this garbage about {topic}.",
    "{name}, you {insult}, nobody cares what you think.",
    "Are you really this {adj}? Go back to school, {insult}.",
    "Your brain must be the size of a pea, you {insult}.",
    "Fuck you and your {adj} post about {topic}.",
    "Get lost, {insult}. Nobody asked for your opinion on {topic}.",
    "I will find you and hurt you for writing this.",
    "Go die in a ditch, {insult}.",
    "People like you are a disease. {adj_cap} {insult}s should be banned from {topic}.",
    "Kill yourself, you {adj} piece of trash.",
    "Typical {insult}. Crawl back under your rock.",
    "You're too {adj} to understand {topic}, {insult}.",
    "{name} is a {adj} {insult}.",
    "Stfu {insult}, nobody reads your crap.",
    "I hope you die, {insult}.",
    "Piss off, {name}. You {adj} {insult}.",
    "Watch your back, {name}. I know where you live.",
]

SPAM = [
    "Great post! Check out my website {url} for {product} at the best price.",
    "Nice article. Visit {url} for cheap {product}, free shipping today only!",
    "I have been browsing online more than two hours today, yet I never found "
    "any article "
    "as interesting as yours. Please visit my blog {url} about {product}.",
    "Earn ${money} a week working from home! Click here: {url}",
    "Buy cheap {product} online without prescription {url}",
    "Hey guys check out my channel and subscribe, I post {product} videos every day!",
    "Please subscribe to my channel, I'm trying to reach 1000 subscribers!! {url}",
    "Best SEO services and backlinks for your site, contact us at {url}",
    "{product} {product} {product} best deals {url} {url}",
    "Thanks for sharing. Get 50% discount on {product} with promo code SAVE50 at {url}",
    "Want free gift cards? Go to {url} and enter your email, 100% free, limited offer!",
    "I made ${money} last month trading bitcoin with this simple system {url}",
    "Need a loan fast? Payday loans approved in minutes, call +1 800 555 0199.",
    "Hot singles in your area want to meet you {url}",
    "Essay writing service: professional writers, cheap prices, order now at {url}",
    "Like this comment if you love {product}! And check out my music on {url}",
    "Hi everyone, I'm a new rapper, please give my mixtape a listen {url} thanks!!",
    "Get real followers and likes cheap! Instant delivery {url}",
    "Replica watches and designer bags at unbeatable prices {url}",
    "Lose 20 pounds in 2 weeks with this one weird trick {url}",
    "Online casino bonus: 200 free spins for new players {url}",
    "Contact me on Telegram for the best forex signals, 300% returns guaranteed.",
    "DM me to join my crypto giveaway, send 0.1 BTC and get 1 BTC back!",
    "{url}",
    "{url} {url}",
    "Cool. {url}",
]
PRODUCTS = [
    "viagra",
    "cialis",
    "weight loss pills",
    "phone cases",
    "sunglasses",
    "cbd oil",
    "gaming chairs",
    "crypto signals",
    "handbags",
    "essay help",
    "followers",
    "sneakers",
]
DOMAINS = [
    "cheap-pills-online.com",
    "bestdeals4u.net",
    "bit.ly/3xYzQ",
    "make-money-fast.biz",
    "youtube.com/channel/UCx9",
    "my-seo-agency.ru",
    "free-gifts.top",
    "tinyurl.com/win9",
]


def _fill(template: str, rng: random.Random) -> str:
    point = rng.choice(POINTS)
    adj = rng.choice(INSULT_ADJ)
    url = rng.choice(DOMAINS)
    if rng.random() < 0.5:
        url = f"http://{url}" if rng.random() < 0.5 else f"https://www.{url}"
    return template.format(
        name=rng.choice(NAMES),
        topic=rng.choice(TOPICS),
        point=point,
        point_cap=point[0].upper() + point[1:],
        adj=adj,
        adj_cap=adj.capitalize(),
        insult=rng.choice(INSULT_WORDS),
        url=url,
        product=rng.choice(PRODUCTS),
        money=rng.choice(["500", "1,200", "5000", "10,000"]),
    )


def _expand(templates: list[str], copies: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets
    return [_fill(template, rng) for template in templates for _ in range(copies)]


def civil_comments(copies: int = 12) -> list[str]:
    """Legitimate comments: praise, thanks, questions, heated-but-civil disagreement."""
    return _expand(CIVIL, copies, seed=1)


def harsh_about_things_comments(copies: int = 12) -> list[str]:
    """Civil comments with harsh words aimed at a thing or at oneself, not a person."""
    rng = random.Random(4)  # noqa: S311 - reproducible examples, not secrets
    comments = []
    for template in HARSH_ABOUT_THINGS:
        for _ in range(copies):
            thing = rng.choice(THINGS)
            named = template.replace("{thing_cap}", thing[0].upper() + thing[1:])
            comments.append(_fill(named.replace("{thing}", thing), rng))
    return comments


def offensive_comments(copies: int = 12) -> list[str]:
    """Insults, threats and abuse aimed at the author or another commenter."""
    return _expand(OFFENSIVE, copies, seed=2)


def spam_comments(copies: int = 12) -> list[str]:
    """Promotion, link drops, SEO, scams, channel plugs."""
    return _expand(SPAM, copies, seed=3)
