import os

from django.core.wsgi import get_wsgi_application

from porch.core.parent_death import web_worker_dies_with_server

# Under ``porch serve``, a worker the web server lost goes with it (see the module).
web_worker_dies_with_server()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porch.settings")
application = get_wsgi_application()

# Each web process loads its models now, so no reader's comment waits for them.
from porch.core.management.readiness import warm_ups_run  # noqa: E402

warm_ups_run()
