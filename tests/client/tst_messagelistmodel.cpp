#include "chat/messagelistmodel.h"
#include "store/outboxentry.h"
#include "testmessages.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::MessageListModel;
using palaver::client::OutboxEntry;
namespace protocol = palaver::protocol;

using palaver::test::userMessage;

namespace {

protocol::ChatMessage assistantMessage(const QString& msgId, const QString& text,
    protocol::MessageStatus status = protocol::MessageStatus::Streaming)
{
    protocol::ChatMessage m;
    m.msgId = msgId;
    m.genId = u"g-"_s + msgId;
    m.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    m.text = text;
    m.status = status;
    m.createdAt = QDateTime::currentDateTimeUtc();
    return m;
}

QVariant value(const MessageListModel& model, int row, int role)
{
    return model.data(model.index(row), role);
}

QList<int> rolesOf(const QList<QVariant>& dataChangedArgs)
{
    return dataChangedArgs.at(2).value<QList<int>>();
}

} // namespace

/// The message model: pending rows, streamed rows (one row, one role) and finishing.
class TstMessageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void roleNames();
    void pendingUntilAck();
    void messageEventMatchesPendingByClientMsgId();
    void streamingChangesOnlyTextOfOneRow();
    void typewriterRevealsGradually();
    void finishWithErrorKeepsText();
    void storedFinalTextWins();
    void storedAuthorNameWins();
    void setMessagesKeepsUnsentPending();
    void markFailedShowsWhy();
    void outboxRowsShowTheirState();
    void serverMessagesGoBeforeUnsentOnes();
    void reasoningOpenUntilTheReplyTextShows();
    void toggledReasoningKeepsTheUsersChoice();
    void usageShownWhenTheReplyEnds();
    void reloadKeepsReasoningAndUsage();
    void isOwnByAuthorIdOrSentFromHere();

private:
    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TstMessageListModel::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TstMessageListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TstMessageListModel::roleNames()
{
    const auto names = m_model->roleNames().values();
    for (const char* name : { "msgId", "authorKind", "authorName", "text", "status", "errorText",
             "isAssistant", "isStreaming", "createdAt", "clientMsgId", "canEdit", "isQueued",
             "reasoning", "reasoningExpanded", "usageText", "isOwn" })
        QVERIFY2(names.contains(QByteArray(name)), name);
}

void TstMessageListModel::pendingUntilAck()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->addPending(u"cm-1"_s, u"Hello"_s, u"Ada"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"pending"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"Hello"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::AuthorKindRole).toString(), u"user"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::IsAssistantRole).toBool(), false);

    m_model->acknowledge(u"cm-1"_s, u"m-1"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::MsgIdRole).toString(), u"m-1"_s);
    QCOMPARE(changed.size(), 1);
    QVERIFY(rolesOf(changed.first()).contains(MessageListModel::StatusRole));
}

void TstMessageListModel::messageEventMatchesPendingByClientMsgId()
{
    m_model->addPending(u"cm-2"_s, u"Hi there"_s, u"Ada"_s);
    m_model->upsertMessage(userMessage(u"m-2"_s, u"cm-2"_s, u"Hi there"_s));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::MsgIdRole).toString(), u"m-2"_s);
    // The ack after the event changes nothing and adds nothing.
    m_model->acknowledge(u"cm-2"_s, u"m-2"_s);
    QCOMPARE(m_model->rowCount(), 1);
}

void TstMessageListModel::streamingChangesOnlyTextOfOneRow()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(userMessage(u"m-1"_s, u"cm-1"_s, u"Question"_s));
    m_model->upsertMessage(assistantMessage(u"m-2"_s, {}));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(value(*m_model, 1, MessageListModel::StatusRole).toString(), u"streaming"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::IsStreamingRole).toBool(), true);

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    for (const auto& piece : { u"The "_s, u"answer "_s, u"is 42."_s })
        m_model->appendDelta(u"m-2"_s, piece);

    QCOMPARE(changed.size(), 3);
    for (const auto& args : changed) {
        QCOMPARE(args.at(0).toModelIndex().row(), 1);
        QCOMPARE(args.at(1).toModelIndex().row(), 1);
        QCOMPARE(rolesOf(args), QList<int> { MessageListModel::TextRole });
    }
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(value(*m_model, 1, MessageListModel::TextRole).toString(), u"The answer is 42."_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"Question"_s);
}

