"""English: "May 6, 2024", and "May 6, 2024 at 9:30 a.m." where the time matters.

The comment list builds the same text by hand for speed
(``porch.comments.discussion.CommentRow.written_at_text``); a test holds them equal.
"""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = r"F j, Y \a\t g:i a"
YEAR_MONTH_FORMAT = "F Y"
