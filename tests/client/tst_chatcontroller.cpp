#include "chat/chatcontroller.h"
#include "chat/conversationlistmodel.h"

#include "testmessages.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ChatController;
using palaver::client::ConversationListModel;
using palaver::client::MessageListModel;
namespace protocol = palaver::protocol;

namespace {

protocol::GenerationDelta delta(const QString& convId, qint64 seq, const QString& text)
{
    return protocol::GenerationDelta { convId, u"g1"_s, seq, text, {} };
}

protocol::ChatMessage reply(const QString& text, protocol::MessageStatus status)
{
    protocol::ChatMessage m;
    m.msgId = u"m2"_s;
    m.genId = u"g1"_s;
    m.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    m.text = text;
    m.status = status;
    return m;
}

QString textAt(MessageListModel* model, int row)
{
    return model->data(model->index(row), MessageListModel::TextRole).toString();
}

} // namespace

/// The chat controller fed with server messages directly (no socket).
class TstChatController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void duplicateDeltaSeqIgnored();
    void serverNoticeWithoutIdIsShown();
    void otherConversationsIgnored();
    void errorEndKeepsPartialText();
    void historyBuildsRowsInSeqOrder();
    void blankTextIgnored();
    void historyKeepsFollowedReply();
    void liveDeltasWaitForResume();
    void syncMergesAndContinuesAReplyStartedAway();
    void reasoningDeltasGoToTheirReply();
    void usageFromTheEndAndFromHistory();
    void listOpensTheNewestWhenNothingIsOpen();
    void conversationGoneFromTheListCloses();
    void streamingReplySignedWithTheModelsName();
    void settingsFollowTheOpenConversation();
    void continueAndRetryFollowHowTheReplyEnded();
    void continueAndRetryFollowHowTheReplyEnded_data();
    void cutShortReplyFromHistoryCanContinue();
    void continueRefusedForACompleteReply();

private:
    std::unique_ptr<ConversationListModel> m_conversations;
    std::unique_ptr<ChatController> m_chat;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TstChatController::init()
{
    m_conversations = std::make_unique<ConversationListModel>();
    protocol::Conversation c;
    c.convId = u"c1"_s;
    c.title = u"First"_s;
    m_conversations->upsert(c);
    m_chat = std::make_unique<ChatController>(nullptr, m_conversations.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_chat->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_chat->setTypewriterEnabled(false);
    m_chat->setCurrentConvId(u"c1"_s);
    QCOMPARE(m_chat->currentTitle(), u"First"_s);
}

void TstChatController::cleanup()
{
    m_tester.reset();
    m_chat.reset();
    m_conversations.reset();
}

void TstChatController::serverNoticeWithoutIdIsShown()
{
    // The server's word when the assistant is busy: the message is stored, its reply is not.
    const QString notice = u"The assistant is busy with 8 of your replies; this message was saved "
                           "without a reply — ask again in a moment"_s;
    m_chat->handleServerMessage(
        protocol::Error { QString(), protocol::ErrorCode::RateLimited, notice, 5000 });
    QCOMPARE(m_chat->errorText(), notice);
}

void TstChatController::duplicateDeltaSeqIgnored()
{
    QSignalSpy streaming(m_chat.get(), &ChatController::streamingChanged);
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    QVERIFY(m_chat->streaming());
    QCOMPARE(m_chat->messages()->rowCount(), 1);
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"a"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 2, u"b"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 2, u"b"_s)); // live and resumed copy
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"a"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 3, u"c"_s));
    QCOMPARE(textAt(m_chat->messages(), 0), u"abc"_s);

    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.seq = 3;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.message = reply(u"abc"_s, protocol::MessageStatus::Complete);
    m_chat->handleServerMessage(end);
    QVERIFY(!m_chat->streaming());
    QCOMPARE(streaming.size(), 2);
    QCOMPARE(m_chat->messages()
                 ->data(m_chat->messages()->index(0), MessageListModel::StatusRole)
                 .toString(),
        u"complete"_s);
}

