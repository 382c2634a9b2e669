"""Chinese line breaking: no line starts with closing punctuation or ends with an opening
mark, at every width, in one font run and in several (a rare character in the supplement
font makes several)."""

from __future__ import annotations

import pytest

from desktop.documents import fonts, linebreak, render

TEXT = ("调解协议于2026年11月19日达成，2026年11月20日生效；共2项，合计人民币壹万柒仟陆佰"
        "捌拾元零叁角贰分（¥17,680.32），履行期限至2026年12月15日。申请人（张三）称："
        "“被申请人拖欠工资。”……")


def _lines(paragraph) -> list[str]:
    out = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple | list):
            out.append("".join(line[1]))
        else:
            out.append("".join(getattr(w, "text", "") for w in line.words))
    return out


@pytest.mark.parametrize("text", [TEXT, "赵堃喆" + TEXT])
@pytest.mark.parametrize("style", ["body", "cell"])
def test_no_line_starts_with_closing_punctuation(text, style):
    styles = render._styles()
    for width in range(60, 460, 3):  # four characters or more a line
        paragraph = render._p(text, styles[style])
        paragraph.wrap(width, 10_000)
        lines = _lines(paragraph)
        assert "".join(lines) == text, (width, lines)  # nothing lost or doubled
        for line in lines:
            assert line[:1] not in linebreak.NO_LINE_START, (width, lines)
            assert line[-1:] not in linebreak.NO_LINE_END, (width, lines)


def test_reportlab_uses_these_rules():
    fonts.register()
    from reportlab.platypus import paragraph

    assert paragraph.cjkFragSplit is linebreak.cjk_frag_split
    assert paragraph.wordSplit is linebreak.word_split
