#include "chat/mentions.h"

#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

/// The `@assistant` rule that decides whether a message in a room or a DM gets a reply.
class TestMentions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addressesAssistant_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("addressed");
        QTest::newRow("alone") << u"@assistant"_s << true;
        QTest::newRow("first") << u"@assistant what is 2+2?"_s << true;
        QTest::newRow("last") << u"what do you think, @assistant"_s << true;
        QTest::newRow("comma") << u"@assistant, summarise"_s << true;
        QTest::newRow("question mark") << u"are you there @assistant?"_s << true;
        QTest::newRow("parenthesis") << u"(@assistant) please"_s << true;
        QTest::newRow("upper case") << u"@ASSISTANT help"_s << true;
        QTest::newRow("mixed case") << u"hey @Assistant"_s << true;
        QTest::newRow("new line") << u"first line\n@assistant"_s << true;
        QTest::newRow("non-ascii after") << u"@assistant… bitte"_s << true;
        QTest::newRow("longer word") << u"@assistants are great"_s << false;
        QTest::newRow("digit after") << u"@assistant2"_s << false;
        QTest::newRow("underscore after") << u"@assistant_bot"_s << false;
        QTest::newRow("letter after, non-ascii") << u"@assistanté"_s << false;
        QTest::newRow("e-mail") << u"write to mail@assistant.org"_s << false;
        QTest::newRow("no at") << u"the assistant will know"_s << false;
        QTest::newRow("other name") << u"@alice look"_s << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("second one counts") << u"@assistants and @assistant"_s << true;
    }

    void addressesAssistant()
    {
        QFETCH(QString, text);
        QFETCH(bool, addressed);
        QCOMPARE(mentions::addressesAssistant(text), addressed);
    }
};

QTEST_GUILESS_MAIN(TestMentions)
#include "tst_mentions.moc"
