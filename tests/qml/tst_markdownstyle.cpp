// MarkdownStyle: spacing between Markdown blocks and wrapping, tinted code blocks.

#include "markdownstyle.h"

#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::Literals::StringLiterals;
using palaver::ui::MarkdownStyle;

class TestMarkdownStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spacesBlocksAndWrapsCode();
};

void TestMarkdownStyle::spacesBlocksAndWrapsCode()
{
    QTextDocument document;
    document.setMarkdown(u"First paragraph.\n\nSecond paragraph.\n\n- one\n- two\n\n"
                         "```\nline 1\nline 2\n```\n\nAfter the code."_s);
    const QColor tint(0x11, 0x22, 0x33);
    MarkdownStyle::applyTo(document, 10, tint);

    QList<QTextBlock> blocks;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        blocks << block;
    QCOMPARE(blocks.size(), 7);
    QCOMPARE(blocks[0].text(), u"First paragraph."_s);
    QCOMPARE(blocks[0].blockFormat().bottomMargin(), 10.0);
    QCOMPARE(blocks[2].text(), u"one"_s);
    QCOMPARE(blocks[2].blockFormat().bottomMargin(), 10.0 / 3); // tighter inside a list
    QCOMPARE(blocks[3].blockFormat().bottomMargin(), 10.0); // the list's end
    QCOMPARE(blocks[4].text(), u"line 1"_s);
    QCOMPARE(blocks[4].blockFormat().bottomMargin(), 0.0); // no gap inside the code block
    QVERIFY(!blocks[4].blockFormat().nonBreakableLines());
    QCOMPARE(blocks[4].begin().fragment().charFormat().background().color(), tint);
    QCOMPARE(blocks[5].blockFormat().bottomMargin(), 10.0);
    QCOMPARE(blocks[6].blockFormat().bottomMargin(), 0.0); // the last block
    QVERIFY(blocks[6].begin().fragment().charFormat().background().style() == Qt::NoBrush);
}

QTEST_MAIN(TestMarkdownStyle)
#include "tst_markdownstyle.moc"
