"""The reference grammar as data: type words, cue words (compiled in :mod:`grammar`).

Type codes and national issuer codes are the core's table, :mod:`graph.codes`.

Glossary: loại văn bản → ``kind``; số, ký hiệu → ``number``, ``symbol``; trích yếu → ``subject``;
cơ quan ban hành → ``issuer``; thực hiện → implements; căn cứ → based_on.

Everything here is plain data (Vietnamese lives here and in fixtures only); nothing is compiled
in this module. Words are written in lower case with single spaces: the compiled patterns match
them case-insensitively and with any run of whitespace (line breaks included) between words.
"""

from __future__ import annotations

from graph.models import Level, Relation

__all__ = [
    "ACTING_HEADS",
    "COUNCIL_HEADS",
    "LEVEL_WORDS",
    "OFFICE_TITLES",
    "PARTY_HEADS",
    "PEOPLE_COMMITTEE_HEADS",
    "AUTHORITY_HEADS",
    "DATE_CUES",
    "ISSUER_CUES",
    "ISSUER_STOP_WORDS",
    "KIND_MODIFIERS",
    "NUMBER_CUES",
    "PLACE_WORDS",
    "RELATION_CUES",
    "STRONG_KINDS",
    "SUBJECT_CUES",
    "SUBJECT_VERBS",
    "TYPE_WORDS",
    "UNIT_WORDS",
]

# Kind (canonical, as a reference's ``kind``) -> the words that name it in running text.
# Misspellings seen in real letters are listed as variants ("nghị đinh").
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "Công điện": ("công điện", "công văn điện", "điện khẩn"),
    "Công văn": ("công văn",),
    "Văn bản": ("văn bản",),
    "Quyết định": ("quyết định", "quyết đinh"),
    "Nghị định": ("nghị định", "nghị đinh"),
    "Nghị quyết liên tịch": ("nghị quyết liên tịch",),
    "Nghị quyết": ("nghị quyết",),
    "Chỉ thị": ("chỉ thị",),
    "Thông tư liên tịch": ("thông tư liên tịch",),
    "Thông tư": ("thông tư",),
    "Thông báo": ("thông báo",),
    "Kế hoạch": ("kế hoạch",),
    "Tờ trình": ("tờ trình",),
    "Kết luận": ("kết luận",),
    "Chương trình": ("chương trình",),
    "Phương án": ("phương án",),
    "Đề án": ("đề án",),
    "Hướng dẫn": ("hướng dẫn",),
    "Báo cáo": ("báo cáo",),
    "Giấy mời": ("giấy mời",),
    "Quy chế": ("quy chế",),
    "Quy định": ("quy định",),
    "Luật": ("luật",),
    "Pháp lệnh": ("pháp lệnh",),
    "Lệnh": ("lệnh",),
    "Sắc lệnh": ("sắc lệnh",),
    "Điều lệ": ("điều lệ",),
}

# Words that may sit between a type word and its number without changing the kind:
# "Công điện khẩn số 13", "Chương trình hành động số 16-CTr/TU", "Thông báo kết luận số 07".
KIND_MODIFIERS: tuple[str, ...] = (
    "khẩn", "hỏa tốc", "hoả tốc", "thượng khẩn", "hành động", "kết luận", "liên ngành",
    "chỉ đạo", "hướng dẫn", "triển khai", "thực hiện", "mật",
)

# Words right before a bare number+symbol that make it an address, not a document
# ("Quận 1/TP.HCM", "Phường 3/Quận 5").
PLACE_WORDS: tuple[str, ...] = ("quận", "phường", "khu", "tổ", "ấp", "thôn", "lô", "tầng", "nhà", "đường")

# Kinds whose bare number is a reference even without "số" ("Chỉ thị 16.", "Nghị quyết 11 của
# Chính phủ"); other kinds need "số", a date, an issuer or a list ("Kế hoạch 5 năm" is not one).
STRONG_KINDS: frozenset[str] = frozenset({
    "Công điện", "Quyết định", "Nghị định", "Nghị quyết", "Chỉ thị", "Thông tư", "Kết luận",
    "Nghị quyết liên tịch", "Thông tư liên tịch",
})

