"""The moderator's desk: held comments riskiest first, actions, audit log, blocks.

A page for staff beside the Django admin. Every action is a POST that goes through
the moderation services, so the desk, the admin and the API leave the same trail.
"""
