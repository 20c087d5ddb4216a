#include "fakeserver.h"
#include "net/networkmonitor.h"
#include "session/clientsession.h"
#include "session/sessionstore.h"
#include "sessionfiles.h"
#include "store/localstore.h"
#include "testmessages.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::LocalStore;
using palaver::client::MessageListModel;
using palaver::client::SessionStore;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

using palaver::test::storedUserMessage;

namespace {
constexpr int kTimeout = 5000;

QVariant role(MessageListModel* model, int row, int role)
{
    return row < model->rowCount() ? model->data(model->index(row), role) : QVariant();
}

QStringList texts(MessageListModel* model)
{
    QStringList result;
    for (int i = 0; i < model->rowCount(); ++i)
        result << role(model, i, MessageListModel::TextRole).toString();
    return result;
}

QStringList statuses(MessageListModel* model)
{
    QStringList result;
    for (int i = 0; i < model->rowCount(); ++i)
        result << role(model, i, MessageListModel::StatusRole).toString();
    return result;
}
} // namespace

/// Nothing lost, nothing duplicated: ClientSession against the fake server through drops, dead
/// sockets, restarts and streaming replies.
class TstResilience : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void reconnectsWithBackoffAfterDrop();
    void halfOpenSocketIsReplaced();
    void networkReturnRetriesAtOnce();
    void offlineMessagesGoOutInOrderOnReconnect();
    void failedMessageCanBeEditedAndResent();
    void queuedWhileStreamingThenSendNow();
    void cacheShowsHistoryWithoutServer();
    void syncAfterReconnectMergesWithoutDuplicates();
    void resumeContinuesWithoutRepeatingText();
    void snapshotReplacesTextWithoutRetyping();
    void outboxSurvivesRestartExactlyOnceInOrder();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    /// Quick, deterministic retries for the tests that drop the connection.
    static void fastRetries(ClientSession& session);
    void signIn(ClientSession& session);
    void openC1(ClientSession& session, int rows);
    void dropAndWaitOnline(ClientSession& session);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstResilience::init()
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
}

void TstResilience::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstResilience::fastRetries(ClientSession& session)
{
    session.connection()->backoff().setInitialMs(20);
    session.connection()->backoff().setCapMs(40);
}

void TstResilience::signIn(ClientSession& session)
{
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 1, kTimeout);
    session.chat()->setTypewriterEnabled(false);
}

void TstResilience::openC1(ClientSession& session, int rows)
{
    session.chat()->setCurrentConvId(u"c1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->messages()->rowCount(), rows, kTimeout);
}

void TstResilience::dropAndWaitOnline(ClientSession& session)
{
    QList<ClientSession::ConnectionState> states;
    connect(&session, &ClientSession::connectionStateChanged, this,
        [&] { states << session.connectionState(); });
    const int auths = m_server->receivedOf<protocol::Auth>().size();
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::Auth>().size(), auths + 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::Online, kTimeout);
    QCOMPARE(states.first(), ClientSession::WaitingToRetry);
    disconnect(&session, &ClientSession::connectionStateChanged, this, nullptr);
}

void TstResilience::reconnectsWithBackoffAfterDrop()
{
    ClientSession session(settingsFile());
    fastRetries(session);
    signIn(session);
    QSignalSpy scheduled(session.connection(), &palaver::client::Connection::retryScheduled);
    dropAndWaitOnline(session);
    QCOMPARE(scheduled.size(), 1);
    QVERIFY(scheduled.first().at(0).toInt() <= 20); // the first ceiling
    QCOMPARE(scheduled.first().at(1).toInt(), 1);
    QCOMPARE(session.connectionText(), u"Connected"_s);
    QCOMPARE(session.reconnectAttempt(), 0);
    // The retry signs in with the token the login gave.
    QCOMPARE(m_server->receivedOf<protocol::Auth>().constLast().token, u"tok-1"_s);
}

