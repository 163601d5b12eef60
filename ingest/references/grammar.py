"""The reference grammar, compiled once from the data in :mod:`ingest.references.vocabulary`.

Every pattern carries a comment naming one text it must match and one it must not; the table
tests in ``tests/ingest/test_references.py`` hold both. Offsets of these patterns (run on the
text as given) are the truth for every reference span.

Shapes (DESIGN.md §2): administrative ``1068/CĐ-TTg``; normative ``15/2021/NĐ-CP``; Party
``279-TB/TU``. Spaces and line breaks may sit inside a reference (``Quyết định số\\n765/QĐ-BTTTT``,
``3863 /UBND-ĐTXD``, ``118/TTr- STTTT``, ``1068/CĐ-\\nTTg``, ``Thông \\n\\nbáo``).
"""

from __future__ import annotations

import re

from graph.codes import TYPE_CODES
from ingest.references.vocabulary import (
    AUTHORITY_HEADS,
    DATE_CUES,
    ISSUER_CUES,
    ISSUER_STOP_WORDS,
    KIND_MODIFIERS,
    LEVEL_WORDS,
    NUMBER_CUES,
    PARTY_HEADS,
    SUBJECT_CUES,
    SUBJECT_VERBS,
    TYPE_WORDS,
    UNIT_WORDS,
)

__all__ = [
    "BARE_ISSUER_RE",
    "AFTER_SENTENCE_END_RE",
    "SENT_ALONG_RE",
    "THEO_BEFORE_RE",
    "EDGE_JUNK",
    "LEVEL_NAME_RE",
    "LEVEL_WORD_RE",
    "CARRY_OUT_AFTER_RE",
    "LIST_GAP_RE",
    "NUMBER_IN_LIST_RE",
    "PARTY_RE",
    "SHARED_GAP_RE",
    "SLASH_AFTER_RE",
    "SPACES_RE",
    "STRONG_AFTER_RE",
    "WORD_RE",
    "YEARISH_RE",
    "AFTER_CUE_RE",
    "AUTHORITY_HEAD_START_RE",
    "BARE_RE",
    "DATE_RE",
    "DECISION_HEADING_RE",
    "ISSUER_CUE_RE",
    "ISSUER_STOP_RE",
    "KIND_OF_WORD",
    "NUMBER_LINE_RE",
    "NUMBERS_RE",
    "PREFIX_REACH",
    "PROVINCE_UBND_CORES",
    "PROVINCE_UBND_RE",
    "REVERSED_PREFIX_RE",
    "REVERSED_CLAUSE_END_RE",
    "REVERSED_SENTENCE_END_RE",
    "SENTENCE_END_RE",
    "SUBJECT_RE",
    "SYMBOL_SPLIT_RE",
    "TYPED_RE",
    "UNIT_AFTER_RE",
    "URL_RE",
    "VERB_BEFORE_RE",
    "phrase",
]


