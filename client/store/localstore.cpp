#include "store/localstore.h"

#include "protocol/codec.h"
#include "store/privatefiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

QString stateName(OutboxEntry::State state)
{
    switch (state) {
    case OutboxEntry::State::Pending:
        return u"pending"_s;
    case OutboxEntry::State::Sending:
        return u"sending"_s;
    case OutboxEntry::State::Queued:
        return u"queued"_s;
    case OutboxEntry::State::Failed:
        return u"failed"_s;
    }
    return u"pending"_s;
}

OutboxEntry::State stateFromName(const QString& name)
{
    if (name == u"failed"_s)
        return OutboxEntry::State::Failed;
    if (name == u"queued"_s)
        return OutboxEntry::State::Queued;
    // "sending" after a restart: its ack may never have come, so it goes again (the server
    // deduplicates by clientMsgId).
    return OutboxEntry::State::Pending;
}

std::optional<protocol::Event> toEvent(const protocol::ServerMessage& message)
{
    if (const auto* m = std::get_if<protocol::MessageEvent>(&message))
        return *m;
    if (const auto* m = std::get_if<protocol::GenerationStart>(&message))
        return *m;
    if (const auto* m = std::get_if<protocol::GenerationEnd>(&message))
        return *m;
    return std::nullopt;
}

qint64 msecs(const QDateTime& at)
{
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

QDateTime fromMsecs(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

std::optional<protocol::Conversation> conversationFrom(const QByteArray& frame)
{
    if (frame.isEmpty())
        return std::nullopt;
    const auto decoded = protocol::decodeServerMessage(frame);
    const auto* reply
        = decoded.ok() ? std::get_if<protocol::ConversationReply>(&*decoded.message) : nullptr;
    return reply ? std::optional(reply->conversation) : std::nullopt;
}

} // namespace

LocalStore::LocalStore(const QString& path)
    : m_path(path)
    , m_connectionName(u"palaver-store-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    // Messages and the outbox are for the user's eyes only: the folder 0700, the database 0600
    // before SQLite opens it (it gives its -wal and -shm files the database's mode), and files
    // an older version left readable to others narrowed.
    QString why;
    bool kept = PrivateFiles::ensureDirectory(QFileInfo(path).absolutePath(), &why)
        && PrivateFiles::ensureFile(path, &why);
    for (const auto& suffix : { u"-wal"_s, u"-shm"_s, u"-journal"_s })
        kept = kept && PrivateFiles::narrow(path + suffix, &why);
    if (!kept) {
        fail(QObject::tr("Cannot keep the local cache %1 private").arg(path), why);
        return;
    }
    db.setDatabaseName(path);
    if (!db.open()) {
        fail(QObject::tr("Cannot open the local cache %1").arg(path), db.lastError().text());
        return;
    }
    m_open = exec(u"PRAGMA journal_mode=WAL"_s)
        && exec(u"CREATE TABLE IF NOT EXISTS outbox (client_msg_id TEXT PRIMARY KEY, conv_id TEXT "
                "NOT NULL, text TEXT NOT NULL, state TEXT NOT NULL, error TEXT, "
                "created_at INTEGER NOT NULL, ord INTEGER NOT NULL)"_s)
        && exec(u"CREATE TABLE IF NOT EXISTS conversations (conv_id TEXT PRIMARY KEY, title TEXT, "
                "kind TEXT, model TEXT, system_prompt TEXT, last_seq INTEGER, updated_at "
                "INTEGER)"_s)
        && exec(u"CREATE TABLE IF NOT EXISTS events (conv_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                "frame BLOB NOT NULL, PRIMARY KEY (conv_id, seq))"_s)
        && exec(u"CREATE TABLE IF NOT EXISTS sync_state (conv_id TEXT PRIMARY KEY, last_seq "
                "INTEGER NOT NULL)"_s)
        // One row at most: the account the file belongs to.
        && exec(u"CREATE TABLE IF NOT EXISTS user (one INTEGER PRIMARY KEY CHECK (one = 1), "
                "id TEXT NOT NULL, name TEXT NOT NULL)"_s)
        // Rooms: the outbox keeps "ask the assistant"; a conversation keeps its members, role and
        // read marker as the codec writes a `conversation` frame.
        && ensureColumn(u"outbox"_s, u"assistant"_s, u"INTEGER NOT NULL DEFAULT 0"_s)
        && ensureColumn(u"conversations"_s, u"frame"_s, u"BLOB"_s);
}

bool LocalStore::ensureColumn(
    const QString& table, const QString& column, const QString& definition)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"PRAGMA table_info(%1)"_s.arg(table)))
        return fail(QObject::tr("The local cache failed"), query.lastError().text());
    while (query.next()) {
        if (query.value(1).toString() == column)
            return true;
    }
    return exec(u"ALTER TABLE %1 ADD COLUMN %2 %3"_s.arg(table, column, definition));
}

