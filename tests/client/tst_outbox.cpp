#include "chat/outbox.h"
#include "fakeserver.h"
#include "net/connection.h"
#include "store/localstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::Connection;
using palaver::client::LocalStore;
using palaver::client::Outbox;
using palaver::client::OutboxEntry;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;
using State = OutboxEntry::State;

namespace {
constexpr int kTimeout = 5000;
}

/// The outbox: written before it is sent, in order, exactly once per ack, failed with the
/// server's reason, and the prompt queue.
class TstOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writtenBeforeSentAndKeptOffline();
    void goesOutInOrderOnceOnline();
    void duplicateAckChangesNothing();
    void errorMarksFailedThenEditAndRetry();
    void queuedWhileStreamingGoesWhenItEnds();
    void sendNowSkipsTheQueue();
    void inFlightGoesAgainAfterADrop();
    void onlyUnsentMessagesChange();

private:
    void connect(Connection& connection);
    /// What ChatController does in the app: feeds the outbox the answers and sign-ins.
    static void wire(Connection& connection, Outbox& outbox);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<LocalStore> m_store;
};

void TstOutbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    m_store = std::make_unique<LocalStore>(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY(m_store->isOpen());
}

void TstOutbox::cleanup()
{
    m_store.reset();
    m_server.reset();
    m_dir.reset();
}

void TstOutbox::connect(Connection& connection)
{
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(
        QUrl(u"ws://%1/v1/ws"_s.arg(m_server->address())), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
}

void TstOutbox::wire(Connection& connection, Outbox& outbox)
{
    QObject::connect(&connection, &Connection::welcomed, &outbox, &Outbox::flush);
    QObject::connect(&connection, &Connection::closed, &outbox, &Outbox::connectionLost);
    QObject::connect(&connection, &Connection::messageReceived, &outbox,
        [&outbox](const protocol::ServerMessage& m) {
            if (const auto* ack = std::get_if<protocol::Ack>(&m))
                outbox.handleAck(*ack);
            else if (const auto* error = std::get_if<protocol::Error>(&m))
                outbox.handleError(*error);
        });
}

void TstOutbox::writtenBeforeSentAndKeptOffline()
{
    Connection connection; // never opened: offline
    Outbox outbox(&connection);
    outbox.setStore(m_store.get());
    QSignalSpy changed(&outbox, &Outbox::entryChanged);
    const auto e = outbox.add(u"c1"_s, u"hello"_s);
    QCOMPARE(e.state, State::Pending);
    QCOMPARE(changed.size(), 1);
    const auto stored = m_store->outbox();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().clientMsgId, e.clientMsgId);
    QCOMPARE(stored.first().text, u"hello"_s);
    QCOMPARE(stored.first().state, State::Pending);
    // A second outbox on the same store (the app restarted) sees it.
    Outbox again(nullptr);
    again.setStore(m_store.get());
    QCOMPARE(again.entries(u"c1"_s).size(), 1);
}

void TstOutbox::goesOutInOrderOnceOnline()
{
    Connection connection;
    Outbox outbox(&connection);
    outbox.setStore(m_store.get());
    wire(connection, outbox);
    QStringList ids;
    for (const auto& text : { u"one"_s, u"two"_s, u"three"_s })
        ids << outbox.add(u"c1"_s, text).clientMsgId;
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);
    m_server->ackSends = true;
    QSignalSpy acked(&outbox, &Outbox::acknowledged);
    connect(connection);
    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 3, kTimeout);
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(sent.at(i).clientMsgId, ids.at(i));
        QCOMPARE(acked.at(i).at(0).toString(), ids.at(i));
    }
    QCOMPARE(sent.at(2).text, u"three"_s);
    QVERIFY(outbox.entries().isEmpty());
    QVERIFY(m_store->outbox().isEmpty());
}

void TstOutbox::duplicateAckChangesNothing()
{
    Connection connection;
    Outbox outbox(&connection);
    outbox.setStore(m_store.get());
    wire(connection, outbox);
    connect(connection);
    // The server answers twice, the second time as a duplicate (a retry it already had).
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        if (const auto* send = std::get_if<protocol::MessageSend>(&m)) {
            m_server->send(
                socket, protocol::Ack { send->id, send->clientMsgId, u"m1"_s, 1, false });
            m_server->send(socket, protocol::Ack { send->id, send->clientMsgId, u"m1"_s, 1, true });
            return true;
        }
        return false;
    };
    QSignalSpy acked(&outbox, &Outbox::acknowledged);
    outbox.add(u"c1"_s, u"once"_s);
    QVERIFY(acked.wait(kTimeout));
    QVERIFY(
        !outbox.handleAck(protocol::Ack { {}, acked.first().at(0).toString(), u"m1"_s, 1, true }));
    QCOMPARE(acked.size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 1);
    QVERIFY(outbox.entries().isEmpty());
}