def phrase(words: str) -> str:
    """A lower-case phrase as a regex: escaped words joined by any run of whitespace."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _alternation(items: list[str] | tuple[str, ...]) -> str:
    """Longest first, so that ``công văn điện`` wins over ``công văn``."""
    return "|".join(phrase(w) for w in sorted(set(items), key=len, reverse=True))


# Type word -> canonical kind, keyed by the folded-whitespace lower-case variant.
KIND_OF_WORD: dict[str, str] = {
    " ".join(v.split()): kind for kind, variants in TYPE_WORDS.items() for v in variants
}

_UP = "A-ZĐ"  # symbols are written with these capitals
# Every Vietnamese capital letter (names of places and bodies start with one).
_VN_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_TYPE_WORD = _alternation(list(KIND_OF_WORD))
_MODIFIER = _alternation(KIND_MODIFIERS)
_NUMBER_CUE = _alternation(NUMBER_CUES)
# A document number: digits, maybe a letter suffix before the symbol ("30a/2008/NQ-CP");
# never the first part of a decimal or thousands figure ("5.775", "97,8").
_NUMBER_REST = r"\d{0,5}(?:[a-zđ](?=[ \t]*[/-]))?(?![\d]|[.,]\d)"
_NUMBER = rf"\d{_NUMBER_REST}"
# One symbol token: letters and digits, "&" inside ("PTTH&TTĐT", "QH14", "TTg").
_TOKEN = r"[^\W_](?:[^\W_]|&(?=[^\W_]))*"
# A token that reads as a code even after a space or a line break: two capitals in its first
# three letters ("TTg", "STTTT", "BYT"); a word like "Thực" or "về" is not one.
_CAPSY = rf"(?=[{_UP}][a-zđ]?[{_UP}])"
# Joints inside a symbol: "-" (a space or line break may follow: "CĐ-\nTTg", "TTr- STTTT"),
# "." and "/" without spaces ("QĐ.TTg", "TB/TU").
_JOINT = rf"(?:[-–](?=[^\W_])|[-–][ \t]*\n?[ \t]*{_CAPSY}|\.{_CAPSY}|/(?=[^\W\d_]))"
_SYMBOL = rf"[{_UP}](?:{_TOKEN})?(?:{_JOINT}{_TOKEN}){{0,6}}"
_YEAR = r"(?:19|20)\d\d"

_MORE_NUMBERS = rf"(?:[ \t]*(?:,|;|&|(?i:và))[ \t]*(?:(?i:số)[ \t]*)?{_NUMBER})*"
_NUMBERS = rf"{_NUMBER}{_MORE_NUMBERS}"
_TAIL = (
    rf"(?:(?P<party>[ \t]*[-–][ \t]*(?P<ptype>[{_UP}][A-Za-zĐđ]{{0,4}})[ \t]*/[ \t]*"
    rf"(?P<pissuer>{_SYMBOL}))"
    rf"|(?:[ \t]*/[ \t]*(?P<year>{_YEAR})(?![\d]))?"
    rf"(?:[ \t]*/[ \t]*(?P<symbol>{_SYMBOL}))?)"
)
_CUE = rf"\s*\(?\s*(?i:{_NUMBER_CUE})(?![^\W_])[ \t]*[:.]?\s*|[ \t]*\([ \t]*|\s+"

# A typed reference: type word, modifiers, "số", one or more numbers, then the symbol.
# Matches "Công điện số 1068/CĐ-TTg", "Nghị Định 43/2014/NĐ-CP", "Kết luận số 93-KL/TW",
# "Phương án số 2 và 3/PA-UBND", "Quyết định số\n765/QĐ-BTTTT", "Công văn (số 73/TTg-CN",
# "Thông \n\nbáo số 07/TB-VPCP", "Chỉ thị 15, 16", "công điện khẩn số 13";
# must not match "bão số 9", "gói thầu số 7", "Điều 10", "QUYẾT ĐỊNH:\n\nĐiều 1".
# (The reference of the grammar; the finder runs the two halves below, which is faster.)
TYPED_RE = re.compile(
    rf"(?<![^\W_])(?P<type>(?i:{_TYPE_WORD}))(?:\s+(?i:{_MODIFIER})){{0,2}}(?P<cue>{_CUE})"
    rf"(?P<numbers>{_NUMBERS}){_TAIL}"
)

# A number right after a date or article word ("ngày 05", "tháng 8", "năm 2021", "Điều 10",
# "khoản 2") is neither typed (no type word before it) nor a bare document number: the most
# common numbers of a letter, skipped inside the scan (a look-behind per word, tried only after
# the first digit of a number).
# Matches (i.e. lets through) the position before "1068" in "số 1068"; must not let through
# the one before "8" in "tháng 8".
_NOT_AFTER_DATE_WORD = "".join(
    rf"(?<!(?i:{re.escape(w)}) \d)" for w in ("ngày", "tháng", "năm", "điều", "khoản", "thứ", "từ")
)

# The right half: numbers and their symbol, found by scanning for digits.
# Matches "1068/CĐ-TTg", "2 và 3/PA-UBND", "15, 16", "93-KL/TW", "136/2001/QĐ.TTg";
# must not match "775/8.227" inside "5.775/8.227" (a figure), "19/SARS" after "Covid-".
# Without a symbol, a number followed by "/8" or ".3" is a date or a figure, and a lone year
# ("năm 2021") is no document: both are dropped here, before any other work.
NUMBERS_RE = re.compile(
    rf"(?P<numbers>\d(?<![\w.,/\\&=-]\d){_NOT_AFTER_DATE_WORD}{_NUMBER_REST}{_MORE_NUMBERS}){_TAIL}"
    r"(?(symbol)|(?(year)|(?(party)|(?<!(?:19|20)\d\d)(?![ \t]*[/\-–.][ \t]*\d))))"
)


def _reverse_words(words: str) -> str:
    """``công văn điện`` -> ``nệiđ năv gnôc``: the phrase as read backwards."""
    return " ".join(w[::-1] for w in reversed(words.split()))


def _reversed_alternation(items: list[str] | tuple[str, ...]) -> str:
    return _alternation([_reverse_words(w) for w in items])


# The left half, matched on the reversed text that ends where the numbers start: the cue
# ("số", "(", spaces), up to two modifiers, the type word, a word boundary.
# Matches "ốs nệiđ gnôC" (reversed "Công điện số "), " hnịđ tếyuq" (reversed "quyết định ");
# must not match "ốs oãb" (reversed "bão số ").
REVERSED_PREFIX_RE = re.compile(
    rf"(?P<cue>\s*[:.]?[ \t]*(?<![^\W_])(?i:{_reversed_alternation(NUMBER_CUES)})\s*\(?\s*"
    rf"|[ \t]*\([ \t]*|\s+)"
    rf"(?:(?i:{_reversed_alternation(KIND_MODIFIERS)})\s+){{0,2}}"
    rf"(?P<type>(?i:{_reversed_alternation(list(KIND_OF_WORD))}))(?![^\W_])"
)
PREFIX_REACH = 60  # characters before a number that can hold its type word and cue

# A number and symbol with no type word (link text, lists, tables).
# Matches "81/TB-UBND", "279-TB/TU", "15/2021/NĐ-CP"; must not match "15/8", "5.775/8.227",
# "1.286 tiêu chí/92 xã", "Covid-19/SARS", "ouid=1059/Abc", "QCVN 01:2021/BYT".
BARE_RE = re.compile(
    rf"(?<![\w.,:/\\&=-])(?P<numbers>\d{{1,6}})"
    rf"(?:(?P<party>-(?P<ptype>[{_UP}][A-Za-zĐđ]{{0,4}})/(?P<pissuer>{_SYMBOL}))"
    rf"|(?:/(?P<year>{_YEAR}))?/(?P<symbol>{_CAPSY}{_SYMBOL}))"
)

# A document's own date right after its number (or after a comma or "ban hành").
# Matches " ngày 05/8/2021", ", ngày 05 tháng 8 năm 2021", "\nNgày 22 tháng\n7 năm 2021",
# " ngày 30.3.2022", " ban hành ngày 15/6" (no year: the caller drops it);
# must not match " hằng năm", " 15/8" (no "ngày").
DATE_RE = re.compile(
    rf"[ \t]*[,(]?\s*(?i:{_alternation(DATE_CUES)})(?![^\W_])\s*"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})(?:\s*,?\s+(?i:năm)\s+(?P<y2>\d{4}))?)"
    r"(?!\d)"
)

_HEAD = _alternation(AUTHORITY_HEADS)
# The start of a word that is an authority phrase's head (one scan instead of a match per word).
# Matches the position before "UBND" in "thì UBND tỉnh"; must not match the one before "ban" in
# "Ủyban" (not a word start).
AUTHORITY_HEAD_START_RE = re.compile(rf"(?<![^\W_])(?=[^\W\d_])(?=(?i:{_HEAD})(?![^\W_]))")

# What can follow a mention before its date, issuer or subject: one of DATE_CUES, ISSUER_CUES,
# SUBJECT_CUES after the gap all three allow (one test instead of three: it matches wherever
# DATE_RE, ISSUER_CUE_RE or SUBJECT_RE does). Matches " ngày", ", của", " (ký ngày",
# " về việc", " V/v"; must not match "; Công văn", " tại", " và", " cho".
AFTER_CUE_RE = re.compile(
    rf"[ \t]*[,(]?\s*(?i:{_alternation((*DATE_CUES, *ISSUER_CUES, *SUBJECT_CUES))})"
)

# An issuer named right after a bare number, with no "của": "Công điện 763 Thủ tướng Chính
# phủ", "Chỉ thị 16 Bộ Chính trị". Matches " Thủ tướng", " Bộ Chính trị"; must not match
# " bản", " cơ quan".
BARE_ISSUER_RE = re.compile(rf"[ \t]+(?=(?i:{_HEAD})(?![^\W_]))")
# The cue before an issuer phrase. Matches " của Thủ tướng", ", ban hành bởi Tỉnh Ủy";
# must not match " cho các huyện".
ISSUER_CUE_RE = re.compile(
    rf"[ \t]*,?\s*(?i:{_alternation(ISSUER_CUES)})[ \t]*\n?[ \t]*(?=(?i:{_HEAD})(?![^\W_]))"
)

# Where an issuer phrase ends: a stop word, a hard punctuation mark, a blank line, a comma or
# "và" before another authority or a type word. Matches " về việc" in "UBND tỉnh về việc …",
# ", Thủ tướng" in "Chính phủ, Thủ tướng Chính phủ"; must not match ", Thương binh" in
# "Bộ Lao động, Thương binh và Xã hội", ", chống" in "phòng, chống dịch".
ISSUER_STOP_RE = re.compile(
    rf"\s+(?:{_alternation(ISSUER_STOP_WORDS)}|Về|V/V|Khóa|Khoá|KHÓA|Ngày|Số)(?![^\W_])"
    rf"|[;:()\[\]\"“”…]|\.(?=\s|$)|\n\s*\n|\s-\s"
    rf"|,(?!\s*(?:chống|[{_VN_UP}][^\W\d_]*)(?![^\W_]))"
    rf"|(?:,|\s+và)\s+(?=(?i:{_HEAD}|{_TYPE_WORD})(?![^\W_]))"
)

# Subject after a reference, up to a full stop, a semicolon, a bracket or a comma before a
# capitalised word. Matches " về việc tăng cường …", ", V/v triển khai …";
# must not match " của Bộ Y tế".
SUBJECT_RE = re.compile(
    rf"[ \t]*,?\s*(?i:{_alternation(SUBJECT_CUES)})(?![^\W_])[ \t]*:?\s*"
    rf"(?P<subject>(?:[^;.\n(),]|,(?!\s*[{_VN_UP}])|\n(?!\s*\n)|\.(?=\S)){{3,300}})"
)

# A slash or dash and a word right after a number without symbol: a date or a range, not a
# document. Matches "/8" in "Chỉ thị 15/8", " - a"; must not match " về", ".".
SLASH_AFTER_RE = re.compile(r"[ \t]*[/\-–][ \t]*[\w]")

# Unit word right after a bare number: a quantity, not a document. Matches " năm", " tháng";
# must not match " về", " của".
UNIT_AFTER_RE = re.compile(rf"\s*(?:%|(?i:{_alternation(UNIT_WORDS)})(?![^\W_]))")

# A writer's verb right before a mention, read backwards ("UBND tỉnh ban hành Kế hoạch số …":
# the sentence subject before the verb is the issuer).
# Matches "hnàh nab " (reversed " ban hành "), "( óc ãđ" (reversed "đã có ("); must not match
# " nệih cựht" (reversed "thực hiện ").
VERB_BEFORE_RE = re.compile(
    rf"\s*(?:\(\s*)?(?i:{_reversed_alternation(SUBJECT_VERBS)})(?![^\W_])"
)

# A province-level People's Committee named in the text, for UBND-… symbols.
# Matches "UBND tỉnh Tuyên Quang", "Ủy ban nhân dân Thành phố Hồ Chí Minh";
# must not match "UBND tỉnh về việc" (no capitalised name), "UBND huyện Mường Tè".
_PROVINCE_TYPE = r"(?i:tỉnh|thành\s+phố|TP\.?)"
PROVINCE_UBND_RE = re.compile(
    r"(?:UBND|[UuỦủ][yỷ]\s+ban\s+nhân\s+dân|[UỦ][YỶ]\s+BAN\s+NHÂN\s+DÂN)\s+"
    rf"(?P<type>{_PROVINCE_TYPE})\s+"
    rf"(?P<name>[{_VN_UP}][^\W\d_]*(?:(?:[ \t]+|[ \t]*[-–][ \t]*)[{_VN_UP}][^\W\d_]*){{0,4}})"
)
# The cores of PROVINCE_UBND_RE's three heads with the province word after them, each starting
# with a literal (a scan for a literal is several times faster than one for the heads' first
# letters: "u" is common in Vietnamese); PROVINCE_UBND_RE is then matched only where one is.
# Match "UBND tỉnh", "ban nhân dân Thành phố", "BAN\nNHÂN DÂN TỈNH"; must not match "Ủy ban"
# alone, "UBND huyện".
PROVINCE_UBND_CORES = tuple(
    re.compile(rf"{head}\s+{_PROVINCE_TYPE}")
    for head in (r"UBND", r"ban\s+nhân\s+dân", r"BAN\s+NHÂN\s+DÂN")
)

# The letter's own number line (handled by letter.py). Matches "Số: 33/CV-TTCH" at a line
# start; must not match "theo Quyết định số: 59/QĐ-UBND".
NUMBER_LINE_RE = re.compile(r"(?:^|\n)[ \t*_]*(?:Số|SỐ)[ \t]*[:.]?[ \t]*$")

# The operative heading of a decision. Matches "QUYẾT ĐỊNH:" on its own line;
# must not match "Quyết định số 12/QĐ-UBND".
DECISION_HEADING_RE = re.compile(r"(?m)^[ \t*_]*(?:QUYẾT\s+ĐỊNH|QUYẾT\s+NGHỊ)[ \t*_]*:")

# A clause that opens with "Theo" right before the mention ("Theo Thông báo kết luận số
# 199/TB-VPCP …"). Matches "Theo " and ". Theo "; must not match "theo quy định tại ".
THEO_BEFORE_RE = re.compile(r"(?:^|[\s.;:,(])theo\s*$", re.IGNORECASE)
# What makes the rest of such a sentence carry the document out: a copy sent along, or a request
# to carry it out. Matches "(gửi kèm theo), Chủ tịch UBND tỉnh yêu cầu các sở … triển khai";
# must not match ", tỷ lệ giải ngân đạt 40% kế hoạch".
CARRY_OUT_AFTER_RE = re.compile(
    r"gửi kèm|(?:yêu cầu|đề nghị|chỉ đạo|giao)\b[^.;]{0,200}?\b(?:triển khai|thực hiện|quán triệt)",
    re.IGNORECASE,
)
# Where the sentence after a mention ends, read through layout breaks: a mark, or a blank line
# after a mark. Matches ". " and ":\n\n"; must not match the blank line in "Phiên họp thứ 4
# \n\n(gửi kèm theo)" (a PDF line cut, no mark before it).
AFTER_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|(?<=[:;])[ \t]*\n[ \t]*\n")
# A copy of the document sent along with the letter, right after its mention: "(gửi kèm theo)",
# "(sao gửi kèm)". Must not match "kèm theo danh sách".
SENT_ALONG_RE = re.compile(r"\(\s*(?:sao\s+)?gửi\s+kèm", re.IGNORECASE)

# A sentence end, forwards and on reversed text (the finder looks back from a mention with it).
# Matches ". " in "2021. Chủ tịch", "! ", a blank line; must not match "." in "QĐ.TTg" or
# "30.3.2022".
SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|\n[ \t]*\n")
# On reversed text the match starts on the mark (the space before it is checked behind), so that
# the scan runs on the rare marks, not on every space: a mark's boundary is one character before.
REVERSED_SENTENCE_END_RE = re.compile(r"[.!?…\n](?:(?<=\s.)|(?<=\n)[ \t]*\n)")
# A clause end (a sentence end or a semicolon) on reversed text, read the same way. Matches the
# ";" of " ;" (reversed "; "); must not match " ," (reversed ", ").
REVERSED_CLAUSE_END_RE = re.compile(r"[.!?…;\n](?:(?<=\s.)|(?<=\n)[ \t]*\n)")

# URLs (references inside them are digit noise). Matches "https://docs.google.com/d/1jq…";
# must not match "V/v".
URL_RE = re.compile(r"(?:https?://|www\.)\S+")

# Splits a symbol into its codes. Matches "-", "/", "." in "QĐ.TTg-CN/TU"; must not match "&".
SYMBOL_SPLIT_RE = re.compile(r"[\s\-–/.]+")

# Canonical type codes, upper-cased, for symbol reading.
TYPE_CODE_SET: frozenset[str] = frozenset(TYPE_CODES)

# -- lists, bare numbers, words (used by the finder) --------------------------------------------

# Gaps between two references of one list. Matches ", ", " và ", "; "; must not match " tại ".
LIST_GAP_RE = re.compile(r"\s*(?:[,;&]|(?i:và|cùng|hoặc))?\s*(?:(?i:các)\s+)?")
# Gaps inside one list that shares a trailing issuer. Matches ", ", " và "; must not match "; ".
SHARED_GAP_RE = re.compile(r"\s*(?:[,&]|(?i:và))?\s*")
# Right after a bare typed number: punctuation or a word that makes it a reference.
# Matches ".", ")", " về", " của"; must not match " nội dung".
STRONG_AFTER_RE = re.compile(
    r"\s*(?:$|[.,;:)…!?\"”]|(?i:về|của|ngày|và|đã|được|là|có|thì|với|trong|tại|theo|để|nhằm|"
    r"quy|hướng|ban|sẽ|vẫn|cũng|do|nay|này|mới|đến|gửi|khi|chỉ|yêu)(?![^\W_]))"
)
# Each number of a list. Matches "2", "3" in "2 và 3", "30a"; must not match "và".
NUMBER_IN_LIST_RE = re.compile(r"\d+[a-zđ]?")
# A local level word inside an authority phrase. Matches "tỉnh" in "UBND tỉnh Nguyễn Thế Giang";
# must not match "tỉnh" inside "tỉnhx".
LEVEL_WORD_RE = re.compile(
    r"(?<![^\W_])(?i:"
    + "|".join(re.escape(w) for w in sorted(LEVEL_WORDS, key=len, reverse=True))
    + r")(?![^\W_])"
)
# Year-like numbers. Matches "2021"; must not match "128".
YEARISH_RE = re.compile(r"(?:19|20)\d\d")

# -- authority names, on folded text (used by the gazetteer) -------------------------------------

# A level word and a place name in folded text. Matches "huyen muong te", "tinh lai chau",
# "thanh pho ho chi minh", "tp. hue"; must not match "trung tam" (no level word).
LEVEL_NAME_RE = re.compile(
    r"(?:^|\s)(?P<level>thanh pho|thi xa|thi tran|dac khu|tinh|tp\.?|huyen|quan|tx\.?|xa|phuong)"
    r"(?:\s+(?P<name>[a-z0-9][a-z0-9 \-]*))?$"
)
# A Party committee head with its place. Matches "ban thuong vu tinh uy ninh thuan",
# "tinh uy", "ban chap hanh dang bo tinh thua thien hue"; must not match "ubnd tinh".
PARTY_RE = re.compile(
    r"^(?:(?P<prefix>ban thuong vu|thuong truc|ban chap hanh)\s+)?"
    r"(?:(?P<head>" + "|".join(PARTY_HEADS) + ")"
    r"|dang bo\s+(?P<bo>thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong))"
    r"(?:\s+(?P<name>[a-z0-9][a-z0-9 \-]*))?$"
)
# Words of folded text. Matches "bo", "y", "te" in "bo y te."; must not match "." or " ".
WORD_RE = re.compile(r"[a-z0-9&]+")
# Runs of whitespace. Matches " \n "; must not match "-".
SPACES_RE = re.compile(r"\s+")
# What to strip from the ends of a name.
EDGE_JUNK = " \t\n-–;:,.()*_\"“”'"
