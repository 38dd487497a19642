"""Insults without swear words, and the civil comments that use the same words.

"You are a fraud", "did you take your meds today?", "you brainless clown": no word
list of profanity hears these, and the tweets we may ship from rarely say them.
Written for Porch, composed from templates with a fixed seed; the civil side uses
the same nouns about the news, about oneself or in praise ("the fraud case in the
news", "I felt like a fraud when I started"), so the model learns that the insult
is the word aimed at a person, not the word.
"""

from __future__ import annotations

import random

from training.corpus import NAMES, TOPICS

PEOPLE = [*NAMES, "Ife", "Graham", "Nadia", "Rui", "Beth", "Kwame"]
NOUNS = [
    "fraud",
    "clown",
    "joke",
    "charlatan",
    "hack",
    "con artist",
    "grifter",
    "phony",
    "fake",
    "know-nothing",
    "embarrassment",
    "amateur",
    "disgrace",
    "snake oil salesman",
    "buffoon",
    "parasite",
    "nobody",
    "waste of space",
]
ADJECTIVES = [
    "brainless",
    "spineless",
    "delusional",
    "deluded",
    "unhinged",
    "clueless",
    "useless",
    "talentless",
    "gutless",
    "shameless",
    "sad little",
    "miserable",
]
ROLES = ["leader", "manager", "writer", "expert", "coach", "author"]

INSULTS = [
    "{person}, you are a {noun}.",
    "{person}, you are a {noun} and everyone here knows it.",
    "You are a {noun}. Stop pretending to be a {role}.",
    "You are a {adj} {noun}, {person}.",
    "You {adj} {noun}.",
    "What a {adj} {noun} you are.",
    "Did you take your meds today?",
    "Did you forget your meds again, {person}?",
    "Did you take your meds before writing this, {person}?",
    "Someone forgot to take their pills this morning.",
    "Take your meds and log off.",
    "Seek help. You clearly need a psychiatrist, not a blog.",
    "You have the brain of a goldfish, {person}.",
    "Were you dropped on your head as a baby?",
    "Is there anything going on between your ears, {person}?",
    "My dog could write a better post than you, you {noun}.",
    "You have never led anything in your life, you {adj} {noun}.",
    "Nobody with half a brain would take advice from you.",
    "You're a joke, {person}. A complete and utter joke.",
    "Crawl back to whatever hole you came from, {noun}.",
    "You are embarrassing yourself, {noun}.",
    "Keep your {adj} opinions to yourself, {person}.",
    "You should not be allowed near a keyboard.",
    "Your parents must be so ashamed of you.",
    "People like you are the reason nothing works, you {noun}.",
    "Fake expert. You are a fraud and a liar, {person}.",
    "{person} is a {adj} {noun} who has never done a day of real work.",
    "You are a waste of oxygen, {person}.",
    "Your head is as empty as this post.",
    "Back to kindergarten with you, {noun}.",
    "Are you always this dense, {person}, or only today?",
    "Nobody asked you, {noun}. Go away.",
    "How do you even dress yourself in the morning, {person}?",
    "The author is a {adj} {noun} and this post proves it.",
    "Whoever wrote this is a {noun}. Unsubscribing.",
    "F*** this post and f*** you, you {adj} {noun}.",
    "Sh*t post from a {adj} {noun}.",
    "You are a f***ing {noun}, {person}.",
]

LOOK_ALIKES = [
    "The {noun} case in the news this week reminded me of {topic}.",
    "I felt like a fraud when I started managing people; this post helped.",
    "I felt like a {noun} in my first month as a {role}. It passes.",
    "Impostor syndrome made me feel like a fraud as a new {role}.",
    "Nobody here is a fraud for asking questions, {person}.",
    "You are not a fraud for needing help, {person}. We all did.",
    "Calling a new {role} a fraud on day one is unfair; give them time.",
    "The clown at my nephew's party was better organised than my old team, ha.",
    "I was the class clown, so leading a team came as a surprise to me.",
    "The charlatan in the book you mention is a great study of false confidence.",
    "Did you take notes during the workshop, {person}? I would love to read them.",
    "Did you take the photos yourself? They are lovely.",
    "Did you take your team on the retreat in the end, {person}?",
    "I take my meds every morning and still forget my keys; planning tips welcome.",
    "My doctor changed my meds last month, so I read slowly, but this was worth it.",
    "The team thought the plan was a joke until it worked.",
    "You are a gem, {person}. Thank you for this.",
    "You are a natural {role}, {person}, and it shows in this post.",
    "You are right, and I was wrong about {topic}.",
    "You have a gift for explaining {topic}, {person}.",
    "My dog could use some of this patience, ha.",
    "The brain needs rest; that is why breaks from {topic} matter.",
    "Go back to the second paragraph, {person}; it answers your question.",
    "Your parents must be proud of this book, {person}!",
    "People like you make this community a better place, {person}.",
    "Seek help early: that was the best advice I got as a new {role}.",
    "Keep your opinions coming, {person}, I enjoy reading them.",
    "The hack that saved my week: one meeting-free day for the whole team.",
    "I am an amateur at {topic}, so this was exactly what I needed.",
    "The waste of space in our old office is why we moved to {topic}.",
    "Nobody told me {topic} would be this hard. Thanks for being honest.",
    "The author makes a fair point, though I read {topic} differently.",
    "Whoever wrote the brief for that project was brave; it worked out.",
    "It felt like a disgrace to lose the contract, but we learned a lot.",
    "The fake deadline trick works on me every time, I admit.",
    "I was clueless about {topic} before this post, {person}. Thank you.",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        person=rng.choice(PEOPLE),
        noun=rng.choice(NOUNS),
        adj=rng.choice(ADJECTIVES),
        role=rng.choice(ROLES),
        topic=rng.choice(TOPICS),
    )


def _composed(templates: list[str], copies: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible examples, not secrets
    found = [_fill(t, rng) for t in templates for _ in range(copies)]
    return list(dict.fromkeys(found))


def insults_without_swearing(copies: int = 12) -> list[str]:
    """Insults aimed at a person in words no profanity list holds."""
    return _composed(INSULTS, copies, seed=11)


def civil_look_alikes(copies: int = 12) -> list[str]:
    """Civil comments using the same nouns about the news, oneself or in praise."""
    return _composed(LOOK_ALIKES, copies, seed=12)
