#include "fakeserver.h"
#include "session/clientsession.h"
#include "store/localstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;

/// A server on its own port holding one conversation `convId` with one message, which answers
/// `history` and `sync` of any other conversation as the real server does: `not_found`.
std::unique_ptr<FakeServer> serverWith(const QString& convId, const QString& title)
{
    auto server = std::make_unique<FakeServer>();
    protocol::Conversation c;
    c.convId = convId;
    c.title = title;
    c.updatedAt = QDateTime::currentDateTimeUtc();
    server->conversations = { c };
    protocol::MessageEvent said;
    said.convId = convId;
    said.message.msgId = u"m-"_s + convId;
    said.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    said.message.text = u"Hello "_s + title;
    said.message.createdAt = c.updatedAt;
    server->store(convId, said);
    FakeServer* raw = server.get();
    server->handler = [raw](QWebSocket* socket, const protocol::ClientMessage& message) {
        QString id;
        QString asked;
        if (const auto* history = std::get_if<protocol::HistoryRequest>(&message)) {
            id = history->id;
            asked = history->convId;
        } else if (const auto* sync = std::get_if<protocol::SyncRequest>(&message)) {
            id = sync->id;
            asked = sync->convId;
        }
        if (asked.isEmpty() || raw->indexOf(asked) >= 0)
            return false;
        raw->send(socket,
            protocol::Error {
                id, protocol::ErrorCode::NotFound, u"No conversation %1"_s.arg(asked), {} });
        return true;
    };
    return server;
}

/// Every conversation `server` was asked about (history or sync).
QStringList askedAbout(const FakeServer& server)
{
    QStringList convIds;
    for (const auto& history : server.receivedOf<protocol::HistoryRequest>())
        convIds << history.convId;
    for (const auto& sync : server.receivedOf<protocol::SyncRequest>())
        convIds << sync.convId;
    convIds.removeDuplicates();
    return convIds;
}

QStringList listed(ClientSession& session)
{
    QStringList convIds;
    auto* list = session.conversations();
    for (int i = 0; i < list->rowCount(); ++i)
        convIds
            << list->index(i).data(palaver::client::ConversationListModel::ConvIdRole).toString();
    return convIds;
}

} // namespace

/// The same username on two servers of one host (two ports) is two accounts: signing in to the
/// other one starts from that server's own list and cache, never from the previous server's
/// open conversation (which the new server would answer with "No conversation …").
class TstSwitchServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void signingInElsewhereStartsFromThatServer_data();
    void signingInElsewhereStartsFromThatServer();
    void comingBackShowsTheFirstServersCache();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    /// Signs in to `server` and waits until its conversation is open, loaded and cached.
    void signInTo(ClientSession& session, FakeServer& server, const QString& convId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_first;
    std::unique_ptr<FakeServer> m_second;
};

void TstSwitchServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_first = serverWith(u"a1"_s, u"On the first"_s);
    m_second = serverWith(u"b1"_s, u"On the second"_s);
    QVERIFY(m_first->listen());
    QVERIFY(m_second->listen());
    QVERIFY(m_first->port() != m_second->port());
}

void TstSwitchServer::cleanup()
{
    m_first.reset();
    m_second.reset();
    m_dir.reset();
}

void TstSwitchServer::signInTo(ClientSession& session, FakeServer& server, const QString& convId)
{
    session.signIn(server.address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn() && !session.busy(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), convId, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->messages()->rowCount(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(session.localStore()->isCached(convId), kTimeout);
}

void TstSwitchServer::signingInElsewhereStartsFromThatServer_data()
{
    QTest::addColumn<bool>("restart");
    // `palaver --server <second>` at start, the first server's session remembered and shown.
    QTest::newRow("at start, from the remembered server") << true;
    // Signed in to the first, then to the second in the same run.
    QTest::newRow("while signed in to the first") << false;
}

void TstSwitchServer::signingInElsewhereStartsFromThatServer()
{
    QFETCH(bool, restart);
    auto session = std::make_unique<ClientSession>(settingsFile());
    signInTo(*session, *m_first, u"a1"_s);
    if (restart) {
        session.reset();
        session = std::make_unique<ClientSession>(settingsFile());
        // The first server's cache shows at once.
        QVERIFY(session->cacheAvailable());
        QCOMPARE(session->chat()->currentConvId(), u"a1"_s);
    }
    QAbstractItemModelTester tester(
        session->conversations(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* chat = session->chat();

    session->signIn(m_second->address(), u"ada"_s, u"secret"_s);
    // Nothing of the first server is left to show or to ask the second about.
    QCOMPARE(chat->currentConvId(), QString());
    QCOMPARE(chat->messages()->rowCount(), 0);
    QCOMPARE(listed(*session), QStringList());
    // Until the second server welcomes us, the sign-in form stays (it never knew this account).
    QVERIFY(!session->cacheAvailable());

    QTRY_VERIFY_WITH_TIMEOUT(session->signedIn() && !session->busy(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(chat->currentConvId(), u"b1"_s, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(chat->messages()->rowCount(), 1, kTimeout);
    QCOMPARE(chat->currentTitle(), u"On the second"_s);
    QCOMPARE(listed(*session), QStringList { u"b1"_s });
    QCOMPARE(askedAbout(*m_second), QStringList { u"b1"_s });
    QVERIFY2(chat->errorText().isEmpty(), qPrintable(chat->errorText()));
    QVERIFY2(session->errorText().isEmpty(), qPrintable(session->errorText()));
    // Two accounts, two cache files.
    QVERIFY(session->localStore()->isCached(u"b1"_s));
    QVERIFY(!session->localStore()->isCached(u"a1"_s));
}

void TstSwitchServer::comingBackShowsTheFirstServersCache()
{
    ClientSession session(settingsFile());
    signInTo(session, *m_first, u"a1"_s);
    signInTo(session, *m_second, u"b1"_s);

    session.signIn(m_first->address(), u"ada"_s, u"secret"_s);
    // Its own list from its cache, before it answers.
    QCOMPARE(listed(session), QStringList { u"a1"_s });
    QCOMPARE(session.chat()->currentConvId(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn() && !session.busy(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), u"a1"_s, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(session.chat()->messages()->rowCount(), 1, kTimeout);
    QVERIFY(!askedAbout(*m_first).contains(u"b1"_s));
    QVERIFY2(session.chat()->errorText().isEmpty(), qPrintable(session.chat()->errorText()));
    QVERIFY2(session.errorText().isEmpty(), qPrintable(session.errorText()));
}

QTEST_GUILESS_MAIN(TstSwitchServer)
#include "tst_switchserver.moc"