void TstMessageListModel::typewriterRevealsGradually()
{
    m_model->upsertMessage(assistantMessage(u"m-1"_s, {}));
    const QString text = QString(u"All work and no play makes Jack a dull boy. "_s).repeated(4);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QStringList seen;
    connect(m_model.get(), &QAbstractItemModel::dataChanged, this,
        [&] { seen << value(*m_model, 0, MessageListModel::TextRole).toString(); });
    m_model->appendDelta(u"m-1"_s, text);
    // Nothing is shown before the first frame.
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), QString());
    m_model->finishMessage(assistantMessage(u"m-1"_s, text, protocol::MessageStatus::Complete));
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::IsStreamingRole).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(
        value(*m_model, 0, MessageListModel::TextRole).toString(), text, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(
        value(*m_model, 0, MessageListModel::IsStreamingRole).toBool(), false, 1000);
    // Shown in several growing steps, each a prefix of the final text.
    QVERIFY2(seen.size() >= 4, qPrintable(u"only %1 updates"_s.arg(seen.size())));
    for (const auto& step : std::as_const(seen))
        QVERIFY(text.startsWith(step));
    // The reveal itself only touched the text role; the end touched status / isStreaming.
    int textOnly = 0;
    for (const auto& args : std::as_const(changed)) {
        if (rolesOf(args) == QList<int> { MessageListModel::TextRole })
            ++textOnly;
    }
    QVERIFY(textOnly >= 3);
    QCOMPARE(rolesOf(changed.constLast()), QList<int> { MessageListModel::IsStreamingRole });
}

void TstMessageListModel::finishWithErrorKeepsText()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m-1"_s, {}));
    m_model->appendDelta(u"m-1"_s, u"Partial ans"_s);
    auto final = assistantMessage(u"m-1"_s, u"Partial ans"_s, protocol::MessageStatus::Error);
    m_model->finishMessage(
        final, protocol::ErrorInfo { protocol::ErrorCode::UpstreamError, u"The model failed"_s });
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"Partial ans"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"error"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ErrorTextRole).toString(), u"The model failed"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::IsStreamingRole).toBool(), false);
    // Late deltas don't touch a finished reply.
    m_model->appendDelta(u"m-1"_s, u"wer"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"Partial ans"_s);
}

void TstMessageListModel::storedFinalTextWins()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m-1"_s, {}));
    m_model->appendDelta(u"m-1"_s, u"Hello wrld"_s);
    m_model->finishMessage(
        assistantMessage(u"m-1"_s, u"Hello world"_s, protocol::MessageStatus::Complete));
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"Hello world"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"complete"_s);
}

void TstMessageListModel::storedAuthorNameWins()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m-1"_s, {}));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    auto final = assistantMessage(u"m-1"_s, u"Hi"_s, protocol::MessageStatus::Complete);
    final.author.name = u"Demo (offline)"_s;
    m_model->finishMessage(final);
    QCOMPARE(value(*m_model, 0, MessageListModel::AuthorNameRole).toString(), u"Demo (offline)"_s);
    QVERIFY(!changed.isEmpty());
    QVERIFY(rolesOf(changed.last()).contains(MessageListModel::AuthorNameRole));
}

void TstMessageListModel::setMessagesKeepsUnsentPending()
{
    m_model->addPending(u"cm-9"_s, u"typed while loading"_s, u"Ada"_s);
    m_model->setMessages({ userMessage(u"m-1"_s, u"cm-1"_s, u"old"_s),
        assistantMessage(u"m-2"_s, u"reply"_s, protocol::MessageStatus::Complete) });
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(value(*m_model, 2, MessageListModel::StatusRole).toString(), u"pending"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::TextRole).toString(), u"reply"_s);
    // Once the server lists it, it is not kept twice.
    m_model->setMessages({ userMessage(u"m-3"_s, u"cm-9"_s, u"typed while loading"_s) });
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"complete"_s);
}

void TstMessageListModel::markFailedShowsWhy()
{
    m_model->addPending(u"cm-1"_s, u"x"_s, u"Ada"_s);
    m_model->markFailed(u"cm-1"_s, u"Message too long"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"error"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ErrorTextRole).toString(), u"Message too long"_s);
}

