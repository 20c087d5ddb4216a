#include "fakeserver.h"
#include "fakevault.h"
#include "session/clientsession.h"
#include "session/sessionstore.h"
#include "sessionfiles.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ChatController;
using palaver::client::ClientSession;
using palaver::client::MessageListModel;
using palaver::client::ModelListModel;
using palaver::client::SessionStore;
using palaver::test::FakeServer;
using palaver::test::FakeVault;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;
}

/// ClientSession (and through it Connection, the chat and the list) against a fake server.
class TstClientSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signInOffersSubprotocolAndRemembersToken();
    void wrongPasswordShowsError();
    void unreachableServerShowsError();
    void resumeUsesRememberedToken();
    void staleTokenSignsOut();
    void close4401SignsOut();
    void reconnectUsesToken();
    void sendStreamsReplyIntoOneRow();
    void stopSendsGenerationStop();
    void otherConversationEventsOnlyUpdateList();
    void renameAndDelete();
    void openingMidStreamResumes();
    void modelsFromWelcome();
    void modelAndSystemPromptChangesAreUpdates();
    void newConversationGetsTheChosenModelAndPrompt();
    void newConversationNeedsAConnection();
    void continueStreamsANewReplyIntoANewRow();
    void legacyTokenMovesOutOfTheSettingsFile();
    void failingKeychainKeepsTheTokenInAPrivateFile();
    void retryRefusalShowsTheServersReason();

private:
    void signIn(ClientSession& session);
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstClientSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    protocol::Conversation a;
    a.convId = u"c1"_s;
    a.title = u"Older"_s;
    a.updatedAt = QDateTime::currentDateTimeUtc().addDays(-2);
    protocol::Conversation b = a;
    b.convId = u"c2"_s;
    b.title = u"Newer"_s;
    b.updatedAt = a.updatedAt.addDays(1);
    m_server->conversations = { a, b };
}

void TstClientSession::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstClientSession::signIn(ClientSession& session)
{
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 2, kTimeout);
    // When the list arrives and nothing is open, the newest conversation opens.
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), u"c2"_s, kTimeout);
}

void TstClientSession::signInOffersSubprotocolAndRemembersToken()
{
    ClientSession session(settingsFile());
    QVERIFY(!session.hasRememberedSession());
    QList<ClientSession::ConnectionState> states;
    connect(&session, &ClientSession::connectionStateChanged, this,
        [&] { states << session.connectionState(); });
    QSignalSpy busy(&session, &ClientSession::busyChanged);

    signIn(session);

    QCOMPARE(states,
        (QList<ClientSession::ConnectionState> {
            ClientSession::Connecting, ClientSession::Authenticating, ClientSession::Online }));
    QCOMPARE(session.connectionText(), u"Connected"_s);
    QCOMPARE(busy.size(), 2); // on, then off
    QVERIFY(!session.busy());
    QVERIFY(session.errorText().isEmpty());
    // The subprotocol was offered and accepted on both ends; the path was completed.
    QCOMPARE(m_server->last()->subprotocol(), u"palaver.v1"_s);
    QCOMPARE(session.connection()->negotiatedSubprotocol(), u"palaver.v1"_s);
    QCOMPARE(m_server->last()->requestUrl().path(), u"/v1/ws"_s);
    const auto logins = m_server->receivedOf<protocol::Login>();
    QCOMPARE(logins.size(), 1);
    QCOMPARE(logins.first().username, u"ada"_s);
    QVERIFY(!logins.first().id.isEmpty());

    QCOMPARE(session.displayName(), u"Ada"_s);
    QCOMPARE(session.modelNames(), (QStringList { u"demo"_s, u"other"_s }));
    QVERIFY(session.hasRememberedSession());
    QCOMPARE(session.serverUrl(), u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_server->port()));
    const SessionStore store(settingsFile());
    QTRY_COMPARE_WITH_TIMEOUT(palaver::test::savedToken(settingsFile()), u"tok-1"_s, kTimeout);
    QCOMPARE(store.username(), u"ada"_s);
    QCOMPARE(store.serverUrl(), session.serverUrl());
    // Newest first.
    QCOMPARE(session.conversations()->data(session.conversations()->index(0),
                 palaver::client::ConversationListModel::ConvIdRole),
        u"c2"_s);
}

