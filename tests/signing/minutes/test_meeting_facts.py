from signing.selectors.meeting_facts import meeting_facts


def test_facts_take_times_from_the_agenda_as_run_and_people_from_check_in(meeting):
    facts = meeting_facts(conference=meeting["conference"])

    assert (facts["start"], facts["end"]) == ("08:07", "09:04")
    assert [(i["title"], i["start"], i["end"], i["skipped"]) for i in facts["agenda"]] == [
        ("Khai mạc", "08:07", "08:20", False),
        ("Báo cáo sơ kết 6 tháng", "08:20", "08:52", False),
        ("Bế mạc", "08:52", "09:04", False),
        ("Văn nghệ chào mừng", "", "", True),
    ]
    assert facts["attendance_source"] == "checkin"
    assert facts["present_count"] == 6
    everyone = [p["name"] for group in facts["attendance"] for p in group["people"]]
    assert "Đỗ Minh Khang" not in everyone  # registered, never checked in


def test_facts_list_each_role_in_vietnamese_order_of_given_names(meeting):
    facts = meeting_facts(conference=meeting["conference"])
    by_role = {g["code"]: [p["name"] for p in g["people"]] for g in facts["attendance"]}

    # By given name first: Hội before Thành, though Bùi would sort before Lê.
    assert by_role["director"] == ["Lê Văn Hội", "Bùi Văn Thành"]
    assert by_role["specialist"] == ["Âu Thị Bình"]
    assert facts["units_absent"] == []
    assert [c["name"] for c in facts["chairs"]] == ["Trần Văn Bảo"]
