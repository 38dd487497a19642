import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porch.settings")
application = get_wsgi_application()

# Each web process loads its models now, so no reader's comment waits for them.
from porch.core.management.readiness import warm_ups_run  # noqa: E402

warm_ups_run()
