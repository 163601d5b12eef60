"""The letter grammar as data: tables of title words, signer words and addressee heads, and the
compiled patterns of header and footer lines (number, place and date, subject, recipients, copy
list, signer debris). Used by :mod:`ingest.letter.lines`, :mod:`ingest.letter.fields` and
:mod:`ingest.letter.issuer`.
"""

from __future__ import annotations

import re

from graph.models import Level
from ingest.references.vocabulary import LEVEL_WORDS, TYPE_WORDS
from ingest.text.clean import DEFAULT_STEPS

# --- patterns as data ------------------------------------------------------------------------

# Title lines (an upper-case line of its own: "KẾ HOẠCH") -> kind; a title wins over the symbol's
# type code (graph.codes.TYPE_CODES: "QĐ-UBND" -> Quyết định). A symbol that starts with anything
# else ("UBND-VX": an issuer code) is a công văn.
TITLE_KINDS: dict[str, str] = {w.upper(): kind for kind, words in TYPE_WORDS.items() for w in words}
DEFAULT_KIND = "Công văn"
# Words that make an upper-case line a signer's title (position or signing prefix).
SIGNER_WORDS = (
    "CHỦ TỊCH", "TRƯỞNG", "GIÁM ĐỐC", "BÍ THƯ", "THỦ TƯỚNG", "CHÁNH", "PHÓ", "KT.", "TM.",
    "TL.", "TUQ.", "Q.", "CHỈ HUY", "ỦY VIÊN", "THƯ KÝ", "TỔNG CỤC", "CỤC TRƯỞNG",
)
# Heads of an addressee item (``- Các sở, ban, ngành …;``, ``- UBND các huyện …``), folded.
RECIPIENT_HEADS = (
    "cac ", "ubnd", "uy ban", "so ", "ban ", "phong ", "bo ", "trung tam", "cong an", "van phong",
    "thuong truc", "dong chi", "d/c", "hoi ", "tinh uy", "huyen uy", "cuc ", "chi cuc",
    "benh vien", "truong ", "kho bac", "ngan hang", "dai ", "bao ", "vien ", "thu truong",
    "chu tich", "doan ", "hdnd", "mat tran", "quan ", "bo chi huy",
)
# The level a writer without a place word works at, by its folded head: a Phòng is a district
# office, a Sở a provincial department (``Phòng Tài chính - Kế hoạch`` + ``Phổ Yên`` is the
# district of Phổ Yên, not the province of Phú Yên).
WRITER_LEVELS = (("phong ", Level.DISTRICT), ("so ", Level.PROVINCE))
# Authority-like heads that open the body sentence naming the writer (header-less letters).
BODY_ISSUER_HEADS = r"Trung tâm|Ban|Ủy ban|UBND|Sở|Phòng|Bộ|Chủ tịch|Văn phòng|Thường trực|Cục"
# Cleaning for reading fields: everything but joining lines (the line structure is the layout).
# literal "\r\n" escapes are split after a web copy's table rows are (a cell holds several lines)
FIELD_CLEANING = tuple(
    s for s in DEFAULT_STEPS if s not in ("join_lines", "blank_lines", "literal_breaks")
)
MAX_SUBJECT_LINES = 8
HEAD_LINES = 30  # header fields are looked for in the first lines of the letter
MIN_YEAR, MAX_YEAR = 1945, 2100  # a letter's year (the state's documents start in 1945)

# --- compiled patterns -----------------------------------------------------------------------

