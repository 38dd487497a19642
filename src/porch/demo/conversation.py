"""What the demo's readers say: invented discussions, and comments for the desk.

Everything here is data; ``porch.demo.discussions`` submits it through the comments
service, so the moderation pipeline judges every line. ``host`` is Maren, the host,
writing while logged in; a guest author's key (``tobias``, ``ife``) is that guest
commenting under the address on their profile, which earns the "Author" badge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reader:
    name: str
    email: str
    url: str = ""


@dataclass(frozen=True)
class Said:
    """One comment: ``hours`` after the post was published, under ``reply_to``."""

    key: str
    who: str
    hours: float
    body: str
    reply_to: str | None = None


@dataclass(frozen=True)
class Held:
    """A comment the pipeline should hold, ``hours_ago`` before the demo's now.

    ``expect`` is the reason code the demo is there to show on the desk.
    """

    post: str
    who: str
    hours_ago: float
    body: str
    expect: str
    reply_to: str | None = None  # a key from the post's discussion


GUEST_EMAILS = {
    "tobias": "tobias@smallshopletters.example",
    "ife": "ife@commontable.example",
}
# The host's moderation words, so the desk shows that rule at work.
MODERATION_WORDS = "giveaway\npromo code"

READERS = {
    "claire": Reader("Claire Dubois", "claire.dubois@example.net"),
    "marcus": Reader("Marcus Lindqvist", "marcus.l@example.org"),
    "dev": Reader("Dev Raman", "dev@raman.example", "https://raman.example"),
    "rosa": Reader("Rosa Jiménez", "rosa.jimenez@example.net"),
    "hannah": Reader("Hannah Kowalczyk", "hannah.k@example.org"),
    "ben": Reader("Ben Achterberg", "ben.achterberg@example.net"),
    "agnes": Reader("Agnes Byrne", "agnes.byrne@example.org"),
    "sam": Reader(
        "Sam Whitfield", "sam@whitfield.example", "https://whitfield.example"
    ),
    "olu": Reader("Olu Bankole", "olu.bankole@example.net"),
    "nadia": Reader("Nadia Petrenko", "nadia.p@example.org"),
    "trolled": Reader("Plain Speaker", "plainspeaker@example.com"),
    "seller": Reader(
        "Best Deals Online", "offers@deals.example", "https://deals.example"
    ),
    "wanderer": Reader("Gary Pike", "gary.pike@example.com"),
    "giver": Reader("Joan Ferris", "joan.ferris@example.org"),
}

# fmt: off
SECOND_BEST = (
    Said("dovetails", "claire", 2,
         "I'm the beginner in this story. My first dovetails looked like a broken "
         "comb, and my teacher let me saw wide of the line and pare back to it. "
         "Because there was wood left, I could see *where* I had gone wrong and "
         "still fix the joint."),
    Said("dovetails-t", "tobias", 4,
         "Claire, \"wood left to fix it\" is exactly the slack I mean. Did your "
         "teacher ever show you her own method later on?", "dovetails"),
    Said("safety", "marcus", 3.5,
         "I'll push back a little. At the table saw there is no second-best way, "
         "only the safe way. Slack in a method is fine for dovetails; not for "
         "anything that can take a finger."),
    Said("onboarding", "dev", 4.5,
         "This is the clearest description of onboarding I have read. Our deploy "
         "process only worked in the hands of the three people who wrote it. A new "
         "hire touched it in week one and it broke."),
    Said("safety-t", "tobias", 5,
         "Fair point, Marcus, and I agree. Safety rules aren't a method, they are "
         "the edges of the bench. The slack goes *inside* those edges, never in "
         "them.", "safety"),
    Said("dovetails-c", "claire", 6.5,
         "She did, about a year in. By then I could see why her way was faster, "
         "and why I hadn't been ready for it.", "dovetails-t"),
    Said("onboarding-m", "host", 7,
         "Dev, what did you change afterwards: the process or the training?",
         "onboarding"),
    Said("dovetails-tt", "tobias", 7.5,
         "That's the order I hope for. Thanks, Claire!", "dovetails-c"),
    Said("safety-m", "marcus", 8,
         "That I can live with. \"The edges of the bench\" is going into our shop "
         "induction.", "safety-t"),
    Said("dovetails-m", "host", 9,
         "Saw wide, pare to the line: it's still how I cut them when I'm tired.",
         "dovetails"),
    Said("onboarding-d", "dev", 12,
         "The process. We built a slower deploy path with more checks. New people "
         "use it for a month, then move to the fast one. Nobody calls it the slow "
         "path any more; it's the learning lane.", "onboarding-m"),
    Said("onboarding-t", "tobias", 14,
         "A learning lane! May I borrow that for my evening class?",
         "onboarding-d"),
    Said("onboarding-dd", "dev", 15, "Please do.", "onboarding-t"),
    Said("safety-o", "olu", 20,
         "Same on a hospital ward. Hand hygiene has no second-best way, but how a "
         "new nurse organises the morning round has plenty of room in it.",
         "safety-m"),
    Said("clay", "rosa", 22,
         "In the pottery studio we teach centering with too much water. It's a "
         "messy method but a forgiving one, and the clay tells you what you did."),
    Said("clay-t", "tobias", 24,
         "\"The clay tells you what you did\" is this whole post in seven words. "
         "Thanks, Rosa!", "clay"),
    Said("piano", "hannah", 28,
         "I teach piano and I have always done the opposite: I play the passage "
         "perfectly first. Now I wonder whether I should play it slowly and a "
         "little wrong, and let the student hear the fix."),
    Said("piano-t", "tobias", 30,
         "Hannah, try it for a week and tell us? My guess: the students who copy "
         "you well will still do well, and the ones who struggle will finally "
         "have something to hold on to.", "piano"),
    Said("apprentice", "ben", 34,
         "As an apprentice right now, I'd add one thing: *tell* us it's the "
         "second-best way. I spent months thinking my teacher's method was the "
         "only one, and felt foolish when I saw other people work differently."),
    Said("apprentice-t", "tobias", 36,
         "Good note, Ben. I say it out loud now, on the first evening: this is one "
         "way, not the way, and you will meet others.", "apprentice"),
    Said("apprentice-a", "agnes", 40,
         "Forty years on the shop floor and I'm still finding out that my only way "
         "was one of several. Keep asking, Ben.", "apprentice"),
    Said("apprentice-b", "ben", 41, "Thanks, Agnes!", "apprentice-a"),
    Said("volunteers", "sam", 55,
         "I shared this with our volunteer coordinators. The line about a process "
         "that breaks when someone new touches it started a long and useful "
         "conversation."),
    Said("volunteers-t", "tobias", 57,
         "That's the best thing a post can do. Thanks, Sam!", "volunteers"),
    Said("piano-h", "hannah", 80,
         "A week later: two students laughed at my deliberate mistake and then "
         "found it themselves. One asked me to play it \"the wrong way\" again. "
         "I'm converted, mostly.", "piano-t"),
    Said("piano-m", "host", 82,
         "Mostly is the honest amount. Thank you for coming back to tell us, "
         "Hannah.", "piano-h"),
    Said("when", "agnes", 96,
         "One caution: some students never want to leave the method with slack in "
         "it. How do you know when it's time to take the slack out?"),
    Said("when-t", "tobias", 99,
         "Usually when they start spotting my mistakes before I do. Then we take "
         "it out together, one habit at a time.", "when"),
    Said("when-a", "agnes", 101, "That's a good test. Thank you.", "when-t"),
)

BENCH = (
    Said("vice", "agnes", 5,
         "My bench has a vice I haven't used since 2009, and it stays because my "
         "father fitted it. Is that stepping around it, or something else?"),
    Said("vice-m", "host", 8,
         "Something else, I think. A fixture you keep for a person isn't in your "
         "way; it's part of why you are at the bench at all.", "vice"),
    Said("moving", "ben", 30,
         "I rebuild my bench every time I move flat, which is more often than I'd "
         "like. Each version is a little lower."),
)

MEETINGS = (
    Said("quick-one", "dev", 3,
         "We tried \"nobody adds to the list in the room\". It lasted two meetings, "
         "until someone said \"just a quick one\". How do you hold the line?"),
    Said("quick-one-m", "host", 5,
         "We keep a sheet by the door headed \"Next month\". Quick ones go on it, "
         "in the asker's own handwriting.", "quick-one"),
    Said("long", "hannah", 20,
         "I'm not sure a short meeting is always a healthy one. Some of our best "
         "decisions came in the forty-fifth minute, when people were tired enough "
         "to be honest."),
    Said("long-m", "host", 23,
         "Fair, Hannah. That's what the tea afterwards is for: the honest forty-"
         "fifth minute, without the list.", "long"),
    Said("quick-one-d", "dev", 26,
         "Tried the sheet. It works, mostly because writing a quick one down shows "
         "people it isn't quick.", "quick-one-m"),
)

KITCHEN_TABLE = (
    Said("soup", "olu", 4,
         "Feed people! Our tenants' meeting doubled its turnout the month we "
         "started bringing soup."),
    Said("soup-i", "ife", 6,
         "Soup is the most underrated organising tool there is. Thanks, Olu!",
         "soup"),
    Said("chair", "rosa", 10,
         "Rotating the chair was the hardest habit for us: the person who started "
         "the group found it very hard to let go."),
    Said("chair-i", "ife", 13,
         "It almost always is. What helped us: the founder takes the first turn as "
         "timekeeper, the least powerful job at the table, and says so.", "chair"),
    Said("chair-m", "host", 15,
         "Same in our co-op. The founder now keeps the tea rota, proudly.", "chair"),
    Said("chair-r", "rosa", 30, "We'll try that at the next meeting.", "chair-i"),
    Said("wish", "claire", 40,
         "\"A decision without a name beside it is a wish.\" That's going on the "
         "whiteboard at work tomorrow."),
)

REPAIR = (
    Said("toaster", "sam", 6,
         "We started a repair café at our library last spring. The first visitor "
         "brought a toaster from 1974, and it still works."),
    Said("toaster-m", "host", 9,
         "Toasters from 1974 were made to be repaired. Thanks, Sam!", "toaster"),
    Said("screwdriver", "agnes", 20,
         "I'd stay and help fix my own chair, but I would want someone to tell me "
         "when to let go of the screwdriver."),
)

TOOLSHED = (
    Said("drill", "ben", 3,
         "Our building has a shared drill and no book by the door. It has been "
         "\"with someone on the third floor\" since March."),
    Said("drill-m", "host", 5,
         "The book is the whole trick. Start one and write the drill's last known "
         "floor on the first page.", "drill"),
)

DISCUSSIONS = {
    "the-bench-is-never-finished": BENCH,
    "teaching-the-second-best-way": SECOND_BEST,
    "meetings-that-end-early": MEETINGS,
    "the-kitchen-table-committee": KITCHEN_TABLE,
    "repair-cafes-and-second-lives": REPAIR,
    "what-a-shared-toolshed-taught-our-street": TOOLSHED,
}

HELD = (
    Held("the-kitchen-table-committee", "nadia", 30,
         "Our allotment society has the same trouble with the chair. We tried "
         "rotating it once and nobody wanted the job, so the founder kept it.",
         expect="first_time", reply_to="chair"),
    Held("teaching-the-second-best-way", "claire", 26,
         "Two books that helped me teach adults: "
         "https://books.example/teaching-adults and "
         "https://books.example/the-patient-teacher are both worth a look.",
         expect="links"),
    Held("repair-cafes-and-second-lives", "trolled", 18,
         "What a load of garbage. Only an idiot would waste a Saturday on this "
         "stupid drivel, you clueless hack.",
         expect="offensive"),
    Held("what-a-shared-toolshed-taught-our-street", "seller", 9,
         "Buy cheap viagra online now! Best prices, free shipping, no prescription "
         "needed. Click here: https://deals.example/buy",
         expect="spam"),
    Held("meetings-that-end-early", "wanderer", 6,
         "Does anyone know a good mechanic near the ring road? My car makes a "
         "grinding noise when I brake and the dealer wants a fortune.",
         expect="off_topic"),
    Held("what-a-shared-toolshed-taught-our-street", "giver", 2,
         "Our street shed is running a giveaway of spare clamps and a ladder on "
         "Saturday. Happy to post the details here if that's all right?",
         expect="rule:moderation_words"),
)
# fmt: on
