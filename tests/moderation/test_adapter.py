"""The learning loop: moderator decisions refit the site's adapter, which moves
later scores, and a missing or bad adapter leaves the shipped models judging."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from django.utils.module_loading import import_string

from porch.desk.services.comments import comment_moderate
from porch.moderation import Submission, Thresholds, assess
from porch.moderation.adapter import adapter_load, adapter_save
from porch.moderation.classifiers import (
    MODEL_VERSION,
    OffensiveClassifier,
    OffTopicClassifier,
    SpamClassifier,
)
from porch.moderation.learning import Decision, adapters_fit
from porch.moderation.models import ModerationExample
from porch.moderation.tasks import moderation_adapter_train
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import CommentFactory, PostFactory, UserFactory

POST = {
    "post_title": "Baking with a slow starter",
    "post_text": "A starter kept in the fridge rises slowly; feed it the night before. "
    "Our spelt and rye loaves take a whole day, which is why the village bakery "
    "orders its flour on Wednesday and sells out by Friday.",
}
ADS = [
    "Crumb and Co bakery delivers fresh sourdough loaves every Friday, order by "
    "Wednesday.",
    "Order rye and spelt loaves from Crumb and Co bakery, free delivery on Fridays.",
    "Crumb and Co bakery: croissants and sourdough delivered Friday, order now.",
    "Fresh spelt loaves from Crumb and Co bakery, order Wednesday, delivered Friday.",
    "Crumb and Co bakery rye loaves, delivery every Friday, order online now.",
]
FINE = [
    "My starter sulked in the fridge too; a warm feed the night before woke it up.",
    "How long do you leave the starter out before mixing the dough?",
    "Mine rises slowly as well, but the crumb is better for it.",
    "Spelt loaves never rise as high for me; is that the flour or the starter?",
    "We feed ours on Wednesday night and bake on Friday, just as you describe.",
]
LATER_AD = "Crumb and Co bakery has spelt loaves this Friday, order by Wednesday."


def said(body: str) -> Submission:
    return Submission(body=body, **POST)


def spam_score(body: str, classifier: SpamClassifier | None = None) -> float:
    return (classifier or SpamClassifier()).judge(said(body))[0].score


@pytest.fixture
def adapter_file(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "moderation" / "adapter.npz"
    settings.MODERATION_ADAPTER_PATH = path  # type: ignore[attr-defined]
    return path


@pytest.mark.django_db
def test_moderator_decisions_raise_the_score_of_a_later_similar_comment(
    adapter_file: Path, django_capture_on_commit_callbacks: object
) -> None:
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    post = PostFactory(title=POST["post_title"], body=POST["post_text"])
    # Ten decisions weigh as much as the shipped model: the score moves halfway.
    strict = Thresholds(spam=0.4)
    before = assess(said(LATER_AD), strict)
    ads = [CommentFactory(post=post, body=body) for body in ADS]
    fine = [CommentFactory(post=post, body=body) for body in FINE]

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for comment in ads:
            comment_moderate(comment=comment, actor=host, action="spam")
        for comment in fine:
            comment_moderate(comment=comment, actor=host, action="approve")

    after = assess(said(LATER_AD), strict)
    adapters = adapter_load(adapter_file, MODEL_VERSION)
    assert ModerationExample.objects.count() == 10
    assert adapters is not None
    assert (adapters.generation, adapters.labels["spam"].examples) == (1, 10)
    assert (before.decision, after.decision) == ("approve", "hold")
    assert before.scores["spam"] < 0.05
    assert after.reasons[0].code == "spam"
    assert assess(said(FINE[0]), strict).decision == "approve"


@pytest.mark.django_db
def test_a_refit_with_no_new_decision_does_nothing(adapter_file: Path) -> None:
    assert moderation_adapter_train.call() == 0
    assert not adapter_file.exists()


def test_approvals_lower_a_score_the_host_disagrees_with() -> None:
    # A music blog where readers share their own tracks, and the host allows it.
    plugs = [
        "Check out my channel, I covered this song on piano last week.",
        "Subscribe to my channel for the guitar tab of this song.",
        "My cover of this song is on my channel, feedback welcome.",
    ]
    decisions = [Decision(Submission(body=b), "approve") for b in plugs] + [
        Decision(Submission(body=ad), "spam") for ad in ADS[:2]
    ]
    taught = SpamClassifier(adapters=lambda: adapters_fit(decisions))
    later = "Check out my channel, I recorded this song with my sister."

    assert spam_score(later, taught) < spam_score(later) - 0.2


def test_a_label_taught_one_way_only_waits_for_the_other_kind() -> None:
    fitted = adapters_fit([Decision(said(ad), "spam") for ad in ADS])
    taught = SpamClassifier(adapters=lambda: fitted)

    assert fitted.labels == {}
    assert spam_score(LATER_AD, taught) == spam_score(LATER_AD)


def test_offensive_adapter_learns_the_hosts_own_line() -> None:
    # This host removes a slur the shipped lists do not know, aimed at cyclists.
    rants = [
        "Typical lycra lout, get off the road.",
        "Another lycra lout blocking traffic.",
        "Lycra louts like you should be banned.",
    ]
    decisions = [Decision(Submission(body=b), "offensive") for b in rants] + [
        Decision(Submission(body=b), "approve") for b in FINE
    ]
    taught = OffensiveClassifier(adapters=lambda: adapters_fit(decisions))
    later = Submission(body="What a lycra lout you are.")

    before = OffensiveClassifier().judge(later)[0].score
    assert taught.judge(later)[0].score > before + 0.2


def test_a_host_who_welcomes_chat_teaches_off_topic_to_let_it_through() -> None:
    # Regulars on this baking blog chat about the village fete; the host approves.
    # Five decisions each way: fewer, and the blend would have to be no quieter
    # than the shipped model as it is (see porch.moderation.calibration).
    chat = [
        "The village fete raffle raised enough for new goalposts on the green.",
        "Anyone going to the fete on Saturday? The brass band is back this year.",
        "Fete committee meets Thursday in the church hall, volunteers welcome.",
        "The fete cake stall sold out by noon, well done to the church hall team.",
        "Brass band practice is moved to the church hall on Thursday evening.",
    ]
    elsewhere = [
        "Politics again: the election was rigged and the minister must resign.",
        "Football transfer rumours are out, our striker is leaving in January.",
        "The minister's budget is a disgrace and the election cannot come soon enough.",
        "Our striker scored twice on Saturday, best football I have seen all season.",
        "Petrol prices went up again this week, the government should act.",
    ]
    decisions = [Decision(said(b), "approve") for b in chat] + [
        Decision(said(b), "off_topic") for b in elsewhere
    ]
    taught = OffTopicClassifier(adapters=lambda: adapters_fit(decisions))
    later = said("The fete tombola needs prizes, bring them to the church hall.")

    before = OffTopicClassifier(lambda: None).judge(later)[0]
    after = taught.judge(later)[0]
    assert before.score == 1.0
    assert after.score < Thresholds().off_topic
    assert after.evidence == before.evidence


def test_courtesies_stay_unflagged_whatever_the_site_taught() -> None:
    rants = [
        Decision(said(f"Politics again, {n} comments about elections"), "off_topic")
        for n in ("three", "four", "five")
    ] + [Decision(said(FINE[0]), "approve")]
    taught = OffTopicClassifier(adapters=lambda: adapters_fit(rants))

    [signal] = taught.judge(said("Thanks, Tom!"))

    assert signal.score == 0.0
    assert signal.reason == "Too short to be off topic (a courtesy)."


def test_without_an_adapter_file_the_shipped_scores_stand(
    adapter_file: Path,
) -> None:
    assert spam_score(LATER_AD) == spam_score(LATER_AD, SpamClassifier(lambda: None))


def test_a_corrupt_adapter_is_ignored_and_logged(
    adapter_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    adapter_file.parent.mkdir(parents=True)
    adapter_file.write_bytes(b"not an adapter")

    with caplog.at_level(logging.ERROR):
        score = spam_score(LATER_AD)

    assert score == spam_score(LATER_AD, SpamClassifier(lambda: None))
    assert "moderation adapter adapter.npz ignored" in caplog.text


def test_an_adapter_for_other_models_is_ignored(adapter_file: Path) -> None:
    fitted = adapters_fit([Decision(said(ad), "spam") for ad in ADS])
    stale = type(fitted)("1999.1", fitted.labels, 3, 1)
    adapter_save(stale, adapter_file)

    assert adapter_load(adapter_file, MODEL_VERSION) is None
    assert spam_score(LATER_AD) == spam_score(LATER_AD, SpamClassifier(lambda: None))


@pytest.mark.django_db
def test_the_daily_refit_replaces_an_adapter_made_stale_by_new_models(
    adapter_file: Path, settings: pytest.FixtureRequest
) -> None:
    post = PostFactory(title=POST["post_title"], body=POST["post_text"])
    host = user_role_set(user=UserFactory(), role=roles.HOST)
    for body, action in [(ad, "spam") for ad in ADS] + [(f, "approve") for f in FINE]:
        comment_moderate(
            comment=CommentFactory(post=post, body=body), actor=host, action=action
        )
    fitted = adapters_fit([Decision(said(ad), "spam") for ad in ADS])
    last_id = ModerationExample.objects.order_by("-pk")[0].pk
    adapter_save(type(fitted)("1999.1", fitted.labels, last_id, 4), adapter_file)
    job_path, _ = settings.DAILY_JOBS["moderation_adapter"]  # type: ignore[attr-defined]

    assert import_string(job_path).call() == 10
    refitted = adapter_load(adapter_file, MODEL_VERSION)
    assert refitted is not None
    assert refitted.labels["spam"].examples == 10


def test_the_adapter_file_keeps_no_text(adapter_file: Path) -> None:
    ads = [
        Submission(body=ad, author_email="ads@crumb.example", ip="203.0.113.9")
        for ad in ADS
    ]
    fine = [Decision(said(b), "approve") for b in FINE]
    adapter_save(
        adapters_fit([*fine, *(Decision(s, "spam") for s in ads)]), adapter_file
    )

    with np.load(adapter_file, allow_pickle=False) as data:
        strings = {k: str(data[k]) for k in data.files if data[k].dtype.kind == "U"}
    raw = adapter_file.read_bytes()

    assert strings == {
        "format": "porch-adapter-4",
        "model_version": MODEL_VERSION,
        "labels": "['spam']",  # nothing was removed as offensive or off-topic
    }
    assert b"Crumb" not in raw
    assert b"starter" not in raw
    assert b"crumb.example" not in raw


def test_a_taught_adapter_cannot_hold_a_short_remark() -> None:
    rants = [
        Decision(said(f"Politics again, {n} comments about elections"), "off_topic")
        for n in ("three", "four", "five")
    ] + [Decision(said(body), "approve") for body in FINE]
    taught = OffTopicClassifier(adapters=lambda: adapters_fit(rants))

    [signal] = taught.judge(said("Elections again, politics."))

    assert signal.score == 0.75
    assert signal.score < Thresholds().off_topic


def test_a_truncated_adapter_is_ignored_not_a_failed_check(
    adapter_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fine = [Decision(said(b), "approve") for b in FINE]
    adapter_save(
        adapters_fit([*fine, *(Decision(said(ad), "spam") for ad in ADS)]), adapter_file
    )
    whole = adapter_file.read_bytes()
    adapter_file.write_bytes(whole[: len(whole) // 2])  # a copy cut short by a crash

    with caplog.at_level(logging.ERROR):
        verdict = assess(said(LATER_AD))

    assert [reason.code for reason in verdict.reasons] == []
    assert verdict.scores["spam"] == spam_score(LATER_AD, SpamClassifier(lambda: None))
    assert "moderation adapter adapter.npz ignored" in caplog.text


def test_an_adapter_with_columns_beyond_the_model_is_ignored_on_load(
    adapter_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fine = [Decision(said(b), "approve") for b in FINE]
    good = adapters_fit([*fine, *(Decision(said(ad), "spam") for ad in ADS)])
    spam = good.labels["spam"]
    beyond = replace(spam, columns=spam.columns + np.int32(2**19))
    adapter_save(replace(good, labels={"spam": beyond}), adapter_file)

    with caplog.at_level(logging.ERROR):
        verdict = assess(said(LATER_AD))

    assert [reason.code for reason in verdict.reasons] == []
    assert verdict.scores["spam"] == spam_score(LATER_AD, SpamClassifier(lambda: None))
    assert "spam columns out of range" in caplog.text


def test_a_refit_written_within_the_same_clock_tick_is_read(adapter_file: Path) -> None:
    fine = [Decision(said(b), "approve") for b in FINE]
    adapter_save(adapters_fit(fine), adapter_file)
    before = spam_score(LATER_AD)
    stamp = adapter_file.stat().st_mtime_ns

    ads = [Decision(said(ad), "spam") for ad in ADS]
    adapter_save(adapters_fit([*fine, *ads]), adapter_file)
    os.utime(adapter_file, ns=(stamp, stamp))  # coarse file-system clocks do this

    assert before == spam_score(LATER_AD, SpamClassifier(lambda: None))
    assert spam_score(LATER_AD) > before


class Unwritable:
    """An array-like that fails once the file is being written (a full disk, say)."""

    def __array__(self, *args: object, **kwargs: object) -> np.ndarray:
        raise OSError("No space left on device")


def test_a_failed_save_keeps_the_old_adapter_and_leaves_no_temporary_file(
    adapter_file: Path,
) -> None:
    fine = [Decision(said(b), "approve") for b in FINE]
    good = adapters_fit([*fine, *(Decision(said(ad), "spam") for ad in ADS)])
    adapter_save(good, adapter_file)
    original = adapter_file.read_bytes()
    spam = replace(good.labels["spam"], weights=Unwritable())  # type: ignore[arg-type]

    with pytest.raises(OSError, match="No space left"):
        adapter_save(replace(good, labels={"spam": spam}), adapter_file)

    assert adapter_file.read_bytes() == original
    assert sorted(p.name for p in adapter_file.parent.iterdir()) == ["adapter.npz"]


def test_readers_never_see_a_half_written_refit(adapter_file: Path) -> None:
    fine = [Decision(said(b), "approve") for b in FINE]
    fitted = adapters_fit([*fine, *(Decision(said(ad), "spam") for ad in ADS)])
    adapter_save(fitted, adapter_file)
    seen: list[int | None] = []
    writing = threading.Event()

    def write() -> None:
        for generation in range(2, 31):
            adapter_save(replace(fitted, generation=generation), adapter_file)
        writing.set()

    writer = threading.Thread(target=write)
    writer.start()
    while not writing.is_set():
        loaded = adapter_load(adapter_file, MODEL_VERSION)
        seen.append(None if loaded is None else loaded.generation)
    writer.join()

    assert None not in seen
    assert seen == sorted(seen)
    assert adapter_load(adapter_file, MODEL_VERSION).generation == 30  # type: ignore[union-attr]