void TstChatController::otherConversationsIgnored()
{
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c9"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(delta(u"c9"_s, 1, u"x"_s));
    protocol::MessageEvent event;
    event.convId = u"c9"_s;
    event.seq = 1;
    event.message = reply(u"elsewhere"_s, protocol::MessageStatus::Complete);
    m_chat->handleServerMessage(event);
    QCOMPARE(m_chat->messages()->rowCount(), 0);
    QVERIFY(!m_chat->streaming());
}

void TstChatController::errorEndKeepsPartialText()
{
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"Once upon"_s));
    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.finish = protocol::FinishReason::Error;
    end.error = protocol::ErrorInfo { protocol::ErrorCode::UpstreamError, u"upstream 500"_s };
    end.message = reply(u"Once upon"_s, protocol::MessageStatus::Error);
    m_chat->handleServerMessage(end);
    auto* model = m_chat->messages();
    QCOMPARE(textAt(model, 0), u"Once upon"_s);
    QCOMPARE(model->data(model->index(0), MessageListModel::ErrorTextRole).toString(),
        u"upstream 500"_s);
    QCOMPARE(model->data(model->index(0), MessageListModel::StatusRole).toString(), u"error"_s);
}

void TstChatController::historyBuildsRowsInSeqOrder()
{
    // Without a connection the history request has no id; answer what the controller asked.
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    protocol::MessageEvent user;
    user.convId = u"c1"_s;
    user.seq = 1;
    user.message.msgId = u"m1"_s;
    user.message.text = u"Hi"_s;
    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.seq = 3;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.message = reply(u"Hello!"_s, protocol::MessageStatus::Complete);
    // Newest first, as a history page may come.
    history.events = { end, protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, {} }, user };
    m_chat->handleServerMessage(history);
    QCOMPARE(m_chat->messages()->rowCount(), 2);
    QCOMPARE(textAt(m_chat->messages(), 0), u"Hi"_s);
    QCOMPARE(textAt(m_chat->messages(), 1), u"Hello!"_s);
    QVERIFY(!m_chat->streaming());

    // A history answer for another conversation is not shown.
    history.convId = u"c2"_s;
    history.events = { user };
    m_chat->handleServerMessage(history);
    QCOMPARE(m_chat->messages()->rowCount(), 2);
}

void TstChatController::blankTextIgnored()
{
    QSignalSpy errors(m_chat.get(), &ChatController::errorTextChanged);
    const int before = m_chat->messages()->rowCount();
    m_chat->send(u"   \n "_s);
    QCOMPARE(m_chat->messages()->rowCount(), before);
    m_chat->send(u"real text"_s);
    // No connection: the row waits in the outbox until one comes.
    QCOMPARE(m_chat->messages()->rowCount(), before + 1);
    QCOMPARE(m_chat->messages()
                 ->data(m_chat->messages()->index(before), MessageListModel::StatusRole)
                 .toString(),
        u"pending"_s);
    QCOMPARE(m_chat->outbox()->entries(u"c1"_s).size(), 1);
}

void TstChatController::historyKeepsFollowedReply()
{
    // The reply started (and streamed a little) before the history page arrived without it.
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"a"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 2, u"b"_s));
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    protocol::MessageEvent user;
    user.convId = u"c1"_s;
    user.seq = 1;
    user.message.msgId = u"m1"_s;
    user.message.text = u"Hi"_s;
    history.events = { user };
    m_chat->handleServerMessage(history);
    QCOMPARE(m_chat->messages()->rowCount(), 2);
    QCOMPARE(textAt(m_chat->messages(), 0), u"Hi"_s);
    QCOMPARE(textAt(m_chat->messages(), 1), u"ab"_s);
    QVERIFY(m_chat->streaming());
    m_chat->handleServerMessage(delta(u"c1"_s, 2, u"b"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 3, u"c"_s));
    QCOMPARE(textAt(m_chat->messages(), 1), u"abc"_s);
}