void TstResilience::halfOpenSocketIsReplaced()
{
    ClientSession session(settingsFile());
    fastRetries(session);
    session.connection()->watchdog().setIntervals(30, 30);
    m_server->answerPings = false; // the socket looks open but nothing comes back
    QStringList errors;
    connect(
        &session, &ClientSession::errorTextChanged, this, [&] { errors << session.errorText(); });
    signIn(session);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->receivedOf<protocol::Ping>().size() >= 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->receivedOf<protocol::Auth>().size() >= 1, kTimeout);
    QVERIFY2(errors.filter(u"stopped answering"_s).size() >= 1, qPrintable(errors.join(u'|')));
    m_server->answerPings = true;
    // A generous answer window from here on, so a busy test machine cannot look half-open.
    session.connection()->watchdog().setIntervals(30, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::Online, kTimeout);
    // A ping that arrived just before the switch went unanswered, and the watchdog waits for
    // its answer before it pings again: answer it late, as a slow server would.
    m_server->send(
        m_server->last(), protocol::Pong { m_server->receivedOf<protocol::Ping>().constLast().id });
    // Answered pings keep the new connection: no further sign-ins.
    const int auths = m_server->receivedOf<protocol::Auth>().size();
    const int pings = m_server->receivedOf<protocol::Ping>().size();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->receivedOf<protocol::Ping>().size() >= pings + 3, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().size(), auths);
    QCOMPARE(session.connectionState(), ClientSession::Online);
}

void TstResilience::networkReturnRetriesAtOnce()
{
    ClientSession session(settingsFile());
    session.connection()->backoff().setInitialMs(60'000);
    session.connection()->backoff().setRandomSource([] { return 0.9999; });
    signIn(session);
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::WaitingToRetry, kTimeout);
    QVERIFY2(session.connectionText().startsWith(u"Reconnecting in 30 s"_s),
        qPrintable(session.connectionText()));
    session.networkMonitor()->setReachable(false);
    QCOMPARE(session.connectionState(), ClientSession::WaitingToRetry);
    session.networkMonitor()->setReachable(true);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::Online, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().size(), 1);
}

void TstResilience::offlineMessagesGoOutInOrderOnReconnect()
{
    ClientSession session(settingsFile());
    session.connection()->backoff().setInitialMs(60'000);
    signIn(session);
    openC1(session, 0);
    m_server->ackSends = true;
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::WaitingToRetry, kTimeout);
    auto* messages = session.chat()->messages();
    session.chat()->send(u"one"_s);
    session.chat()->send(u"two"_s);
    QCOMPARE(statuses(messages), (QStringList { u"pending"_s, u"pending"_s }));
    QVERIFY(role(messages, 0, MessageListModel::CanEditRole).toBool());
    QCOMPARE(session.localStore()->outbox().size(), 2); // on disk before anything is sent
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);
    session.reconnect(); // "Retry now"
    QTRY_COMPARE_WITH_TIMEOUT(
        statuses(messages), (QStringList { u"complete"_s, u"complete"_s }), kTimeout);
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(0).text, u"one"_s);
    QCOMPARE(sent.at(1).text, u"two"_s);
    QCOMPARE(texts(messages), (QStringList { u"one"_s, u"two"_s }));
    QVERIFY(session.localStore()->outbox().isEmpty());
    QVERIFY(!role(messages, 0, MessageListModel::CanEditRole).toBool());
}

void TstResilience::failedMessageCanBeEditedAndResent()
{
    ClientSession session(settingsFile());
    signIn(session);
    openC1(session, 0);
    m_server->ackSends = true;
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* send = std::get_if<protocol::MessageSend>(&m);
        if (!send || !send->text.contains(u"forbidden"_s))
            return false;
        m_server->send(socket,
            protocol::Error {
                send->id, protocol::ErrorCode::Forbidden, u"Not allowed here"_s, {} });
        return true;
    };
    auto* messages = session.chat()->messages();
    session.chat()->send(u"a forbidden word"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statuses(messages), QStringList { u"failed"_s }, kTimeout);
    QCOMPARE(role(messages, 0, MessageListModel::ErrorTextRole).toString(), u"Not allowed here"_s);
    QVERIFY(role(messages, 0, MessageListModel::CanEditRole).toBool());
    const QString id = role(messages, 0, MessageListModel::ClientMsgIdRole).toString();
    QVERIFY(!id.isEmpty());
    session.chat()->editPending(id, u"a kind word"_s);
    QCOMPARE(texts(messages), QStringList { u"a kind word"_s });
    QCOMPARE(statuses(messages), QStringList { u"failed"_s }); // edited, not sent yet
    session.chat()->retryFailed(id);
    QTRY_COMPARE_WITH_TIMEOUT(statuses(messages), QStringList { u"complete"_s }, kTimeout);
    QCOMPARE(texts(messages), QStringList { u"a kind word"_s });
    QCOMPARE(role(messages, 0, MessageListModel::ErrorTextRole).toString(), QString());
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(1).clientMsgId, id);
    QCOMPARE(messages->rowCount(), 1);

    // A failed message can also be taken back.
    session.chat()->send(u"forbidden again"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        statuses(messages), (QStringList { u"complete"_s, u"failed"_s }), kTimeout);
    session.chat()->removePending(role(messages, 1, MessageListModel::ClientMsgIdRole).toString());
    QCOMPARE(messages->rowCount(), 1);
    QVERIFY(session.localStore()->outbox().isEmpty());
}

