"""Django settings, read only from the environment (see docs/operations.md)."""

import ipaddress
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from satupintu.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SATUPINTU_VAR_DIR", str(BASE_DIR / "var")))

# "demo" runs on an embedded SQLite database with safe defaults; "production" insists on
# every secret and on HTTPS.
ENVIRONMENT = env_choice("SATUPINTU_ENV", choices=("demo", "production"), default="demo")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("SATUPINTU_DEBUG", default=False)
SECRET_KEY = secret_key(
    "SATUPINTU_SECRET_KEY", fallback_file=VAR_DIR / "secret-key", required=PRODUCTION
)
ALLOWED_HOSTS = env_list(
    "SATUPINTU_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env_list("SATUPINTU_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Domain apps: models and domain logic.
    "core",
    "org",
    "catalog",
    "licensing",
    "planning",
    "feedback",
    # Interface apps: views that call the domain.
    "portal",
    "backoffice",
    # The demo region (load_demo, demo_logins): above every app whose records it loads.
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Staff second factor (org.second_factor): TOTP devices and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Login throttling and lockout (portal.accounts, ADR 0024); rate limits of public forms.
    "axes",
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every page private and never stored unless its view chooses caching (core.middleware).
    "core.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "org.middleware.RegionMiddleware",
    # Last, as its documentation asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "satupintu.urls"
WSGI_APPLICATION = "satupintu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "org.context_processors.region",
                "access.context_processors.staff_roles",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", default_sqlite=VAR_DIR / "satupintu.sqlite3")}

# The region this install serves when a request does not say otherwise (its Kemendagri
# code); an install serving many regions resolves the region per request.
DEFAULT_REGION_CODE = env_str("SATUPINTU_REGION_CODE", "35.73")
# How long each process keeps the served region before reading it again (see org.middleware).
SATUPINTU_REGION_CACHE_SECONDS = env_int("SATUPINTU_REGION_CACHE_SECONDS", default=30, minimum=0)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "portal.accounts.LoginBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "portal:home"
# The name authenticator apps show beside the account; the staff second factor asks for it
# per role by a region setting (org.second_factor). The admin never shows a device's key or
# recovery codes once saved.
OTP_TOTP_ISSUER = env_str("SATUPINTU_OTP_ISSUER", "Satu Pintu")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling (django-axes; ADR 0024). Each parameter set has its own limit of failed
# sign-ins within the cool-off (portal.accounts.LockoutHandler): one address guessing one
# account stops after 5; an account stops after 30 from all addresses together (a botnet's
# bound); an address stops after 100 over every account it tries (offices and mobile
# carriers put many people behind one address, so this one is loose). Failures while locked
# out are not counted, so one address can add at most 5 to an account's count and locking
# someone else out takes many addresses; the region admin unlocks (/kantor/akses/kunci/).
AXES_HANDLER = "portal.accounts.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
SATUPINTU_LOGIN_FAILURE_LIMITS = [5, 30, 100]
AXES_FAILURE_LIMIT = 1  # LockoutHandler counts limits reached, not failures
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success must not wipe the address's count: one's own account would reset it.
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "portal.accounts.login_key"
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout_response"
AXES_ENABLE_ADMIN = False  # unlocking is the region admin's page, audited
AXES_VERBOSE = False  # no start-up banner on stderr (manage.py check must stay silent)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the region's zone (org.middleware activates it per request).
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("SATUPINTU_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # The demo serves assets from the source tree; WhiteNoise still wants the folder.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security. Strict CSP: no inline scripts or styles anywhere, assets served by us.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SATUPINTU_SESSION_SECONDS", default=8 * 3600, minimum=300)
SESSION_COOKIE_SECURE = env_bool("SATUPINTU_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SATUPINTU_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SATUPINTU_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SATUPINTU_HSTS_PRELOAD", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("SATUPINTU_BEHIND_PROXY", default=False)
    else None
)
# The reverse proxies in front of the app servers (addresses or networks, comma-separated):
# only from them is X-Forwarded-For believed (core.http.client_address).
SATUPINTU_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(proxy, strict=False))  # a typo fails at start, not silently
    for proxy in env_list("SATUPINTU_TRUSTED_PROXIES", default=[])
]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# SMTP in production (SATUPINTU_SMTP_HOST); the console in the demo.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("SATUPINTU_SMTP_HOST"),
            "port": env_int("SATUPINTU_SMTP_PORT", default=587, minimum=1),
            "username": env_str("SATUPINTU_SMTP_USER", ""),
            "password": env_str("SATUPINTU_SMTP_PASSWORD", ""),
            "use_tls": env_bool("SATUPINTU_SMTP_TLS", default=True),
        },
    }
    if env_str("SATUPINTU_SMTP_HOST")
    else {"BACKEND": "core.mail.ConsoleBackend"}  # the demo: readable links in the terminal
}
DEFAULT_FROM_EMAIL = env_str("SATUPINTU_FROM_EMAIL", "Satu Pintu <noreply@localhost>")

