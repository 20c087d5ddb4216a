#include "store/localstore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::client::LocalStore;
using palaver::client::OutboxEntry;
namespace protocol = palaver::protocol;

namespace {

OutboxEntry entry(const QString& id, const QString& text)
{
    OutboxEntry e;
    e.clientMsgId = id;
    e.convId = u"c1"_s;
    e.text = text;
    e.createdAt = QDateTime::currentDateTimeUtc();
    return e;
}

protocol::MessageEvent message(qint64 seq, const QString& text)
{
    protocol::MessageEvent e;
    e.convId = u"c1"_s;
    e.seq = seq;
    e.message.msgId = u"m%1"_s.arg(seq);
    e.message.text = text;
    e.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    return e;
}

} // namespace

/// The SQLite cache: outbox rows, conversations, events by seq and lastSeq, across reopening.
class TstLocalStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }
    void outboxKeepsOrderAcrossReopen();
    void sendingGoesAgainAfterRestart();
    void eventsMergeBySeq();
    void conversationsReplaceAndDropTheirEvents();
    void pathIsPerServerAndUser();
    void unwritablePathIsAnError();
    void outboxKeepsTheAssistantFlag();
    void roomKeepsItsPeopleAndReadMarker();
    void olderFileGainsTheNewColumns();
    void userIsKeptForTheNextStart();

private:
    QString dbPath() const { return m_dir->filePath(u"cache.sqlite"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TstLocalStore::outboxKeepsOrderAcrossReopen()
{
    {
        LocalStore store(dbPath());
        QVERIFY2(store.isOpen(), qPrintable(store.errorText()));
        auto a = entry(u"a"_s, u"first"_s);
        auto b = entry(u"b"_s, u"second"_s);
        auto c = entry(u"c"_s, u"third"_s);
        QVERIFY(store.addOutbox(a));
        QVERIFY(store.addOutbox(b));
        QVERIFY(store.addOutbox(c));
        QVERIFY(a.order < b.order && b.order < c.order);
        b.text = u"second, edited"_s;
        b.state = OutboxEntry::State::Failed;
        b.error = u"too long"_s;
        QVERIFY(store.updateOutbox(b));
        QVERIFY(store.removeOutbox(u"a"_s));
    }
    LocalStore store(dbPath());
    const auto rows = store.outbox();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).clientMsgId, u"b"_s);
    QCOMPARE(rows.at(0).text, u"second, edited"_s);
    QCOMPARE(rows.at(0).state, OutboxEntry::State::Failed);
    QCOMPARE(rows.at(0).error, u"too long"_s);
    QCOMPARE(rows.at(1).clientMsgId, u"c"_s);
    QCOMPARE(rows.at(1).state, OutboxEntry::State::Pending);
    // A new entry goes after everything kept.
    auto d = entry(u"d"_s, u"fourth"_s);
    QVERIFY(store.addOutbox(d));
    QCOMPARE(store.outbox().constLast().clientMsgId, u"d"_s);
}

void TstLocalStore::sendingGoesAgainAfterRestart()
{
    {
        LocalStore store(dbPath());
        auto a = entry(u"a"_s, u"in flight"_s);
        QVERIFY(store.addOutbox(a));
        a.state = OutboxEntry::State::Sending;
        QVERIFY(store.updateOutbox(a));
    }
    LocalStore store(dbPath());
    QCOMPARE(store.outbox().first().state, OutboxEntry::State::Pending);
}

