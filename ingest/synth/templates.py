"""Wording of synthetic letters: the tables :mod:`ingest.synth.generate` draws from (patterns as data).

Everything Vietnamese the generator writes lives here: the national bodies and the documents
they issue, topics (subjects, opening sentences, tasks, the department and office that carry
them out), cue phrases that introduce the implemented document, recipient and signer wording,
closing sentences and personal names. Placeholders are ``str.format`` fields:

``{ref}``      the reference to the implemented document (already rendered)
``{subj}``     the subject of the implemented document
``{chair}``    who directs (``Chủ tịch UBND tỉnh``, ``Sở Y tế``)
``{addr}``     the addressees in a sentence (``các sở, ban, ngành, địa phương``)
``{dept}``     who carries the topic at the writer's level (``Sở Y tế``, ``Phòng Y tế``)
``{units}``    the lower level (``UBND các huyện, thành phố``, ``UBND các xã, thị trấn``)
``{scope}``    the writer's level word (``tỉnh``, ``huyện``, ``xã``)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from graph.models import Level

__all__ = [
    "CENTRALS",
    "CLOSINGS",
    "CONTEXT_SENTENCES",
    "CUES",
    "CUES_MULTI",
    "CUES_TB",
    "CUES_TB_THEO",
    "CUES_THEO",
    "CITE_SENTENCES",
    "GENERIC_TASKS",
    "ALIAS_SENTENCES",
    "OFFICE_REPLIERS",
    "SUB_TASKS",
    "Central",
    "DocSpec",
    "Office",
    "TOPICS",
    "Topic",
    "person_name",
]


@dataclass(frozen=True, slots=True)
class Central:
    """A national body: ``Thủ tướng Chính phủ``, ``Bộ Y tế`` …"""

    code: str
    name: str
    level: Level
    header: tuple[str, ...]
    place: str = "Hà Nội"


CENTRALS: dict[str, Central] = {
    c.code: c
    for c in (
        Central("TTg", "Thủ tướng Chính phủ", Level.CENTRAL, ("THỦ TƯỚNG CHÍNH PHỦ",)),
        Central("CP", "Chính phủ", Level.CENTRAL, ("CHÍNH PHỦ",)),
        Central("VPCP", "Văn phòng Chính phủ", Level.CENTRAL, ("VĂN PHÒNG CHÍNH PHỦ",)),
        Central("BYT", "Bộ Y tế", Level.MINISTRY, ("BỘ Y TẾ",)),
        Central("BNN", "Bộ Nông nghiệp và Phát triển nông thôn", Level.MINISTRY, ("BỘ NÔNG NGHIỆP",)),
        Central("BGDĐT", "Bộ Giáo dục và Đào tạo", Level.MINISTRY, ("BỘ GIÁO DỤC VÀ ĐÀO TẠO",)),
        Central("BTC", "Bộ Tài chính", Level.MINISTRY, ("BỘ TÀI CHÍNH",)),
        Central("BCA", "Bộ Công an", Level.MINISTRY, ("BỘ CÔNG AN",)),
        Central("BNV", "Bộ Nội vụ", Level.MINISTRY, ("BỘ NỘI VỤ",)),
        Central("BCT", "Bộ Chính trị", Level.CENTRAL, ("BAN CHẤP HÀNH TRUNG ƯƠNG",)),
    )
}


@dataclass(frozen=True, slots=True)
class DocSpec:
    """A kind of national document: ``Công điện`` ``CĐ-TTg`` of the Prime Minister.

    ``per_day`` is how many numbers the issuer uses per day (``1068/CĐ-TTg`` on 5 August), so the
    number grows with the day of the year; ``normative`` documents carry the year in the symbol
    (``15/2021/NĐ-CP``).
    """

    kind: str
    symbol: str
    issuer: str  # key of CENTRALS
    per_day: float
    subject: str = ""
    normative: bool = False
    party: bool = False  # Party style number: ``16-CT/TW``


@dataclass(frozen=True, slots=True)
class Office:
    """A body that carries a topic: ``Sở Y tế`` (symbol ``SYT-NVY``), ``Phòng Y tế`` (``PYT``)."""

    name: str
    symbol: str
    title: tuple[str, ...] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    roots: tuple[DocSpec, ...]
    background: tuple[DocSpec, ...]  # documents cited in passing
    province_symbol: str  # the UBND tỉnh letter's symbol: UBND-VX, UBND-KT …
    department: Office  # province level
    office: Office  # district level
    command: Office | None  # a district command centre / steering committee, if the topic has one
    context: tuple[str, ...]  # opening sentences before the cue
    tasks: tuple[str, ...]
    new_map: bool = True  # whether the topic still occurs after the 2025 reform


_SO_TITLE = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
_PHONG_TITLE = ("TRƯỞNG PHÒNG",)
_TTCH_TITLE = ("CHỈ HUY TRƯỞNG", "CHỦ TỊCH UBND HUYỆN")

_CD = DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0)
_CT = DocSpec("Chỉ thị", "CT-TTg", "TTg", 0.08)
_TB = DocSpec("Thông báo", "TB-VPCP", "VPCP", 0.9)
_NQ = DocSpec("Nghị quyết", "NQ-CP", "CP", 0.5, "các giải pháp cấp bách")
_ND = DocSpec("Nghị định", "NĐ-CP", "CP", 0.4, "quy định chi tiết", normative=True)
# Party documents, cited bare in real letters ("Chỉ thị 16 Bộ Chính trị").
_CT_TW = DocSpec("Chỉ thị", "CT/TW", "BCT", 0.05, "tăng cường sự lãnh đạo của Đảng", party=True)
_KL_TW = DocSpec("Kết luận", "KL/TW", "BCT", 0.3, "tiếp tục thực hiện Nghị quyết của Bộ Chính trị", party=True)

TOPICS: tuple[Topic, ...] = (
    Topic(
        key="covid",
        roots=(
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "tăng cường thực hiện các biện pháp phòng, chống dịch Covid-19"),
            DocSpec("Thông báo", "TB-VPCP", "VPCP", 0.9,
                    "kết luận của Ban Chỉ đạo quốc gia phòng, chống dịch Covid-19 tại Phiên họp thứ {k}"),
            DocSpec("Công văn", "BYT-DP", "BYT", 19.0,
                    "tăng cường công tác tiêm chủng vắc xin phòng Covid-19 và phòng, chống bệnh truyền nhiễm"),
        ),
        background=(
            DocSpec("Quyết định", "QĐ-BYT", "BYT", 9.0, "hướng dẫn chẩn đoán và điều trị Covid-19"),
            DocSpec("Công văn", "BYT-DP", "BYT", 19.0, "tiêm vắc xin phòng Covid-19"),
            _NQ,
            _CD,
            _CT_TW,
        ),
        province_symbol="UBND-VX",
        department=Office("Sở Y tế", "SYT-NVY", _SO_TITLE),
        office=Office("Phòng Y tế", "PYT", _PHONG_TITLE),
        command=Office("Trung tâm chỉ huy phòng, chống dịch Covid-19", "CV-TTCH", _TTCH_TITLE),
        context=(
            "Dịch bệnh vẫn đang diễn biến phức tạp và có thể kéo dài, đe dọa đến sức khỏe, tính mạng "
            "người dân, gây tác động lớn đến phát triển kinh tế xã hội.",
            "Vắc xin là biện pháp chiến lược quan trọng nhất, quyết định trong phòng, chống dịch Covid-19.",
            "Theo nhận định của Tổ chức Y tế thế giới (WHO), dịch COVID-19 dự báo vẫn còn diễn biến khó "
            "lường trong thời gian tới.",
        ),
        tasks=(
            "{dept} chủ trì, phối hợp với các cơ quan liên quan khẩn trương hoàn thành việc tiêm vắc xin "
            "theo mục tiêu, bảo đảm an toàn, khoa học, hiệu quả.",
            "{dept} theo dõi chặt chẽ tình hình dịch bệnh, nhất là sự xuất hiện của các biến thể mới; "
            "chủ động xây dựng các kịch bản, phương án ứng phó với mọi tình huống có thể xảy ra.",
            "Bảo đảm đủ thuốc, trang thiết bị, vật tư và nhân lực y tế cho công tác phòng, chống dịch; "
            "không để xảy ra thiếu thuốc phục vụ công tác khám bệnh, chữa bệnh của Nhân dân.",
            "{units} tổ chức rà soát, lập danh sách chính xác các đối tượng chưa được tiêm vắc xin, "
            "tổ chức đi từng ngõ, gõ từng nhà, rà từng người để vận động tiêm chủng.",
            "Tăng cường tuyên truyền thông điệp “2K (Khẩu trang, Khử khuẩn) + vắc xin + thuốc + điều trị "
            "+ công nghệ + ý thức người dân” để phòng chống dịch Covid-19 trong tình hình mới.",
        ),
        new_map=False,
    ),
    Topic(
        key="storm",
        roots=(
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "chủ động ứng phó với bão số {k}"),
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "tập trung khắc phục hậu quả mưa lũ, sạt lở đất"),
        ),
        background=(
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "chủ động phòng, chống mưa lũ"),
            DocSpec("Chỉ thị", "CT-TTg", "TTg", 0.08, "tăng cường công tác phòng, chống thiên tai"),
            _ND,
            _CT_TW,
        ),
        province_symbol="UBND-KT",
        department=Office("Sở Nông nghiệp và Phát triển nông thôn", "SNN-TL", _SO_TITLE),
        office=Office("Phòng Nông nghiệp và Phát triển nông thôn", "PNN", _PHONG_TITLE),
        command=Office("Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn", "BCH-PCTT",
                       ("TRƯỞNG BAN", "CHỦ TỊCH UBND HUYỆN")),
        context=(
            "Hiện nay, tình hình mưa lũ diễn biến phức tạp, nguy cơ cao xảy ra lũ quét, sạt lở đất tại "
            "các khu vực miền núi.",
            "Theo dự báo của Trung tâm Dự báo khí tượng thủy văn quốc gia, trong những ngày tới tiếp tục "
            "có mưa to đến rất to trên diện rộng.",
        ),
        tasks=(
            "{units} tổ chức kiểm tra, rà soát các khu dân cư ven sông, suối, vùng trũng thấp, khu vực có "
            "nguy cơ sạt lở đất để chủ động di dời, sơ tán người dân đến nơi an toàn.",
            "{dept} chỉ đạo vận hành an toàn các hồ chứa thủy lợi, bảo đảm an toàn hạ du.",
            "Bố trí lực lượng, phương tiện canh gác, hướng dẫn giao thông tại các ngầm, tràn, khu vực "
            "ngập sâu; kiên quyết không để người và phương tiện qua lại khi không bảo đảm an toàn.",
            "Tổ chức trực ban nghiêm túc 24/24 giờ, thường xuyên báo cáo tình hình về {chair_body}.",
        ),
    ),
    Topic(
        key="swine_fever",
        roots=(
            DocSpec("Công văn", "BNN-TY", "BNN", 14.0, "tăng cường phòng, chống bệnh Dịch tả lợn Châu Phi"),
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "tập trung phòng, chống bệnh Dịch tả lợn Châu Phi"),
        ),
        background=(
            DocSpec("Quyết định", "QĐ-TTg", "TTg", 3.0, "phê duyệt Kế hoạch quốc gia phòng, chống bệnh Dịch tả lợn Châu Phi"),
            DocSpec("Công văn", "BNN-TY", "BNN", 14.0, "phòng, chống dịch bệnh động vật"),
            _ND,
        ),
        province_symbol="UBND-KT",
        department=Office("Sở Nông nghiệp và Phát triển nông thôn", "SNN-CNTY", _SO_TITLE),
        office=Office("Phòng Nông nghiệp và Phát triển nông thôn", "PNN", _PHONG_TITLE),
        command=None,
        context=(
            "Thời gian gần đây, bệnh Dịch tả lợn Châu Phi tiếp tục xảy ra rải rác tại nhiều địa phương, "
            "gây thiệt hại cho người chăn nuôi.",
        ),
        tasks=(
            "{dept} chủ trì, phối hợp với các đơn vị liên quan hướng dẫn người chăn nuôi áp dụng các "
            "biện pháp chăn nuôi an toàn sinh học.",
            "{units} tổ chức giám sát chặt chẽ, phát hiện sớm, khoanh vùng, xử lý triệt để ổ dịch, không để "
            "dịch bệnh lây lan ra diện rộng.",
            "Tăng cường kiểm soát vận chuyển, giết mổ lợn; xử lý nghiêm các trường hợp vận chuyển, buôn bán "
            "lợn bệnh, vứt xác lợn chết ra môi trường.",
        ),
    ),
    Topic(
        key="food_safety",
        roots=(
            DocSpec("Chỉ thị", "CT-TTg", "TTg", 0.08, "tăng cường công tác bảo đảm an toàn thực phẩm dịp Tết Nguyên đán"),
            DocSpec("Công văn", "BYT-ATTP", "BYT", 19.0, "bảo đảm an toàn thực phẩm trong dịp Tết và mùa Lễ hội Xuân"),
        ),
        background=(
            DocSpec("Kế hoạch", "KH-BCĐTWATTP", "BYT", 0.2, "triển khai công tác bảo đảm an toàn thực phẩm"),
            _ND,
        ),
        province_symbol="UBND-VX",
        department=Office("Sở Y tế", "SYT-ATTP", _SO_TITLE),
        office=Office("Phòng Y tế", "PYT", _PHONG_TITLE),
        command=None,
        context=("Để bảo đảm an toàn thực phẩm, phòng ngừa ngộ độc thực phẩm trong dịp Tết Nguyên đán.",),
        tasks=(
            "{dept} chủ trì tổ chức các đoàn kiểm tra liên ngành về an toàn thực phẩm, tập trung vào các cơ "
            "sở sản xuất, kinh doanh thực phẩm tiêu thụ nhiều trong dịp Tết.",
            "{units} tăng cường thông tin, tuyên truyền, phổ biến kiến thức về an toàn thực phẩm đến người "
            "dân; xử lý nghiêm các vi phạm theo quy định.",
        ),
    ),
    Topic(
        key="public_investment",
        roots=(
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "đẩy mạnh giải ngân vốn đầu tư công"),
            DocSpec("Thông báo", "TB-VPCP", "VPCP", 0.9,
                    "kết luận của Thủ tướng Chính phủ tại Hội nghị trực tuyến thúc đẩy giải ngân vốn đầu tư công"),
        ),
        background=(
            DocSpec("Nghị quyết", "NQ-CP", "CP", 0.5, "nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội"),
            DocSpec("Công văn", "BTC-ĐT", "BTC", 40.0, "giải ngân vốn đầu tư công"),
            _ND,
            _KL_TW,
        ),
        province_symbol="UBND-KT",
        department=Office("Sở Tài chính", "STC-ĐT", _SO_TITLE),
        office=Office("Phòng Tài chính - Kế hoạch", "TCKH", _PHONG_TITLE),
        command=None,
        context=("Tỷ lệ giải ngân vốn đầu tư công trên địa bàn đến nay còn thấp so với kế hoạch được giao.",),
        tasks=(
            "{dept} tham mưu điều chuyển vốn từ các dự án giải ngân chậm sang các dự án có khả năng giải ngân tốt.",
            "Các chủ đầu tư tập trung đẩy nhanh tiến độ thi công, nghiệm thu, thanh toán khối lượng hoàn thành; "
            "người đứng đầu chịu trách nhiệm về kết quả giải ngân.",
            "{units} đẩy nhanh công tác bồi thường, giải phóng mặt bằng, tháo gỡ kịp thời các vướng mắc.",
        ),
    ),
    Topic(
        key="two_tier",
        roots=(
            DocSpec("Công điện", "CĐ-TTg", "TTg", 4.0, "bảo đảm vận hành thông suốt chính quyền địa phương hai cấp"),
            DocSpec("Thông báo", "TB-VPCP", "VPCP", 0.9,
                    "kết luận của Thủ tướng Chính phủ tại cuộc họp về tổ chức chính quyền địa phương hai cấp"),
            DocSpec("Công văn", "BNV-CQĐP", "BNV", 20.0, "hướng dẫn thực hiện chức năng, nhiệm vụ của cấp xã"),
        ),
        background=(
            DocSpec("Nghị định", "NĐ-CP", "CP", 0.4, "quy định phân cấp, phân quyền", normative=True),
            DocSpec("Công văn", "BNV-CQĐP", "BNV", 20.0, "sắp xếp đơn vị hành chính"),
            _KL_TW,
        ),
        province_symbol="UBND-TH",
        department=Office("Sở Nội vụ", "SNV-CCHC", _SO_TITLE),
        office=Office("Phòng Nội vụ", "PNV", _PHONG_TITLE),
        command=None,
        context=("Chính quyền địa phương hai cấp chính thức vận hành từ ngày 01/7/2025.",),
        tasks=(
            "{dept} hướng dẫn, theo dõi, đôn đốc việc vận hành chính quyền địa phương hai cấp, kịp thời "
            "tham mưu tháo gỡ khó khăn, vướng mắc.",
            "{units} bảo đảm bố trí trụ sở, trang thiết bị làm việc, không để gián đoạn việc giải quyết thủ "
            "tục hành chính cho người dân, doanh nghiệp.",
            "Rà soát, bố trí cán bộ, công chức phù hợp với vị trí việc làm; thực hiện đầy đủ chế độ, chính sách.",
        ),
    ),
)

# Cue phrases that introduce the implemented document (relation ``implements``).
CUES: tuple[str, ...] = (
    "Thực hiện {ref} về việc {subj}, {chair} yêu cầu {addr} thực hiện một số nội dung sau:",
    "Triển khai {ref} về {subj}; {chair} chỉ đạo như sau:",
    "Căn cứ {ref} về việc {subj},\n\nĐể triển khai thực hiện có hiệu quả, {chair} yêu cầu {addr} "
    "thực hiện nghiêm một số nội dung sau:",
    "Thực hiện chỉ đạo của {ref_issuer} tại {ref} về {subj}, {chair} đề nghị {addr} triển khai "
    "thực hiện các nội dung sau:",
    "Thực hiện {ref} về việc {subj}. {chair} có ý kiến chỉ đạo như sau:",
)
# "Theo … yêu cầu … triển khai" cues: they mean implements too (issue 10, class 2).
CUES_THEO: tuple[str, ...] = (
    "Theo yêu cầu của {ref_issuer} tại {ref} về {subj}, {chair} đề nghị {addr} khẩn trương triển khai "
    "thực hiện các nội dung sau:",
)
CUES_TB_THEO: tuple[str, ...] = (
    "Theo {ref}, Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương tiếp tục triển khai thực hiện "
    "quyết liệt {subj}. {chair} yêu cầu {addr} khẩn trương triển khai thực hiện các nội dung sau:",
    "Theo {ref} về {subj}, trong đó yêu cầu các địa phương triển khai thực hiện nghiêm các nhiệm vụ được "
    "giao; {chair} yêu cầu {addr} thực hiện một số nội dung sau:",
)
# For a Thông báo kết luận (the reference already says "Thông báo ...").
CUES_TB: tuple[str, ...] = (
    "Theo {ref} thông báo {subj} (gửi kèm theo), {chair} yêu cầu {addr} triển khai thực hiện tốt "
    "các nội dung sau:",
    "Thực hiện {ref} thông báo {subj} (gửi kèm theo); {chair} yêu cầu {addr} tập trung một số nhiệm vụ sau:",
)
# Several implemented documents at once (``{refs}`` joined by the template's separator).
CUES_MULTI: tuple[tuple[str, str], ...] = (
    ("Căn cứ {refs};\n\n{chair} yêu cầu {addr} thực hiện các nội dung sau:", ";\n\nCăn cứ "),
    ("Thực hiện {refs} về việc {subj}, {chair} yêu cầu {addr} thực hiện một số nội dung sau:", "; "),
)
CONTEXT_SENTENCES: tuple[str, ...] = (
    "Thời gian qua, các cơ quan, đơn vị đã tích cực triển khai thực hiện và đạt được một số kết quả nhất định.",
    "Tuy nhiên, việc triển khai tại một số địa phương còn chậm, chưa đáp ứng yêu cầu.",
)
GENERIC_TASKS: tuple[str, ...] = (
    "Các cơ quan, đơn vị theo chức năng, nhiệm vụ được giao tiếp tục quán triệt và triển khai thực hiện "
    "nghiêm các nội dung chỉ đạo của cấp trên.",
    "Tăng cường công tác kiểm tra, giám sát, đôn đốc việc thực hiện; kịp thời phát hiện, chấn chỉnh các "
    "tồn tại, hạn chế.",
    "Đẩy mạnh công tác thông tin, tuyên truyền để người dân hiểu, đồng thuận và tích cực tham gia.",
    "Định kỳ báo cáo kết quả thực hiện về {chair_body} trước ngày 25 hằng tháng để tổng hợp.",
)
# Bullet points under a numbered task.
SUB_TASKS: tuple[str, ...] = (
    "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện, bảo đảm đúng tiến độ, "
    "chất lượng và hiệu quả.",
    "Thường xuyên rà soát, đánh giá kết quả thực hiện; kịp thời đề xuất các giải pháp tháo gỡ khó khăn, "
    "vướng mắc phát sinh.",
    "Phân công cụ thể cán bộ phụ trách, theo dõi, đôn đốc; gắn trách nhiệm của người đứng đầu với kết quả "
    "thực hiện nhiệm vụ được giao.",
    "Tổng hợp, báo cáo kết quả thực hiện về {chair_body} theo quy định.",
    "Phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc và các tổ chức đoàn thể vận động Nhân dân cùng tham gia.",
)
# Sentences that mention a document in passing (relation ``cites``).
CITE_SENTENCES: tuple[str, ...] = (
    "Các đơn vị lưu ý các yêu cầu đã nêu tại {ref}, không để xảy ra chậm trễ.",
    "Nội dung này đã được hướng dẫn cụ thể tại {ref}.",
    "Các quy định liên quan được nêu tại {ref}.",
)
# A later mention of a document by the short name a letter gave it (``{alias}``: ``Kế hoạch 125``).
ALIAS_SENTENCES: tuple[str, ...] = (
    "Các cơ quan, đơn vị tổ chức quán triệt đầy đủ nội dung {alias} đến cán bộ, công chức, viên chức.",
    "Kết quả thực hiện {alias} được tổng hợp vào báo cáo định kỳ hằng tháng.",
)
# Offices of a district that answer a province letter themselves (not the addressed UBND).
OFFICE_REPLIERS: tuple[Office, ...] = (
    Office("Văn phòng HĐND và UBND", "VP", ("CHÁNH VĂN PHÒNG",)),
    Office("Phòng Giáo dục và Đào tạo", "PGDĐT", ("TRƯỞNG PHÒNG",)),
)
CLOSINGS: tuple[str, ...] = (
    "Căn cứ nội dung Công văn này, {chair} yêu cầu Thủ trưởng các cơ quan, đơn vị, địa phương liên quan "
    "tổ chức thực hiện./.",
    "Căn cứ nội dung Văn bản này, {chair} yêu cầu Thủ trưởng các cơ quan, đơn vị liên quan phối hợp triển "
    "khai thực hiện./.",
    "Trên đây là chỉ đạo của {chair}, đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc kịp thời báo cáo {chair_body} để được hướng dẫn./.",
)

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
           "Dương", "Lý", "Tổng", "Kiều", "Lò", "Tòng", "Sùng", "Giàng", "Hà", "Đinh", "Lường", "Phan")
_MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Quốc", "Hải", "Ngọc", "Xuân", "Lữ", "A", "Công")
_GIVEN = ("Nam", "Hải", "Páo", "Hùng", "Dũng", "Tuấn", "Hương", "Lan", "Bình", "Sơn", "Thắng", "Long",
          "Phong", "Thủy", "Chiến", "Cường", "Khánh", "Lâm", "Trung", "Quang", "Hoa", "Tâm", "Vinh")


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name: ``Kiều Hải Nam``, ``Sùng Lữ Páo``."""
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
