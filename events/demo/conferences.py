"""The demo data set: the seed conference of 22 July 2022 and a post-merger
conference in 2026. Everything is created through the services, and running
it again changes nothing (idempotent).

People other than the two co-chairs named in the seed article are fictional.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from events.demo.agenda import load_agenda_demo
from events.demo.checkin import load_checkin_demo
from events.demo.decisions import load_decisions_demo
from events.demo.invitations import load_invitations_demo
from events.demo.registration import load_registration_demo
from events.models import (
    Cluster,
    ClusterTerm,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    MemberUnit,
    Province,
    Registration,
    RegistrationStatus,
    StaffRole,
    User,
)
from events.names import fold, slugify_vi, split_full_name
from events.services.clusters import cluster_create, term_create, unit_create
from events.services.conferences import conference_create
from events.services.registrations import registration_create
from events.services.staff import staff_invite
from events.services.users import user_get_or_create

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PASSWORD = "hoinghi-demo"
CLUSTER_SLUG = "trung-du-mien-nui-phia-bac"
CONFERENCE_2022 = "so-ket-2022-trung-du-mien-nui"
CONFERENCE_2026 = "giao-uoc-2026-trung-du-mien-nui"
MERGER_DAY = date(2025, 7, 1)
# Organizers and site administrators must use a second factor (MFA). The demo's
# share one known authenticator secret, printed by load_demo, so a newcomer can
# add it to an app or ask ``manage.py demo_totp`` for the current code.
DEMO_TOTP_SECRET = "HOINGHIDEMOTOTPAAAAAAAAAAAAAAAAA"

# Demo steps of the apps above events (signing), registered from their
# AppConfig.ready(): events never imports them. Each gets the 2022 conference.
_EXTENSIONS: list = []


def demo_extend(step) -> None:
    """Add ``step(conference_2022)`` to ``load_demo`` (idempotent like it)."""
    if step not in _EXTENSIONS:
        _EXTENSIONS.append(step)


# (short name, province name) — the seed's seven members in 2022.
UNITS_2022 = [
    "Bắc Giang",
    "Bắc Kạn",
    "Phú Thọ",
    "Hòa Bình",
    "Thái Nguyên",
    "Yên Bái",
    "Tuyên Quang",
]
# After 1 July 2025 the seven lie in five provinces.
UNITS_2026 = ["Bắc Ninh", "Thái Nguyên", "Phú Thọ", "Lào Cai", "Tuyên Quang"]

# Per unit: (full name, title, role code). The first two people of Bắc Kạn
# and Bắc Giang are the seed's real co-chairs; the others are fictional.
DELEGATES_2022 = {
    "Bắc Giang": [
        ("Nguyễn Quang Đông", "Phó Giám đốc", "chair"),
        ("Trần Thị Thu Hà", "Chánh Văn phòng", "office-leader"),
        ("Lương Văn Khải", "Phó Chánh Văn phòng", "office-leader"),
        ("Đỗ Thị Minh Anh", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Hoàng Đức Thắng", "Chuyên viên", "specialist"),
    ],
    "Bắc Kạn": [
        ("Lê Văn Hội", "Giám đốc", "chair"),
        ("Nông Thị Hạnh", "Chánh Văn phòng", "office-leader"),
        ("Ma Văn Tùng", "Phó Chánh Văn phòng", "office-leader"),
        ("Triệu Thị Lan", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Hà Quang Vinh", "Chuyên viên", "specialist"),
    ],
    "Phú Thọ": [
        ("Phạm Văn Bình", "Phó Giám đốc", "deputy-director"),
        ("Nguyễn Thị Hoà", "Chánh Văn phòng", "office-leader"),
        ("Vũ Minh Đức", "Phó Chánh Văn phòng", "office-leader"),
        ("Đinh Thị Ngọc Ánh", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Cao Văn Sơn", "Chuyên viên", "specialist"),
    ],
    "Hòa Bình": [
        ("Bùi Văn Thành", "Giám đốc", "director"),
        ("Quách Thị Hương", "Chánh Văn phòng", "office-leader"),
        ("Xa Văn Dũng", "Phó Chánh Văn phòng", "office-leader"),
        ("Đinh Thị Phương", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Bạch Công Minh", "Chuyên viên", "specialist"),
    ],
    "Thái Nguyên": [
        ("Dương Văn Lượng", "Phó Giám đốc", "deputy-director"),
        ("Ngô Thị Thanh Huyền", "Chánh Văn phòng", "office-leader"),
        ("Trịnh Quốc An", "Phó Chánh Văn phòng", "office-leader"),
        ("Lý Thị Mai", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Hồ Văn Ơn", "Chuyên viên", "specialist"),
    ],
    "Yên Bái": [
        ("Hoàng Văn Nam", "Giám đốc", "director"),
        ("Lò Thị Duyên", "Chánh Văn phòng", "office-leader"),
        ("Giàng A Sử", "Phó Chánh Văn phòng", "office-leader"),
        ("Phan Thị Ân", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Lê Đình Ước", "Chuyên viên", "specialist"),
    ],
    "Tuyên Quang": [
        ("Vi Văn Hùng", "Phó Giám đốc", "deputy-director"),
        ("Chu Thị Yến", "Chánh Văn phòng", "office-leader"),
        ("Âu Văn Đạt", "Phó Chánh Văn phòng", "office-leader"),
        ("La Thị Bích", "Chuyên viên phụ trách thi đua - khen thưởng", "specialist"),
        ("Mạc Văn Khánh", "Chuyên viên", "specialist"),
    ],
}
# Guests, press and the host's staff: (full name, title, organisation, role).
OTHERS_2022 = [
    ("Nguyễn Thị Thanh", "Chuyên viên chính", "Ban Thi đua - Khen thưởng Trung ương", "guest"),
    ("Đặng Văn Toàn", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Bắc Kạn", "guest"),
    ("Hà Oai", "Phóng viên", "Cổng thông tin điện tử Sở Nội vụ tỉnh Bắc Kạn", "press"),
    ("Nông Văn Chiến", "Phóng viên", "Báo Bắc Kạn", "press"),
]
HOST_STAFF_2022 = [
    ("Hoàng Thị Nga", "Chuyên viên Văn phòng", "secretary"),
    ("Lộc Văn Tâm", "Chuyên viên Văn phòng", "mc"),
    ("Đàm Thị Quyên", "Nhân viên Văn phòng", "staff"),
]
DELEGATES_2026 = {
    "Bắc Ninh": [
        ("Nguyễn Văn Phúc", "Giám đốc", "director"),
        ("Trần Thị Lệ", "Chánh Văn phòng", "office-leader"),
        ("Đào Minh Hiếu", "Chuyên viên", "specialist"),
    ],
    "Thái Nguyên": [
        ("Dương Văn Lượng", "Giám đốc", "director"),
        ("Ma Thị Hường", "Chánh Văn phòng", "office-leader"),
        ("Triệu Thị Lan", "Chuyên viên", "specialist"),
    ],
    "Phú Thọ": [
        ("Bùi Văn Thành", "Giám đốc", "chair"),
        ("Nguyễn Thị Hoà", "Chánh Văn phòng", "office-leader"),
        ("Cao Văn Sơn", "Chuyên viên", "specialist"),
    ],
    "Lào Cai": [
        ("Hoàng Văn Nam", "Phó Giám đốc", "chair"),
        ("Lò Thị Duyên", "Chánh Văn phòng", "office-leader"),
        ("Giàng A Sử", "Chuyên viên", "specialist"),
    ],
    "Tuyên Quang": [
        ("Vi Văn Hùng", "Giám đốc", "director"),
        ("Chu Thị Yến", "Chánh Văn phòng", "office-leader"),
        ("La Thị Bích", "Chuyên viên", "specialist"),
    ],
}


@dataclass
class DemoAccount:
    email: str
    what: str
    conference: str = ""


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    totp_secret: str = DEMO_TOTP_SECRET


def _province(name: str, *, current: bool) -> Province:
    provinces = Province.objects.filter(name=name, valid_to__isnull=current)
    return provinces.get()


def _unit(cluster: Cluster, short: str, *, current: bool) -> MemberUnit:
    province = _province(short, current=current)
    name = f"Sở Nội vụ tỉnh {short}"
    existing = cluster.units.filter(name=name, province=province).first()
    return existing or unit_create(cluster=cluster, name=name, short_name=short, province=province)


def _term(cluster, year, units, chair, deputy) -> ClusterTerm:
    existing = cluster.terms.filter(year=year).first()
    return existing or term_create(
        cluster=cluster, year=year, chair=units[chair], deputy=units[deputy], members=units.values()
    )


def _conference(slug: str, **kwargs) -> Conference:
    return Conference.objects.filter(slug=slug).first() or conference_create(slug=slug, **kwargs)


def _register(conference, full_name, title, role_code, *, unit=None, organization=""):
    family, middle, given = split_full_name(full_name)
    existing = conference.registrations.filter(search_key=fold(full_name), unit=unit).first()
    if existing:
        return existing
    domain = (unit.slug if unit else slugify_vi(organization)[:30].strip("-")) + ".example"
    local = ".".join(slugify_vi(part) for part in (given, family, middle) if part)
    email = f"{local}@{domain}"
    return registration_create(
        conference=conference,
        family_name=family,
        middle_name=middle,
        given_name=given,
        title=title,
        unit=unit,
        organization=organization,
        role=conference.roles.get(code=role_code),
        email=email,
        status=RegistrationStatus.APPROVED,
    )


def _account(
    email: str, name: str, *, superuser: bool = False, second_factor: bool = False
) -> User:
    user = user_get_or_create(email=email, name=name)
    user.set_password(DEMO_PASSWORD)
    user.is_superuser = user.is_staff = superuser
    user.save()
    user.emailaddress_set.update(verified=True)
    if (
        second_factor
        and settings.MFA_REQUIRED_FOR_ORGANIZERS
        and not user.authenticator_set.filter(type="totp").exists()
    ):
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


@transaction.atomic
def load_demo() -> DemoResult:
    cluster = Cluster.objects.filter(slug=CLUSTER_SLUG).first() or cluster_create(
        name="Cụm thi đua Sở Nội vụ các tỉnh Trung du và Miền núi phía Bắc",
        sector="Nội vụ",
        slug=CLUSTER_SLUG,
        description="Cụm thi đua của Sở Nội vụ các tỉnh Trung du và Miền núi phía Bắc.",
    )
    units_2022 = {short: _unit(cluster, short, current=False) for short in UNITS_2022}
    term_2022 = _term(cluster, 2022, units_2022, "Bắc Giang", "Bắc Kạn")
    conference_2022 = _conference(
        CONFERENCE_2022,
        term=term_2022,
        kind=ConferenceKind.MIDYEAR_REVIEW,
        title=(
            "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm và triển khai "
            "nhiệm vụ 6 tháng cuối năm 2022 của Cụm Thi đua Sở Nội vụ các tỉnh Trung du "
            "và Miền núi phía Bắc"
        ),
        starts_at=datetime(2022, 7, 22, 8, 0, tzinfo=TZ),
        ends_at=datetime(2022, 7, 22, 11, 30, tzinfo=TZ),
        venue="Hội trường Sở Nội vụ tỉnh Bắc Kạn",
        address="Thành phố Bắc Kạn, tỉnh Bắc Kạn",
        host_unit=units_2022["Bắc Kạn"],
        status=ConferenceStatus.PUBLISHED,
        is_public=True,
    )
    for short, people in DELEGATES_2022.items():
        for full_name, title, role in people:
            _register(conference_2022, full_name, title, role, unit=units_2022[short])
    for full_name, title, organization, role in OTHERS_2022:
        _register(conference_2022, full_name, title, role, organization=organization)
    for full_name, title, role in HOST_STAFF_2022:
        _register(conference_2022, full_name, title, role, unit=units_2022["Bắc Kạn"])

    units_2026 = {short: _unit(cluster, short, current=True) for short in UNITS_2026}
    term_2026 = _term(cluster, 2026, units_2026, "Phú Thọ", "Lào Cai")
    conference_2026 = _conference(
        CONFERENCE_2026,
        term=term_2026,
        kind=ConferenceKind.COVENANT_SIGNING,
        title=(
            "Hội nghị ký kết giao ước thi đua năm 2026 của Cụm thi đua Sở Nội vụ các tỉnh "
            "Trung du và Miền núi phía Bắc"
        ),
        starts_at=datetime(2026, 3, 20, 8, 0, tzinfo=TZ),
        ends_at=datetime(2026, 3, 20, 11, 30, tzinfo=TZ),
        venue="Hội trường Sở Nội vụ tỉnh Phú Thọ",
        address="Phường Việt Trì, tỉnh Phú Thọ",
        host_unit=units_2026["Phú Thọ"],
        status=ConferenceStatus.PUBLISHED,
        is_public=False,
    )
    for short, people in DELEGATES_2026.items():
        for full_name, title, role in people:
            _register(conference_2026, full_name, title, role, unit=units_2026[short])

    result = _demo_accounts(conference_2022, conference_2026, units_2022)
    load_registration_demo(conference_2022, conference_2026)
    load_agenda_demo(conference_2022)
    load_decisions_demo(conference_2022, conference_2026)
    load_checkin_demo(CONFERENCE_2022)
    load_invitations_demo(conference_2022)
    for step in _EXTENSIONS:
        step(conference_2022)
    return result


def _demo_accounts(conference_2022, conference_2026, units_2022) -> DemoResult:
    result = DemoResult()
    admin = _account(
        "admin@hoinghi.example", "Quản trị hệ thống", superuser=True, second_factor=True
    )
    result.accounts.append(DemoAccount(admin.email, "site administrator"))
    organizer = _account(
        "tochuc@hoinghi.example", "Văn phòng Sở Nội vụ tỉnh Bắc Kạn", second_factor=True
    )
    chair = _account("chutri@hoinghi.example", "Lê Văn Hội")
    checkin = _account("checkin@hoinghi.example", "Cổng 1")
    for conference in (conference_2022, conference_2026):
        staff_invite(
            conference=conference,
            email=organizer.email,
            role=StaffRole.ORGANIZER,
            invited_by=admin,
            send_email=False,
        )
    # The chair runs the votes of both meetings from the console.
    for conference, user, role in [
        (conference_2022, chair, StaffRole.CHAIR),
        (conference_2026, chair, StaffRole.CHAIR),
        (conference_2022, checkin, StaffRole.CHECKIN),
    ]:
        staff_invite(
            conference=conference,
            email=user.email,
            role=role,
            invited_by=organizer,
            send_email=False,
        )
    result.accounts += [
        DemoAccount(organizer.email, "organizer", "2022 + 2026"),
        DemoAccount(chair.email, "chair", "2022 + 2026"),
        DemoAccount(checkin.email, "check-in staff", "2022"),
    ]
    Registration.objects.filter(conference=conference_2022, search_key=fold("Lê Văn Hội")).update(
        user=chair, email=chair.email
    )
    for short, unit in units_2022.items():
        liaison = _account(f"lienlac.{slugify_vi(short)}@hoinghi.example", f"Liên lạc {short}")
        staff_invite(
            conference=conference_2022,
            email=liaison.email,
            role=StaffRole.LIAISON,
            unit=unit,
            invited_by=organizer,
            send_email=False,
        )
        result.accounts.append(DemoAccount(liaison.email, f"liaison, {unit.name}", "2022"))
    return result
