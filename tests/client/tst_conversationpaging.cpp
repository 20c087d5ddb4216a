#include "fakeserver.h"
#include "session/clientsession.h"
#include "store/localstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::ClientSession;
using palaver::client::ConversationPager;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace {
constexpr int kTimeout = 5000;

protocol::Conversation conversation(const QString& convId, int minutesAgo)
{
    protocol::Conversation c;
    c.convId = convId;
    c.title = u"Chat "_s + convId;
    c.model = u"m-demo"_s;
    c.updatedAt = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    return c;
}

QStringList listed(ClientSession& session)
{
    QStringList ids;
    auto* list = session.conversations();
    for (int i = 0; i < list->rowCount(); ++i)
        ids << list->index(i).data(palaver::client::ConversationListModel::ConvIdRole).toString();
    ids.sort();
    return ids;
}

bool cached(ClientSession& session, const QString& convId)
{
    const auto all = session.localStore()->conversations();
    return std::any_of(all.cbegin(), all.cend(),
        [&](const protocol::Conversation& c) { return c.convId == convId; });
}
} // namespace

/// conversations.list in pages: the session asks for 200 at a time, follows nextCursor to the
/// end, and only the whole list decides what is gone (from the list, the cache, the open chat).
class TstConversationPaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void followsEveryPage();
    void goneOnlyAfterTheLastPage();
    void rateLimitedPageIsAskedAgain();
    void repeatedCursorEndsTheList();

private:
    QString settingsFile() const { return m_dir->filePath(u"palaver.ini"_s); }
    void signIn(ClientSession& session);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeServer> m_server;
};

void TstConversationPaging::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen());
    // Five conversations, two a page: three pages.
    m_server->conversations = { conversation(u"c1"_s, 5), conversation(u"c2"_s, 4),
        conversation(u"c3"_s, 3), conversation(u"c4"_s, 2), conversation(u"c5"_s, 1) };
    m_server->conversationsPageSize = 2;
}

void TstConversationPaging::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TstConversationPaging::signIn(ClientSession& session)
{
    session.signIn(m_server->address(), u"ada"_s, u"secret"_s);
    QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), kTimeout);
}

void TstConversationPaging::followsEveryPage()
{
    ClientSession session(settingsFile());
    signIn(session);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 5, kTimeout);
    const auto asked = m_server->receivedOf<protocol::ConversationsList>();
    QCOMPARE(asked.size(), 3);
    for (const auto& request : asked)
        QCOMPARE(request.limit, std::optional(ConversationPager::kPageSize));
    QCOMPARE(asked.at(0).cursor, std::nullopt);
    QCOMPARE(asked.at(1).cursor, std::optional(u"c3"_s));
    QCOMPARE(asked.at(2).cursor, std::optional(u"c5"_s));
    QCOMPARE(listed(session), (QStringList { u"c1"_s, u"c2"_s, u"c3"_s, u"c4"_s, u"c5"_s }));
    QCOMPARE(session.localStore()->conversations().size(), 5);
    QVERIFY(session.errorText().isEmpty());
}

void TstConversationPaging::goneOnlyAfterTheLastPage()
{
    // A first run caches c1…c5 and has the newest, c5, open.
    {
        ClientSession session(settingsFile());
        signIn(session);
        QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 5, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(session.chat()->currentConvId(), u"c5"_s, kTimeout);
    }
    // Meanwhile c5 was deleted elsewhere; the server now lists c1…c4 (pages c1 c2, c3 c4).
    // Its last page is held back until the test lets it go.
    m_server->conversations.removeLast();
    QList<protocol::ConversationsList> held;
    QWebSocket* heldOn = nullptr;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* list = std::get_if<protocol::ConversationsList>(&m);
        if (!list || list->cursor != std::optional(u"c3"_s))
            return false;
        held << *list;
        heldOn = socket;
        return true;
    };

    ClientSession session(settingsFile());
    QCOMPARE(listed(session).size(), 5); // from the cache
    QCOMPARE(session.chat()->currentConvId(), u"c5"_s);
    session.resumeSession();
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, kTimeout);
    // The first page came (it lacks c5, as every page but one would): nothing is decided yet.
    QCOMPARE(listed(session).size(), 5);
    QCOMPARE(session.chat()->currentConvId(), u"c5"_s);
    QVERIFY(cached(session, u"c5"_s));

    m_server->handler = nullptr;
    m_server->send(heldOn, m_server->conversationsPage(held.first()));
    QTRY_COMPARE_WITH_TIMEOUT(
        listed(session), (QStringList { u"c1"_s, u"c2"_s, u"c3"_s, u"c4"_s }), kTimeout);
    QCOMPARE(session.chat()->currentConvId(), u"c4"_s); // c5 closed; the newest opened
    QVERIFY(!cached(session, u"c5"_s));
    QCOMPARE(session.localStore()->conversations().size(), 4);
}

void TstConversationPaging::rateLimitedPageIsAskedAgain()
{
    bool refused = false;
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* list = std::get_if<protocol::ConversationsList>(&m);
        if (!list || !list->cursor || refused)
            return false;
        refused = true; // the second page, once
        m_server->send(socket,
            protocol::Error {
                list->id, protocol::ErrorCode::RateLimited, u"Too many requests"_s, 50 });
        return true;
    };
    ClientSession session(settingsFile());
    signIn(session);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 5, kTimeout);
    const auto asked = m_server->receivedOf<protocol::ConversationsList>();
    QCOMPARE(asked.size(), 4);
    QCOMPARE(asked.at(2).cursor, asked.at(1).cursor); // the same page again
    QVERIFY(session.errorText().isEmpty()); // nothing to worry the user with
}

void TstConversationPaging::repeatedCursorEndsTheList()
{
    // A broken server that always says "more, from c1": the list ends after the second page.
    m_server->handler = [&](QWebSocket* socket, const protocol::ClientMessage& m) {
        const auto* list = std::get_if<protocol::ConversationsList>(&m);
        if (!list)
            return false;
        m_server->send(socket,
            protocol::ConversationsReply { list->id, { conversation(u"c1"_s, 1) }, true, u"c1"_s });
        return true;
    };
    ClientSession session(settingsFile());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not end after 2 pages"_s));
    signIn(session);
    QTRY_COMPARE_WITH_TIMEOUT(session.conversations()->rowCount(), 1, kTimeout);
    QCOMPARE(m_server->receivedOf<protocol::ConversationsList>().size(), 2);
}

QTEST_MAIN(TstConversationPaging)
#include "tst_conversationpaging.moc"