# Number cue between type word and number: "số", "Số", "số:", "số hiệu".
NUMBER_CUES: tuple[str, ...] = ("số hiệu", "số")

# Date cue before a document's own date: "ngày 05/8/2021", "ban hành ngày …", "ký ngày …".
DATE_CUES: tuple[str, ...] = ("được ban hành ngày", "ban hành ngày", "ký ngày", "ngày")

# Issuer cues after number/date: "… của Thủ tướng Chính phủ", "ban hành bởi Tỉnh ủy Kiên Giang".
ISSUER_CUES: tuple[str, ...] = ("được ban hành bởi", "ban hành bởi", "của", "do")

# Subject cues: "về việc tăng cường …", "V/v …", "về …".
SUBJECT_CUES: tuple[str, ...] = ("về việc", "v/v", "về")

# Words a writer uses right before naming the document it issued: "UBND tỉnh ban hành
# Kế hoạch số …", "Bộ Y tế vừa có công văn số …" (the sentence subject is then the issuer).
SUBJECT_VERBS: tuple[str, ...] = (
    "vừa ký ban hành", "đã ký ban hành", "ký ban hành", "vừa ban hành", "đã ban hành",
    "ban hành", "vừa có", "đã có", "có", "vừa ký", "đã ký", "ký", "phát hành", "vừa gửi",
    "đã gửi", "gửi", "đã chỉ đạo tại", "chỉ đạo tại", "tại",
)

# Heads an authority phrase starts with (folded-insensitive match, longest first at use).
AUTHORITY_HEADS: tuple[str, ...] = (
    "chủ tịch ủy ban nhân dân", "chủ tịch uỷ ban nhân dân", "chủ tịch ubnd", "chủ tịch",
    "phó chủ tịch", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "giám đốc", "phó giám đốc",
    "tổng bí thư", "chánh văn phòng", "cục trưởng",
    "ủy ban nhân dân", "uỷ ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd",
    "thường trực", "ban thường vụ", "ban chấp hành", "bch", "ban chỉ đạo", "ban chỉ huy", "bcđ",
    "ban", "bộ", "sở", "phòng", "thủ tướng", "chính phủ", "văn phòng", "tỉnh ủy", "tỉnh uỷ",
    "thành ủy", "thành uỷ", "huyện ủy", "huyện uỷ", "thị ủy", "thị uỷ", "quận ủy", "quận uỷ",
    "đảng ủy", "đảng uỷ", "trung tâm", "tổ công tác", "tổ", "cục", "chi cục", "tổng cục",
    "hội đồng", "ủy ban", "uỷ ban", "quốc hội", "công an", "bộ chỉ huy", "kho bạc", "thanh tra",
    "ngân hàng", "bảo hiểm xã hội", "kiểm toán", "tòa án", "toà án", "viện kiểm sát",
    "mặt trận", "liên đoàn", "hội", "đoàn", "đài", "viện", "trường",
)

# Words that end an issuer phrase ("của UBND tỉnh về việc …", "… tỉnh khóa XIV"): the phrase
# stops before any of them (whole lower-case words: capitalised, "Chỉ đạo" or "Giao" belong to
# names such as "Ban Chỉ đạo", "Sở Giao thông vận tải"; "giao" is left out for the latter).
ISSUER_STOP_WORDS: tuple[str, ...] = (
    "về", "v/v", "khóa", "khoá", "ban hành", "quy định", "hướng dẫn", "phê duyệt", "thông báo",
    "tại", "để", "nhằm", "đã", "đang", "sẽ", "trong", "trên", "với", "theo", "gửi", "đến",
    "chỉ đạo", "yêu cầu", "đề nghị", "cho", "thì", "là", "được", "bị", "nay", "này", "vừa",
    "nêu", "ngày", "số", "triển khai", "thực hiện", "sau", "trước", "từ", "tới",
    "cũng", "vẫn", "như", "nên", "mà", "hoặc", "hay", "sửa đổi", "bổ sung", "ký", "lần",
    "và các", "và những", "và một", "và tổ chức", "cùng các",
)