# A cache every process shares (rate limits): the database by default, Redis when given.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("SATUPINTU_REDIS_URL"),
    }
    if env_str("SATUPINTU_REDIS_URL")
    else {"BACKEND": "core.ratelimit.LockingDatabaseCache", "LOCATION": "satupintu_cache"}
}
# django-ratelimit counts in that cache, by the address core.http.client_address gives.
# Its checks know neither backend: Django's own Redis backend increments with Redis INCR,
# and the database cache is Django's with a row lock around the increment (the stock one
# counted 95 of 400 from 8 processes at once), so the "not officially supported" warning
# is silenced.
RATELIMIT_IP_META_KEY = "core.http.client_address"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# With Redis, signed-in sessions live there too: no database round trip on each request.
# Without it they stay in the database (the demo, small installs).
if env_str("SATUPINTU_REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# The public address, for links in e-mail and WhatsApp messages sent by the worker.
SATUPINTU_BASE_URL = env_str("SATUPINTU_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Permits: the certificates a permit's signature must chain to (PEM files, comma-separated);
# the demo's own CA (made by `manage.py demo_pki`) by default.
SATUPINTU_PKI_DIR = VAR_DIR / "pki"
SATUPINTU_TRUST_ROOTS = [
    path.strip()
    for path in env_str("SATUPINTU_TRUST_ROOTS", str(SATUPINTU_PKI_DIR / "ca.pem")).split(",")
    if path.strip()
]

# Retribusi: days until an SKRD falls due, and the secret the payment gateway signs its
# callbacks with (HMAC-SHA256). The demo's simulated bank uses a published demo secret.
SATUPINTU_PAYMENT_DUE_DAYS = env_int("SATUPINTU_PAYMENT_DUE_DAYS", default=30, minimum=1)
SATUPINTU_PAYMENT_GATEWAY_SECRET = env_str(
    "SATUPINTU_PAYMENT_GATEWAY_SECRET", "" if PRODUCTION else "bank-simulasi-demo"
)
# Audit chain and stored files (ADR 0023). Each audit entry is an HMAC-SHA256 under this key,
# kept outside the database (the demo keeps it in a file under VAR_DIR); refused payment
# callbacks go to a bounded log, rate-limited per client address, never to the chain.
SATUPINTU_AUDIT_KEY = secret_key(
    "SATUPINTU_AUDIT_KEY", fallback_file=VAR_DIR / "audit-key", required=PRODUCTION
)
SATUPINTU_AUDIT_ANCHOR_FILE = Path(
    env_str("SATUPINTU_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))
)
SATUPINTU_CALLBACK_REFUSED_KEEP = env_int(
    "SATUPINTU_CALLBACK_REFUSED_KEEP", default=1000, minimum=1
)
SATUPINTU_CALLBACK_REFUSALS_PER_MINUTE = env_int(
    "SATUPINTU_CALLBACK_REFUSALS_PER_MINUTE", default=30, minimum=1
)
# Files under MEDIA_ROOT that no row names are removed by `files_sweep` after this many hours.
SATUPINTU_ORPHAN_FILE_HOURS = env_int("SATUPINTU_ORPHAN_FILE_HOURS", default=24, minimum=1)

# The simulated bank page (/bank-simulasi/) exists only outside production.
SATUPINTU_BANK_SIMULATOR = not PRODUCTION

# Reminders to a permit's holder before it expires, in days (comma-separated).
SATUPINTU_EXPIRY_REMINDER_DAYS = [
    int(days)
    for days in env_str("SATUPINTU_EXPIRY_REMINDER_DAYS", "30,7").split(",")
    if days.strip()
]

# Signing officials whose keys live on a PKCS#11 token: the vendor's PKCS#11 library.
SATUPINTU_PKCS11_LIBRARY = env_str("SATUPINTU_PKCS11_LIBRARY", "")

# Uploads: accepted by content, within this size.
SATUPINTU_UPLOAD_MAX_BYTES = env_int("SATUPINTU_UPLOAD_MAX_MB", default=5, minimum=1) * 1_048_576
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Planning imports (CSV, XLSX): what one file may cost the server (ADR 0022). Files up to
# the inline size are imported in the request; larger ones by the worker.
SATUPINTU_IMPORT_MAX_BYTES = env_int("SATUPINTU_IMPORT_MAX_MB", default=20, minimum=1) * 1_048_576
SATUPINTU_IMPORT_MAX_ROWS = env_int("SATUPINTU_IMPORT_MAX_ROWS", default=200_000, minimum=1)
SATUPINTU_IMPORT_MAX_COLUMNS = env_int("SATUPINTU_IMPORT_MAX_COLUMNS", default=200, minimum=1)
# Excel's own limit of a cell: the national nomenclature's DEFINISI OPERASIONAL reaches
# 14,550 characters, and the file must import as published.
SATUPINTU_IMPORT_MAX_CELL_CHARS = env_int(
    "SATUPINTU_IMPORT_MAX_CELL_CHARS", default=32_767, minimum=100
)
SATUPINTU_IMPORT_MAX_UNCOMPRESSED_BYTES = (
    env_int("SATUPINTU_IMPORT_MAX_UNCOMPRESSED_MB", default=200, minimum=1) * 1_048_576
)
SATUPINTU_IMPORT_MAX_RATIO = env_int("SATUPINTU_IMPORT_MAX_RATIO", default=100, minimum=10)
SATUPINTU_IMPORT_MAX_SECONDS = env_int("SATUPINTU_IMPORT_MAX_SECONDS", default=600, minimum=1)
SATUPINTU_IMPORT_INLINE_MAX_BYTES = (
    env_int("SATUPINTU_IMPORT_INLINE_MAX_KB", default=1024, minimum=0) * 1024
)
# Server processes that serve planners load the analysis' libraries (networkx, numpy,
# scipy, sparse_dot_topn) at start, in the background, so a planner's first analysis does
# not wait for them; the others never load them (satupintu/wsgi.py, ADR 0028).
SATUPINTU_WARM_PLANNING = env_bool("SATUPINTU_WARM_PLANNING", default=False)

# WhatsApp/SMS: "console" (log), "file" (var/messages.jsonl, the demo) or "http" (a gateway).
SATUPINTU_MESSAGE_TRANSPORT = env_choice(
    "SATUPINTU_MESSAGE_TRANSPORT", choices=("console", "file", "http"), default="file"
)
SATUPINTU_MESSAGE_GATEWAY_URL = env_str("SATUPINTU_MESSAGE_GATEWAY_URL", "")
SATUPINTU_MESSAGE_GATEWAY_TOKEN = env_str("SATUPINTU_MESSAGE_GATEWAY_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SATUPINTU_LOG_LEVEL", "INFO")},
}
