"""The site's date formats, one per language (``FORMAT_MODULE_PATH``).

Templates print dates with ``|date`` (``DATE_FORMAT``) or a named format such as
``|date:"DATETIME_FORMAT"``, never a format string of their own, so every page says a
date the same way; a language without a module here keeps Django's own formats.
"""
