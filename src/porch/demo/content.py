"""What the demo site says: an invented blog about craft, teams and community.

Everything here is data; ``porch.demo.services.demo_site_create`` writes it through
the same services the admin uses. Times are offsets from "now", so the demo always
has recent posts, one scheduled for next Monday and one draft.
"""

from __future__ import annotations

from dataclasses import dataclass

SITE_NAME = "Bench Notes"
TAGLINE = "Slow thoughts on making things, and on making them together"
HOST_USERNAME = "host"
HOST_EMAIL = "host@bench-notes.example"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    display_name: str
    slug: str
    bio: str
    site_name: str = ""
    site_url: str = ""
    books: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoPost:
    slug: str
    title: str
    author: str  # a DemoPerson key
    body: str
    questions: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    days_from_now: int | None  # None: a draft; negative: published; positive: scheduled
    intro: str = ""
    in_series: bool = False
    excerpt: str = ""


SERIES_NAME = "Guest post Monday"
SERIES_SLUG = "guest-post-monday"
SERIES_DESCRIPTION = (
    "Every other Monday someone from outside the workshop takes the bench: a "
    "teacher, an organiser, a maker with a different habit of mind."
)
CATEGORIES = {"craft": "Craft", "teams": "Teams", "community": "Community"}

PEOPLE = (
    DemoPerson(
        key="host",
        display_name="Maren Holt",
        slug="maren-holt",
        bio=(
            "Maren builds chairs in a shared workshop and writes *Bench Notes* about "
            "the long apprenticeship of doing things well, alone and with others."
        ),
    ),
    DemoPerson(
        key="tobias",
        display_name="Tobias Reyes",
        slug="tobias-reyes",
        bio=(
            "Tobias teaches joinery to adults who came to it late. He writes "
            "[Small Shop Letters](https://smallshopletters.example), a monthly letter "
            "on tools, teaching and patience."
        ),
        site_name="Small Shop Letters",
        site_url="https://smallshopletters.example",
        books=(("The Apprentice Year", "https://books.example/the-apprentice-year"),),
    ),
    DemoPerson(
        key="ife",
        display_name="Ife Adeyemi",
        slug="ife-adeyemi",
        bio=(
            "Ife has organised tenants' groups, food co-ops and one very loud "
            "allotment society. She writes at "
            "[Common Table](https://commontable.example)."
        ),
        site_name="Common Table",
        site_url="https://commontable.example",
        books=(
            ("Kitchen Table Committees", "https://books.example/kitchen-table"),
            ("Small Rooms, Big Plans", "https://books.example/small-rooms"),
        ),
    ),
)

