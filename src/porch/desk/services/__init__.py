"""Every moderator's action, one service each, each writing its audit event.

``comments``: approve, hold, spam, remove (as offensive, off-topic or for another
reason), edit and reply; ``blocks``: block a commenter, change or lift a block;
``spam``: empty old spam; ``posts``: delete posts with their whole discussion.
The desk's pages, its bulk actions, the admin and the ``porch moderation`` command
all call these, so every way in leaves the same trail.
Each change and its ``ModerationEvent`` commit together or not at all.
"""