void TstLocalStore::eventsMergeBySeq()
{
    LocalStore store(dbPath());
    QCOMPARE(store.lastSeq(u"c1"_s), 0);
    QVERIFY(store.storeEvents(u"c1"_s, { message(2, u"two"_s), message(1, u"one"_s) }));
    QVERIFY(store.storeEvents(u"c1"_s, { message(2, u"two"_s), message(3, u"three"_s) }));
    QVERIFY(store.setLastSeq(u"c1"_s, 3));
    protocol::GenerationStart start { u"c1"_s, 4, u"g1"_s, u"m4"_s, u"demo"_s };
    QVERIFY(store.storeEvents(u"c1"_s, { start }));
    const auto events = store.events(u"c1"_s);
    QCOMPARE(events.size(), 4);
    for (int i = 0; i < events.size(); ++i)
        QCOMPARE(protocol::seqOf(events.at(i)), i + 1);
    QCOMPARE(std::get<protocol::MessageEvent>(events.at(0)), message(1, u"one"_s));
    QCOMPARE(std::get<protocol::GenerationStart>(events.at(3)), start);
    QCOMPARE(store.lastSeq(u"c1"_s), 3);
    QCOMPARE(store.cachedConversationIds(), QStringList { u"c1"_s });
    QVERIFY(store.events(u"c2"_s).isEmpty());
    // An empty conversation whose history was read is cached too (at seq 0).
    QVERIFY(!store.isCached(u"c2"_s));
    QVERIFY(store.setLastSeq(u"c2"_s, 0));
    QVERIFY(store.isCached(u"c2"_s));
    QCOMPARE(store.cachedConversationIds(), (QStringList { u"c1"_s, u"c2"_s }));
}

void TstLocalStore::conversationsReplaceAndDropTheirEvents()
{
    LocalStore store(dbPath());
    protocol::Conversation a;
    a.convId = u"c1"_s;
    a.title = u"Older"_s;
    a.kind = protocol::ConversationKind::Room;
    a.lastSeq = 7;
    a.updatedAt = QDateTime::fromMSecsSinceEpoch(1'000'000, Qt::UTC);
    protocol::Conversation b = a;
    b.convId = u"c2"_s;
    b.title = u"Newer"_s;
    b.updatedAt = a.updatedAt.addSecs(60);
    QVERIFY(store.setConversations({ a, b }));
    QCOMPARE(store.conversations(), (QList<protocol::Conversation> { b, a }));
    QVERIFY(store.storeEvents(u"c1"_s, { message(1, u"one"_s) }));
    QVERIFY(store.setLastSeq(u"c1"_s, 1));
    QVERIFY(store.setConversations({ b }));
    QCOMPARE(store.conversations(), QList<protocol::Conversation> { b });
    QVERIFY(store.events(u"c1"_s).isEmpty());
    QCOMPARE(store.lastSeq(u"c1"_s), 0);
}

void TstLocalStore::pathIsPerServerAndUser()
{
    const QString dir = m_dir->path();
    const QString ada = LocalStore::pathFor(u"ws://a:1/v1/ws"_s, u"ada"_s, dir);
    QVERIFY(ada.startsWith(dir));
    QCOMPARE(LocalStore::pathFor(u"ws://a:1/v1/ws"_s, u"ada"_s, dir), ada);
    QVERIFY(LocalStore::pathFor(u"ws://a:1/v1/ws"_s, u"bob"_s, dir) != ada);
    QVERIFY(LocalStore::pathFor(u"ws://b:1/v1/ws"_s, u"ada"_s, dir) != ada);
    // Another port of the same host is another server.
    QVERIFY(LocalStore::pathFor(u"ws://a:2/v1/ws"_s, u"ada"_s, dir) != ada);
    // Two stores open at once (two accounts) do not share a connection.
    LocalStore one(ada);
    LocalStore two(LocalStore::pathFor(u"ws://a:1/v1/ws"_s, u"bob"_s, dir));
    auto a = entry(u"a"_s, u"mine"_s);
    QVERIFY(one.addOutbox(a));
    QCOMPARE(one.outbox().size(), 1);
    QCOMPARE(two.outbox().size(), 0);
}

void TstLocalStore::unwritablePathIsAnError()
{
    // A directory where the file should be: SQLite cannot open it.
    QVERIFY(QDir(m_dir->path()).mkpath(u"taken.sqlite"_s));
    LocalStore store(m_dir->filePath(u"taken.sqlite"_s));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.errorText().isEmpty());
}

