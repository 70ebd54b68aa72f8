"""Background tasks (django-tasks; the database backend by default).

``manage.py db_worker`` runs them; ``make run`` starts one beside the server.
"""

from django_tasks import task

from events.services.documents import document_render_pages
from events.services.mailings import mailing_run


@task()
def mailing_send(mailing_id: int) -> dict:
    """Send a mailing's pending deliveries (events.services.mailings)."""
    return mailing_run(mailing_id=mailing_id)


@task()
def document_render(document_id: int) -> str:
    """Draw an uploaded PDF's page images for phones (events.services.documents)."""
    return document_render_pages(document_id=document_id)
