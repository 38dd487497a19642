"""Porch's own comment spam of the social-media kind, with look-alike ham.

Under a video or a popular post, spam is rarely a pharmacy link: it asks people to
subscribe, follow or like, plugs the writer's own song or channel ("check out my…",
with or without a link), promises gift cards and giveaways, pitches money from home
or a crypto "mentor" to message. It comes in every casing, often unpunctuated, from
three words to a paragraph. Ham here is what readers write with the same words: they
subscribed to a newsletter, point to the docs, talk about a song or a channel they
like. Written for Porch from general knowledge and composed with a fixed seed; no
sentence comes from a dataset.
"""

from __future__ import annotations

import random
import re

PLATFORMS = ["YouTube", "Instagram", "TikTok", "Twitch", "SoundCloud", "Spotify"]
CONTENT = [
    "covers",
    "gaming videos",
    "vlogs",
    "beats",
    "rap songs",
    "dance videos",
    "makeup tutorials",
    "funny clips",
    "prank videos",
    "piano covers",
    "music",
    "reaction videos",
]
LINKS = [
    "https://youtu.be/xQ81kd",
    "www.youtube.com/watch?v=p0K2mz",
    "http://bit.ly/1aBcDe",
    "soundcloud.com/lil-nova",
    "instagram.com/kaybeats",
    "https://tinyurl.com/freegc7",
    "http://giftcards-now.xyz",
    "www.earnathome.biz",
    "https://t.me/cryptomentor",
]
PRIZES = [
    "a $100 Amazon gift card",
    "free iTunes codes",
    "a free iPhone",
    "free Robux",
    "a $50 Steam card",
    "free V-bucks",
    "a PS5",
    "$500 PayPal cash",
]
HANDLES = ["@kaybeats", "@lilnova", "@mia.dance", "@cryptojay", "@thegamerz"]
SPAM_PITCHES: dict[str, list[str]] = {
    "subscribe": [
        "Please subscribe to my channel",
        "subscribe to me please",
        "Sub to my channel and I will sub back",
        "Can you subscribe to my {platform}? I post {content} every week",
        "Help me reach 1000 subscribers please, it would mean the world",
        "If you subscribe to my channel I will subscribe back, promise",
        "Follow me on {platform} {handle}, I follow back",
        "Like this comment if you want more people to see my {content}",
        "Please like and subscribe to my channel, I am a small creator",
        "Hey everyone, I am trying to grow my {platform}, please follow",
        "Everyone who subscribes to me gets a shout out in my next video",
        "give my channel a chance, I make {content}",
        "Like and subscribe for more {content}!",
        "Road to 10k subs, help me out guys",
    ],
    "check_out": [
        "Check out my channel",
        "check out my new video",
        "Check out my {content} on {platform}",
        "Hey guys check out my new song, it took me months",
        "Please check out my cover of this song, I worked really hard on it",
        "Go check out my page, I upload {content} every day",
        "Check my channel out if you like {content}",
        "Yo check out my mixtape, link in my bio",
        "Please take a look at my channel, I just started making {content}",
        "Check out my {platform}, you will not regret it",
        "Hi, I am a 16 year old singer, please check out my covers",
    ],
    "promotion": [
        "I just dropped my first single, go stream it on {platform}",
        "New music video out now, give it a listen and share",
        "Listen to my new track, I think you will like it if you like this song",
        "I make {content}, would love it if you gave them a watch",
        "My band just released our EP, search us on {platform}",
        "Watch my video, I did a better version of this",
        "Support an independent artist, my album is out now on {platform}",
        "Anyone want to collab? I make {content}, message me",
    ],
    "giveaway": [
        "I am giving away {prize} to everyone who follows me",
        "Get {prize} for free, just complete a short survey",
        "FREE {prize}! Go to the link before it expires",
        "I got {prize} from this site, it really works",
        "Want {prize}? Click the link in my profile",
        "Giveaway! Win {prize}, like and share this comment to enter",
        "Claim your free gift card now, only 100 left",
        "Free gift cards for the first 500 people",
    ],
    "money": [
        "I make $300 a day from home, message me to learn how",
        "Want to earn money online? Easy work from home, no experience needed",
        "I quit my job and now make $5,000 a month working from my phone",
        "Make money fast with this simple trick, I earned $1,200 last week",
        "Earn cash by watching videos, sign up with my referral link",
        "Looking for people who want to work from home part time, paid daily",
        "Get paid to take surveys, I made $80 today",
    ],
    "crypto": [
        "I invested in bitcoin with my mentor and doubled my money, DM me",
        "Message me on Telegram for crypto signals that really work",
        "My crypto mentor turned $1,000 into $9,000 in a month, message him",
        "Stop wasting time, invest in bitcoin now while it is cheap",
        "Anyone interested in trading forex or crypto with a pro? Contact me",
        "DM me on Instagram if you want to learn how I trade bitcoin",
    ],
}
SPAM_CALLS = [
    "",
    "",
    "{link}",
    "Link: {link}",
    "here is the link {link}",
    "{link} thanks",
    "link in my bio",
    "search my name",
    "thank you so much",
    "thanks guys",
    "it would mean a lot",
    "please",
    "peace",
    "{handle}",
]
FAN_OPENERS = [
    "",
    "",
    "",
    "Hi everyone!",
    "Hey guys,",
    "Sorry for the spam,",
    "I know nobody will read this but",
    "Love this song!",
    "Great video.",
    "Hello people of {platform},",
    "Don't hate me for this,",
]