void TstChatController::liveDeltasWaitForResume()
{
    // Opened while a reply streams: history shows it streaming, a resume from 0 is asked, and
    // live deltas 3 and 4 arrive before the resumed 1 and 2.
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    protocol::MessageEvent partial;
    partial.convId = u"c1"_s;
    partial.seq = 2;
    partial.message = reply(u"ab"_s, protocol::MessageStatus::Streaming);
    history.events = { protocol::GenerationStart { u"c1"_s, 1, u"g1"_s, u"m2"_s, {} }, partial };
    m_chat->handleServerMessage(history);
    QVERIFY(m_chat->streaming());
    QCOMPARE(textAt(m_chat->messages(), 0), QString()); // rebuilt from the deltas
    m_chat->handleServerMessage(delta(u"c1"_s, 3, u"c"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 4, u"d"_s));
    QCOMPARE(textAt(m_chat->messages(), 0), QString());
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"a"_s));
    QCOMPARE(textAt(m_chat->messages(), 0), u"a"_s);
    m_chat->handleServerMessage(delta(u"c1"_s, 2, u"b"_s));
    QCOMPARE(textAt(m_chat->messages(), 0), u"abcd"_s);
    m_chat->handleServerMessage(delta(u"c1"_s, 4, u"d"_s));
    m_chat->handleServerMessage(delta(u"c1"_s, 5, u"e"_s));
    QCOMPARE(textAt(m_chat->messages(), 0), u"abcde"_s);

    // A snapshot covers what it says and lets later early deltas follow.
    m_chat->handleServerMessage(delta(u"c1"_s, 8, u"h"_s));
    m_chat->handleServerMessage(
        protocol::GenerationSnapshot { {}, u"c1"_s, u"g1"_s, u"abcdefg"_s, 7 });
    QCOMPARE(textAt(m_chat->messages(), 0), u"abcdefgh"_s);
}

void TstChatController::syncMergesAndContinuesAReplyStartedAway()
{
    protocol::MessageEvent user;
    user.convId = u"c1"_s;
    user.seq = 1;
    user.message.msgId = u"m1"_s;
    user.message.text = u"Hi"_s;
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    history.events = { user };
    m_chat->handleServerMessage(history);
    QCOMPARE(m_chat->messages()->rowCount(), 1);

    // The sync answer repeats seq 1 and reports a reply that started while we were away.
    protocol::SyncReply sync;
    sync.convId = u"c1"_s;
    sync.events = { protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s }, user };
    sync.live = { { u"g1"_s, u"m2"_s, u"Hello"_s, 3 } };
    m_chat->setTypewriterEnabled(true); // what streamed before must show at once anyway
    m_chat->handleServerMessage(sync);
    QCOMPARE(m_chat->messages()->rowCount(), 2);
    QCOMPARE(textAt(m_chat->messages(), 0), u"Hi"_s);
    QCOMPARE(textAt(m_chat->messages(), 1), u"Hello"_s);
    QVERIFY(m_chat->streaming());
    // A delta it already covers changes nothing; the next one continues the text.
    m_chat->setTypewriterEnabled(false);
    m_chat->handleServerMessage(delta(u"c1"_s, 3, u"lo"_s));
    QCOMPARE(textAt(m_chat->messages(), 1), u"Hello"_s);
    m_chat->handleServerMessage(delta(u"c1"_s, 4, u" there"_s));
    QCOMPARE(textAt(m_chat->messages(), 1), u"Hello there"_s);
    // The same sync page again: still two rows.
    m_chat->handleServerMessage(sync);
    QCOMPARE(m_chat->messages()->rowCount(), 2);
    QCOMPARE(textAt(m_chat->messages(), 1), u"Hello there"_s);
}

