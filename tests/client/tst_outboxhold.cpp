// After a reconnect the prompt queue still holds: what was typed while away waits for the
// conversation's `sync`, which says whether a reply still streams there (fault suite, bug 2).

#include "fakeserver.h"
#include "session/clientsession.h"
#include "testmessages.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::MessageListModel;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

using palaver::test::storedUserMessage;

namespace {
constexpr int kTimeout = 5000;

QStringList statuses(MessageListModel* model)
{
    QStringList result;
    for (int i = 0; i < model->rowCount(); ++i)
        result << model->index(i).data(MessageListModel::StatusRole).toString();
    return result;
}

/// Where the first message of type T is in what the server received after `from` (-1: none).
template<typename T> int firstIndexOf(const FakeServer& server, int from)
{
    for (int i = from; i < server.received.size(); ++i) {
        if (std::holds_alternative<T>(server.received.at(i)))
            return i;
    }
    return -1;
}
} // namespace

class TstOutboxHold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void offlineMessagesGoAfterTheSync();
    void offlineMessagesQueueBehindAReplyStillStreaming();
    void aFailedSyncReleasesThem();

private:
    /// Signs in, opens c1 (one stored message, now cached), drops the connection and types
    /// `text` while away; returns where the server's received list stood before the reconnect.
    int typeWhileAway(ClientSession& session, const QString& text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstOutboxHold::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    protocol::Conversation c;
    c.convId = u"c1"_s;
    c.title = u"Chat"_s;
    c.updatedAt = QDateTime::currentDateTimeUtc();
    m_server->conversations = { c };
    m_server->store(u"c1"_s, storedUserMessage(u"m1"_s, u"one"_s));
    m_server->ackSends = true;
}

void TstOutboxHold::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

int TstOutboxHold::typeWhileAway(ClientSession& session, const QString& text)
{
    session.connection()->backoff().setInitialMs(60'000); // back only on reconnect()
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout); }();
    session.chat()->setTypewriterEnabled(false);
    session.chat()->setCurrentConvId(u"c1"_s);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(session.chat()->messages()->rowCount(), 1, kTimeout); }();
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(
            session.connectionState(), ClientSession::WaitingToRetry, kTimeout);
    }();
    session.chat()->send(text);
    return int(m_server->received.size());
}

void TstOutboxHold::offlineMessagesGoAfterTheSync()
{
    ClientSession session(m_dir->filePath(u"palaver.ini"_s));
    const int before = typeWhileAway(session, u"two"_s);
    session.reconnect();
    QTRY_COMPARE_WITH_TIMEOUT(statuses(session.chat()->messages()),
        (QStringList { u"complete"_s, u"complete"_s }), kTimeout);
    const int sync = firstIndexOf<protocol::SyncRequest>(*m_server, before);
    const int send = firstIndexOf<protocol::MessageSend>(*m_server, before);
    QVERIFY(sync >= 0);
    QVERIFY(send >= 0);
    QVERIFY2(sync < send, "the message went out before the sync that could hold it");
}

void TstOutboxHold::offlineMessagesQueueBehindAReplyStillStreaming()
{
    ClientSession session(m_dir->filePath(u"palaver.ini"_s));
    typeWhileAway(session, u"two"_s);
    // While we were away a reply started; it still streams.
    m_server->store(u"c1"_s, protocol::GenerationStart { u"c1"_s, 0, u"g1"_s, u"r1"_s, u"demo"_s });
    m_server->live[u"c1"_s] = { protocol::LiveGeneration { u"g1"_s, u"r1"_s, u"Hel"_s, 1 } };
    session.reconnect();
    auto* messages = session.chat()->messages();
    QTRY_COMPARE_WITH_TIMEOUT(
        statuses(messages), (QStringList { u"complete"_s, u"streaming"_s, u"queued"_s }), kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);
    // The reply ends: the message queued behind it goes.
    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.genId = u"g1"_s;
    end.msgId = u"r1"_s;
    end.message.msgId = u"r1"_s;
    end.message.genId = u"g1"_s;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    end.message.text = u"Hello"_s;
    end.seq = m_server->store(u"c1"_s, end);
    m_server->live.remove(u"c1"_s);
    m_server->send(m_server->last(), end);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(statuses(messages),
        (QStringList { u"complete"_s, u"complete"_s, u"complete"_s }), kTimeout);
    QCOMPARE(messages->index(2).data(MessageListModel::TextRole).toString(), u"two"_s);
}

void TstOutboxHold::aFailedSyncReleasesThem()
{
    ClientSession session(m_dir->filePath(u"palaver.ini"_s));
    typeWhileAway(session, u"two"_s);
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* sync = std::get_if<protocol::SyncRequest>(&m);
        if (!sync)
            return false;
        m_server->send(socket,
            protocol::Error { sync->id, protocol::ErrorCode::Internal, u"Database busy"_s, {} });
        return true;
    };
    session.reconnect();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(statuses(session.chat()->messages()),
        (QStringList { u"complete"_s, u"complete"_s }), kTimeout);
    QVERIFY(session.errorText().contains(u"Database busy"_s));
}

QTEST_GUILESS_MAIN(TstOutboxHold)
#include "tst_outboxhold.moc"
