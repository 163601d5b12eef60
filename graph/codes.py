"""THE table of document type codes and national issuer codes (ingest imports it from here).

A symbol is a run of codes: ``CĐ-TTg`` = type code ``CĐ`` (Công điện) + issuer code ``TTg``
(Thủ tướng Chính phủ); ``NQLT-CP-UBTWMTTQVN`` = a joint resolution (``NQLT``) of the Government
(``CP``) and the Fatherland Front; a công văn has no type code (``UBND-VX``). Two parts read
these tables and must agree: :mod:`graph.keys` (is the issuer unique nationally, so that the key
needs no ``@issuer``?) and the reference issuer inference in ``ingest`` (which body does a symbol
name?). ``tests/graph/test_codes.py`` runs every code through both.

>>> TYPE_CODES["CĐ"], TYPE_CODES["NQLT"]
('Công điện', 'Nghị quyết liên tịch')
>>> NATIONAL_ISSUER_CODES["TTG"], NATIONAL_ISSUER_CODES["BYT"]
(<Level.CENTRAL: 'central'>, <Level.MINISTRY: 'ministry'>)
>>> "UBND" in NATIONAL_ISSUER_CODES, "NQLT" in TYPE_CODE_KEYS
(False, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from graph.models import Level
from graph.normalize import fold

__all__ = [
    "NATIONAL_ISSUER_CODES",
    "NATIONAL_WITHOUT_ONE_BODY",
    "SHARED_WITH_LOCAL",
    "TYPE_CODES",
    "TYPE_CODE_KEYS",
    "code_key",
]


def code_key(code: str) -> str:
    """A code as the tables are keyed: folded, upper case, no ``&`` (``BGDĐT`` -> ``BGDDT``).

    >>> code_key("CĐ"), code_key("TTg"), code_key("SNN&PTNT")
    ('CD', 'TTG', 'SNNPTNT')
    """
    return fold(code).replace("&", "").upper()


# Type codes at the head of a symbol (QĐ-UBND, 279-TB/TU) -> the kind they name, as written
# (upper case, with and without diacritics); Nghị định 30/2020/NĐ-CP, appendix III, plus the
# normative codes (NĐ, TT, TTLT, NQLT, L, PL).
TYPE_CODES: Mapping[str, str] = MappingProxyType({
    "CĐ": "Công điện", "CD": "Công điện", "CV": "Công văn", "QĐ": "Quyết định",
    "QD": "Quyết định", "NĐ": "Nghị định", "ND": "Nghị định", "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch", "CT": "Chỉ thị", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "TB": "Thông báo", "KH": "Kế hoạch", "TTR": "Tờ trình",
    "KL": "Kết luận", "CTR": "Chương trình", "PA": "Phương án", "ĐA": "Đề án", "DA": "Đề án",
    "HD": "Hướng dẫn", "HDLT": "Hướng dẫn liên tịch", "BC": "Báo cáo", "GM": "Giấy mời",
    "QC": "Quy chế", "QYĐ": "Quy định", "QYD": "Quy định", "L": "Luật", "PL": "Pháp lệnh",
    "L-CTN": "Lệnh", "VBHN": "Văn bản", "BB": "Biên bản", "TC": "Thông cáo",
})  # fmt: skip

# The same codes as symbols are split and folded for keys (``L-CTN`` is read as ``L``, ``CTN``).
TYPE_CODE_KEYS: frozenset[str] = frozenset(
    code_key(part) for code in TYPE_CODES for part in code.split("-")
) - {"CTN"}

# Issuer codes used by exactly one body in the country (code_key form) -> that body's level.
# Anything else (UBND, TU, HU, SYT, TTCH, BCĐ …) is repeated province by province, and a key
# of a document with such a symbol carries its issuer (``…@ubnd-tinh-lai-chau``).
NATIONAL_ISSUER_CODES: Mapping[str, Level] = MappingProxyType({
    **dict.fromkeys(
        "TTG CP VPCP QH UBTVQH VPQH HDDT HDBCQG CTN VPCTN TW VPTW BTCTW BTGTW BTGDVTW BDVTW "
        "BKTTW UBKTTW BNCTW BDNTW BCSCLTW HDLLTW DUK BBT MTTW BCDQG BCD389 BCDTWPCTT BCDQGPCTT "
        "UBQG UBQGCDS TANDTC VKSNDTC VKSTC KTNN".split(),
        Level.CENTRAL,
    ),
    **dict.fromkeys(
        "BYT BGDDT BTC BNV BCA BQP BNG BTP BKHDT BTNMT BNNPTNT BNN BNNMT BGTVT BXD BTTTT "
        "BLDTBXH BVHTTDL BKHCN BCT BDTTG NHNN TTCP UBDT BHXHVN TTXVN DTNVN DTHVN VHLKHXH "
        "VHLKHCN UBQLV".split(),
        Level.MINISTRY,
    ),
})

# National codes that name no single body, so the gazetteer resolves none from the symbol
# alone (``KL/TW``: the Central Committee, the Politburo or the Secretariat).
NATIONAL_WITHOUT_ONE_BODY: frozenset[str] = frozenset({"TW", "BBT"})

# Codes of a national body that local bodies use too (``BHXH``: Bảo hiểm xã hội Việt Nam and
# every provincial BHXH): the gazetteer may guess the national body, the key keeps the issuer.
SHARED_WITH_LOCAL: frozenset[str] = frozenset({"BHXH"})
