// MarkdownBlockModel: a streaming reply's blocks as rows that are only appended, with only the
// last one changing; and StreamingTail: no raw markers for what is not finished yet.

#include "chat/markdownblockmodel.h"
#include "chat/streamingtail.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::MarkdownBlock;
using palaver::client::MarkdownBlockModel;
using palaver::client::MarkdownBlockSplitter;
using palaver::client::StreamingTail;

namespace {

const QString kReply = u"## Step 1\n\nThe **first** thing is to *measure* it.\n\n"
                       "```cpp\nfor (auto& x : xs)\n    total += x;\n```\n\n"
                       "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                       "> A quote with `code`.\n\n- one\n- two **bold**\n"_s;

QString textAt(const MarkdownBlockModel& model, int row)
{
    return model.data(model.index(row), MarkdownBlockModel::TextRole).toString();
}

} // namespace

class TestMarkdownBlockModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamingAppendsRowsAndChangesOnlyTheLast();
    void replacedTextResets();
    void boundedText();
    void tidiesTheTail_data();
    void tidiesTheTail();
};

void TestMarkdownBlockModel::streamingAppendsRowsAndChangesOnlyTheLast()
{
    MarkdownBlockModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    int lowestChanged = 0;
    connect(&model, &QAbstractItemModel::dataChanged, this,
        [&](const QModelIndex& from, const QModelIndex& to) {
            QCOMPARE(from.row(), to.row());
            // Only the row that was last before this change (the open block) may change.
            QVERIFY2(from.row() >= lowestChanged, qPrintable(QString::number(from.row())));
            lowestChanged = from.row();
        });
    connect(&model, &QAbstractItemModel::rowsInserted, this,
        [&](const QModelIndex&, int first, int) { lowestChanged = std::max(0, first - 1); });

    model.setStreaming(true);
    for (qsizetype end = 1; end <= kReply.size(); ++end) {
        model.setText(kReply.first(end));
        // While streaming, the shown tail never has a lone "**" or an unclosed code span.
        const QString tail = textAt(model, model.rowCount() - 1);
        QVERIFY2(tail.count(u"**"_s) % 2 == 0, qPrintable(tail));
    }
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 0);
    const QList<MarkdownBlock> blocks = MarkdownBlockSplitter::split(kReply);
    QCOMPARE(model.rowCount(), blocks.size());
    QCOMPARE(model.data(model.index(2), MarkdownBlockModel::KindRole).toString(), u"code"_s);
    QCOMPARE(model.data(model.index(2), MarkdownBlockModel::LanguageRole).toString(), u"cpp"_s);
    QCOMPARE(model.data(model.index(3), MarkdownBlockModel::KindRole).toString(), u"table"_s);
    QCOMPARE(model.data(model.index(4), MarkdownBlockModel::KindRole).toString(), u"quote"_s);

    // The end of the stream shows the last block as it was written.
    model.setText(kReply + u"- three *unfinished"_s);
    QCOMPARE(textAt(model, model.rowCount() - 1), u"- one\n- two **bold**\n- three *unfinished*"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setStreaming(false);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(textAt(model, model.rowCount() - 1), u"- one\n- two **bold**\n- three *unfinished"_s);
}

void TestMarkdownBlockModel::replacedTextResets()
{
    MarkdownBlockModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setText(kReply);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setText(u"Edited.\n\n```\ncode"_s);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(textAt(model, 1), u"code"_s);
    model.setText({});
    QCOMPARE(model.rowCount(), 0);
}

void TestMarkdownBlockModel::boundedText()
{
    MarkdownBlockModel model;
    model.setText(QString(2 * MarkdownBlockModel::maxChars, u'x'));
    QCOMPARE(model.text().size(), MarkdownBlockModel::maxChars);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(textAt(model, 0).size(), MarkdownBlockModel::maxChars);
}

void TestMarkdownBlockModel::tidiesTheTail_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("shown");
    QTest::newRow("bold being written") << u"The **fir"_s << u"The **fir**"_s;
    QTest::newRow("opener alone") << u"The **"_s << u"The"_s;
    QTest::newRow("closer half typed") << u"The **first*"_s << u"The **first**"_s;
    QTest::newRow("emphasis") << u"an *idea"_s << u"an *idea*"_s;
    QTest::newRow("code span") << u"use `std::vec"_s << u"use `std::vec`"_s;
    QTest::newRow("bold code") << u"**bold `code"_s << u"**bold `code`**"_s;
    QTest::newRow("stars in code are code") << u"`a ** b"_s << u"`a ** b`"_s;
    QTest::newRow("strike") << u"~~old"_s << u"~~old~~"_s;
    QTest::newRow("snake_case is text") << u"call snake_case"_s << u"call snake_case"_s;
    QTest::newRow("finished markup stays") << u"**done** and `x`"_s << u"**done** and `x`"_s;
    QTest::newRow("link being typed") << u"See [the docs](https://exa"_s << u"See"_s;
    QTest::newRow("finished link")
        << u"See [the docs](https://x.org)"_s << u"See [the docs](https://x.org)"_s;
    QTest::newRow("earlier paragraph untouched")
        << u"a **lone\n\nnew *it"_s << u"a **lone\n\nnew *it*"_s;
    QTest::newRow("list item") << u"- a **b\n- c *d"_s << u"- a **b\n- c *d*"_s;
    QTest::newRow("table cell") << u"| **a | b *c"_s << u"| **a | b *c*"_s;
    QTest::newRow("bullet is not emphasis") << u"* item"_s << u"* item"_s;
}

void TestMarkdownBlockModel::tidiesTheTail()
{
    QFETCH(QString, markdown);
    QTEST(StreamingTail::tidyProse(markdown), "shown");
    // A code block's closing fence being typed is not shown as code.
    const MarkdownBlock code { MarkdownBlock::Kind::Code, u"int x;\n``"_s, u"c"_s };
    QCOMPARE(StreamingTail::tidy(code).text, u"int x;"_s);
}

QTEST_GUILESS_MAIN(TestMarkdownBlockModel)
#include "tst_markdownblockmodel.moc"
