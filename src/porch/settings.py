"""Porch's one settings module: code defaults plus facts from ``PORCH_*`` variables.

A host's editorial choices (comment policy, reply depth...) are not here: they live in
the ``SiteSettings`` row, edited in the admin.
"""

from __future__ import annotations

from pathlib import Path

from porch import config

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_bool("PORCH_DEBUG", default=False)
SITE_URL = config.site_url()
ALLOWED_HOSTS = config.allowed_hosts(SITE_URL)
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "porch.core",
    "porch.people",
    "porch.pages",
    "porch.blog",
    "porch.media",
    "porch.moderation",
    "porch.comments",
    "porch.desk",
    "porch.importers",
    "porch.privacy",
    "porch.demo",
    "porch.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a page served from it carries the same headers.
    "porch.core.headers.ContentSecurityPolicyMiddleware",
    "porch.core.headers.PermissionsPolicyMiddleware",
    "porch.core.https.ForwardedProtoWarningMiddleware",
    # A control character in the address is refused before the page cache looks it up.
    "porch.core.input_checks.InputCheckMiddleware",
    "porch.core.page_cache.middleware.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "porch.importers.redirects.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "porch.urls"
WSGI_APPLICATION = "porch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "porch.core.context_processors.site",
                "porch.blog.context_processors.navigation",
                "porch.pages.context_processors.menu",
                "porch.media.context_processors.default_share_image",
                "porch.desk.context_processors.desk_link",
                "porch.core.page_cache.csrf.csrf_token_for_cached_pages",
            ],
        },
    },
]

DATABASES = {"default": config.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": config.cache(site_key=SECRET_KEY)}
# Rendered comment lists (comments/discussion_cache.py) get a store of their own
# when the cache is in-process, so a crawler reading every page never evicts rate
# limits or settings, and at most 100 pages (200 comments are about 200 kB) are kept
# per process; Redis is shared and evicts by its own policy.
CACHES["discussion"] = (
    {
        **CACHES["default"],
        "LOCATION": "porch-discussion",
        "OPTIONS": {"MAX_ENTRIES": 100},
    }
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    else CACHES["default"]
)
# Whole pages for anonymous readers (porch.core.page_cache): in-process, at most 300
# pages (about 17 MB of 56 kB pages) per process; with Redis, shared by every process.
PAGE_CACHE = config.page_cache()
CACHES["pages"] = (
    {**CACHES["default"], "LOCATION": "porch-pages", "OPTIONS": {"MAX_ENTRIES": 300}}
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    else CACHES["default"]
)
# The time bound on a cached page, for what no signal sees (a bulk update). Well under
# the comment form's 3-day limit: a cached form's signed start time is at most this old.
PAGE_CACHE_SECONDS = 600
PAGE_CACHE_DIR = DATA_DIR / "page-cache"
# Paths never cached: staff, previews, search, writers' endpoints, files. Under
# /comments/ only the comment feeds are pages.
PAGE_CACHE_NEVER = (
    r"^/(?:admin|desk|preview|search|static|media)/"
    r"|^/comments/(?!(?:posts/[^/]+/)?feed/(?:atom/)?$)"
)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

_email = config.email()
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = _email.default_from
SERVER_EMAIL = _email.default_from

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Jobs that `porch serve` enqueues once a day (porch.core.schedule):
# name -> (task's dotted path, local hour from which it is due).
DAILY_JOBS = {
    "spam_purge": ("porch.desk.tasks.spam_purge_daily", 3),
    "moderator_digest": ("porch.desk.tasks.moderator_digest_daily", 7),
    # Due from midnight, so the first check after an upgrade refits an adapter that
    # new shipped models made stale; a no-op when the adapter is current.
    "moderation_adapter": ("porch.moderation.tasks.moderation_adapter_train", 0),
}

# How a commenter's IP is kept: "truncate" (IPv4 /24, IPv6 /48) or "hash" (keyed HMAC).
PORCH_COMMENT_IP_STORAGE = config.comment_ip_storage()
# Reverse proxies whose X-Forwarded-For names the real client (porch.core.client_ip).
PORCH_TRUSTED_PROXIES = config.trusted_proxies()
# The optional sentence encoder (porch.moderation.sentence); off by default.
SENTENCE_MODEL = config.sentence_model()

LANGUAGE_CODE = "en-us"
TIME_ZONE = config.time_zone()
USE_I18N = True
# One way to write a date on every page (porch/core/formats/).
FORMAT_MODULE_PATH = ["porch.core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "porch.core.views.csrf_failure_view"

# --- HTTPS (porch.core.https) ---------------------------------------------------------
# An https site URL makes every cookie Secure, whatever a request looks like: behind
# a proxy Porch does not trust, an https request arrives looking like http.
SITE_IS_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SITE_IS_HTTPS
if PORCH_TRUSTED_PROXIES:
    # Only a proxy that sets X-Forwarded-Proto itself makes the header true; without
    # one, any client could claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Porch serves plain http; TLS ends at a proxy. Only a trusted proxy's
# X-Forwarded-Proto tells an https request from an http one, so without one a
# redirect to https would answer every request with itself (the proxy redirects).
SECURE_SSL_REDIRECT = SITE_IS_HTTPS and bool(PORCH_TRUSTED_PROXIES)
SECURE_HSTS_SECONDS = config.hsts_seconds(SITE_URL)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading asks browser makers to hard-code the whole domain as https-only, for
# months after a change of mind: the host submits it, Porch does not ask for it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Content-Security-Policy and Permissions-Policy (porch.core.headers) --------------
# The one policy for every page, the admin's too. No inline script or style, no
# plugins, no <base>, never framed. Images may come from any https address: posts by
# the site's own writers (and imported ones) may show pictures hosted elsewhere, and
# comments carry no images. A route that needs another policy (the embeddable
# widget) gets it in CONTENT_SECURITY_POLICY_ROUTES below, by path prefix, so pages
# served from the page cache get it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Path prefix -> directives replacing the site's for requests under that prefix.
CONTENT_SECURITY_POLICY_ROUTES: dict[str, dict[str, list[str]]] = {}
# Browser features a blog never uses, denied to the page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"porch": {"level": "INFO"}},
}
