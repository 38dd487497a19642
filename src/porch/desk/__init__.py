"""The moderator's desk: held comments riskiest first, actions, audit log, blocks.

Pages for staff beside the Django admin, the moderator emails, the ``porch
moderation`` command and the daily moderation jobs. Every action goes through
``porch.desk.services``, so the desk, the admin and the command leave the same trail.
"""
