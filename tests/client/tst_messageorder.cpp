// The order of the messages shown is the server's seq order, whatever order the events arrive in
// (live, acks, a reconnect's sync), with the messages not acknowledged yet after them in send
// order. The shapes the fault-injection suite found (seeds 4242 and 818811336).

#include "chat/chatcontroller.h"
#include "chat/messagelistmodel.h"
#include "chat/outbox.h"
#include "store/outboxentry.h"
#include "testmessages.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ChatController;
using palaver::client::MessageListModel;
using palaver::client::OutboxEntry;
namespace protocol = palaver::protocol;

using palaver::test::userMessage;

namespace {

protocol::ChatMessage streamingReply(const QString& msgId)
{
    protocol::ChatMessage m;
    m.msgId = msgId;
    m.genId = u"g-"_s + msgId;
    m.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    m.status = protocol::MessageStatus::Streaming;
    return m;
}

protocol::GenerationStart start(const QString& msgId, qint64 seq)
{
    return { u"c1"_s, seq, u"g-"_s + msgId, msgId, u"demo"_s };
}

/// What the rows show, one name each: the text of a user message, the msgId of a reply.
QStringList shown(const MessageListModel& model)
{
    QStringList names;
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto m = model.messageAt(r);
        names << (m.author.kind == protocol::AuthorKind::Assistant ? m.msgId : m.text);
    }
    return names;
}

} // namespace

class TstMessageOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void lateLowerSeqReplyGoesAfterItsPrompt();
    void olderMessageFromAnotherDeviceGoesBeforeOurAckedOne();
    void ackMovesARowBeforeTheUnsentOnes();
    void unknownSeqWaitsAfterTheKnownOnes();
    void pageOrderFollowsSeqNotArrival();
    void syncStartOfAReplyMissedLiveGoesToItsSeq();

private:
    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TstMessageOrder::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_model->setTypewriterEnabled(false);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TstMessageOrder::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TstMessageOrder::lateLowerSeqReplyGoesAfterItsPrompt()
{
    // Seed 4242: message 5 acked at 13, its reply's start (14) missed while the link was down;
    // 6 and 7 typed offline, acked at 16 and 18 with their replies at 17 and 19; then the sync
    // brings start 14.
    m_model->addPending(u"cm5"_s, u"five"_s, u"Ada"_s);
    m_model->acknowledge(u"cm5"_s, u"m5"_s, 13);
    m_model->addPending(u"cm6"_s, u"six"_s, u"Ada"_s);
    m_model->addPending(u"cm7"_s, u"seven"_s, u"Ada"_s);
    m_model->acknowledge(u"cm6"_s, u"m6"_s, 16);
    m_model->upsertMessage(streamingReply(u"r6"_s), 17);
    m_model->acknowledge(u"cm7"_s, u"m7"_s, 18);
    m_model->upsertMessage(streamingReply(u"r7"_s), 19);
    QCOMPARE(shown(*m_model), (QStringList { u"five"_s, u"six"_s, u"r6"_s, u"seven"_s, u"r7"_s }));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->upsertMessage(streamingReply(u"r5"_s), 14);
    QCOMPARE(shown(*m_model),
        (QStringList { u"five"_s, u"r5"_s, u"six"_s, u"r6"_s, u"seven"_s, u"r7"_s }));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
}

void TstMessageOrder::olderMessageFromAnotherDeviceGoesBeforeOurAckedOne()
{
    // Seed 818811336: this device's message is acked (seq 20) before the phone's older one
    // (seq 18) arrives through the sync.
    m_model->upsertMessage(userMessage(u"m1"_s, u"cm1"_s, u"first"_s), 17);
    m_model->addPending(u"cm-laptop"_s, u"laptop 3"_s, u"Ada"_s);
    m_model->addPending(u"cm-later"_s, u"laptop 4"_s, u"Ada"_s);
    m_model->acknowledge(u"cm-laptop"_s, u"m-laptop"_s, 20);
    m_model->upsertMessage(userMessage(u"m-phone"_s, u"cm-phone"_s, u"phone 3"_s), 18);
    QCOMPARE(
        shown(*m_model), (QStringList { u"first"_s, u"phone 3"_s, u"laptop 3"_s, u"laptop 4"_s }));
    QCOMPARE(m_model->index(3).data(MessageListModel::StatusRole).toString(), u"pending"_s);
    // Our own message event repeats what the ack said: nothing moves.
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    m_model->upsertMessage(userMessage(u"m-laptop"_s, u"cm-laptop"_s, u"laptop 3"_s), 20);
    QCOMPARE(moved.size(), 0);
    QCOMPARE(m_model->rowOfClientMsgId(u"cm-laptop"_s), 2);
}