void TstResilience::queuedWhileStreamingThenSendNow()
{
    ClientSession session(settingsFile());
    signIn(session);
    openC1(session, 0);
    m_server->ackSends = true;
    m_server->send(
        m_server->last(), protocol::GenerationStart { u"c1"_s, 1, u"g1"_s, u"m-r"_s, u"demo"_s });
    QTRY_VERIFY_WITH_TIMEOUT(session.chat()->streaming(), kTimeout);
    auto* messages = session.chat()->messages();
    session.chat()->send(u"first follow-up"_s);
    session.chat()->send(u"second follow-up"_s);
    QCOMPARE(statuses(messages), (QStringList { u"streaming"_s, u"queued"_s, u"queued"_s }));
    QVERIFY(role(messages, 1, MessageListModel::IsQueuedRole).toBool());
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);

    const QString first = role(messages, 1, MessageListModel::ClientMsgIdRole).toString();
    const QString second = role(messages, 2, MessageListModel::ClientMsgIdRole).toString();
    session.chat()->sendNow(second);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().first().text, u"second follow-up"_s);
    // Once acknowledged it is the server's: it moves before the one still queued.
    QTRY_COMPARE_WITH_TIMEOUT(messages->rowOfClientMsgId(second), 1, kTimeout);
    QCOMPARE(role(messages, 2, MessageListModel::ClientMsgIdRole).toString(), first);
    QCOMPARE(role(messages, 2, MessageListModel::StatusRole).toString(), u"queued"_s);

    protocol::GenerationEnd end;
    end.convId = u"c1"_s;
    end.seq = 2;
    end.genId = u"g1"_s;
    end.msgId = u"m-r"_s;
    end.message.msgId = u"m-r"_s;
    end.message.genId = u"g1"_s;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    end.message.text = u"Done."_s;
    m_server->send(m_server->last(), end);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::MessageSend>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().at(1).text, u"first follow-up"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statuses(messages),
        (QStringList { u"complete"_s, u"complete"_s, u"complete"_s }), kTimeout);
}

void TstResilience::cacheShowsHistoryWithoutServer()
{
    m_server->store(u"c1"_s, storedUserMessage(u"m1"_s, u"Hello"_s));
    m_server->store(u"c1"_s, storedUserMessage(u"m2"_s, u"Anyone there?"_s));
    {
        ClientSession session(settingsFile());
        signIn(session);
        openC1(session, 2);
    }
    m_server.reset(); // no server at all from here on
    ClientSession session(settingsFile());
    QCOMPARE(session.connectionState(), ClientSession::Offline);
    QVERIFY(!session.signedIn());
    QVERIFY(session.cacheAvailable()); // the UI may show the chat already
    QCOMPARE(session.conversations()->rowCount(), 1);
    QCOMPARE(session.conversations()->conversation(u"c1"_s)->title, u"Chat"_s);
    session.chat()->setCurrentConvId(u"c1"_s);
    QCOMPARE(texts(session.chat()->messages()), (QStringList { u"Hello"_s, u"Anyone there?"_s }));
    QCOMPARE(statuses(session.chat()->messages()), (QStringList { u"complete"_s, u"complete"_s }));
}