void TstClientSession::wrongPasswordShowsError()
{
    ClientSession session(settingsFile());
    session.signIn(m_server->address(), u"ada"_s, u"wrong"_s);
    QVERIFY(session.busy());
    QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
    QVERIFY(!session.signedIn());
    QVERIFY2(session.errorText().contains(u"Wrong username or password"_s),
        qPrintable(session.errorText()));
    QVERIFY(!session.hasRememberedSession());
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::Offline, kTimeout);
}

void TstClientSession::unreachableServerShowsError()
{
    const QString address = m_server->address();
    m_server.reset(); // nobody listens there any more
    ClientSession session(settingsFile());
    session.signIn(address, u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
    QVERIFY2(session.errorText().contains(u"Cannot reach"_s), qPrintable(session.errorText()));
    QCOMPARE(session.connectionState(), ClientSession::Offline);
    QCOMPARE(session.connectionText(), u"Offline"_s);

    session.signIn(u"ftp://x"_s, u"ada"_s, u"secret"_s);
    QVERIFY(session.errorText().contains(u"not a server address"_s));
}

void TstClientSession::resumeUsesRememberedToken()
{
    palaver::test::rememberSession(
        settingsFile(), u"ws://%1/v1/ws"_s.arg(m_server->address()), u"ada"_s, u"tok-1"_s);
    ClientSession session(settingsFile());
    QVERIFY(session.hasRememberedSession());
    QCOMPARE(session.username(), u"ada"_s);
    session.resumeSession();
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 0);
    const auto auths = m_server->receivedOf<protocol::Auth>();
    QCOMPARE(auths.size(), 1);
    QCOMPARE(auths.first().token, u"tok-1"_s);
    QVERIFY(session.hasRememberedSession());
}

void TstClientSession::staleTokenSignsOut()
{
    palaver::test::rememberSession(
        settingsFile(), u"ws://%1/v1/ws"_s.arg(m_server->address()), u"ada"_s, u"stale"_s);
    ClientSession session(settingsFile());
    QSignalSpy remembered(&session, &ClientSession::hasRememberedSessionChanged);
    session.resumeSession();
    QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), kTimeout);
    QVERIFY(!session.signedIn());
    QVERIFY(!session.hasRememberedSession());
    QCOMPARE(remembered.size(), 1);
    QVERIFY(!session.errorText().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(palaver::test::savedToken(settingsFile()).isEmpty(), kTimeout);
    // The username stays for the sign-in form.
    QCOMPARE(SessionStore(settingsFile()).username(), u"ada"_s);
}

void TstClientSession::close4401SignsOut()
{
    ClientSession session(settingsFile());
    signIn(session);
    QSignalSpy signedIn(&session, &ClientSession::signedInChanged);
    m_server->last()->close(
        QWebSocketProtocol::CloseCode(protocol::closecode::sessionInvalid), u"token revoked"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!session.signedIn(), kTimeout);
    QCOMPARE(signedIn.size(), 1);
    QVERIFY(!session.hasRememberedSession());
    QTRY_VERIFY_WITH_TIMEOUT(palaver::test::savedToken(settingsFile()).isEmpty(), kTimeout);
    QVERIFY(!session.errorText().isEmpty());
    QCOMPARE(session.conversations()->rowCount(), 0);
    QCOMPARE(session.connectionState(), ClientSession::Offline);
}

void TstClientSession::reconnectUsesToken()
{
    ClientSession session(settingsFile());
    // A long, fixed wait, so only "Retry now" can bring it back within the test.
    session.connection()->backoff().setInitialMs(60'000);
    session.connection()->backoff().setRandomSource([] { return 0.9999; });
    signIn(session);
    m_server->last()->close(QWebSocketProtocol::CloseCodeGoingAway, u"restart"_s);
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::WaitingToRetry, kTimeout);
    QVERIFY(session.signedIn()); // still signed in while offline
    QCOMPARE(session.reconnectAttempt(), 1);
    QVERIFY(session.reconnectInMs() > 25'000 && session.reconnectInMs() <= 30'000);
    QCOMPARE(session.connectionText(), u"Reconnecting in 30 s (attempt 1)"_s);
    session.reconnect();
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ClientSession::Online, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Login>().size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().first().token, u"tok-1"_s);
}

