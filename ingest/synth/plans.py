"""The body of a province's Kế hoạch (plan) answering a national document.

A plan has no ``V/v`` line and no ``Kính gửi``: its title names what it carries out
(``Triển khai thực hiện Công điện số 763/CĐ-TTg …``: implements), then comes the legal basis, a
``Căn cứ`` list (every item based_on: the national document again, the documents it builds on),
the purpose, the tasks and who carries them out (the districts, named again in Nơi nhận).
"""

from __future__ import annotations

from typing import Any

from graph.models import Level, Relation
from ingest.synth.templates import GENERIC_TASKS

__all__ = ["plan_body"]


def plan_body(w: Any, node: Any, cascade: Any, fmt: dict[str, str]) -> list[str]:
    """Title, ``Căn cứ`` list, sections I–III. ``w`` is the letter's reference writer."""
    rng, a, topic, root = w.rng, node.authority, cascade.topic, cascade.root
    title_ref = w.ref(root, Relation.IMPLEMENTS, subject=True)
    basis = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]
    basis += [f"Căn cứ {w.ref(d, Relation.BASED_ON)};" for d in node.implements]
    extra = [d for d in cascade.background if d not in node.implements]
    if extra and rng.random() < 0.5:
        basis.append(f"Căn cứ {w.ref(rng.choice(extra), Relation.BASED_ON)};")
    lower = ("UBND các huyện, thành phố" if a.level == Level.PROVINCE and node.addressed
             and node.addressed[0].level == Level.DISTRICT else "UBND các xã, phường")
    tasks = rng.sample(list(topic.tasks) + list(GENERIC_TASKS), k=min(3, len(topic.tasks) + len(GENERIC_TASKS)))
    body = [
        f"KẾ HOẠCH\n\nTriển khai thực hiện {title_ref} về {root.subject}",
        *basis,
        f"Ủy ban nhân dân {a.scope} ban hành Kế hoạch triển khai thực hiện như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        f"1. Triển khai kịp thời, đồng bộ, hiệu quả các nhiệm vụ, giải pháp về {fmt['subj']}.",
        "2. Xác định rõ trách nhiệm của các cơ quan, đơn vị, địa phương trong tổ chức thực hiện.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        *[f"{i}. {t.format(**fmt)[0].upper()}{t.format(**fmt)[1:]}" for i, t in enumerate(tasks, 1)],
        "III. TỔ CHỨC THỰC HIỆN",
        f"1. {topic.department.name} chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc việc thực hiện Kế "
        "hoạch này; tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh.",
        f"2. {lower} căn cứ Kế hoạch này xây dựng kế hoạch triển khai thực hiện tại địa phương; báo cáo kết "
        "quả thực hiện trước ngày 25 hằng tháng./.",
    ]
    return body