# Letter number line. Matches "Số: 33/CV-TTCH", "Số:          /UBND-VX", "Số: 15/2021/NĐ-CP",
# "Số: …../TTr-UBND"; must not match "Số liệu tiêm chủng" (no slash-symbol after it).
NUMBER_RE = re.compile(
    r"^Số\s*[:.]?\s*(?P<number>\d+[a-z]?)?[\s.…_]*(?:/\s*(?P<year>(?:19|20)\d\d))?\s*/\s*"
    r"(?P<symbol>[^\W\d_][\w.\-/]*)"
)
# Party-style number line. Matches "Số 279-TB/TU", "Số: 12-CT/TU"; must not match "Số: /UBND-VX".
PARTY_NUMBER_RE = re.compile(
    r"^Số\s*[:.]?\s*(?P<number>\d+)?\s*-\s*(?P<symbol>[^\W\d_]+/[\w.\-]+)"
)
# Place and date, anchored at the start of a line (the line is the whole field). Matches "Mường
# Tè, ngày tháng 9 năm 2022", "Tam Đường, ngày 02 tháng 11 năm 2021", "ngày …. tháng … năm 2021",
# "B'lao, ngày 23 tháng 8 năm 2022" (an apostrophe inside a name), "Bà Rịa - Vũng Tàu, ngày tháng 8
# năm 2022" (a name with a dash);
# must not match "ngày 05/8/2021" (no tháng/năm words).
PLACE_DATE_RE = re.compile(
    r"^(?:(?P<place>[^\W\d_][\w.'’]*(?:(?:[ \t]+[-–][ \t]+|[ \-])\w[\w.'’]*){0,5})\s*,\s*)?"
    r"ngày\b[\s.…_]*(?P<day>\d{1,2})?[\s.…_]*tháng\b[\s.…_]*(?P<month>\d{1,2})?[\s.…_]*"
    r"năm\b\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
# Place and a numeric date. Matches "Lai Châu, ngày 02/11/2021", "Hà Nội, 02-11-2021"; must not
# match "ngày 05/8/2021 của" (no place before it).
PLACE_NUMERIC_DATE_RE = re.compile(
    r"^(?P<place>[^\W\d_][\w.'’]*(?:[ \-]\w[\w.'’]*){0,5})\s*,\s*(?:ngày\s*)?"
    r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)
# Subject opener. Matches "V/v thực hiện …", "Về việc ban hành …"; must not match "Vv" or "Về".
SUBJECT_RE = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b\s*[:.]?\s*(?P<rest>.*)$")
# Recipients opener. Matches "Kính gửi:", "Kính gửi: Sở Y tế"; must not match "gửi kèm theo".
RECIPIENTS_RE = re.compile(r"^Kính\s+gửi\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
# Addressees of a công điện. Matches "THỦ TƯỚNG CHÍNH PHỦ điện:", "CHỦ TỊCH UBND TỈNH điện: - Giám
# đốc các sở;"; must not match "Thực hiện Công điện số 1068" (no colon after "điện").
TELEGRAM_TO_RE = re.compile(r"^(?P<who>[^:]{3,120}?)\s+điện\s*:\s*(?P<rest>.*)$")
# Copy list opener. Matches "Nơi nhận:", "Nơi nhận: - Như trên;"; must not match "nơi cư trú".
CC_RE = re.compile(r"^Nơi\s+nhận\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
# National (or Party) motto, searched anywhere in a line. Matches "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
# NAM", "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM"; must not match "ỦY BAN NHÂN DÂN".
MOTTO_RE = re.compile(
    r"(?:CỘNG H(?:ÒA|OÀ) XÃ HỘI|Độc lập\s*[-–]\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM)", re.IGNORECASE
)
# List item marker. Matches "- Như trên;", "+ Nhóm huyện", "• Sở Y tế"; must not match "-19 ca".
ITEM_RE = re.compile(r"^[-–+•]\s+(?P<item>\S.*)$")
# Markdown emphasis and headings around a line. Matches "**ỦY BAN", "Nơi nhận:***", "# KẾ
# HOẠCH"; must not match the "*" inside "5K*" in the middle of a line.
MARKUP_RE = re.compile(r"^(?:#+\s+|[*_]+)|[*_]+$")
MARKUP_CHARS = frozenset("*_#")
RULE_CHARS = frozenset("-_=.…·*")  # a line of only these is a rule, not text
# Digital-signature stamp lines that PDF text carries at the top or the end of a letter. Matches
# "Ký bởi: Ủy ban nhân dân tỉnh Lai Châu", "Thời gian ký: 12.08.2022 10:30:00 +07:00"; must not
# match "Kính gửi: Sở Y tế".
STAMP_RE = re.compile(
    r"^(?:Người ký|Ký bởi|Cơ quan|Email|Thời gian ký|Ngày ký|Chức vụ)\s*:", re.IGNORECASE
)
# A line break inside a markdown table cell. Matches "<br>", "<br />"; must not match "<b>".
BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Writer named in the body. Matches "Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện yêu
# cầu"; must not match "các cơ quan yêu cầu" (no authority head).
BODY_ISSUER_RE = re.compile(
    rf"(?:^|[.,;:]\s+)(?P<who>(?:{BODY_ISSUER_HEADS})\b[^.;:]{{2,90}}?)\s+"
    r"(?:yêu cầu|đề nghị|có ý kiến|chỉ đạo|thông báo)\b"
)
# A province or district named in the body, for placing the letter when its header does not.
# Matches "UBND tỉnh Lai Châu về việc", "Ủy ban nhân dân quận Ba Đình"; must not match "UBND tỉnh
# yêu cầu" (no name: only capitalised words are kept).
PLACE_HINT_RE = re.compile(
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>tỉnh|thành phố|quận|huyện|thị xã)\s+"
    r"(?P<name>\w+(?:\s+\w+){0,3})"
)
MAX_PLACE_HINTS = 4
# A district-level committee named by its level word alone, the word after it kept to tell a name
# from prose. Matches "của UBND huyện về việc", "- UBND thị xã (b/c);"; must not match "UBND
# huyện Kỳ Anh" (a name follows: the caller drops it) nor "UBND tỉnh".
UNNAMED_LEVEL_RE = re.compile(
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>thành phố|quận|huyện|thị xã)(?![^\W_])"
    r"[ \t]*(?P<next>\S?)"
)
# Local level word at the start of a line (the place line of an issuer block). Matches "HUYỆN
# MUỜNG TÈ", "THÀNH PHỐ HÀ NỘI"; must not match "SỞ Y TẾ" or "TỈNH ỦY".
LEVEL_START_RE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(LEVEL_WORDS, key=len, reverse=True)) + r")"
    r"\b(?!\s+ủy)",
    re.IGNORECASE,
)
# An apostrophe inside a place name, read as a space by the gazetteer. Matches the "'" of
# "B'lao", the "’" of "M’Đrắk"; must not match anything in "Bảo Lộc".
APOSTROPHE_RE = re.compile(r"['’]")
# The type a map adds to a name several units of one province share. Matches " (Thị xã)" in "Kỳ
# Anh (Thị xã)"; must not match anything in "Kỳ Anh".
TYPE_SUFFIX_RE = re.compile(r"\s*\([^()]*\)$")
# The article of a decision that names who carries it out, its audience: "Điều 3. Chánh Văn
# phòng UBND tỉnh, …; Chủ tịch UBND các huyện, thành phố … chịu trách nhiệm thi hành Quyết định
# này". Must match that article; must not match "Điều 2. Quyết định này có hiệu lực kể từ ngày ký".
EXECUTORS_RE = re.compile(
    r"(?m)^\s*Điều\s+\d+\s*[.:]\s*(?P<who>[^\n]{5,600}?)\s+(?:chịu trách nhiệm|có trách nhiệm)\s+"
    r"(?:tổ chức\s+)?thi hành",
)
# Between executors: "; " and " và " (not the commas inside "các huyện, thành phố").
EXECUTOR_SPLIT_RE = re.compile(r"\s*;\s*|\s+và\s+")

# Debris around a signer block. Matches "(Đã ký)", "- 2 -", "Trang 2/5"; must not match "Kiều
# Hải Nam".
DEBRIS_RE = re.compile(
    r"^(?:\(?\s*(?:đã ký|ký|ký tên|đóng dấu|chữ ký)[^)]*\)?|[-–\s]*\d+[-–\s]*|trang\s+\d+.*)$",
    re.IGNORECASE,
)