void TstLocalStore::outboxKeepsTheAssistantFlag()
{
    {
        LocalStore store(dbPath());
        auto a = entry(u"a"_s, u"just saying"_s);
        auto b = entry(u"b"_s, u"what do you think?"_s);
        b.assistant = true;
        QVERIFY(store.addOutbox(a));
        QVERIFY(store.addOutbox(b));
    }
    LocalStore store(dbPath());
    const auto rows = store.outbox();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).assistant, false);
    QCOMPARE(rows.at(1).assistant, true);
}

void TstLocalStore::roomKeepsItsPeopleAndReadMarker()
{
    protocol::Conversation r;
    r.convId = u"r1"_s;
    r.title = u"Book club"_s;
    r.kind = protocol::ConversationKind::Room;
    r.model = u"demo"_s;
    r.lastSeq = 9;
    r.updatedAt = QDateTime::fromMSecsSinceEpoch(2'000'000, Qt::UTC);
    r.role = protocol::MemberRole::Member;
    r.lastReadSeq = 6;
    r.unread = 2;
    protocol::Member owner;
    owner.id = u"u2"_s;
    owner.name = u"bob"_s;
    owner.role = protocol::MemberRole::Owner;
    owner.presence = protocol::PresenceState::Offline;
    owner.lastSeen = QDateTime::fromMSecsSinceEpoch(1'500'000, Qt::UTC);
    owner.lastReadSeq = 9;
    protocol::Member me;
    me.id = u"u1"_s;
    me.name = u"ada"_s;
    me.presence = protocol::PresenceState::Online;
    me.lastReadSeq = 6;
    r.members = { owner, me };
    {
        LocalStore store(dbPath());
        QVERIFY(store.upsertConversation(r));
    }
    LocalStore store(dbPath());
    QCOMPARE(store.conversations(), QList<protocol::Conversation> { r });
}

void TstLocalStore::olderFileGainsTheNewColumns()
{
    // A cache written before rooms: no `assistant` in the outbox, no `frame` for conversations.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"old"_s);
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE outbox (client_msg_id TEXT PRIMARY KEY, conv_id TEXT NOT "
                       "NULL, text TEXT NOT NULL, state TEXT NOT NULL, error TEXT, created_at "
                       "INTEGER NOT NULL, ord INTEGER NOT NULL)"_s));
        QVERIFY(q.exec(u"INSERT INTO outbox VALUES ('a', 'c1', 'old one', 'pending', '', 1, 1)"_s));
        QVERIFY(q.exec(u"CREATE TABLE conversations (conv_id TEXT PRIMARY KEY, title TEXT, kind "
                       "TEXT, model TEXT, system_prompt TEXT, last_seq INTEGER, updated_at "
                       "INTEGER)"_s));
        QVERIFY(q.exec(
            u"INSERT INTO conversations VALUES ('c1', 'Kept', 'ai', 'demo', '', 4, 1000)"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"old"_s);
    LocalStore store(dbPath());
    QVERIFY2(store.isOpen(), qPrintable(store.errorText()));
    QCOMPARE(store.outbox().size(), 1);
    QCOMPARE(store.outbox().first().text, u"old one"_s);
    QCOMPARE(store.outbox().first().assistant, false);
    const auto conversations = store.conversations();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.first().title, u"Kept"_s);
    QCOMPARE(conversations.first().lastSeq, 4);
    auto b = entry(u"b"_s, u"new one"_s);
    b.assistant = true;
    QVERIFY(store.addOutbox(b));
    QCOMPARE(store.outbox().constLast().assistant, true);
}

void TstLocalStore::userIsKeptForTheNextStart()
{
    {
        LocalStore store(dbPath());
        QCOMPARE(store.user(), std::nullopt); // never signed in
        QVERIFY(store.setUser({ u"u1"_s, u"Ada"_s }));
        QVERIFY(store.setUser({ u"u1"_s, u"Ada Lovelace"_s })); // renamed: one row, the newest
    }
    LocalStore reopened(dbPath());
    QCOMPARE(reopened.user(), std::optional(protocol::UserInfo { u"u1"_s, u"Ada Lovelace"_s }));
}

QTEST_GUILESS_MAIN(TstLocalStore)
#include "tst_localstore.moc"
