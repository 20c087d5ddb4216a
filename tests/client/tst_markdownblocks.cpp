// MarkdownBlockSplitter: a reply split into blocks, the same whether split in one go or as it
// streams in, and bounded.

#include "chat/markdownblocks.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::MarkdownBlock;
using palaver::client::MarkdownBlockSplitter;
using Kind = palaver::client::MarkdownBlock::Kind;

namespace {

/// A reply of the kind models write: every block kind, nested lists, a code block in a list,
/// a table, a quote over lazy lines, a setext heading, and a code fence that is never closed.
const QString kReply = u"# Making it faster\n"
                       "\n"
                       "The **first** step is to *measure*: a change that is not measured is a "
                       "guess,\nand `guesses` are often wrong.\n"
                       "\n"
                       "Results\n"
                       "-------\n"
                       "\n"
                       "| build | p99 |\n"
                       "|-------|----:|\n"
                       "| Debug | 116 |\n"
                       "| Release | 84.9 |\n"
                       "After the table.\n"
                       "\n"
                       "1. Profile it.\n"
                       "2. Read the hot loop:\n"
                       "\n"
                       "   ```cpp\n"
                       "   for (auto& x : xs)\n"
                       "\n"
                       "       total += x;\n"
                       "   ```\n"
                       "3. Fix it.\n"
                       "   - nested *item*\n"
                       "\n"
                       "> A quadratic algorithm is fast on the test data\n"
                       "and slow on the customer's.\n"
                       "> > nested\n"
                       "\n"
                       "---\n"
                       "~~~~ python extra words\n"
                       "print(\"```\")\n"
                       "~~~\n"
                       "still code\n"
                       "~~~~~\n"
                       "- [a link](https://example.org) and __strong__\r\n"
                       "* another list marker\n"
                       "Lazy line.\n"
                       "\n\n\n"
                       "Paragraph.\n"
                       "\n"
                       "    indented code\n"
                       "## Unclosed fence below\n"
                       "```js\n"
                       "let x = 1;\n"
                       "\n"
                       "let y = 2;\n"_s;

QString describe(const QList<MarkdownBlock>& blocks)
{
    QStringList parts;
    for (const MarkdownBlock& block : blocks)
        parts.append(u"%1[%2]{%3}"_s.arg(kindName(block.kind), block.language, block.text));
    return parts.join(u"\n"_s);
}

} // namespace

class TestMarkdownBlocks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsEveryKind();
    void fences_data();
    void fences();
    void incrementalIsFromScratch_data();
    void incrementalIsFromScratch();
    void finishedBlocksNeverChange();
    void boundedBlockCount();
};

void TestMarkdownBlocks::splitsEveryKind()
{
    const QList<MarkdownBlock> blocks = MarkdownBlockSplitter::split(kReply);
    const QList<MarkdownBlock> expected {
        { Kind::Heading, u"# Making it faster"_s, {} },
        { Kind::Paragraph,
            u"The **first** step is to *measure*: a change that is not measured is a guess,\n"
            "and `guesses` are often wrong."_s,
            {} },
        { Kind::Paragraph, u"Results\n-------"_s, {} },
        { Kind::Table, u"| build | p99 |\n|-------|----:|\n| Debug | 116 |\n| Release | 84.9 |"_s,
            {} },
        { Kind::Paragraph, u"After the table."_s, {} },
        { Kind::List,
            u"1. Profile it.\n2. Read the hot loop:\n\n   ```cpp\n   for (auto& x : xs)\n\n"
            "       total += x;\n   ```\n3. Fix it.\n   - nested *item*"_s,
            {} },
        { Kind::Quote,
            u"> A quadratic algorithm is fast on the test data\nand slow on the customer's.\n"
            "> > nested"_s,
            {} },
        { Kind::Paragraph, u"---"_s, {} },
        { Kind::Code, u"print(\"```\")\n~~~\nstill code"_s, u"python"_s },
        { Kind::List,
            u"- [a link](https://example.org) and __strong__\r\n* another list marker\nLazy line."_s,
            {} },
        { Kind::Paragraph, u"Paragraph."_s, {} },
        { Kind::Paragraph, u"    indented code"_s, {} },
        { Kind::Heading, u"## Unclosed fence below"_s, {} },
        { Kind::Code, u"let x = 1;\n\nlet y = 2;"_s, u"js"_s },
    };
    QCOMPARE(describe(blocks), describe(expected));
}