void TstClientSession::sendStreamsReplyIntoOneRow()
{
    // The server holds the ack back until the test releases it.
    QWebSocket* held = nullptr;
    protocol::MessageSend sent;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        if (const auto* send = std::get_if<protocol::MessageSend>(&m)) {
            held = socket;
            sent = *send;
            return true;
        }
        return false;
    };
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    chat->setTypewriterEnabled(false);
    MessageListModel* messages = chat->messages();

    // Signing in opened the newest conversation; back to the empty chat, as after deleting it.
    QCOMPARE(chat->currentConvId(), u"c2"_s);
    chat->setCurrentConvId({});
    chat->send(u"Hello there"_s); // no conversation open: one is created first
    QTRY_VERIFY_WITH_TIMEOUT(held != nullptr, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::ConversationCreate>().size(), 1);
    QCOMPARE(m_server->receivedOf<protocol::ConversationCreate>().first().title,
        std::optional<QString>(u"Hello there"_s));
    QCOMPARE(chat->currentConvId(), u"c-new-2"_s);
    QCOMPARE(chat->currentTitle(), u"Hello there"_s);
    QCOMPARE(session.conversations()->rowCount(), 3);
    QCOMPARE(sent.convId, u"c-new-2"_s);
    QCOMPARE(sent.text, u"Hello there"_s);
    QVERIFY(!QUuid::fromString(sent.clientMsgId).isNull());
    // The first history request was for c2, opened at sign-in.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::HistoryRequest>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::HistoryRequest>().last().convId, u"c-new-2"_s);
    QCOMPARE(messages->rowCount(), 1);
    QCOMPARE(
        messages->data(messages->index(0), MessageListModel::StatusRole).toString(), u"pending"_s);

    // Ack, stored message, then a streamed reply with a repeated delta.
    const QString conv = sent.convId;
    m_server->send(held, protocol::Ack { sent.id, sent.clientMsgId, u"m1"_s, 1, false });
    protocol::MessageEvent event;
    event.convId = conv;
    event.seq = 1;
    event.message.msgId = u"m1"_s;
    event.message.clientMsgId = sent.clientMsgId;
    event.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    event.message.text = sent.text;
    m_server->send(held, event);
    QTRY_COMPARE_WITH_TIMEOUT(
        messages->data(messages->index(0), MessageListModel::StatusRole).toString(), u"complete"_s,
        kTimeout);
    QCOMPARE(messages->rowCount(), 1);

    QSignalSpy changed(messages, &QAbstractItemModel::dataChanged);
    m_server->send(held, protocol::GenerationStart { conv, 2, u"g1"_s, u"m2"_s, u"demo"_s });
    QTRY_VERIFY_WITH_TIMEOUT(chat->streaming(), kTimeout);
    QCOMPARE(messages->rowCount(), 2);
    changed.clear();
    m_server->send(held, protocol::GenerationDelta { conv, u"g1"_s, 1, u"Hi "_s, {} });
    m_server->send(held, protocol::GenerationDelta { conv, u"g1"_s, 2, u"Ada"_s, {} });
    m_server->send(held, protocol::GenerationDelta { conv, u"g1"_s, 2, u"Ada"_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeout);
    for (const auto& args : std::as_const(changed))
        QCOMPARE(args.at(2).value<QList<int>>(), QList<int> { MessageListModel::TextRole });
    QCOMPARE(
        messages->data(messages->index(1), MessageListModel::TextRole).toString(), u"Hi Ada"_s);

    protocol::GenerationEnd end;
    end.convId = conv;
    end.seq = 3;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.message.msgId = u"m2"_s;
    end.message.genId = u"g1"_s;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    end.message.text = u"Hi Ada"_s;
    m_server->send(held, end);
    QTRY_VERIFY_WITH_TIMEOUT(!chat->streaming(), kTimeout);
    QCOMPARE(
        messages->data(messages->index(1), MessageListModel::StatusRole).toString(), u"complete"_s);
    QCOMPARE(session.conversations()->conversation(conv)->lastSeq, 3);
}

