#include "chat/outbox.h"
#include "fakeserver.h"
#include "net/connection.h"
#include "session/clientsession.h"
#include "store/cachesync.h"
#include "store/localstore.h"

#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::CacheSync;
using palaver::client::ClientSession;
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

/// `rate_limited` is not a failure: the outbox waits the server's retryAfterMs and sends the
/// same message again, in order; background requests refused that way show nothing; what the
/// user asked for (creating a room) shows the server's words, as `quota_exceeded` does.
class TstRateLimited : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void offlineBurstArrivesInOrderOnce();
    void retryWaitIsBounded();
    void syncIsAskedAgain();
    void backgroundRequestsShowNothing();
    void userRequestsShowTheServersWords();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstRateLimited::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
}

void TstRateLimited::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstRateLimited::offlineBurstArrivesInOrderOnce()
{
    LocalStore store(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY(store.isOpen());
    Connection connection;
    Outbox outbox(&connection);
    outbox.setStore(&store);
    QObject::connect(&connection, &Connection::welcomed, &outbox, &Outbox::flush);
    QObject::connect(&connection, &Connection::messageReceived, &outbox,
        [&outbox](const protocol::ServerMessage& m) {
            if (const auto* ack = std::get_if<protocol::Ack>(&m))
                outbox.handleAck(*ack);
            else if (const auto* error = std::get_if<protocol::Error>(&m))
                outbox.handleError(*error);
        });
    QList<State> states;
    QObject::connect(&outbox, &Outbox::entryChanged, &outbox,
        [&states](const OutboxEntry& e) { states << e.state; });

    // Typed offline: seven messages.
    QStringList ids;
    QStringList texts;
    for (int i = 1; i <= 7; ++i) {
        texts << u"message %1"_s.arg(i);
        ids << outbox.add(u"c1"_s, texts.last()).clientMsgId;
    }

    // The server takes two, then refuses with rate_limited until 80 ms have passed (a token
    // bucket of two).
    m_server->ackSends = true;
    int tokens = 2;
    int refusals = 0;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* send = std::get_if<protocol::MessageSend>(&m);
        if (!send)
            return false;
        if (tokens > 0) {
            --tokens;
            return false; // stored and acknowledged
        }
        if (refusals++ == 0 || tokens == 0)
            QTimer::singleShot(80, m_server.get(), [&tokens] { tokens = 2; });
        m_server->send(socket,
            protocol::Error {
                send->id, protocol::ErrorCode::RateLimited, u"Too many messages"_s, 80 });
        return true;
    };
    QSignalSpy acked(&outbox, &Outbox::acknowledged);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(
        QUrl(u"ws://%1/v1/ws"_s.arg(m_server->address())), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));

    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 7, kTimeout);
    QVERIFY(refusals > 0); // the limit was hit
    QVERIFY(!states.contains(State::Failed)); // and never shown as a failure
    // Stored once each, in the order typed.
    const auto stored = m_server->stored.value(u"c1"_s);
    QCOMPARE(stored.size(), 7);
    for (int i = 0; i < 7; ++i) {
        const auto& message = std::get<protocol::MessageEvent>(stored.at(i)).message;
        QCOMPARE(message.text, texts.at(i));
        QCOMPARE(message.clientMsgId, ids.at(i));
        QCOMPARE(acked.at(i).at(0).toString(), ids.at(i));
    }
    // What was sent again was the same message (no new clientMsgId, nothing duplicated).
    QSet<QString> sentIds;
    for (const auto& send : m_server->receivedOf<protocol::MessageSend>())
        sentIds.insert(send.clientMsgId);
    QCOMPARE(sentIds, QSet<QString>(ids.cbegin(), ids.cend()));
    QVERIFY(outbox.entries().isEmpty());
    QVERIFY(store.outbox().isEmpty());
}