void TstChatController::reasoningDeltasGoToTheirReply()
{
    auto* model = m_chat->messages();
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    auto thinking = [](qint64 seq, const QString& reasoning, const QString& text = {}) {
        return protocol::GenerationDelta { u"c1"_s, u"g1"_s, seq, text, reasoning };
    };
    m_chat->handleServerMessage(thinking(1, u"Hmm, "_s));
    // Ahead of a gap: held until delta 2 arrives, then applied in order.
    m_chat->handleServerMessage(thinking(3, u"sure."_s, u"Yes"_s));
    QCOMPARE(model->data(model->index(0), MessageListModel::ReasoningRole).toString(), u"Hmm, "_s);
    QVERIFY(model->data(model->index(0), MessageListModel::ReasoningExpandedRole).toBool());
    m_chat->handleServerMessage(thinking(2, u"let me see; "_s));
    m_chat->handleServerMessage(thinking(2, u"let me see; "_s)); // a repeated copy
    QCOMPARE(model->data(model->index(0), MessageListModel::ReasoningRole).toString(),
        u"Hmm, let me see; sure."_s);
    QCOMPARE(textAt(model, 0), u"Yes"_s);
    QVERIFY(!model->data(model->index(0), MessageListModel::ReasoningExpandedRole).toBool());
}

void TstChatController::usageFromTheEndAndFromHistory()
{
    auto* model = m_chat->messages();
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"Hi"_s));
    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.seq = 3;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.usage = protocol::Usage { 14, 30 };
    end.message = reply(u"Hi"_s, protocol::MessageStatus::Complete);
    m_chat->handleServerMessage(end);
    QCOMPARE(model->data(model->index(0), MessageListModel::UsageTextRole).toString(),
        u"14 in · 30 out"_s);

    // Stored history carries it on the generation.end event.
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    end.usage = protocol::Usage { 7, 9 };
    history.events = { protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, {} }, end };
    m_chat->setCurrentConvId({});
    m_chat->setCurrentConvId(u"c1"_s);
    m_chat->handleServerMessage(history);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->data(model->index(0), MessageListModel::UsageTextRole).toString(),
        u"7 in · 9 out"_s);
}

void TstChatController::listOpensTheNewestWhenNothingIsOpen()
{
    protocol::Conversation older;
    older.convId = u"c1"_s;
    older.updatedAt = QDateTime::currentDateTimeUtc().addDays(-1);
    protocol::Conversation newer = older;
    newer.convId = u"c2"_s;
    newer.updatedAt = older.updatedAt.addSecs(60);
    m_conversations->setConversations({ older, newer });
    // Something is open: the list does not move the user.
    m_chat->handleServerMessage(protocol::ConversationsReply { {}, { older, newer }, false, {} });
    QCOMPARE(m_chat->currentConvId(), u"c1"_s);
    m_chat->setCurrentConvId({});
    m_chat->handleServerMessage(protocol::ConversationsReply { {}, { older, newer }, false, {} });
    QCOMPARE(m_chat->currentConvId(), u"c2"_s);
    // No conversations: the empty chat stays.
    m_chat->setCurrentConvId({});
    m_conversations->setConversations({});
    m_chat->handleServerMessage(protocol::ConversationsReply {});
    QVERIFY(m_chat->currentConvId().isEmpty());
}

void TstChatController::conversationGoneFromTheListCloses()
{
    // c1 is open (from the cache); the server's list no longer has it: it was deleted or left
    // while this client was away, or the server's data was reset.
    auto cached = palaver::test::storedUserMessage(u"m1"_s, u"cached"_s);
    cached.seq = 1;
    m_chat->handleServerMessage(cached);
    QCOMPARE(m_chat->messages()->rowCount(), 1);
    protocol::Conversation other;
    other.convId = u"c9"_s;
    other.title = u"Still here"_s;
    other.updatedAt = QDateTime::currentDateTimeUtc();
    m_conversations->setConversations({ other });
    m_chat->handleServerMessage(protocol::ConversationsReply { {}, { other }, false, {} });
    QCOMPARE(m_chat->currentConvId(), u"c9"_s);
    QCOMPARE(m_chat->currentTitle(), u"Still here"_s);
}