void TstClientSession::stopSendsGenerationStop()
{
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    chat->setCurrentConvId(u"c1"_s);
    // The first history request was for c2, opened at sign-in.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::HistoryRequest>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::HistoryRequest>().last().convId, u"c1"_s);
    m_server->send(
        m_server->last(), protocol::GenerationStart { u"c1"_s, 5, u"g7"_s, u"m9"_s, u"demo"_s });
    QTRY_VERIFY_WITH_TIMEOUT(chat->streaming(), kTimeout);
    chat->stop();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::GenerationStop>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationStop>().first().genId, u"g7"_s);
}

void TstClientSession::otherConversationEventsOnlyUpdateList()
{
    ClientSession session(settingsFile());
    signIn(session);
    session.chat()->setCurrentConvId(u"c2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->receivedOf<protocol::HistoryRequest>().size(), 1, kTimeout);
    protocol::MessageEvent event;
    event.convId = u"c1"_s;
    event.seq = 4;
    event.message.msgId = u"m4"_s;
    event.message.text = u"from another device"_s;
    event.message.createdAt = QDateTime::currentDateTimeUtc();
    m_server->send(m_server->last(), event);
    auto* list = session.conversations();
    QTRY_COMPARE_WITH_TIMEOUT(list->conversation(u"c1"_s)->lastSeq, 4, kTimeout);
    QCOMPARE(list->data(list->index(0), palaver::client::ConversationListModel::ConvIdRole),
        u"c1"_s); // moved to the top
    QCOMPARE(session.chat()->messages()->rowCount(), 0);
}

void TstClientSession::renameAndDelete()
{
    ClientSession session(settingsFile());
    signIn(session);
    m_server->handler = [this](QWebSocket* socket, const protocol::ClientMessage& m) {
        if (const auto* update = std::get_if<protocol::ConversationUpdate>(&m)) {
            auto c = m_server->conversations.first();
            c.title = update->title.value_or(QString());
            m_server->send(socket, protocol::ConversationReply { update->id, c });
            return true;
        }
        if (const auto* del = std::get_if<protocol::ConversationDelete>(&m)) {
            m_server->send(socket, protocol::Ok { del->id });
            return true;
        }
        return false;
    };
    auto* list = session.conversations();
    list->rename(u"c1"_s, u"Renamed"_s);
    QTRY_COMPARE_WITH_TIMEOUT(list->conversation(u"c1"_s)->title, u"Renamed"_s, kTimeout);
    session.chat()->setCurrentConvId(u"c1"_s);
    list->remove(u"c1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, kTimeout);
    QVERIFY(!list->conversation(u"c1"_s));
    QVERIFY(session.chat()->currentConvId().isEmpty());
}

void TstClientSession::openingMidStreamResumes()
{
    const QString before = QString(u"Streamed before you looked. "_s).repeated(40);
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* history = std::get_if<protocol::HistoryRequest>(&m);
        // Only c1 streams (c2, opened at sign-in, answers empty).
        if (history && history->convId == u"c1"_s) {
            protocol::MessageEvent partial;
            partial.convId = history->convId;
            partial.seq = 2;
            partial.message.msgId = u"m2"_s;
            partial.message.genId = u"g1"_s;
            partial.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
            partial.message.text = before.left(10); // the stored partial text lags behind
            partial.message.status = protocol::MessageStatus::Streaming;
            m_server->send(socket,
                protocol::HistoryReply { history->id, history->convId,
                    { protocol::GenerationStart { history->convId, 1, u"g1"_s, u"m2"_s, {} },
                        partial },
                    false });
            return true;
        }
        if (const auto* resume = std::get_if<protocol::GenerationResume>(&m)) {
            m_server->send(socket, protocol::GenerationDelta { u"c1"_s, u"g1"_s, 1, before, {} });
            m_server->send(socket, protocol::Resumed { resume->id, u"g1"_s, 1 });
            return true;
        }
        return false;
    };
    ClientSession session(settingsFile());
    signIn(session);
    auto* messages = session.chat()->messages();
    QStringList shown;
    connect(messages, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& index) {
        shown << index.data(MessageListModel::TextRole).toString();
    });
    session.chat()->setCurrentConvId(u"c1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::GenerationResume>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationResume>().first().afterDeltaSeq, 0);
    QCOMPARE(m_server->receivedOf<protocol::GenerationResume>().first().genId, u"g1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), kTimeout);
    // What streamed before is shown at once, not typed out again.
    QCOMPARE(shown.first(), before);
    QVERIFY(session.chat()->streaming());
    // After the resume, live deltas are paced again.
    m_server->send(
        m_server->last(), protocol::GenerationDelta { u"c1"_s, u"g1"_s, 2, u"And more."_s, {} });
    QTRY_COMPARE_WITH_TIMEOUT(
        messages->data(messages->index(0), MessageListModel::TextRole).toString(),
        before + u"And more"_s, kTimeout); // the last grapheme waits for the end
    QVERIFY(shown.size() > 2);
}

void TstClientSession::modelsFromWelcome()
{
    ClientSession session(settingsFile());
    auto* models = session.models();
    QAbstractItemModelTester tester(models, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(models->rowCount(), 0);
    signIn(session);
    QCOMPARE(models->rowCount(), 2);
    // The server's order, with the default marked.
    QCOMPARE(models->data(models->index(0), ModelListModel::ModelIdRole).toString(), u"m-other"_s);
    QCOMPARE(models->data(models->index(0), ModelListModel::NameRole).toString(), u"other"_s);
    QCOMPARE(models->data(models->index(0), ModelListModel::IsDefaultRole).toBool(), false);
    QCOMPARE(models->data(models->index(1), ModelListModel::IsDefaultRole).toBool(), true);
    QCOMPARE(models->defaultModelId(), u"m-demo"_s);
    QCOMPARE(models->indexOf(u"m-demo"_s), 1);
    QCOMPARE(models->indexOf(u"nope"_s), -1);
    QCOMPARE(models->modelIdAt(0), u"m-other"_s);
    QCOMPARE(models->nameOf(u"m-demo"_s), u"demo"_s);
    const auto names = models->roleNames().values();
    for (const char* name : { "modelId", "name", "isDefault" })
        QVERIFY2(names.contains(QByteArray(name)), name);
    // c2 names no model: the default answers.
    QCOMPARE(session.chat()->currentModel(), u"m-demo"_s);

    session.signOut();
    QCOMPARE(models->rowCount(), 0);
}

void TstClientSession::modelAndSystemPromptChangesAreUpdates()
{
    bool refuse = false;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        if (const auto* update = std::get_if<protocol::ConversationUpdate>(&m)) {
            if (refuse) {
                m_server->send(socket,
                    protocol::Error {
                        update->id, protocol::ErrorCode::BadRequest, u"unknown model"_s, {} });
                return true;
            }
            auto& c = m_server->conversations.last(); // c2, kept like a server would
            c.model = update->model.value_or(c.model);
            c.systemPrompt = update->systemPrompt.value_or(c.systemPrompt);
            m_server->send(socket, protocol::ConversationReply { update->id, c });
            return true;
        }
        return false;
    };
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    chat->setModel(u"m-other"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::ConversationUpdate>().size(), 1, kTimeout);
    const auto update = m_server->receivedOf<protocol::ConversationUpdate>().first();
    QCOMPARE(update.convId, u"c2"_s);
    QCOMPARE(update.model, std::optional<QString>(u"m-other"_s));
    QVERIFY(!update.title && !update.systemPrompt);
    QCOMPARE(chat->currentModel(), u"m-other"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        session.conversations()->conversation(u"c2"_s)->model, u"m-other"_s, kTimeout);

    chat->setSystemPrompt(u"Answer in rhyme."_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::ConversationUpdate>().size(), 2, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::ConversationUpdate>().last().systemPrompt,
        std::optional<QString>(u"Answer in rhyme."_s));
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->conversation(u"c2"_s)->systemPrompt,
        u"Answer in rhyme."_s, kTimeout);
    QCOMPARE(chat->currentSystemPrompt(), u"Answer in rhyme."_s);

    // A refusal says why and puts the model back.
    refuse = true;
    chat->setModel(u"m-demo"_s);
    QCOMPARE(chat->currentModel(), u"m-demo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(chat->errorText().contains(u"unknown model"_s), kTimeout);
    QCOMPARE(chat->currentModel(), u"m-other"_s);
}

void TstClientSession::newConversationGetsTheChosenModelAndPrompt()
{
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    chat->setCurrentConvId({});
    chat->setModel(u"m-other"_s);
    chat->setSystemPrompt(u"Be brief."_s);
    QCOMPARE(m_server->receivedOf<protocol::ConversationUpdate>().size(), 0);
    chat->send(u"Hi"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::ConversationCreate>().size(), 1, kTimeout);
    const auto create = m_server->receivedOf<protocol::ConversationCreate>().first();
    QCOMPARE(create.model, std::optional<QString>(u"m-other"_s));
    QCOMPARE(create.systemPrompt, std::optional<QString>(u"Be brief."_s));
    QTRY_COMPARE_WITH_TIMEOUT(chat->currentConvId(), u"c-new-2"_s, kTimeout);
}

void TstClientSession::newConversationNeedsAConnection()
{
    ClientSession session(settingsFile());
    ChatController* chat = session.chat();
    QSignalSpy canSend(chat, &ChatController::canSendChanged);
    QVERIFY(!chat->canSend());
    chat->send(u"Hello?"_s);
    QCOMPARE(chat->errorText(), u"Starting a new conversation needs a connection to the server."_s);
    QVERIFY(chat->currentConvId().isEmpty());
    QCOMPARE(chat->messages()->rowCount(), 0);

    // A new user: signed in, nothing to open, and now a conversation can start.
    m_server->conversations.clear();
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(chat->canSend(), kTimeout);
    QCOMPARE(canSend.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::ConversationsList>().size(), 1, kTimeout);
    QVERIFY(chat->currentConvId().isEmpty()); // the empty state
    QCOMPARE(m_server->receivedOf<protocol::ConversationCreate>().size(), 0);
}

QTEST_GUILESS_MAIN(TstClientSession)
#include "tst_clientsession.moc"

namespace {
/// c2 holds a question and a reply that was cut off (genId g1, msgId m2).
void storeInterruptedReply(FakeServer& server)
{
    protocol::MessageEvent question;
    question.convId = u"c2"_s;
    question.message.msgId = u"m1"_s;
    question.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    question.message.text = u"Tell me a story"_s;
    server.store(u"c2"_s, question);
    server.store(u"c2"_s, protocol::GenerationStart { u"c2"_s, 0, u"g1"_s, u"m2"_s, u"demo"_s });
    protocol::GenerationEnd end;
    end.convId = u"c2"_s;
    end.genId = u"g1"_s;
    end.msgId = u"m2"_s;
    end.finish = protocol::FinishReason::Interrupted;
    end.message.msgId = u"m2"_s;
    end.message.genId = u"g1"_s;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    end.message.text = u"Once upon"_s;
    end.message.status = protocol::MessageStatus::Interrupted;
    server.store(u"c2"_s, end);
}

bool roleAt(MessageListModel* messages, int row, int role)
{
    return messages->data(messages->index(row), role).toBool();
}
} // namespace

void TstClientSession::continueStreamsANewReplyIntoANewRow()
{
    storeInterruptedReply(*m_server);
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* request = std::get_if<protocol::GenerationContinue>(&m);
        if (!request)
            return false;
        m_server->send(socket, protocol::Ok { request->id });
        m_server->send(
            socket, protocol::GenerationStart { u"c2"_s, 4, u"g2"_s, u"m3"_s, u"demo"_s });
        m_server->send(socket, protocol::GenerationDelta { u"c2"_s, u"g2"_s, 1, u" a time"_s, {} });
        return true;
    };
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    chat->setTypewriterEnabled(false);
    MessageListModel* messages = chat->messages();
    QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 2, kTimeout);
    QVERIFY(roleAt(messages, 1, MessageListModel::CanContinueRole));
    QVERIFY(roleAt(messages, 1, MessageListModel::CanRetryRole));

    chat->continueReply(u"m2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->receivedOf<protocol::GenerationContinue>().size(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationContinue>().first().genId, u"g1"_s);
    // The continuation streams into a row of its own; the original stays as it was.
    QTRY_COMPARE_WITH_TIMEOUT(messages->rowCount(), 3, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(
        messages->data(messages->index(2), MessageListModel::TextRole).toString(), u" a time"_s,
        kTimeout);
    QCOMPARE(messages->data(messages->index(2), MessageListModel::MsgIdRole).toString(), u"m3"_s);
    QVERIFY(chat->streaming());
    QVERIFY(!roleAt(messages, 2, MessageListModel::CanContinueRole));
    QVERIFY(!roleAt(messages, 2, MessageListModel::CanRetryRole));
    QCOMPARE(
        messages->data(messages->index(1), MessageListModel::TextRole).toString(), u"Once upon"_s);
    QVERIFY(chat->errorText().isEmpty());

    // Offline, neither is offered (no reconnect, so the state stays put).
    session.connection()->setAutoReconnect(false);
    m_server->last()->close();
    QTRY_VERIFY_WITH_TIMEOUT(!roleAt(messages, 1, MessageListModel::CanRetryRole), kTimeout);
    QVERIFY(!roleAt(messages, 1, MessageListModel::CanContinueRole));
}

void TstClientSession::retryRefusalShowsTheServersReason()
{
    storeInterruptedReply(*m_server);
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* request = std::get_if<protocol::GenerationRetry>(&m);
        if (!request)
            return false;
        m_server->send(socket,
            protocol::Error { request->id, protocol::ErrorCode::Conflict,
                u"The reply is still streaming"_s, {} });
        return true;
    };
    ClientSession session(settingsFile());
    signIn(session);
    ChatController* chat = session.chat();
    QTRY_COMPARE_WITH_TIMEOUT(chat->messages()->rowCount(), 2, kTimeout);
    chat->retryReply(u"m2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        chat->errorText(), u"Could not retry the reply: The reply is still streaming"_s, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::GenerationRetry>().first().genId, u"g1"_s);
}

namespace {
QByteArray fileContents(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

void TstClientSession::legacyTokenMovesOutOfTheSettingsFile()
{
    const QString url = u"ws://%1/v1/ws"_s.arg(m_server->address());
    {
        // As versions before the keychain left it: the token in plain text in the settings.
        QSettings old(settingsFile(), QSettings::IniFormat);
        old.setValue(u"session/serverUrl"_s, url);
        old.setValue(u"session/username"_s, u"ada"_s);
        old.setValue(u"session/token"_s, u"tok-1"_s);
    }
    QVERIFY(fileContents(settingsFile()).contains("tok-1"));
    ClientSession session(settingsFile());
    QVERIFY(session.hasRememberedSession());
    QTRY_COMPARE_WITH_TIMEOUT(palaver::test::savedToken(settingsFile()), u"tok-1"_s, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(!fileContents(settingsFile()).contains("tok-1"), kTimeout);
    QVERIFY(session.hasRememberedSession());
    QCOMPARE(session.tokenStorage(), u"a private file"_s);

    session.resumeSession();
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::Auth>().first().token, u"tok-1"_s);
}

void TstClientSession::failingKeychainKeepsTheTokenInAPrivateFile()
{
    {
        ClientSession session(settingsFile(), std::make_unique<FakeVault>(true));
        QCOMPARE(session.tokenStorage(), u"the system keychain"_s);
        QSignalSpy storage(&session, &ClientSession::tokenStorageChanged);
        signIn(session);
        QTRY_COMPARE_WITH_TIMEOUT(session.tokenStorage(), u"a private file"_s, kTimeout);
        QCOMPARE(storage.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(palaver::test::savedToken(settingsFile()), u"tok-1"_s, kTimeout);
        QVERIFY(session.errorText().isEmpty());
    }
    QVERIFY(!fileContents(settingsFile()).contains("tok-1"));

    // The next start waits for the keychain's answer, then finds the token in the file.
    ClientSession session(settingsFile(), std::make_unique<FakeVault>(true));
    QVERIFY(session.hasRememberedSession());
    session.resumeSession();
    QVERIFY(session.busy());
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
    const auto auths = m_server->receivedOf<protocol::Auth>();
    QCOMPARE(auths.size(), 1);
    QCOMPARE(auths.first().token, u"tok-1"_s);
    QCOMPARE(session.tokenStorage(), u"a private file"_s);
}
