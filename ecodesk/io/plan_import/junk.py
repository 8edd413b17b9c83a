"""Web page furniture that published plans carry when copied from a government site.

Whole junk lines (metadata, share/print links) are dropped; junk fragments inside a line (a run-on
copy of a page) are cut out. Dropped junk is never reported as unplaced: it is not part of the plan.
"""

from __future__ import annotations

import re

_META_KEYS = (
    "索引号|主题分类|发布机构|生成日期|文件编号|有效性|公开范围|公开方式|公开时限|发文机关|发文字号"
    "|成文日期|发布日期|发布时间|创建时间|更新时间|日期|来源|信息来源|作者|责任编辑|编辑|浏览量|浏览次数"
    "|访问量|点击数|点击量|阅读量|字号|字体"
)
_JUNK_LINE = re.compile(
    rf"^(?:(?:{_META_KEYS})\s*[:：]"
    r"|分享到|相关链接|相关文件|附件下载|扫一扫|打印本页|关闭窗口|【\s*打印|【\s*关闭|上一篇|下一篇|返回顶部"
    r"|字体\s*[【\[]|[|｜\s]*$)"
)
_JUNK_FRAGMENT = re.compile(
    r"分享到\s*[:：]?|扫一扫在手机打开当前页|打印本页|关闭窗口|字体\s*[【\[][^】\]]{0,20}[】\]]"
    r"|浏览量\s*[:：]\s*\d{0,9}|(?:[|｜]\s*){2,}"
)
_BULLETS = "•·●▪◆◇■□○◦‧∙⋅"
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u200b\ufeff]+")


def clean(text: str) -> str:
    """One line without junk fragments, leading bullets and repeated spaces; '' when all junk."""
    text = _SPACES.sub(" ", text).strip()
    text = text.lstrip(_BULLETS + " ")
    if _JUNK_LINE.match(text):
        return ""
    return _JUNK_FRAGMENT.sub(" ", text).strip().lstrip(_BULLETS + " ")