def _casing(comment: str, rng: random.Random) -> str:
    """The many ways the same plea is typed: shouting, lower case, text speak."""
    style = rng.random()
    if style < 0.15:
        return comment.upper()
    if style < 0.35:
        return re.sub(r"[.,](?=\s|$)", "", comment.lower())
    if style < 0.45:
        comment = re.sub(r"\byou\b", "u", comment)
        comment = re.sub(r"\bplease\b", rng.choice(["plz", "pls"]), comment)
        return re.sub(r"\byour\b", "ur", comment)
    if style < 0.55:
        return comment.rstrip(".!") + rng.choice(["!!!", " :)", " <3", "!!"])
    return comment


def social_spam_comment(rng: random.Random) -> str:
    """One social-media spam comment: an optional opener, a plea or pitch, a call."""
    slots = {
        "platform": rng.choice(PLATFORMS),
        "content": rng.choice(CONTENT),
        "prize": rng.choice(PRIZES),
        "handle": rng.choice(HANDLES),
        "link": rng.choice(LINKS),
    }
    pitches = SPAM_PITCHES[rng.choice(list(SPAM_PITCHES))]
    # A long plea strings two or three of one trade's lines together.
    body = ". ".join(
        p.format(**slots).rstrip("!")
        for p in rng.sample(pitches, rng.choice([1, 1, 2, 3]))
    )
    parts = [
        rng.choice(FAN_OPENERS).format(**slots),
        body,
        rng.choice(SPAM_CALLS).format(**slots),
    ]
    return _casing(" ".join(part for part in parts if part), rng)