void TstMessageListModel::outboxRowsShowTheirState()
{
    OutboxEntry e;
    e.clientMsgId = u"cm-1"_s;
    e.convId = u"c1"_s;
    e.text = u"draft"_s;
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(m_model->rowCount(), 1);
    const auto at = [this](int role) { return value(*m_model, 0, role); };
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"pending"_s);
    QCOMPARE(at(MessageListModel::ClientMsgIdRole).toString(), u"cm-1"_s);
    QCOMPARE(at(MessageListModel::AuthorNameRole).toString(), u"Ada"_s);
    QVERIFY(at(MessageListModel::CanEditRole).toBool());
    QVERIFY(!at(MessageListModel::IsQueuedRole).toBool());

    e.state = OutboxEntry::State::Queued;
    e.text = u"edited draft"_s;
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"queued"_s);
    QCOMPARE(at(MessageListModel::TextRole).toString(), u"edited draft"_s);
    QVERIFY(at(MessageListModel::IsQueuedRole).toBool());

    e.state = OutboxEntry::State::Failed;
    e.error = u"Not allowed"_s;
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"failed"_s);
    QCOMPARE(at(MessageListModel::ErrorTextRole).toString(), u"Not allowed"_s);
    QVERIFY(at(MessageListModel::CanEditRole).toBool());

    e.state = OutboxEntry::State::Sending;
    e.error.clear();
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"pending"_s);
    QVERIFY(!at(MessageListModel::CanEditRole).toBool()); // on the wire: too late to edit

    m_model->acknowledge(u"cm-1"_s, u"m-1"_s);
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"complete"_s);
    // A late outbox update for an acknowledged message changes nothing.
    e.state = OutboxEntry::State::Pending;
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(at(MessageListModel::StatusRole).toString(), u"complete"_s);

    e.clientMsgId = u"cm-2"_s;
    m_model->setOutboxEntry(e, u"Ada"_s);
    QCOMPARE(m_model->rowCount(), 2);
    m_model->removeClientMessage(u"cm-2"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(at(MessageListModel::MsgIdRole).toString(), u"m-1"_s);
}

void TstMessageListModel::serverMessagesGoBeforeUnsentOnes()
{
    OutboxEntry queued;
    queued.clientMsgId = u"cm-q"_s;
    queued.text = u"after the reply"_s;
    queued.state = OutboxEntry::State::Queued;
    m_model->setOutboxEntry(queued, u"Ada"_s);
    m_model->upsertMessage(assistantMessage(u"m-1"_s, QString()));
    m_model->upsertMessage(userMessage(u"m-2"_s, u"cm-other"_s, u"from another device"_s));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(value(*m_model, 0, MessageListModel::MsgIdRole).toString(), u"m-1"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::MsgIdRole).toString(), u"m-2"_s);
    QCOMPARE(value(*m_model, 2, MessageListModel::ClientMsgIdRole).toString(), u"cm-q"_s);
}

void TstMessageListModel::reasoningOpenUntilTheReplyTextShows()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m1"_s, {}));
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningRole).toString(), QString());
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool(), false);

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->appendReasoning(u"m1"_s, u"Let me think. "_s);
    m_model->appendReasoning(u"m1"_s, u"Yes."_s);
    QCOMPARE(
        value(*m_model, 0, MessageListModel::ReasoningRole).toString(), u"Let me think. Yes."_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool(), true);
    QCOMPARE(changed.size(), 2);
    QVERIFY(rolesOf(changed.at(0)).contains(MessageListModel::ReasoningExpandedRole));
    QCOMPARE(rolesOf(changed.at(1)), QList<int> { MessageListModel::ReasoningRole });
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), QString());

    // The first reply text closes the block, and says so.
    changed.clear();
    m_model->appendDelta(u"m1"_s, u"Answer"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool(), false);
    QCOMPARE(changed.size(), 1);
    QVERIFY(rolesOf(changed.at(0)).contains(MessageListModel::ReasoningExpandedRole));
    QVERIFY(rolesOf(changed.at(0)).contains(MessageListModel::TextRole));

    // Unknown rows and empty text change nothing.
    changed.clear();
    m_model->appendReasoning(u"nope"_s, u"x"_s);
    m_model->appendReasoning(u"m1"_s, {});
    QCOMPARE(changed.size(), 0);
}

void TstMessageListModel::toggledReasoningKeepsTheUsersChoice()
{
    m_model->upsertMessage(assistantMessage(u"m1"_s, {}));
    m_model->appendReasoning(u"m1"_s, u"Thinking"_s);
    QVERIFY(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->toggleReasoning(u"m1"_s);
    QVERIFY(!value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rolesOf(changed.at(0)), QList<int> { MessageListModel::ReasoningExpandedRole });
    m_model->toggleReasoning(u"m1"_s);
    QVERIFY(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool());
    // Opened by the user: it stays open when the text starts and after the end.
    m_model->appendDelta(u"m1"_s, u"Reply"_s, true);
    QVERIFY(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool());
    m_model->finishMessage(
        assistantMessage(u"m1"_s, u"Reply"_s, protocol::MessageStatus::Complete));
    QVERIFY(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool());
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningRole).toString(), u"Thinking"_s);
}