void TestMarkdownBlocks::fences_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("finished");
    QTest::newRow("closed") << u"```c\nint x;\n```\n"_s << u"int x;"_s << u"c"_s << true;
    QTest::newRow("open") << u"```c\nint x;\n"_s << u"int x;"_s << u"c"_s << false;
    QTest::newRow("closing being typed")
        << u"```c\nint x;\n```"_s << u"int x;"_s << u"c"_s << false;
    QTest::newRow("shorter fence is code")
        << u"````\n```\n````\n"_s << u"```"_s << QString() << true;
    QTest::newRow("info being typed") << u"```pyth"_s << QString() << u"pyth"_s << false;
    QTest::newRow("indented content")
        << u"  ```\n    two\n  ```\n"_s << u"  two"_s << QString() << true;
}

void TestMarkdownBlocks::fences()
{
    QFETCH(QString, markdown);
    MarkdownBlockSplitter splitter;
    splitter.update(markdown);
    const QList<MarkdownBlock> blocks = splitter.blocks();
    QCOMPARE(blocks.size(), 1);
    QCOMPARE(kindName(blocks[0].kind), u"code"_s);
    QTEST(blocks[0].text, "code");
    QTEST(blocks[0].language, "language");
    QTEST(!splitter.open().has_value(), "finished");
}

void TestMarkdownBlocks::incrementalIsFromScratch_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<int>("maxChunk");
    QTest::newRow("whole reply, single chars") << kReply << 1;
    QTest::newRow("whole reply, tokens") << kReply << 7;
    QTest::newRow("whole reply, bursts") << kReply << 60;
    QTest::newRow("fence never closed") << u"Text.\n```python\ndef f():\n\n    return 1\n"_s << 3;
    QTest::newRow("table then text") << u"| a | b |\n|---|---|\n| 1 | 2 |\ntext\n\n| c |"_s << 2;
    QTest::newRow("list with blanks") << u"- a\n\n  more\n\n- b\n\nafter\n- c\n   \n"_s << 2;
}

void TestMarkdownBlocks::incrementalIsFromScratch()
{
    QFETCH(QString, markdown);
    QFETCH(int, maxChunk);
    for (quint32 seed = 1; seed <= 20; ++seed) {
        QRandomGenerator random(seed);
        MarkdownBlockSplitter splitter;
        for (qsizetype end = 0; end < markdown.size();) {
            end = std::min(markdown.size(), end + 1 + random.bounded(maxChunk));
            const QString prefix = markdown.first(end);
            splitter.update(prefix);
            const QList<MarkdownBlock> scratch = MarkdownBlockSplitter::split(prefix);
            if (splitter.blocks() != scratch) {
                QFAIL(qPrintable(
                    u"seed %1, %2 chars:\n%3\n--- from scratch:\n%4"_s.arg(seed).arg(end).arg(
                        describe(splitter.blocks()), describe(scratch))));
            }
        }
    }
}

void TestMarkdownBlocks::finishedBlocksNeverChange()
{
    MarkdownBlockSplitter splitter;
    QList<MarkdownBlock> finished;
    for (qsizetype end = 1; end <= kReply.size(); ++end) {
        splitter.update(kReply.first(end));
        QVERIFY(splitter.finished().size() >= finished.size());
        QCOMPARE(splitter.finished().first(finished.size()), finished);
        finished = splitter.finished();
    }
    QCOMPARE(splitter.blocks(), MarkdownBlockSplitter::split(kReply));
}

void TestMarkdownBlocks::boundedBlockCount()
{
    QString many;
    for (int i = 0; i < 3 * MarkdownBlockSplitter::maxBlocks; ++i)
        many += u"# heading %1\n"_s.arg(i);
    const QList<MarkdownBlock> blocks = MarkdownBlockSplitter::split(many);
    QCOMPARE(blocks.size(), MarkdownBlockSplitter::maxBlocks);
    QVERIFY(blocks.last().text.startsWith(u"# heading %1\n"_s.arg(blocks.size() - 1)));
    QVERIFY(blocks.last().text.endsWith(
        u"# heading %1"_s.arg(3 * MarkdownBlockSplitter::maxBlocks - 1)));

    MarkdownBlockSplitter splitter;
    for (qsizetype end = 0; end < many.size();) {
        end = std::min(many.size(), end + 97);
        splitter.update(many.first(end));
    }
    QCOMPARE(splitter.blocks(), blocks);
}

QTEST_GUILESS_MAIN(TestMarkdownBlocks)
#include "tst_markdownblocks.moc"
