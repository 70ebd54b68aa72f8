"""The seed conference's invitation settings (the number and the contact are
fictional; the signer is the host's director named in the seed)."""

from datetime import date

from events.services.invitations import invitation_setup_update


def load_invitations_demo(conference_2022) -> None:
    invitation_setup_update(
        conference=conference_2022,
        number="12",
        symbol="GM-SNV",
        issued_on=date(2022, 7, 12),
        place="Bắc Kạn",
        parent_body="UBND tỉnh Bắc Kạn",
        issuing_body="Sở Nội vụ",
        signer_authority="",
        signer_title="Giám đốc",
        signer_name="Lê Văn Hội",
        contact="bà Nông Thị Hạnh, Chánh Văn phòng, điện thoại 0209 3870 123",
        guests="Ban Thi đua - Khen thưởng Trung ương\nỦy ban nhân dân tỉnh Bắc Kạn",
    )