void TstMessageListModel::usageShownWhenTheReplyEnds()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m1"_s, {}));
    m_model->appendDelta(u"m1"_s, u"Hi"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::UsageTextRole).toString(), QString());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->finishMessage(assistantMessage(u"m1"_s, u"Hi"_s, protocol::MessageStatus::Complete),
        std::nullopt, protocol::Usage { 14, 30 });
    QCOMPARE(value(*m_model, 0, MessageListModel::UsageTextRole).toString(), u"14 in · 30 out"_s);
    QCOMPARE(changed.size(), 1);
    QVERIFY(rolesOf(changed.at(0)).contains(MessageListModel::UsageTextRole));

    // A stored reply (history) gets it set afterwards; a new row from finishMessage has it too.
    m_model->upsertMessage(assistantMessage(u"m2"_s, u"Old"_s, protocol::MessageStatus::Complete));
    m_model->setUsage(u"m2"_s, protocol::Usage { 1, 2 });
    QCOMPARE(value(*m_model, 1, MessageListModel::UsageTextRole).toString(), u"1 in · 2 out"_s);
    m_model->finishMessage(assistantMessage(u"m3"_s, u"New"_s, protocol::MessageStatus::Complete),
        std::nullopt, protocol::Usage { 5, 6 });
    QCOMPARE(value(*m_model, 2, MessageListModel::UsageTextRole).toString(), u"5 in · 6 out"_s);
}

void TstMessageListModel::reloadKeepsReasoningAndUsage()
{
    m_model->setTypewriterEnabled(false);
    m_model->upsertMessage(assistantMessage(u"m1"_s, {}));
    m_model->appendReasoning(u"m1"_s, u"Pondering"_s);
    m_model->toggleReasoning(u"m1"_s); // closed by the user
    m_model->appendDelta(u"m1"_s, u"Partial"_s);
    m_model->finishMessage(
        assistantMessage(u"m1"_s, u"Partial"_s, protocol::MessageStatus::Complete), std::nullopt,
        protocol::Usage { 3, 4 });
    // The same reply comes again in a history page (the server stores no reasoning).
    m_model->setMessages(
        { assistantMessage(u"m1"_s, u"Partial"_s, protocol::MessageStatus::Complete),
            assistantMessage(u"m2"_s, u"Other"_s, protocol::MessageStatus::Complete) });
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningRole).toString(), u"Pondering"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ReasoningExpandedRole).toBool(), false);
    QCOMPARE(value(*m_model, 0, MessageListModel::UsageTextRole).toString(), u"3 in · 4 out"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::ReasoningRole).toString(), QString());
    QCOMPARE(value(*m_model, 1, MessageListModel::UsageTextRole).toString(), QString());
}

void TstMessageListModel::isOwnByAuthorIdOrSentFromHere()
{
    auto isOwn = [this](int row) { return value(*m_model, row, MessageListModel::IsOwnRole); };
    // Ada (u1) is in a room with another "Ada" (u9): the name cannot tell them apart.
    protocol::ChatMessage namesake = userMessage(u"m-2"_s, {}, u"Hello from the other Ada"_s);
    namesake.author.id = u"u9"_s;
    m_model->setMessages(
        { userMessage(u"m-1"_s, u"cm-1"_s, u"Mine"_s), namesake,
            assistantMessage(u"m-3"_s, u"Reply"_s, protocol::MessageStatus::Complete) },
        { { u"m-1"_s, 1 }, { u"m-2"_s, 2 }, { u"m-3"_s, 3 } });
    m_model->addPending(u"cm-4"_s, u"Sent from here"_s, u"Ada"_s);
    OutboxEntry failed;
    failed.clientMsgId = u"cm-5"_s;
    failed.convId = u"c1"_s;
    failed.text = u"Refused"_s;
    failed.state = OutboxEntry::State::Failed;
    m_model->setOutboxEntry(failed, u"Ada"_s);
    QCOMPARE(m_model->rowCount(), 5);
    // The id is not known yet (offline, no cache): only what was sent from here is own.
    const QList<bool> before { false, false, false, true, true };
    for (int row = 0; row < 5; ++row)
        QCOMPARE(isOwn(row).toBool(), before.at(row));

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setSelfUserId(u"u1"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(rolesOf(changed.first()), QList<int> { MessageListModel::IsOwnRole });
    const QList<bool> after { true, false, false, true, true };
    for (int row = 0; row < 5; ++row)
        QCOMPARE(isOwn(row).toBool(), after.at(row));
    m_model->setSelfUserId(u"u1"_s);
    QCOMPARE(changed.size(), 1); // no change, no signal

    // Acknowledged, the message sent from here stays the user's before its event arrives.
    m_model->acknowledge(u"cm-4"_s, u"m-4"_s, 4);
    QCOMPARE(isOwn(m_model->rowOfMsgId(u"m-4"_s)).toBool(), true);
    m_model->setSelfUserId(u"u9"_s); // another account
    QCOMPARE(isOwn(m_model->rowOfMsgId(u"m-1"_s)).toBool(), false);
    QCOMPARE(isOwn(m_model->rowOfMsgId(u"m-2"_s)).toBool(), true);
    QCOMPARE(isOwn(m_model->rowOfMsgId(u"m-3"_s)).toBool(), false);
}

QTEST_GUILESS_MAIN(TstMessageListModel)
#include "tst_messagelistmodel.moc"