TOPICS = [
    "the chorus",
    "the second verse",
    "this song",
    "the bridge",
    "the drum part",
    "this recipe",
    "the setup guide",
    "the install steps",
    "the budgeting tips",
    "the bike route",
    "the interview",
    "this episode",
]
THINGS = [
    "the docs",
    "the official documentation",
    "the author's earlier post",
    "the FAQ",
    "the project's changelog",
    "the library's tutorial",
    "the original paper",
    "the live version",
    "the acoustic version",
    "the podcast episode",
]
HAM_LINES = [
    "I subscribed to the newsletter after this post",
    "Subscribed! I have been waiting for someone to explain {topic} this clearly",
    "Check out {thing} for more on {topic}, it goes deeper",
    "If anyone is stuck, check out {thing}, section two covers it",
    "I checked out {thing} after reading this and it helped a lot",
    "I followed the steps in {topic} and it worked first time",
    "Followed your advice on {topic} and saved a lot of money",
    "I like how you explained {topic}, very clear",
    "Liked and shared with my sister, she loves {topic}",
    "Love this song, it reminds me of my first year at university",
    "This song never gets old, I have listened to it a hundred times",
    "Her voice in {topic} gives me chills every time",
    "The video quality is amazing, who filmed this?",
    "My daughter plays this on repeat, {topic} is her favourite part",
    "The free version of the app was enough for me",
    "Is the gift card offer in the post still valid, or did it end in May?",
    "My kid wanted Robux for his birthday, so this guide on parental controls helped",
    "We won a small giveaway at the library fair once, nothing like this",
    "I tried to make money from home with surveys once and it was a waste of time",
    "Be careful, my uncle lost his savings to a crypto scam that looked like this",
    "I work from home three days a week and {topic} is exactly my experience",
    "Bitcoin is too volatile for me, I would rather keep my savings in a fund",
    "Does anyone know where I can stream the live version of {topic}?",
    "Whoever edited this video did a fantastic job",
    "I am a music teacher and I use {topic} to teach rhythm to my students",
    "This channel has taught me more than school did, thank you",
    "I have followed this blog for years and {topic} is one of the best posts",
    "Came here after the radio played it this morning",
    "The comments here are so wholesome, love this community",
    "Shared this with my running club, they will love {topic}",
    "My band covered this song at a wedding last summer, everyone danced",
    "Please do a follow-up on {topic}, I would love to read more",
    "Thank you for making this free, not everyone can afford a course",
    "I watched the whole video twice, {topic} finally makes sense",
    # The words of "work from home", "follow me", "my single", "message me" pitches,
    # in what readers of a blog write with them every day.
    "I have been working from home for two years and {topic} is still my favourite",
    "Working from home since 2020, my single biggest lesson is to take real breaks",
    "We both work from home now, so {topic} is our lunch break ritual",
    "Since I started working from home I actually have time for {topic}",
    "Working from home means the kids hear {topic} on repeat all day",
    "My single biggest mistake was skipping {thing}, read it first",
    "The single most useful thing here is {topic}, my single favourite part",
    "My single best tip: read {thing} before you start",
    "Follow me on this one: {topic} only works if you practise daily",
    "Follow me here, the trick in {topic} is the timing, not the speed",
    "Follow my lead and read {thing} first, it saves an hour",
    "I followed my gut on {topic} and it paid off",
    "My cover letter mentioned {topic} and the interviewer loved it",
    "I rewrote my cover letter after reading this, wish me luck",
    "My cover of this song at the school concert was nowhere near as good",
    "Message me if you want {offer}, happy to share",
    "Happy to send {offer}, just message me",
    "DM me if you want {offer}, no charge, it is just sitting on my drive",
    "If anyone wants {offer}, message me and I will email it",
    "Send me a message if you want {offer}",
    "Inbox me if you want {offer} too, I have a few left over",
    "Message me if you want the notes from {topic}, I kept them",
    "Send me a message if you want to carpool to the next meetup",
    "My new job lets me listen to {topic} while I work, so thank you",
    "My song of the summer is still this one",
    "My first album purchase was this record, on cassette",
    "My daughter will follow me on this, she already loves {topic}",
]
# What a reader offers to pass on when they say "message me".
OFFERS = [
    "the template",
    "my notes",
    "the spreadsheet",
    "my packing list",
    "the recipe card",
    "the planting plan",
    "spare seeds from my garden",
    "the knitting pattern",
    "my revision notes",
    "the route map",
    "the slides",
    "a copy of the checklist",
]
HAM_STARTS = ["", "", "", "Honestly,", "Wow.", "Ha,", "Same here.", "Thanks!"]


def social_ham_comment(rng: random.Random) -> str:
    """One legitimate comment using the words social spam uses."""
    line = rng.choice(HAM_LINES).format(
        topic=rng.choice(TOPICS), thing=rng.choice(THINGS), offer=rng.choice(OFFERS)
    )
    comment = " ".join(p for p in (rng.choice(HAM_STARTS), line) if p)
    ending = rng.choice([".", ".", "!", "", " :)"])
    # Readers type casually too: the casing must not be what separates the classes.
    return _casing(comment + ending, rng)


def social_spam_and_ham(count: int, seed: int = 11) -> tuple[list[str], list[str]]:
    """``count`` distinct social-media spam comments and up to ``count`` ham ones."""
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets
    spam: dict[str, None] = {}
    ham: dict[str, None] = {}
    for _ in range(count * 20):
        if len(spam) < count:
            spam.setdefault(social_spam_comment(rng), None)
        if len(ham) < count:
            ham.setdefault(social_ham_comment(rng), None)
    return list(spam), list(ham)
