"""The app's own words (buttons, titles, bindings, notices) in English and Chinese.

The English text is the key: `tr("Run cell", "zh")` returns "运行单元格", and a string with
no Chinese entry falls back to English, so a missing translation shows up as English rather
than as an error. Lesson text is not here: lessons carry both languages themselves.
Placeholders use str.format: `tr("{done} of {total} lessons done", lang).format(...)`.
"""

from __future__ import annotations

import os

ZH: dict[str, str] = {
    # app and screens
    "dltutor": "dltutor 深度学习导师",
    "Course": "课程",
    "Course map": "课程地图",
    "Lesson": "课程",
    "Review": "复习",
    "Progress": "进度",
    "Help": "帮助",
    "palette": "命令面板",
    "Loading the course…": "正在加载课程……",
    "{done} of {total} lessons done": "已完成 {done} / {total} 课",
    "Continue where I left off": "从上次的位置继续",
    "Continue: {title}": "继续：{title}",
    "Start: {title}": "开始：{title}",
    "Nothing to continue yet: pick a lesson.": "还没有可以继续的课程：选一课开始吧。",
    "Open lesson": "打开课程",
    "minutes": "分钟",
    "Prerequisites": "先修课程",
    "Covers": "涵盖",
    "Status": "状态",
    "none": "无",
    "not started": "未开始",
    "in progress": "学习中",
    "done": "已完成",
    "exercises passed": "练习全部通过",
    "Lesson file problems": "课程文件的问题",
    "{n} lesson file problems: run `dltutor check`": "{n} 个课程文件问题：运行 `dltutor check` 查看",
    # bindings
    "Quit": "退出",
    "Language": "语言",
    "Theme": "主题",
    "Search": "搜索",
    "Open": "打开",
    "Continue": "继续",
    "Back": "返回",
    "Next block": "下一块",
    "Previous block": "上一块",
    "Run cell": "运行单元格",
    "Run": "运行",
    "Run all": "全部运行",
    "Interrupt": "中断",
    "Reset kernel": "重启内核",
    "Edit": "编辑",
    "Stop editing": "结束编辑",
    "Contents": "目录",
    "Kernel source": "内核源码",
    "Run tests": "运行测试",
    "Hint": "提示",
    "Solution": "答案",
    "Diff": "对比",
    "Next": "下一题",
    "Close": "关闭",
    "Answer": "作答",
    # lesson reader
    "Quiz": "测验",
    "Exercise": "练习",
    "Score: {correct} of {total}": "得分：{correct} / {total}",
    "kernel: starting": "内核：启动中",
    "kernel: ready": "内核：就绪",
    "kernel: busy": "内核：运行中",
    "kernel: unavailable": "内核：不可用",
    "kernel: restarted": "内核：已重启",
    "The kernel is not available: {reason}": "内核不可用：{reason}",
    "Kernel restarted: variables from earlier cells are gone.": "内核已重启：之前单元格中的变量都已清空。",
    "idle": "未运行",
    "queued": "排队中",
    "running": "运行中",
    "ok": "完成",
    "error": "出错",
    "interrupted": "已中断",
    "timeout": "超时",
    "memory": "内存超限",
    "output": "输出过多",
    "procs": "进程过多",
    "crashed": "崩溃",
    "Run {seconds:.1f} s": "用时 {seconds:.1f} 秒",
    "Interrupted.": "已中断。",
    "Nothing is running.": "没有正在运行的单元格。",
    "This lesson shows no kernels/ code.": "本课没有可查看的 kernels/ 源码。",
    "Source not found: {name}": "找不到源码：{name}",
    "Lesson complete!": "本课完成！",
    # quizzes
    "Correct": "正确",
    "Not quite": "不对",
    "Type a letter (A, B, …) and press Enter": "输入字母(A、B……)后按回车",
    "Type letters such as A,C and press Enter": "输入字母，例如 A,C，然后按回车",
    "Type a number (0.25, 1/4, 2e-3) and press Enter": "输入数字(0.25、1/4、2e-3)后按回车",
    "Type a shape such as (32, 16) and press Enter": "输入形状，例如 (32, 16)，然后按回车",
    "Type your answer and press Enter": "输入答案后按回车",
    "Why: ": "解析：",
    "Answer checking is not available: {reason}": "无法判题：{reason}",
    # exercises
    "Run tests: Ctrl+R in the editor, or t": "运行测试：在编辑器中按 Ctrl+R，或按 t",
    "Running the tests…": "正在运行测试……",
    "{passed} of {total} tests passed": "通过 {passed} / {total} 个测试",
    "All tests passed!": "全部测试通过！",
    "The tests could not run: {error}": "测试无法运行：{error}",
    "Attempts: {n}": "尝试次数：{n}",
    "No more hints.": "没有更多提示了。",
    "Hint {n}: ": "提示 {n}:",
    "Press s again to see the solution (it is recorded).": "再按一次 s 查看答案（会被记录）。",
    "Your attempt vs the solution": "你的代码与参考答案的差异",
    "Reveal the solution first (s).": "请先查看答案（s）。",
    "Your code is the same as the solution.": "你的代码与参考答案相同。",
    "What you printed": "你的输出",
    # review
    "Nothing is due for review.": "目前没有需要复习的题目。",
    "The next question comes due {when}.": "下一道题将在 {when} 到期。",
    "Answer quiz questions in lessons and they come back here.": "在课程中回答测验题，它们会回到这里复习。",
    "Question {n} of {total}": "第 {n} 题，共 {total} 题",
    "From: {lesson}": "来自：{lesson}",
    "Review finished: {correct} of {total} right.": "复习完成：答对 {correct} / {total} 题。",
    "in {minutes} minutes": "{minutes} 分钟后",
    "in {hours} hours": "{hours} 小时后",
    "in {days} days": "{days} 天后",
    # progress
    "Part": "部分",
    "Lessons": "课程",
    "Questions": "题目",
    "Accuracy": "正确率",
    "Time": "时间",
    "Lessons done": "完成课程",
    "Questions right": "答对题目",
    "Quiz accuracy": "测验正确率",
    "Streak": "连续学习",
    "Time spent": "学习时长",
    "Due for review": "待复习",
    "{n} days": "{n} 天",
    "Profile": "档案",
    # help
    "Keys on this screen": "本屏幕的按键",
    "Everywhere": "全局",
    "Command palette: search lessons, topics and glossary terms": "命令面板：搜索课程、主题和术语",
    "Help: this list": "帮助：显示此列表",
    "Switch between English and Chinese": "切换中文和英文",
    "Switch between dark and light themes": "切换深色与浅色主题",
    "Tab / Shift+Tab move between controls; the mouse works too.": "Tab / Shift+Tab 在控件之间移动；也可以使用鼠标。",
    # search
    "lesson": "课程",
    "topic": "主题",
    "term": "术语",
    "Open the lesson": "打开课程",
    "Search lessons, topics and glossary terms…": "搜索课程、主题和术语……",
    # progress, review and reset on the command line
    "{minutes} min": "{minutes} 分钟",
    "{hours} h {minutes} min": "{hours} 小时 {minutes} 分钟",
    "Review: {n} due now": "复习：现在有 {n} 题到期",
    ", next {when}": "，下次 {when}",
    "Profile {profile}  ({database})": "档案 {profile}  ({database})",
    "Lessons: {done} of {total} done, {started} started": "课程：已完成 {done} / {total}，进行中 {started}",
    "Time: {time}": "时长：{time}",
    "Streak: {n} days": "连续学习：{n} 天",
    "Streak: {n} day": "连续学习：{n} 天",
    "Answers: {total}, {accuracy} correct": "作答：{total} 次，正确率 {accuracy}",
    "Continue: {lesson} (block {block})": "继续：{lesson}（第 {block} 块）",
    "{lesson} ({n} answers)": "{lesson}（{n} 次作答）",
    "History of lessons no longer in the course (kept): {listed}.": "已不在课程中的课程记录（已保留）：{listed}。",
    "If a lesson was renamed: dltutor progress --rename OLD NEW": "如果课程改了名：dltutor progress --rename OLD NEW",
    "Moved the history of {old} to {new} ({n} answers).": "已把 {old} 的记录移到 {new}（{n} 次作答）。",
    "Nothing to review now.": "现在没有要复习的题目。",
    "Next review {when}.": "下次复习：{when}。",
    "Answer some quiz questions first (dltutor quiz LESSON).": "先回答一些测验题（dltutor quiz LESSON）。",
    "{n} questions to review.": "有 {n} 道题要复习。",
    "{n} question to review.": "有 {n} 道题要复习。",
    "lesson '{name}'": "课程 {name} ",
    "profile '{name}'": "档案 {name} ",
    "Nothing to reset: no progress recorded for {scope}.": "没有可重置的内容：{scope}没有任何进度记录。",
    "{answers} answers, {attempts} exercise attempts, {lessons} lessons' status and time": "{answers} 次作答，{attempts} 次练习提交，{lessons} 课的状态和时长",
    "This deletes the progress of {scope}: {what}.": "这将删除{scope}的进度：{what}。",
    "Type 'yes' to confirm: ": "输入 yes 确认： ",
    "Nothing was deleted.": "没有删除任何内容。",
    "Deleted the progress of {scope} ({what}).": "已删除{scope}的进度 ({what})。",
    "A backup was saved first: {backup}  (undo with `dltutor import {backup}`)": "删除前已保存备份：{backup}（可用 `dltutor import {backup}` 撤销）",
}


def tr(text: str, lang: str) -> str:
    """`text` in `lang` ("en" or "zh"); English when there is no translation."""
    if lang == "zh":
        return ZH.get(text, text)
    return text


def default_language(setting: str | None = None) -> str:
    """The language to start in: a saved setting, else the locale (zh_* -> zh), else en."""
    if setting in ("en", "zh"):
        return setting
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
