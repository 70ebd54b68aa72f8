"""Facts of the seed conference that several tests check."""

# Chair (Bắc Giang), deputy chair (Bắc Kạn), then Vietnamese collation.
SEED_UNITS_IN_OFFICIAL_ORDER = [
    "Sở Nội vụ tỉnh Bắc Giang",
    "Sở Nội vụ tỉnh Bắc Kạn",
    "Sở Nội vụ tỉnh Hòa Bình",
    "Sở Nội vụ tỉnh Phú Thọ",
    "Sở Nội vụ tỉnh Thái Nguyên",
    "Sở Nội vụ tỉnh Tuyên Quang",
    "Sở Nội vụ tỉnh Yên Bái",
]