POSTS = (
    DemoPost(
        slug="the-bench-is-never-finished",
        title="The bench is never finished",
        author="host",
        days_from_now=-27,
        categories=("craft",),
        tags=("hand tools", "habits"),
        body=(
            "My workbench is eleven years old and I rebuilt part of it again last "
            "week. Not because it broke: because I changed.\n\n"
            "A bench records the way you work. The dog holes sit where your hands "
            "once needed them; the vice is at the height of the person you were. "
            "When the work moves on and the bench does not, you start working "
            "*around* your own tools.\n\n"
            "So every winter I ask one question of each fixture: **do I still reach "
            "for this, or do I step around it?** Whatever I step around goes."
        ),
        questions=(
            "What tool or habit do you keep stepping around?\n"
            "How often do you rebuild the place you work in?"
        ),
    ),
    DemoPost(
        slug="teaching-the-second-best-way",
        title="Teaching the second-best way",
        author="tobias",
        days_from_now=-21,
        in_series=True,
        categories=("craft", "teams"),
        tags=("apprenticeship", "mentoring"),
        intro=(
            "It's Guest post Monday! Today's guest is **Tobias Reyes**, who teaches "
            "joinery and writes *Small Shop Letters*. His book *The Apprentice Year* "
            "follows twelve students through their first year at the bench."
        ),
        body=(
            "When I started teaching I showed students the best way to cut a "
            "dovetail: mine. They copied it badly and learned little.\n\n"
            "Now I show them a second-best way, one with room in it. A method with "
            "slack lets a beginner make a small mistake and *see* it, instead of a "
            "perfect method that hides every error until the joint will not close.\n\n"
            "The same holds for the teams I coach outside the shop. A process a "
            "newcomer can bend without breaking teaches them more than one that only "
            "works in expert hands. Leave the slack in. Take it out later, together."
        ),
        questions=(
            "Who taught you with a method that had room for mistakes?\n"
            "Where does your team's process break the moment someone new touches it?"
        ),
    ),
    DemoPost(
        slug="meetings-that-end-early",
        title="Meetings that end early",
        author="host",
        days_from_now=-13,
        categories=("teams",),
        tags=("meetings", "feedback"),
        body=(
            "Our workshop co-op meets on the first Thursday of the month. For years "
            "the meeting ran until someone had to catch a bus.\n\n"
            "We made one rule: the meeting ends when the list is empty, and the list "
            "is written *before* we sit down. Nobody may add to it in the room. "
            "What comes up goes on next month's list or to a smaller group.\n\n"
            "The first meeting under the rule took twenty-five minutes. People "
            "stayed afterwards anyway, with tea, and talked about the work itself."
        ),
        questions=(
            "What rule made your meetings shorter?\n"
            "Is a meeting that ends early a sign of health or of avoidance?"
        ),
    ),
    DemoPost(
        slug="the-kitchen-table-committee",
        title="The kitchen-table committee",
        author="ife",
        days_from_now=-7,
        in_series=True,
        categories=("community", "teams"),
        tags=("organising", "neighbours", "volunteering"),
        intro=(
            "It's Guest post Monday! This week's guest is **Ife Adeyemi**, who writes "
            "*Common Table* and is the author of *Kitchen Table Committees* and "
            "*Small Rooms, Big Plans*."
        ),
        body=(
            "Every group I have seen last began around a kitchen table, not a "
            "lectern. The table matters: nobody sits at its head for long, and the "
            "person who brought the soup has as much say as the one with the "
            "agenda.\n\n"
            "Three habits carry the table into bigger rooms:\n\n"
            "1. **Rotate the chair.** The job is to keep time, not to lead.\n"
            "2. **Feed people.** A group that eats together forgives more.\n"
            "3. **End with who does what.** A decision without a name beside it is a "
            "wish.\n\n"
            "None of this needs a constitution. It needs someone to put the kettle on."
        ),
        questions=(
            "What is the smallest group you have seen change something?\n"
            "Which of the three habits is hardest to keep as a group grows?"
        ),
    ),
    DemoPost(
        slug="repair-cafes-and-second-lives",
        title="Repair cafés and the pleasure of second lives",
        author="host",
        days_from_now=-4,
        categories=("community", "craft"),
        tags=("repair", "volunteering"),
        body=(
            "Once a month our workshop opens as a repair café. Neighbours bring a "
            "wobbly stool, a lamp that flickers, a chair their grandmother sat in.\n\n"
            "The rule is that the owner stays and helps. Half the value is the fix; "
            "the other half is someone leaving with a screwdriver they now know how "
            "to use. Last month a ten-year-old reglued her own chair leg and "
            "explained clamping pressure to her father on the way out."
        ),
        questions=(
            "What is the oldest thing you have repaired rather than replaced?\n"
            "Would you stay and help fix your own broken chair?"
        ),
    ),
    DemoPost(
        slug="what-a-shared-toolshed-taught-our-street",
        title="What a shared toolshed taught our street",
        author="host",
        days_from_now=-1,
        categories=("community",),
        tags=("neighbours", "hand tools"),
        body=(
            "Our street owns one ladder, one lawnmower and one very good saw, kept "
            "in a shed behind number twelve. Anyone may borrow; the book by the door "
            "says who has what.\n\n"
            "The shed was meant to save money. What it actually did was make us "
            "*knock on each other's doors*. You cannot borrow the ladder without "
            "asking when the last person will be done with it.\n\n"
            "Tools, it turns out, are an excuse to talk."
        ),
        questions=(
            "What could your street or building share?\n"
            "What goes wrong when a shared thing has no book by the door?"
        ),
    ),
    DemoPost(
        slug="sharpening-as-a-team-sport",
        title="Sharpening as a team sport",
        author="tobias",
        days_from_now=7,
        in_series=True,
        categories=("craft", "teams"),
        tags=("hand tools", "apprenticeship"),
        intro=(
            "It's Guest post Monday! **Tobias Reyes** returns with a second letter "
            "from his teaching shop."
        ),
        body=(
            "In my shop nobody sharpens alone. On Friday afternoons we line up at "
            "the stones and swap chisels with the person on the left.\n\n"
            "Sharpening someone else's tool shows you how they work: the rounded "
            "edge of the one who rushes, the uneven bevel of the one who leans. "
            "It is feedback nobody has to say out loud."
        ),
        questions=(
            "What could your team learn by maintaining each other's tools?\n"
            "Which feedback works best when nobody has to say it?"
        ),
    ),
    DemoPost(
        slug="notes-toward-a-workshop-charter",
        title="Notes toward a workshop charter",
        author="host",
        days_from_now=None,
        categories=("teams", "community"),
        tags=("organising",),
        body=(
            "Half-formed: what would a one-page charter for a shared workshop say? "
            "Who may use the big saw, who cleans, who decides when we disagree."
        ),
        questions="What belongs in a one-page charter?",
    ),
)
