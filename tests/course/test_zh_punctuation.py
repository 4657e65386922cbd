"""Chinese prose punctuation: what the fixer changes, what it leaves alone, and that it settles."""

import pytest

from tutor.course.zhpunct import ascii_punctuation_in_zh, fix_zh_punctuation


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("损失, 梯度: 更新", "损失，梯度：更新"),
        ("记录 (已保留): 三课", "记录（已保留）：三课"),  # needs a second pass for the colon
        ("形状是 (4, 3), 不是 (3,)", "形状是 (4, 3)，不是 (3,)"),  # shapes stay ASCII
        ("均方误差 (MSE) 很常用", "均方误差（MSE）很常用"),
        ("一共 1,000 个样本", "一共 1,000 个样本"),
        ("公式 $a, b$ 和代码 `f(x, y)`, 都不变", "公式 $a, b$ 和代码 `f(x, y)`，都不变"),
        ("Plain English, untouched: yes", "Plain English, untouched: yes"),
    ],
)
def test_fix(text, fixed):
    assert fix_zh_punctuation(text) == fixed


@pytest.mark.parametrize("text", ["记录 (已保留): 三课", "好 (a): b, 坏!", "问题? 回答: (是)"])
def test_fixing_twice_changes_nothing(text):
    once = fix_zh_punctuation(text)
    assert fix_zh_punctuation(once) == once
    assert ascii_punctuation_in_zh(once) == []
