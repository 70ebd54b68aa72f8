import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from signing.audit import RequestMeta
from tests.factories import UserFactory
from tests.signing.conftest import sign_by_kiosk, signature_png

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
]


def _communicator(slug, user=None):
    communicator = WebsocketCommunicator(
        application, f"/ws/c/{slug}/signing/", headers=[(b"origin", b"http://127.0.0.1")]
    )
    if user is not None:
        communicator.scope["user"] = user
    return communicator


@pytest.fixture
def public_open_ceremony(open_ceremony):
    conference = open_ceremony.covenant.conference
    conference.is_public = True
    conference.save(update_fields=["is_public"])
    return open_ceremony


async def test_grid_starts_with_the_current_state(public_open_ceremony):
    slug = public_open_ceremony.covenant.conference.slug
    communicator = _communicator(slug)
    connected, _subprotocol = await communicator.connect()
    try:
        assert connected
        first = await communicator.receive_json_from(timeout=5)
        assert (first["state"], first["signed"], first["total"]) == ("open", 0, 3)
        assert [cell["signed"] for cell in first["cells"]] == [False, False, False]
    finally:
        await communicator.disconnect()


async def test_grid_fills_in_when_a_signature_lands(public_open_ceremony):
    ceremony = public_open_ceremony
    communicator = _communicator(ceremony.covenant.conference.slug)
    await communicator.connect()
    try:
        await communicator.receive_json_from(timeout=5)
        signatory = await sync_to_async(lambda: ceremony.signatories.order_by("position")[1])()
        meta = RequestMeta(user=await sync_to_async(UserFactory)())

        await sync_to_async(sign_by_kiosk)(ceremony, signatory, signature_png(), meta)

        unlocked = await communicator.receive_json_from(timeout=5)
        assert unlocked["kiosk"] == signatory.pk
        signed = await communicator.receive_json_from(timeout=5)
        assert (signed["signed"], signed["total"], signed["kiosk"]) == (1, 3, None)
        cell = next(c for c in signed["cells"] if c["id"] == signatory.pk)
        assert (cell["signed"], cell["name"]) == (True, "Lê Văn Hội")
        assert len(cell["image_sha256"]) == 64
    finally:
        await communicator.disconnect()


async def test_private_conference_grid_is_closed_to_strangers(open_ceremony):
    slug = await sync_to_async(lambda: open_ceremony.covenant.conference.slug)()
    communicator = _communicator(slug)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 4403)
    await communicator.disconnect()


async def test_staff_grid_carries_short_lived_image_urls_and_public_grid_none(
    public_open_ceremony,
):
    from events.models import StaffRole
    from tests.factories import MembershipFactory

    ceremony = public_open_ceremony
    slug = await sync_to_async(lambda: ceremony.covenant.conference.slug)()
    membership = await sync_to_async(MembershipFactory)(
        conference=ceremony.covenant.conference, role=StaffRole.CHAIR
    )
    signatory = await sync_to_async(lambda: ceremony.signatories.order_by("position")[0])()
    meta = RequestMeta(user=await sync_to_async(UserFactory)())
    await sync_to_async(sign_by_kiosk)(ceremony, signatory, signature_png(), meta)
    staff = _communicator(slug, user=membership.user)
    public = _communicator(slug)
    await staff.connect()
    await public.connect()
    try:
        staff_cell = (await staff.receive_json_from(timeout=5))["cells"][0]
        public_cell = (await public.receive_json_from(timeout=5))["cells"][0]
    finally:
        await staff.disconnect()
        await public.disconnect()

    assert staff_cell["signed"] and public_cell["signed"]
    assert staff_cell["image"].startswith(f"/c/{slug}/signing/signatures/")
    assert "image" not in public_cell