LocalStore::~LocalStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString LocalStore::pathFor(
    const QString& serverUrl, const QString& username, const QString& directory)
{
    const QString dir = directory.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : directory;
    // Hashed: a URL is not a file name, and the user name need not show on disk.
    const QByteArray key = QCryptographicHash::hash(
        (serverUrl + u'\n' + username).toUtf8(), QCryptographicHash::Sha256);
    return QDir(dir).filePath(u"cache-%1.sqlite"_s.arg(QString::fromLatin1(key.toHex().left(16))));
}

bool LocalStore::fail(const QString& what, const QString& why) const
{
    m_error = why.isEmpty() ? what : u"%1: %2"_s.arg(what, why);
    qWarning("palaver: %s", qPrintable(m_error));
    return false;
}

bool LocalStore::exec(const QString& sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(sql))
        return fail(QObject::tr("The local cache failed"), query.lastError().text());
    return true;
}

std::optional<protocol::UserInfo> LocalStore::user() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"SELECT id, name FROM user"_s)) {
        fail(QObject::tr("Cannot read the local cache"), query.lastError().text());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return protocol::UserInfo { query.value(0).toString(), query.value(1).toString() };
}

bool LocalStore::setUser(const protocol::UserInfo& user)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"INSERT OR REPLACE INTO user (one, id, name) VALUES (1, ?, ?)"_s);
    query.addBindValue(user.id);
    query.addBindValue(user.name);
    if (!query.exec())
        return fail(QObject::tr("Cannot update the local cache"), query.lastError().text());
    return true;
}

QList<OutboxEntry> LocalStore::outbox() const
{
    QList<OutboxEntry> result;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"SELECT client_msg_id, conv_id, text, state, error, created_at, ord, "
                    "assistant FROM outbox ORDER BY ord"_s)) {
        fail(QObject::tr("Cannot read the outbox"), query.lastError().text());
        return result;
    }
    while (query.next()) {
        OutboxEntry e;
        e.clientMsgId = query.value(0).toString();
        e.convId = query.value(1).toString();
        e.text = query.value(2).toString();
        e.state = stateFromName(query.value(3).toString());
        e.error = query.value(4).toString();
        e.createdAt = fromMsecs(query.value(5).toLongLong());
        e.order = query.value(6).toLongLong();
        e.assistant = query.value(7).toBool();
        result.append(e);
    }
    return result;
}

bool LocalStore::addOutbox(OutboxEntry& entry)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"SELECT COALESCE(MAX(ord), 0) FROM outbox"_s) || !query.next())
        return fail(QObject::tr("Cannot write the outbox"), query.lastError().text());
    entry.order = query.value(0).toLongLong() + 1;
    query.prepare(u"INSERT INTO outbox (client_msg_id, conv_id, text, state, error, created_at, "
                  "ord, assistant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(entry.clientMsgId);
    query.addBindValue(entry.convId);
    query.addBindValue(entry.text);
    query.addBindValue(stateName(entry.state));
    query.addBindValue(entry.error);
    query.addBindValue(msecs(entry.createdAt));
    query.addBindValue(entry.order);
    query.addBindValue(entry.assistant ? 1 : 0);
    if (!query.exec())
        return fail(QObject::tr("Cannot write the outbox"), query.lastError().text());
    return true;
}

bool LocalStore::updateOutbox(const OutboxEntry& entry)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"UPDATE outbox SET text = ?, state = ?, error = ? WHERE client_msg_id = ?"_s);
    query.addBindValue(entry.text);
    query.addBindValue(stateName(entry.state));
    query.addBindValue(entry.error);
    query.addBindValue(entry.clientMsgId);
    if (!query.exec())
        return fail(QObject::tr("Cannot write the outbox"), query.lastError().text());
    return true;
}

bool LocalStore::removeOutbox(const QString& clientMsgId)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"DELETE FROM outbox WHERE client_msg_id = ?"_s);
    query.addBindValue(clientMsgId);
    if (!query.exec())
        return fail(QObject::tr("Cannot write the outbox"), query.lastError().text());
    return true;
}

QList<protocol::Conversation> LocalStore::conversations() const
{
    QList<protocol::Conversation> result;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"SELECT conv_id, title, kind, model, system_prompt, last_seq, updated_at, "
                    "frame FROM conversations ORDER BY updated_at DESC"_s)) {
        fail(QObject::tr("Cannot read the cached conversations"), query.lastError().text());
        return result;
    }
    while (query.next()) {
        // The whole object when this build wrote it (members, role, unread); else the columns.
        if (const auto whole = conversationFrom(query.value(7).toByteArray())) {
            result.append(*whole);
            continue;
        }
        protocol::Conversation c;
        c.convId = query.value(0).toString();
        c.title = query.value(1).toString();
        c.kind = protocol::fromWireName<protocol::ConversationKind>(query.value(2).toString())
                     .value_or(protocol::ConversationKind::Ai);
        c.model = query.value(3).toString();
        c.systemPrompt = query.value(4).toString();
        c.lastSeq = query.value(5).toLongLong();
        c.updatedAt = fromMsecs(query.value(6).toLongLong());
        result.append(c);
    }
    return result;
}