void TstChatController::streamingReplySignedWithTheModelsName()
{
    m_chat->room()->setModelNames({ { u"demo"_s, u"Demo (offline)"_s } });
    // A reply seen live from its start, and one found streaming in a history page.
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    const auto* model = m_chat->messages();
    QCOMPARE(model->data(model->index(0), MessageListModel::AuthorNameRole).toString(),
        u"Demo (offline)"_s);
    protocol::HistoryReply history;
    history.convId = u"c1"_s;
    history.events = { protocol::GenerationStart { u"c1"_s, 1, u"g0"_s, u"m1"_s, u"demo"_s } };
    m_chat->handleServerMessage(history);
    QCOMPARE(model->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QCOMPARE(model->data(model->index(row), MessageListModel::AuthorNameRole).toString(),
            u"Demo (offline)"_s);
}

void TstChatController::settingsFollowTheOpenConversation()
{
    QSignalSpy settings(m_chat.get(), &ChatController::currentSettingsChanged);
    m_chat->setDefaultModel(u"m-demo"_s);
    QCOMPARE(m_chat->currentModel(), u"m-demo"_s); // c1 names no model
    QCOMPARE(settings.size(), 1);
    protocol::Conversation c2;
    c2.convId = u"c2"_s;
    c2.model = u"m-other"_s;
    c2.systemPrompt = u"Be brief."_s;
    m_conversations->upsert(c2);
    m_chat->setCurrentConvId(u"c2"_s);
    QCOMPARE(m_chat->currentModel(), u"m-other"_s);
    QCOMPARE(m_chat->currentSystemPrompt(), u"Be brief."_s);

    // Changed on another device: the conversation event updates it.
    c2.model = u"m-demo"_s;
    c2.systemPrompt = u"Be long."_s;
    m_conversations->upsert(c2); // the session updates the list first
    m_chat->handleServerMessage(protocol::ConversationReply { {}, c2 });
    QCOMPARE(m_chat->currentModel(), u"m-demo"_s);
    QCOMPARE(m_chat->currentSystemPrompt(), u"Be long."_s);

    // The empty chat keeps what the user chose for the next conversation.
    m_chat->setCurrentConvId({});
    QCOMPARE(m_chat->currentModel(), u"m-demo"_s);
    QCOMPARE(m_chat->currentSystemPrompt(), QString());
    m_chat->setModel(u"m-other"_s);
    m_chat->setSystemPrompt(u"Rhyme."_s);
    QCOMPARE(m_chat->currentModel(), u"m-other"_s);
    QCOMPARE(m_chat->currentSystemPrompt(), u"Rhyme."_s);

    // Without a connection an open conversation cannot change: it says so and keeps its model.
    m_chat->setCurrentConvId(u"c2"_s);
    settings.clear();
    m_chat->setModel(u"m-other"_s);
    QCOMPARE(m_chat->currentModel(), u"m-demo"_s);
    QCOMPARE(settings.size(), 1); // so the picker shows the model that stays
    QCOMPARE(
        m_chat->errorText(), u"You are offline: the conversation settings were not changed."_s);
}

QTEST_GUILESS_MAIN(TstChatController)
#include "tst_chatcontroller.moc"

namespace {
bool flag(MessageListModel* model, int row, int role)
{
    return model->data(model->index(row), role).toBool();
}

protocol::GenerationEnd ended(protocol::FinishReason finish, protocol::MessageStatus status)
{
    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.seq = 3;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.finish = finish;
    end.message = reply(u"Half a"_s, status);
    end.message.genId.clear(); // the row learns it from the end itself
    return end;
}
} // namespace

void TstChatController::continueAndRetryFollowHowTheReplyEnded_data()
{
    QTest::addColumn<int>("finishValue");
    QTest::addColumn<bool>("canContinue");
    QTest::newRow("stop") << int(protocol::FinishReason::Stop) << false;
    QTest::newRow("length") << int(protocol::FinishReason::Length) << true;
    QTest::newRow("stopped") << int(protocol::FinishReason::Stopped) << true;
    QTest::newRow("interrupted") << int(protocol::FinishReason::Interrupted) << true;
    QTest::newRow("error") << int(protocol::FinishReason::Error) << true;
}

void TstChatController::continueAndRetryFollowHowTheReplyEnded()
{
    QFETCH(int, finishValue);
    const auto finish = protocol::FinishReason(finishValue);
    QFETCH(bool, canContinue);
    auto* messages = m_chat->messages();
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(delta(u"c1"_s, 1, u"Half"_s));
    // Neither while it streams.
    QVERIFY(!flag(messages, 0, MessageListModel::CanContinueRole));
    QVERIFY(!flag(messages, 0, MessageListModel::CanRetryRole));
    QSignalSpy changed(messages, &QAbstractItemModel::dataChanged);
    m_chat->handleServerMessage(ended(finish, protocol::statusForFinish(finish)));
    QCOMPARE(flag(messages, 0, MessageListModel::CanContinueRole), canContinue);
    QVERIFY(flag(messages, 0, MessageListModel::CanRetryRole));
    QCOMPARE(messages->messageAt(0).genId, u"g1"_s);
    const bool announced = std::any_of(changed.cbegin(), changed.cend(), [](const auto& args) {
        return args.at(2).template value<QList<int>>().contains(MessageListModel::CanRetryRole);
    });
    QVERIFY(announced);

    // Offline, nothing is offered.
    messages->setOnline(false);
    QVERIFY(!flag(messages, 0, MessageListModel::CanContinueRole));
    QVERIFY(!flag(messages, 0, MessageListModel::CanRetryRole));
    m_chat->retryReply(u"m2"_s);
    QCOMPARE(m_chat->errorText(), u"Retrying a reply needs a connection to the server."_s);
}

void TstChatController::cutShortReplyFromHistoryCanContinue()
{
    auto end = ended(protocol::FinishReason::Length, protocol::MessageStatus::Complete);
    auto complete = ended(protocol::FinishReason::Stop, protocol::MessageStatus::Complete);
    complete.seq = 5;
    complete.genId = u"g2"_s;
    complete.msgId = u"m4"_s;
    complete.message.msgId = u"m4"_s;
    m_chat->handleServerMessage(protocol::HistoryReply { {}, u"c1"_s,
        { protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s }, end,
            protocol::GenerationStart { u"c1"_s, 4, u"g2"_s, u"m4"_s, u"demo"_s }, complete },
        false });
    auto* messages = m_chat->messages();
    QCOMPARE(messages->rowCount(), 2);
    QVERIFY(flag(messages, 0, MessageListModel::CanContinueRole));
    QVERIFY(!flag(messages, 1, MessageListModel::CanContinueRole));
    QVERIFY(flag(messages, 1, MessageListModel::CanRetryRole));
}

void TstChatController::continueRefusedForACompleteReply()
{
    m_chat->handleServerMessage(
        protocol::GenerationStart { u"c1"_s, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    m_chat->handleServerMessage(
        ended(protocol::FinishReason::Stop, protocol::MessageStatus::Complete));
    m_chat->continueReply(u"m2"_s);
    QCOMPARE(m_chat->errorText(),
        u"This reply cannot be continued: it is complete or still being written."_s);
    // Retry is allowed; with no connection the request cannot go out, and it says so.
    m_chat->retryReply(u"m2"_s);
    QCOMPARE(m_chat->errorText(), u"Not connected to a server."_s);
}