void TstRateLimited::retryWaitIsBounded()
{
    FakeServer& server = *m_server;
    server.handler = [&server](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* send = std::get_if<protocol::MessageSend>(&m);
        if (!send)
            return false;
        // An hour: a broken or hostile server must not park the outbox for that long.
        server.send(socket,
            protocol::Error { send->id, protocol::ErrorCode::RateLimited, u"Later"_s, 3'600'000 });
        return true;
    };
    Connection connection;
    Outbox outbox(&connection);
    QObject::connect(&connection, &Connection::messageReceived, &outbox,
        [&outbox](const protocol::ServerMessage& m) {
            if (const auto* error = std::get_if<protocol::Error>(&m))
                outbox.handleError(*error);
        });
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(QUrl(u"ws://%1/v1/ws"_s.arg(server.address())), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    const QString id = outbox.add(u"c1"_s, u"hello"_s).clientMsgId;
    QTRY_VERIFY_WITH_TIMEOUT(outbox.isPaused(), kTimeout);
    QCOMPARE(outbox.entry(id)->state, State::Pending);
    QVERIFY(outbox.entry(id)->error.isEmpty());
    QVERIFY(outbox.retryInMs() > 0);
    QVERIFY2(outbox.retryInMs() <= 60'000, qPrintable(QString::number(outbox.retryInMs())));
    // While paused, nothing more goes (a new message waits behind the first).
    outbox.add(u"c1"_s, u"second"_s);
    QCOMPARE(server.receivedOf<protocol::MessageSend>().size(), 1);
}

void TstRateLimited::syncIsAskedAgain()
{
    bool refused = false;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* sync = std::get_if<protocol::SyncRequest>(&m);
        if (!sync || refused)
            return false;
        refused = true;
        m_server->send(socket,
            protocol::Error {
                sync->id, protocol::ErrorCode::RateLimited, u"Too many requests"_s, 50 });
        return true;
    };
    Connection connection;
    CacheSync cacheSync(&connection);
    bool answered = false;
    QObject::connect(&connection, &Connection::messageReceived, &cacheSync,
        [&](const protocol::ServerMessage& m) {
            cacheSync.handleServerMessage(m);
            answered = answered || std::holds_alternative<protocol::SyncReply>(m);
        });
    QSignalSpy errors(&cacheSync, &CacheSync::errorOccurred);
    QSignalSpy failed(&cacheSync, &CacheSync::syncFailed);
    QSignalSpy welcomed(&connection, &Connection::welcomed);
    connection.open(
        QUrl(u"ws://%1/v1/ws"_s.arg(m_server->address())), { u"ada"_s, u"secret"_s, {} });
    QVERIFY(welcomed.wait(kTimeout));
    cacheSync.sync(u"c1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(answered, kTimeout);
    const auto asked = m_server->receivedOf<protocol::SyncRequest>();
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.at(1).convId, u"c1"_s);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void TstRateLimited::backgroundRequestsShowNothing()
{
    protocol::Conversation room;
    room.convId = u"r1"_s;
    room.kind = protocol::ConversationKind::Room;
    room.title = u"Book club"_s;
    room.updatedAt = QDateTime::currentDateTimeUtc();
    room.lastSeq = 3;
    room.unread = 3;
    room.members = { FakeServer::member(u"Ada"_s, protocol::MemberRole::Owner),
        FakeServer::member(u"bob"_s) };
    m_server->conversations = { room };
    int refused = 0;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        QString id;
        if (const auto* typing = std::get_if<protocol::TypingRequest>(&m))
            id = typing->id;
        else if (const auto* presence = std::get_if<protocol::PresenceSet>(&m))
            id = presence->id;
        else if (const auto* read = std::get_if<protocol::ReadRequest>(&m))
            id = read->id;
        else
            return false;
        ++refused;
        m_server->send(socket,
            protocol::Error { id, protocol::ErrorCode::RateLimited, u"Too many requests"_s, 500 });
        return true;
    };
    ClientSession session(settingsFile());
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), u"r1"_s, kTimeout);
    auto* chat = session.chat();
    chat->userTyping();
    session.presenceReporter()->setWindowActive(false);
    QTRY_VERIFY_WITH_TIMEOUT(refused >= 2, kTimeout);
    // Once the answer to a ping sent now is in, the refusals before it have been handled too
    // (one connection, in order).
    bool ponged = false;
    QObject::connect(session.connection(), &Connection::messageReceived, this,
        [&ponged](const protocol::ServerMessage& m) {
            ponged = ponged || std::holds_alternative<protocol::Pong>(m);
        });
    QVERIFY(!session.connection()->send(protocol::Ping {}).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(ponged, kTimeout);
    QCOMPARE(session.errorText(), QString());
    QCOMPARE(chat->errorText(), QString());
}

void TstRateLimited::userRequestsShowTheServersWords()
{
    ClientSession session(settingsFile());
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    auto* chat = session.chat();
    protocol::ErrorCode code = protocol::ErrorCode::RateLimited;
    QString words = u"You are creating rooms too fast; wait a minute"_s;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* create = std::get_if<protocol::ConversationCreate>(&m);
        if (!create)
            return false;
        m_server->send(socket,
            protocol::Error { create->id, code, words,
                code == protocol::ErrorCode::RateLimited ? std::optional<qint64>(60'000)
                                                         : std::nullopt });
        return true;
    };
    chat->createRoom(u"Plans"_s, { u"bob"_s });
    QTRY_COMPARE_WITH_TIMEOUT(
        chat->errorText(), u"Could not create the room: "_s + words, kTimeout);

    code = protocol::ErrorCode::QuotaExceeded;
    words = u"You own 50 rooms, the most this server allows"_s;
    chat->createRoom(u"More plans"_s, { u"bob"_s });
    QTRY_COMPARE_WITH_TIMEOUT(
        chat->errorText(), u"Could not create the room: "_s + words, kTimeout);
}

QTEST_MAIN(TstRateLimited)
#include "tst_ratelimited.moc"
