import pytest
from django.core import mail

from events.models import Cluster, Conference, Membership, Province, StaffRole
from tests.factories import ClusterFactory, ClusterTermFactory, MemberUnitFactory

pytestmark = pytest.mark.django_db


def test_site_admin_creates_a_cluster_from_the_app(admin_client_):
    response = admin_client_.post(
        "/manage/clusters/",
        {"name": "Cụm thi đua các tỉnh Đông Bắc", "sector": "Nội vụ", "description": ""},
    )
    cluster = Cluster.objects.get()
    assert (cluster.name, cluster.slug) == (
        "Cụm thi đua các tỉnh Đông Bắc",
        "cum-thi-dua-cac-tinh-dong-bac",
    )
    assert response["Location"] == f"/manage/clusters/{cluster.slug}/"


def test_site_admin_adds_a_unit_with_its_historical_province(admin_client_):
    cluster = ClusterFactory()
    bac_kan = Province.objects.get(name="Bắc Kạn")
    admin_client_.post(
        f"/manage/clusters/{cluster.slug}/units/",
        {"name": "Sở Nội vụ tỉnh Bắc Kạn", "short_name": "Bắc Kạn", "province": bac_kan.pk},
    )
    unit = cluster.units.get()
    assert (unit.name, unit.province.valid_to.year, unit.slug) == (
        "Sở Nội vụ tỉnh Bắc Kạn",
        2025,
        "so-noi-vu-tinh-bac-kan",
    )


def test_term_with_chair_outside_members_is_refused_and_not_saved(admin_client_):
    cluster = ClusterFactory()
    a, b, c = (MemberUnitFactory(cluster=cluster) for _ in range(3))
    response = admin_client_.post(
        f"/manage/clusters/{cluster.slug}/terms/",
        {"year": 2027, "members": [a.pk, b.pk], "chair": c.pk, "deputy": a.pk},
    )
    assert response.status_code == 400
    assert (
        "Cụm trưởng và Cụm phó phải là đơn vị thành viên của nhiệm kỳ." in response.content.decode()
    )
    assert not cluster.terms.exists()


def test_site_admin_creates_a_conference_and_names_an_organizer(
    admin_client_, django_capture_on_commit_callbacks
):
    term = ClusterTermFactory()
    response = admin_client_.post(
        "/manage/conferences/new/",
        {
            "term": term.pk,
            "kind": "yearend_review",
            "title": "Hội nghị tổng kết công tác thi đua năm 2026",
            "starts_at": "2026-12-18T08:00",
            "ends_at": "2026-12-18T11:30",
            "venue": "Hội trường tầng 3",
            "host_unit": term.deputy.pk,
        },
    )
    conference = Conference.objects.get()
    assert response["Location"] == f"/c/{conference.slug}/staff/"
    assert conference.starts_at.isoformat() == "2026-12-18T01:00:00+00:00"  # Hanoi time
    assert conference.roles.count() == 10

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(
            f"/c/{conference.slug}/staff/",
            {"email": "Van.Phong@Hoinghi.example", "name": "Văn phòng", "role": "organizer"},
        )
    membership = Membership.objects.get(conference=conference)
    assert (membership.user.email, membership.role) == ("van.phong@hoinghi.example", "organizer")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["van.phong@hoinghi.example"]
    assert conference.title in mail.outbox[0].subject
    assert f"/c/{conference.slug}/" in mail.outbox[0].body
    assert "/accounts/login/code/" in mail.outbox[0].body


def test_conference_ending_before_it_starts_is_refused(admin_client_):
    term = ClusterTermFactory()
    response = admin_client_.post(
        "/manage/conferences/new/",
        {
            "term": term.pk,
            "kind": "other",
            "title": "Hội nghị",
            "starts_at": "2026-12-18T11:00",
            "ends_at": "2026-12-18T08:00",
            "venue": "Hội trường",
            "host_unit": term.chair.pk,
        },
    )
    assert response.status_code == 200
    assert "Thời gian kết thúc hội nghị phải sau thời gian bắt đầu." in response.content.decode()
    assert not Conference.objects.exists()


def test_organizer_invites_a_liaison_for_a_member_unit(
    conference, make_member, django_capture_on_commit_callbacks
):
    client, organizer = make_member(conference, StaffRole.ORGANIZER)
    unit = conference.term.deputy
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/c/{conference.slug}/staff/",
            {"email": "lienlac@hoinghi.example", "role": "liaison", "unit": unit.pk},
        )
    membership = conference.memberships.get(role="liaison")
    assert (membership.user.email, membership.unit, membership.invited_by) == (
        "lienlac@hoinghi.example",
        unit,
        organizer,
    )
    assert unit.name in mail.outbox[0].body


def test_organizer_cannot_name_another_organizer(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    response = client.post(
        f"/c/{conference.slug}/staff/", {"email": "x@hoinghi.example", "role": "organizer"}
    )
    assert response.status_code == 400
    assert conference.memberships.filter(role="organizer").count() == 1
    assert mail.outbox == []


def test_liaison_without_unit_is_refused(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    response = client.post(
        f"/c/{conference.slug}/staff/", {"email": "x@hoinghi.example", "role": "liaison"}
    )
    assert response.status_code == 400
    assert not conference.memberships.filter(role="liaison").exists()


def test_non_admin_cannot_create_clusters(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    assert client.post("/manage/clusters/", {"name": "X", "sector": "Y"}).status_code == 403
    assert not Cluster.objects.filter(name="X").exists()


def test_staff_page_lists_people_by_role_then_in_vietnamese_order(conference, make_member):
    from tests.factories import MembershipFactory, UserFactory

    client, _user = make_member(conference, StaffRole.ORGANIZER)
    for name in ["Đỗ Văn Đông", "Trần Thị Anh", "Lê Văn Dũng"]:
        MembershipFactory(conference=conference, role=StaffRole.CHAIR, user=UserFactory(name=name))
    html = client.get(f"/c/{conference.slug}/staff/").content.decode()
    positions = [html.index(name) for name in ["Trần Thị Anh", "Lê Văn Dũng", "Đỗ Văn Đông"]]
    assert positions == sorted(positions)
