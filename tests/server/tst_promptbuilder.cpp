#include "ai/continuation.h"
#include "ai/demomodel.h"
#include "chat/promptbuilder.h"

#include <QTest>

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
ChatMessage message(
    const QString& msgId, AuthorKind kind, const QString& text, const QString& author = QString())
{
    ChatMessage m;
    m.msgId = msgId;
    m.author.kind = kind;
    m.author.name = author;
    m.text = text;
    return m;
}

const QList<ChatMessage> conversation {
    message(u"u1"_s, AuthorKind::User, u"First question"_s),
    message(u"a1"_s, AuthorKind::Assistant, u"First answer"_s),
    message(u"u2"_s, AuthorKind::User, u"Second question"_s),
    message(u"a2"_s, AuthorKind::Assistant, u"Half an ans"_s),
    message(u"a3"_s, AuthorKind::Assistant, u"wer"_s),
};
} // namespace

/// The prompts of generation.continue and generation.retry, and the demo model's continuation.
class TestPromptBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void continuationEndsWithThePartialReplyAndTheInstruction()
    {
        const QList<PromptTurn> turns = promptbuilder::turns(
            u"Be brief"_s, promptbuilder::through(conversation, u"a2"_s), true);
        QCOMPARE(turns.size(), 6);
        QCOMPARE(turns.first().role, PromptTurn::Role::System);
        QCOMPARE(turns.at(4).role, PromptTurn::Role::Assistant);
        QCOMPARE(turns.at(4).text, u"Half an ans"_s);
        QVERIFY(continuation::isInstruction(turns.last()));
        QVERIFY(promptbuilder::through(conversation, u"unknown"_s).isEmpty());
    }

    void retryEndsWithTheQuestion()
    {
        // A retry of the continuation a3 answers u2 again: a2 and a3 are not part of it.
        const QList<ChatMessage> question = promptbuilder::questionOf(conversation, u"a3"_s);
        QCOMPARE(question.size(), 3);
        QCOMPARE(question.last().msgId, u"u2"_s);
        QCOMPARE(promptbuilder::questionOf(conversation, u"a1"_s).size(), 1);
        const QList<PromptTurn> turns = promptbuilder::turns(QString(), question, false);
        QCOMPARE(turns.last().role, PromptTurn::Role::User);
        QCOMPARE(turns.last().text, u"Second question"_s);
    }

    // In a room several people write: each user turn says who, the assistant's turns stay as
    // they are, and a private AI chat's turns are the text as written.
    void roomTurnsCarryTheirAuthorsNames()
    {
        const QList<ChatMessage> room {
            message(u"m1"_s, AuthorKind::User, u"Where shall we go?"_s, u"alice"_s),
            message(u"m2"_s, AuthorKind::User, u"@assistant ideas?"_s, u"bob"_s),
            message(u"m3"_s, AuthorKind::Assistant, u"Lisbon."_s, u"Demo"_s),
        };
        const QList<PromptTurn> named
            = promptbuilder::turns(u"Be brief"_s, room, true, promptbuilder::Speakers::Named);
        QCOMPARE(named.size(), 5);
        QCOMPARE(named.at(0).role, PromptTurn::Role::System);
        QCOMPARE(named.at(0).text, u"Be brief"_s);
        QCOMPARE(named.at(1).role, PromptTurn::Role::User);
        QCOMPARE(named.at(1).text, u"alice: Where shall we go?"_s);
        QCOMPARE(named.at(2).text, u"bob: @assistant ideas?"_s);
        QCOMPARE(named.at(3).role, PromptTurn::Role::Assistant);
        QCOMPARE(named.at(3).text, u"Lisbon."_s);
        QVERIFY(continuation::isInstruction(named.last())); // not attributed to anyone

        const QList<PromptTurn> unnamed = promptbuilder::turns(QString(), room, false);
        QCOMPARE(unnamed.size(), 3);
        QCOMPARE(unnamed.at(0).text, u"Where shall we go?"_s);
        QCOMPARE(unnamed.at(1).text, u"@assistant ideas?"_s);
    }

    void demoModelContinuesItsOwnReply()
    {
        CompletionRequest question;
        question.turns.append({ PromptTurn::Role::User, u"Hi"_s });
        const QString full = DemoModel::replyFor(question);
        const QString partial = full.left(57);

        CompletionRequest cont = question;
        cont.turns.append({ PromptTurn::Role::Assistant, partial });
        cont.turns.append({ PromptTurn::Role::User, continuation::instruction() });
        QCOMPARE(partial + DemoModel::replyFor(cont), full);

        // Without the instruction too; and a reply that is not its own gets the whole reply.
        cont.turns.removeLast();
        QCOMPARE(partial + DemoModel::replyFor(cont), full);
        cont.turns.last().text = u"Something else"_s;
        QCOMPARE(DemoModel::replyFor(cont), full);
    }
};

QTEST_GUILESS_MAIN(TestPromptBuilder)
#include "tst_promptbuilder.moc"
