#include "ai/promptbudget.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::server::PromptTurn;
namespace promptbudget = palaver::server::promptbudget;

namespace {

using Role = PromptTurn::Role;

/// A turn whose estimate is exactly `tokens` (text of 4 * (tokens - per-turn overhead) chars).
PromptTurn turn(Role role, QChar fill, qint64 tokens)
{
    return { role, QString(int(4 * (tokens - promptbudget::tokensPerTurn)), fill) };
}

QString roles(const QList<PromptTurn>& turns)
{
    QString result;
    for (const PromptTurn& t : turns)
        result += t.text.isEmpty() ? u'-' : t.text.at(0);
    return result;
}

} // namespace

/// The prompt sent upstream fits the model's budget: the system prompt always, then the newest
/// turns, oldest dropped first, the new user message always.
class TestPromptBudget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void estimate()
    {
        QCOMPARE(promptbudget::estimateTokens(QString()), 0);
        QCOMPARE(promptbudget::estimateTokens(u"abcd"_s), 1);
        QCOMPARE(promptbudget::estimateTokens(u"abcde"_s), 2);
        QCOMPARE(promptbudget::estimateTokens(PromptTurn { Role::User, u"abcd"_s }),
            1 + promptbudget::tokensPerTurn);
    }

    void trims_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<QString>("kept");
        // S = system (10 tokens), then user a, assistant b, user c, assistant d, user e (20 each).
        QTest::newRow("no limit") << qint64(0) << u"Sabcde"_s;
        QTest::newRow("everything fits") << qint64(110) << u"Sabcde"_s;
        // a does not fit; b would open the history with a reply: dropped too.
        QTest::newRow("oldest pair dropped") << qint64(109) << u"Scde"_s;
        QTest::newRow("exactly two pairs") << qint64(70) << u"Scde"_s;
        QTest::newRow("reply without its question") << qint64(69) << u"Se"_s;
        QTest::newRow("only the new message") << qint64(30) << u"Se"_s;
        QTest::newRow("over budget alone") << qint64(5) << u"Se"_s;
    }

    void trims()
    {
        QFETCH(qint64, budget);
        QFETCH(QString, kept);
        const QList<PromptTurn> turns { turn(Role::System, u'S', 10), turn(Role::User, u'a', 20),
            turn(Role::Assistant, u'b', 20), turn(Role::User, u'c', 20),
            turn(Role::Assistant, u'd', 20), turn(Role::User, u'e', 20) };
        const QList<PromptTurn> fitted = promptbudget::fit(turns, budget);
        QCOMPARE(roles(fitted), kept);
        qint64 used = 0;
        for (const PromptTurn& t : fitted)
            used += promptbudget::estimateTokens(t);
        if (fitted.size() > 2)
            QVERIFY(used <= budget || budget == 0);
    }

    void newestUserMessageAlwaysKept()
    {
        const QList<PromptTurn> turns { turn(Role::User, u'a', 20), turn(Role::User, u'b', 500) };
        QCOMPARE(roles(promptbudget::fit(turns, 100)), u"b"_s);
    }

    void systemPromptKeptWherever()
    {
        const QList<PromptTurn> turns { turn(Role::System, u'S', 40), turn(Role::User, u'a', 20),
            turn(Role::Assistant, u'b', 20), turn(Role::User, u'c', 20) };
        // 40 + 20 (the new message) + 20 (the reply before it, which then opens the history
        // and is dropped too: a history never starts with the assistant).
        QCOMPARE(roles(promptbudget::fit(turns, 80)), u"Sc"_s);
        QCOMPARE(roles(promptbudget::fit(turns, 100)), u"Sabc"_s);
    }
};

QTEST_GUILESS_MAIN(TestPromptBudget)
#include "tst_promptbudget.moc"