# Words after a bare number that make it a quantity, not a document ("Kế hoạch 5 năm",
# "Báo cáo 6 tháng", "Chỉ thị 15 điểm").
UNIT_WORDS: tuple[str, ...] = (
    "năm", "tháng", "ngày", "tuần", "giờ", "phút", "lần", "người", "xã", "huyện", "tỉnh",
    "điểm", "tiêu chí", "đồng", "triệu", "tỷ", "nghìn", "ngàn", "trăm", "ha", "km", "m", "kg",
    "tấn", "trang", "bản", "điều", "khoản", "mục", "chương", "phần", "nội dung", "nhiệm vụ",
    "giải pháp", "ca", "hộ", "cơ sở", "đơn vị", "trường", "lớp", "học sinh", "cấp", "loại",
    "nhóm", "đợt", "kỳ", "khóa", "khoá", "tuổi", "%", "phần trăm", "mũi", "liều",
)

# Relation cues, in the clause before a reference (lower case, matched as whole words).
# The first cue found decides; BASED_ON applies to "căn cứ" only in a decision's legal preamble.
RELATION_CUES: tuple[tuple[str, Relation], ...] = (
    ("căn cứ", Relation.IMPLEMENTS),
    ("thực hiện", Relation.IMPLEMENTS),
    ("triển khai", Relation.IMPLEMENTS),
    ("thi hành", Relation.IMPLEMENTS),
    ("quán triệt", Relation.IMPLEMENTS),
    ("theo thông báo kết luận", Relation.IMPLEMENTS),
    # "Theo yêu cầu của UBND huyện … tại Công văn số …": the request the letter answers
    ("theo yêu cầu", Relation.IMPLEMENTS),
    ("theo chỉ đạo", Relation.IMPLEMENTS),
    ("theo ý kiến chỉ đạo", Relation.IMPLEMENTS),
    ("gửi kèm theo", Relation.IMPLEMENTS),
)

# -- authority names (matched on folded text: no diacritics, lower case, single spaces) ---------

PEOPLE_COMMITTEE_HEADS: tuple[str, ...] = ("uy ban nhan dan", "ubnd")
COUNCIL_HEADS: tuple[str, ...] = ("hoi dong nhan dan", "hdnd")
# "Chủ tịch UBND tỉnh …" acts for the UBND: these heads are dropped before an UBND head.
ACTING_HEADS: tuple[str, ...] = ("pho chu tich", "chu tich", "pct", "ct", "thuong truc", "tm", "kt")
# Titles of office holders who sign for their body ("Bộ trưởng Bộ Y tế" -> Bộ Y tế).
OFFICE_TITLES: tuple[str, ...] = (
    "pho chu tich", "chu tich", "bo truong", "thu truong", "pho giam doc", "giam doc",
    "chanh van phong", "truong ban", "pho truong ban", "cuc truong", "chi cuc truong",
    "truong phong", "pho truong phong", "bi thu", "pho bi thu",
)
# Level words as written -> the admin level they name ("thành phố" is a province or a district;
# compiled once, as grammar.LEVEL_WORD_RE).
LEVEL_WORDS: dict[str, Level] = {
    "tỉnh": Level.PROVINCE, "thành phố": Level.PROVINCE, "huyện": Level.DISTRICT,
    "quận": Level.DISTRICT, "thị xã": Level.DISTRICT, "xã": Level.COMMUNE,
    "phường": Level.COMMUNE, "thị trấn": Level.COMMUNE,
}  # fmt: skip
# Party committees (folded heads) -> the level of the committee and the type word of the unit it
# leads ("tinh uy" + "Lai Châu" -> the Party committee of "tỉnh Lai Châu"). THE Party-head table.
PARTY_HEADS: dict[str, tuple[Level, str]] = {
    "tinh uy": (Level.PROVINCE, "tỉnh"), "thanh uy": (Level.PROVINCE, "thành phố"),
    "huyen uy": (Level.DISTRICT, "huyện"), "thi uy": (Level.DISTRICT, "thị xã"),
    "quan uy": (Level.DISTRICT, "quận"), "dang uy": (Level.COMMUNE, "xã"),
}  # fmt: skip