void TstResilience::syncAfterReconnectMergesWithoutDuplicates()
{
    m_server->store(u"c1"_s, storedUserMessage(u"m1"_s, u"one"_s));
    m_server->store(u"c1"_s, storedUserMessage(u"m2"_s, u"two"_s));
    ClientSession session(settingsFile());
    fastRetries(session);
    signIn(session);
    openC1(session, 2);
    QCOMPARE(session.localStore()->lastSeq(u"c1"_s), 2);
    // While the client is away, two more messages are stored. The server pages one event at a
    // time and repeats the event the client already has, so merging must not duplicate.
    m_server->store(u"c1"_s, storedUserMessage(u"m3"_s, u"three"_s));
    m_server->store(u"c1"_s, storedUserMessage(u"m4"_s, u"four"_s));
    m_server->syncPageSize = 2;
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* sync = std::get_if<protocol::SyncRequest>(&m);
        if (!sync)
            return false;
        protocol::SyncReply reply { sync->id, sync->convId, {}, false, {} };
        for (const auto& event : m_server->stored.value(sync->convId)) {
            if (protocol::seqOf(event) < sync->afterSeq)
                continue;
            if (reply.events.size() == m_server->syncPageSize) {
                reply.hasMore = true;
                break;
            }
            reply.events.append(event);
        }
        m_server->send(socket, reply);
        return true;
    };
    dropAndWaitOnline(session);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::SyncRequest>().size(), 2, kTimeout);
    const auto syncs = m_server->receivedOf<protocol::SyncRequest>();
    QCOMPARE(syncs.at(0).afterSeq, 2); // answered with seq 2 (again) and 3, hasMore
    QCOMPARE(syncs.at(1).afterSeq, 3); // answered with seq 3 (again) and 4
    auto* messages = session.chat()->messages();
    QTRY_COMPARE_WITH_TIMEOUT(
        texts(messages), (QStringList { u"one"_s, u"two"_s, u"three"_s, u"four"_s }), kTimeout);
    QCOMPARE(session.localStore()->lastSeq(u"c1"_s), 4);
    QCOMPARE(session.localStore()->events(u"c1"_s).size(), 4);
    // No history was asked again: the cache plus sync is enough.
    QCOMPARE(m_server->receivedOf<protocol::HistoryRequest>().size(), 1);
}

void TstResilience::resumeContinuesWithoutRepeatingText()
{
    m_server->store(u"c1"_s, storedUserMessage(u"m1"_s, u"Say hello"_s));
    ClientSession session(settingsFile());
    fastRetries(session);
    signIn(session);
    openC1(session, 1);
    auto* messages = session.chat()->messages();
    QStringList shown;
    connect(messages, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& index) {
        if (index.row() == 1)
            shown << index.data(MessageListModel::TextRole).toString();
    });
    protocol::GenerationStart start { u"c1"_s, 0, u"g1"_s, u"m-r"_s, u"demo"_s };
    start.seq = m_server->store(u"c1"_s, start);
    m_server->send(m_server->last(), start);
    m_server->send(
        m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 1, u"Hel"_s, {} });
    m_server->send(
        m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 2, u"lo "_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hello "_s, kTimeout);

    // Deltas 3 and 4 stream while the client is away; the server answers the resume with them.
    m_server->live[u"c1"_s] = { { u"g1"_s, u"m-r"_s, u"Hello world!"_s, 4 } };
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* resume = std::get_if<protocol::GenerationResume>(&m);
        if (!resume)
            return false;
        const QStringList deltas { u"Hel"_s, u"lo "_s, u"world"_s, u"!"_s };
        for (qint64 seq = resume->afterDeltaSeq + 1; seq <= deltas.size(); ++seq)
            m_server->send(socket,
                protocol::GenerationDelta { u"c1"_s, u"g1"_s, seq, deltas.at(seq - 1), {} });
        m_server->send(socket, protocol::Resumed { resume->id, u"g1"_s, 4 });
        return true;
    };
    dropAndWaitOnline(session);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::GenerationResume>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationResume>().first().afterDeltaSeq, 2);
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hello world!"_s, kTimeout);
    QVERIFY(session.chat()->streaming());
    // Every step only added text: nothing was typed twice or started over.
    for (int i = 1; i < shown.size(); ++i)
        QVERIFY2(shown.at(i).startsWith(shown.at(i - 1)), qPrintable(shown.join(u'|')));
    QCOMPARE(messages->rowCount(), 2);
    // Live deltas go on from there.
    m_server->send(
        m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 5, u" Bye"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hello world! Bye"_s, kTimeout);
}