bool LocalStore::setConversations(const QList<protocol::Conversation>& conversations)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    db.transaction();
    QStringList keep;
    for (const auto& c : conversations) {
        keep.append(c.convId);
        if (!upsertConversation(c)) {
            db.rollback();
            return false;
        }
    }
    for (const auto& c : this->conversations()) {
        if (!keep.contains(c.convId) && !removeConversation(c.convId)) {
            db.rollback();
            return false;
        }
    }
    if (!db.commit())
        return fail(QObject::tr("Cannot write the cached conversations"), db.lastError().text());
    return true;
}

bool LocalStore::upsertConversation(const protocol::Conversation& c)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"INSERT OR REPLACE INTO conversations (conv_id, title, kind, model, "
                  "system_prompt, last_seq, updated_at, frame) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(c.convId);
    query.addBindValue(c.title);
    query.addBindValue(protocol::wireName(c.kind));
    query.addBindValue(c.model);
    query.addBindValue(c.systemPrompt);
    query.addBindValue(c.lastSeq);
    query.addBindValue(msecs(c.updatedAt));
    query.addBindValue(
        protocol::encode(protocol::ServerMessage(protocol::ConversationReply { {}, c })));
    if (!query.exec())
        return fail(QObject::tr("Cannot write the cached conversations"), query.lastError().text());
    return true;
}

bool LocalStore::removeConversation(const QString& convId)
{
    for (const QString& table : { u"conversations"_s, u"events"_s, u"sync_state"_s }) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.prepare(u"DELETE FROM %1 WHERE conv_id = ?"_s.arg(table));
        query.addBindValue(convId);
        if (!query.exec())
            return fail(QObject::tr("Cannot update the local cache"), query.lastError().text());
    }
    return true;
}

bool LocalStore::storeEvents(const QString& convId, const QList<protocol::Event>& events)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(u"INSERT OR REPLACE INTO events (conv_id, seq, frame) VALUES (?, ?, ?)"_s);
    for (const auto& event : events) {
        // Stored as the codec writes it, so only the protocol module knows the field names.
        query.addBindValue(convId);
        query.addBindValue(protocol::seqOf(event));
        query.addBindValue(protocol::encode(protocol::toServerMessage(event)));
        if (!query.exec()) {
            const QString why = query.lastError().text();
            db.rollback();
            return fail(QObject::tr("Cannot cache the conversation"), why);
        }
    }
    if (!db.commit())
        return fail(QObject::tr("Cannot cache the conversation"), db.lastError().text());
    return true;
}

QList<protocol::Event> LocalStore::events(const QString& convId) const
{
    QList<protocol::Event> result;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"SELECT frame FROM events WHERE conv_id = ? ORDER BY seq"_s);
    query.addBindValue(convId);
    if (!query.exec()) {
        fail(QObject::tr("Cannot read the cached conversation"), query.lastError().text());
        return result;
    }
    while (query.next()) {
        const auto decoded = protocol::decodeServerMessage(query.value(0).toByteArray());
        if (!decoded.ok())
            continue; // written by a build that knew more; sync brings it again
        if (const auto event = toEvent(*decoded.message))
            result.append(*event);
    }
    return result;
}

qint64 LocalStore::lastSeq(const QString& convId) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"SELECT last_seq FROM sync_state WHERE conv_id = ?"_s);
    query.addBindValue(convId);
    if (!query.exec()) {
        fail(QObject::tr("Cannot read the local cache"), query.lastError().text());
        return 0;
    }
    return query.next() ? query.value(0).toLongLong() : 0;
}

bool LocalStore::setLastSeq(const QString& convId, qint64 seq)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"INSERT OR REPLACE INTO sync_state (conv_id, last_seq) VALUES (?, ?)"_s);
    query.addBindValue(convId);
    query.addBindValue(seq);
    if (!query.exec())
        return fail(QObject::tr("Cannot update the local cache"), query.lastError().text());
    return true;
}

bool LocalStore::isCached(const QString& convId) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(u"SELECT 1 FROM sync_state WHERE conv_id = ?"_s);
    query.addBindValue(convId);
    if (!query.exec()) {
        fail(QObject::tr("Cannot read the local cache"), query.lastError().text());
        return false;
    }
    return query.next();
}

QStringList LocalStore::cachedConversationIds() const
{
    QStringList result;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"SELECT conv_id FROM sync_state ORDER BY conv_id"_s)) {
        fail(QObject::tr("Cannot read the local cache"), query.lastError().text());
        return result;
    }
    while (query.next())
        result.append(query.value(0).toString());
    return result;
}

} // namespace palaver::client
