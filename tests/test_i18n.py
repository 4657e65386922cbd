"""The app's own Chinese words follow the same punctuation rule as the lessons."""

from tutor.course.zhpunct import fix_zh_punctuation
from tutor.i18n import ZH, tr


def test_chinese_ui_strings_use_full_width_punctuation():
    wrong = {en: zh for en, zh in ZH.items() if fix_zh_punctuation(zh) != zh}
    assert not wrong


def test_placeholders_survive_translation():
    for en, zh in ZH.items():
        for name in ("{title}", "{n}", "{reason}", "{done}", "{total}", "{lesson}"):
            assert (name in en) == (name in zh), (en, zh)


def test_missing_translation_falls_back_to_english():
    assert tr("no such words", "zh") == "no such words"
    assert tr("Help", "zh") == "帮助"