void TstMessageOrder::ackMovesARowBeforeTheUnsentOnes()
{
    m_model->upsertMessage(userMessage(u"m1"_s, u"cm1"_s, u"stored"_s), 1);
    OutboxEntry failed;
    failed.clientMsgId = u"cm-failed"_s;
    failed.text = u"refused"_s;
    failed.state = OutboxEntry::State::Failed;
    m_model->setOutboxEntry(failed, u"Ada"_s);
    m_model->addPending(u"cm2"_s, u"accepted"_s, u"Ada"_s);
    QCOMPARE(shown(*m_model), (QStringList { u"stored"_s, u"refused"_s, u"accepted"_s }));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    m_model->acknowledge(u"cm2"_s, u"m2"_s, 2);
    QCOMPARE(shown(*m_model), (QStringList { u"stored"_s, u"accepted"_s, u"refused"_s }));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(m_model->index(1).data(MessageListModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(m_model->index(2).data(MessageListModel::StatusRole).toString(), u"failed"_s);
}

void TstMessageOrder::unknownSeqWaitsAfterTheKnownOnes()
{
    // A reply followed from a sync's `live` entry has no seq until its start is seen.
    m_model->addPending(u"cm-q"_s, u"queued"_s, u"Ada"_s);
    m_model->upsertMessage(streamingReply(u"r-live"_s));
    m_model->upsertMessage(userMessage(u"m1"_s, u"cm1"_s, u"one"_s), 3);
    m_model->upsertMessage(userMessage(u"m2"_s, u"cm2"_s, u"two"_s), 5);
    QCOMPARE(shown(*m_model), (QStringList { u"one"_s, u"two"_s, u"r-live"_s, u"queued"_s }));
    m_model->noteSeq(u"r-live"_s, 4);
    QCOMPARE(shown(*m_model), (QStringList { u"one"_s, u"r-live"_s, u"two"_s, u"queued"_s }));
    // A later event about it (its end) does not move it back.
    m_model->noteSeq(u"r-live"_s, 9);
    QCOMPARE(m_model->rowOfMsgId(u"r-live"_s), 1);
}

void TstMessageOrder::pageOrderFollowsSeqNotArrival()
{
    m_model->addPending(u"cm-unsent"_s, u"unsent"_s, u"Ada"_s);
    m_model->setMessages(
        { userMessage(u"m2"_s, u"cm2"_s, u"two"_s), userMessage(u"m1"_s, u"cm1"_s, u"one"_s) },
        { { u"m1"_s, 1 }, { u"m2"_s, 2 } });
    QCOMPARE(shown(*m_model), (QStringList { u"one"_s, u"two"_s, u"unsent"_s }));
    // A row added later still finds its place among them.
    m_model->upsertMessage(streamingReply(u"r1"_s), 2);
    m_model->noteSeq(u"m2"_s, 3); // higher: changes nothing
    QCOMPARE(shown(*m_model), (QStringList { u"one"_s, u"r1"_s, u"two"_s, u"unsent"_s }));
}

void TstMessageOrder::syncStartOfAReplyMissedLiveGoesToItsSeq()
{
    // The same as seed 4242 through the controller: acks from the outbox, starts live, and the
    // reconnect's sync carrying the start that was missed.
    ChatController chat(nullptr, nullptr);
    chat.setTypewriterEnabled(false);
    chat.setCurrentConvId(u"c1"_s);
    auto* outbox = chat.outbox();
    const auto ack = [&](const QString& text, const QString& msgId, qint64 seq) {
        for (const auto& e : outbox->entries()) {
            if (e.text == text)
                chat.handleServerMessage(protocol::Ack { {}, e.clientMsgId, msgId, seq, false });
        }
    };
    chat.send(u"five"_s);
    ack(u"five"_s, u"m5"_s, 13);
    chat.send(u"six"_s);
    chat.send(u"seven"_s);
    ack(u"six"_s, u"m6"_s, 16);
    chat.handleServerMessage(start(u"r6"_s, 17));
    ack(u"seven"_s, u"m7"_s, 18);
    chat.handleServerMessage(start(u"r7"_s, 19));
    protocol::SyncReply sync { u"s1"_s, u"c1"_s, {}, false, {} };
    sync.events = { start(u"r5"_s, 14), start(u"r6"_s, 17), start(u"r7"_s, 19) };
    chat.handleServerMessage(sync);
    QCOMPARE(shown(*chat.messages()),
        (QStringList { u"five"_s, u"r5"_s, u"six"_s, u"r6"_s, u"seven"_s, u"r7"_s }));
}

QTEST_GUILESS_MAIN(TstMessageOrder)
#include "tst_messageorder.moc"