void TstOutbox::errorMarksFailedThenEditAndRetry()
{
    Connection connection;
    Outbox outbox(&connection);
    outbox.setStore(m_store.get());
    wire(connection, outbox);
    connect(connection);
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* send = std::get_if<protocol::MessageSend>(&m);
        if (!send || send->text.size() <= 5)
            return false;
        m_server->send(
            socket, protocol::Error { send->id, protocol::ErrorCode::TooLarge, u"Too long"_s, {} });
        return true;
    };
    m_server->ackSends = true;
    const QString id = outbox.add(u"c1"_s, u"far too long"_s).clientMsgId;
    QTRY_COMPARE_WITH_TIMEOUT(outbox.entry(id)->state, State::Failed, kTimeout);
    QCOMPARE(outbox.entry(id)->error, u"Too long"_s);
    QCOMPARE(m_store->outbox().first().state, State::Failed);
    QCOMPARE(m_store->outbox().first().error, u"Too long"_s);
    QVERIFY(outbox.edit(id, u"short"_s));
    QCOMPARE(m_store->outbox().first().text, u"short"_s);
    QSignalSpy acked(&outbox, &Outbox::acknowledged);
    QVERIFY(outbox.retry(id));
    QVERIFY(acked.wait(kTimeout));
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(1).clientMsgId, id); // the same message, not a new one
    QCOMPARE(sent.at(1).text, u"short"_s);
    QVERIFY(!outbox.entry(id));
}

void TstOutbox::queuedWhileStreamingGoesWhenItEnds()
{
    Connection connection;
    Outbox outbox(&connection);
    connect(connection);
    outbox.setStreaming(u"c1"_s, u"g1"_s, true);
    const QString queued = outbox.add(u"c1"_s, u"next question"_s).clientMsgId;
    const QString elsewhere = outbox.add(u"c2"_s, u"other chat"_s).clientMsgId;
    QCOMPARE(outbox.entry(queued)->state, State::Queued);
    QCOMPARE(outbox.entry(elsewhere)->state, State::Sending); // not behind c1's reply
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    outbox.setStreaming(u"c1"_s, u"g0"_s, false); // some other reply: still streaming
    QCOMPARE(outbox.entry(queued)->state, State::Queued);
    outbox.setStreaming(u"c1"_s, u"g1"_s, false);
    QCOMPARE(outbox.entry(queued)->state, State::Sending);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().at(1).clientMsgId, queued);
}

void TstOutbox::sendNowSkipsTheQueue()
{
    Connection connection;
    Outbox outbox(&connection);
    connect(connection);
    outbox.setStreaming(u"c1"_s, u"g1"_s, true);
    const QString first = outbox.add(u"c1"_s, u"a"_s).clientMsgId;
    const QString second = outbox.add(u"c1"_s, u"b"_s).clientMsgId;
    QVERIFY(outbox.sendNow(second));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().first().clientMsgId, second);
    QCOMPARE(outbox.entry(first)->state, State::Queued);
}

void TstOutbox::inFlightGoesAgainAfterADrop()
{
    Connection connection;
    connection.setAutoReconnectDelay(10);
    Outbox outbox(&connection);
    wire(connection, outbox);
    connect(connection);
    const QString id = outbox.add(u"c1"_s, u"lost ack"_s).clientMsgId;
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QCOMPARE(outbox.entry(id)->state, State::Sending);
    m_server->ackSends = true; // the server stored it; its ack is lost with the socket
    m_server->last()->abort();
    QSignalSpy acked(&outbox, &Outbox::acknowledged);
    QVERIFY(acked.wait(kTimeout));
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(1).clientMsgId, id);
    QVERIFY(outbox.entries().isEmpty());
}

void TstOutbox::onlyUnsentMessagesChange()
{
    Connection connection;
    Outbox outbox(&connection);
    outbox.setStore(m_store.get());
    wire(connection, outbox);
    connect(connection);
    const QString sent = outbox.add(u"c1"_s, u"gone"_s).clientMsgId; // no ack: Sending
    QCOMPARE(outbox.entry(sent)->state, State::Sending);
    QVERIFY(!outbox.edit(sent, u"changed"_s));
    QVERIFY(!outbox.remove(sent));
    QVERIFY(!outbox.retry(sent));
    connection.close();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), Connection::State::Offline, kTimeout);
    const QString pending = outbox.add(u"c1"_s, u"waiting"_s).clientMsgId;
    QVERIFY(!outbox.edit(pending, u"  "_s));
    QVERIFY(outbox.edit(pending, u"edited"_s));
    QVERIFY(outbox.remove(pending));
    QVERIFY(!outbox.entry(pending));
    QCOMPARE(m_store->outbox().size(), 1);
}

QTEST_GUILESS_MAIN(TstOutbox)
#include "tst_outbox.moc"
