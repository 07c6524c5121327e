"""The 审核 page at an office screen's size: the problems whole and first, the conditions below in sight."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItemIterator

from yn_forms.core.problems import Problem

FIT = "打印时此格的内容可能超出表格宽度，请缩短或在 Word 中调整：" + "很长的单位名称与联系方式" * 6


def rows_cut(tree: QTreeWidget) -> list[str]:
    """The texts of rows not shown whole in *tree*'s visible area."""
    viewport = tree.viewport().rect()
    cut = []
    iterator = QTreeWidgetItemIterator(tree)
    while item := iterator.value():
        if not viewport.contains(tree.visualItemRect(item)):
            cut.append(item.text(0))
        iterator += 1
    return cut


def review_at(window, qtbot, data, size=(1024, 700)):
    window.resize(*size)
    window.new_draft("innovation-centre", data)
    wiz = window.wizard
    wiz.go_to(wiz.stack.count() - 1)
    qtbot.waitUntil(lambda: wiz.review.isVisible())
    qtbot.waitUntil(lambda: not wiz._fit_running, timeout=30_000)  # its own fit check would replace a test's
    qtbot.wait(200)  # sized once the page has its size
    return wiz.review


def test_print_check_warnings_are_shown_whole_without_dragging_anything(window, qtbot, example):
    review = review_at(window, qtbot, copy.deepcopy(example))
    fit = [Problem(f"/members/{i}/name", "单位名称", "warning", FIT, "fit.width") for i in range(2)]
    review.show_fit(fit)
    qtbot.waitUntil(lambda: rows_cut(review.tree) == [])  # sized once the rows are laid out
    group = review.tree.topLevelItem(review.tree.topLevelItemCount() - 1)
    assert group.text(0) == "打印检查：可能超出表格宽度（2）" and group.childCount() == 2
    assert review.summary.text() == "没有发现填写问题，可以生成申报材料。打印检查有 2 处提醒，请在下方核对。"
    assert rows_cut(review.tree) == []  # both warnings whole, not the first cut and the second out of sight
    assert not review.tree.verticalScrollBar().isVisible()
    assert review.checklist.height() >= 3 * review.checklist.sizeHintForRow(0)  # and the conditions below


def test_many_problems_come_first_and_the_conditions_stay_in_sight(window, qtbot, centre):
    review = review_at(window, qtbot, {})
    qtbot.waitUntil(lambda: review.tree.height() > review.checklist.height())  # the problems get most of the page
    assert review.checklist.height() >= 3 * review.checklist.sizeHintForRow(0)
    assert review.split.handle(1).toolTip()  # the line between them is marked and says it can be moved


def test_a_line_the_clerk_moved_stays_where_they_put_it(window, qtbot, example):
    review = review_at(window, qtbot, copy.deepcopy(example))
    review.split.moveSplitter(120, 1)
    qtbot.wait(200)  # the page laid out
    top = review.split.sizes()[0]
    review.show_fit([Problem("/cover/name", "名称", "warning", FIT, "fit.width")])
    qtbot.wait(50)
    assert abs(review.split.sizes()[0] - top) <= 2  # not sized again to the new content


def test_a_warning_on_a_value_from_the_cover_leads_to_the_cover(window, qtbot, example):
    data = copy.deepcopy(example)
    data["cover"]["email"] = "liminghua@jcxg.com.cn"
    data["basic"]["lead_head"]["email"] = ""  # 表1 repeats the cover's: printed there, typed on the cover
    review = review_at(window, qtbot, data)
    review.show_fit([Problem("/basic/lead_head/email", "Email", "warning", FIT, "fit.width")])
    group = review.tree.topLevelItem(review.tree.topLevelItemCount() - 1)
    item = group.child(0)
    assert "在封面填写" in item.text(0)
    review.tree.itemClicked.emit(item, 0)
    wiz = window.wizard
    assert wiz.stack.currentIndex() == [p.name for p in wiz.pages].index("cover")
    assert QApplication.focusWidget().accessibleName() == "Email"