void TstResilience::snapshotReplacesTextWithoutRetyping()
{
    m_server->store(u"c1"_s, storedUserMessage(u"m1"_s, u"Say hello"_s));
    ClientSession session(settingsFile());
    fastRetries(session);
    signIn(session);
    openC1(session, 1);
    auto* messages = session.chat()->messages();
    protocol::GenerationStart start { u"c1"_s, 0, u"g1"_s, u"m-r"_s, u"demo"_s };
    start.seq = m_server->store(u"c1"_s, start);
    m_server->send(m_server->last(), start);
    m_server->send(
        m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 1, u"Hel"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hel"_s, kTimeout);
    QStringList shown;
    connect(messages, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& index) {
        if (index.row() == 1)
            shown << index.data(MessageListModel::TextRole).toString();
    });
    // The server's delta buffer no longer reaches back: it answers with a snapshot.
    m_server->live[u"c1"_s] = { { u"g1"_s, u"m-r"_s, u"Hello wor"_s, 7 } };
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* resume = std::get_if<protocol::GenerationResume>(&m);
        if (!resume)
            return false;
        m_server->send(socket,
            protocol::GenerationSnapshot { resume->id, u"c1"_s, u"g1"_s, u"Hello world"_s, 8 });
        return true;
    };
    dropAndWaitOnline(session);
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hello world"_s, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationResume>().first().afterDeltaSeq, 1);
    m_server->send(m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 8, u"d"_s, {} });
    m_server->send(m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 9, u"!"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        role(messages, 1, MessageListModel::TextRole).toString(), u"Hello world!"_s, kTimeout);
    QVERIFY(!shown.isEmpty());
    for (const auto& text : std::as_const(shown))
        QVERIFY2(text.startsWith(u"Hel"_s), qPrintable(shown.join(u'|')));
    for (int i = 1; i < shown.size(); ++i)
        QVERIFY2(shown.at(i).startsWith(shown.at(i - 1)), qPrintable(shown.join(u'|')));
}

void TstResilience::outboxSurvivesRestartExactlyOnceInOrder()
{
    palaver::test::rememberSession(
        settingsFile(), u"ws://%1/v1/ws"_s.arg(m_server->address()), u"ada"_s, u"tok-1"_s);
    QStringList ids;
    {
        ClientSession session(settingsFile());
        session.chat()->setCurrentConvId(u"c1"_s); // offline: never connected
        for (const auto& text : { u"one"_s, u"two"_s, u"three"_s })
            session.chat()->send(text);
        auto* messages = session.chat()->messages();
        QCOMPARE(statuses(messages), (QStringList { u"pending"_s, u"pending"_s, u"pending"_s }));
        for (int i = 0; i < 3; ++i)
            ids << role(messages, i, MessageListModel::ClientMsgIdRole).toString();
    } // the app quits
    QCOMPARE(m_server->receivedOf<protocol::MessageSend>().size(), 0);

    m_server->ackSends = true;
    ClientSession session(settingsFile());
    session.chat()->setTypewriterEnabled(false);
    session.chat()->setCurrentConvId(u"c1"_s);
    auto* messages = session.chat()->messages();
    QCOMPARE(texts(messages), (QStringList { u"one"_s, u"two"_s, u"three"_s }));
    QCOMPARE(statuses(messages), (QStringList { u"pending"_s, u"pending"_s, u"pending"_s }));
    session.resumeSession();
    QTRY_COMPARE_WITH_TIMEOUT(statuses(messages),
        (QStringList { u"complete"_s, u"complete"_s, u"complete"_s }), kTimeout);
    const auto sent = m_server->receivedOf<protocol::MessageSend>();
    QCOMPARE(sent.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(sent.at(i).clientMsgId, ids.at(i));
    QCOMPARE(texts(messages), (QStringList { u"one"_s, u"two"_s, u"three"_s }));
    QVERIFY(session.localStore()->outbox().isEmpty());
}

QTEST_GUILESS_MAIN(TstResilience)
#include "tst_resilience.moc"
