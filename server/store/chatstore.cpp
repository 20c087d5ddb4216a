#include "store/chatstore.h"

#include "store/database.h"

#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

const QString conversationColumns
    = u"id, title, kind, model, system_prompt, last_seq, updated_at FROM conversations"_s;

Conversation conversationFrom(const QSqlQuery& q)
{
    Conversation c;
    c.convId = q.value(0).toString();
    c.title = q.value(1).toString();
    c.kind = fromWireName<ConversationKind>(q.value(2).toString()).value_or(ConversationKind::Ai);
    c.model = q.value(3).toString();
    c.systemPrompt = q.value(4).toString();
    c.lastSeq = q.value(5).toLongLong();
    c.updatedAt = fromMs(q.value(6).toLongLong());
    return c;
}

const QString generationColumns = u"g.id, g.conv_id, g.msg_id, c.owner_id, g.model, g.status, "
                                  "g.text, g.delta_seq, g.end_seq FROM generations g "
                                  "JOIN conversations c ON c.id = g.conv_id"_s;

GenerationRecord generationFrom(const QSqlQuery& q)
{
    GenerationRecord g;
    g.genId = q.value(0).toString();
    g.convId = q.value(1).toString();
    g.msgId = q.value(2).toString();
    g.ownerId = q.value(3).toString();
    g.model = q.value(4).toString();
    g.status = fromWireName<MessageStatus>(q.value(5).toString()).value_or(MessageStatus::Error);
    g.text = q.value(6).toString();
    g.deltaSeq = q.value(7).toLongLong();
    g.endSeq = q.value(8).toLongLong();
    return g;
}

/// SQLite stores a null QString as NULL; these columns are NOT NULL.
QString nonNull(const QString& s)
{
    return s.isNull() ? u""_s : s;
}

QVariant nullable(const QString& s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : s;
}

} // namespace

ChatStore::ChatStore(Database& database)
    : m_db(database)
    , m_events(database)
{ }

QString ChatStore::errorString() const
{
    return m_db.errorString();
}

QList<Conversation> ChatStore::conversations(const QString& ownerId)
{
    QList<Conversation> result;
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT "_s + conversationColumns + u" WHERE owner_id = ? ORDER BY updated_at DESC"_s);
    q.addBindValue(ownerId);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.append(conversationFrom(q));
    return result;
}

std::optional<Conversation> ChatStore::conversation(const QString& convId, const QString& ownerId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + conversationColumns + u" WHERE id = ? AND owner_id = ?"_s);
    q.addBindValue(convId);
    q.addBindValue(ownerId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return conversationFrom(q);
}

std::optional<Conversation> ChatStore::createConversation(
    const QString& ownerId, const QString& title, const QString& model, const QString& systemPrompt)
{
    Conversation c;
    c.convId = newId();
    c.title = title;
    c.kind = ConversationKind::Ai;
    c.model = model;
    c.systemPrompt = systemPrompt;
    c.lastSeq = 0;
    c.updatedAt = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO conversations (id, owner_id, title, kind, model, system_prompt, "
              "last_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"_s);
    q.addBindValue(c.convId);
    q.addBindValue(ownerId);
    q.addBindValue(nonNull(c.title));
    q.addBindValue(wireName(c.kind));
    q.addBindValue(nonNull(c.model));
    q.addBindValue(nonNull(c.systemPrompt));
    q.addBindValue(c.updatedAt.toMSecsSinceEpoch());
    if (!m_db.exec(q))
        return std::nullopt;
    return c;
}

bool ChatStore::updateConversation(Conversation& conv)
{
    conv.updatedAt = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE conversations SET title = ?, model = ?, system_prompt = ?, updated_at = ? "
              "WHERE id = ?"_s);
    q.addBindValue(nonNull(conv.title));
    q.addBindValue(nonNull(conv.model));
    q.addBindValue(nonNull(conv.systemPrompt));
    q.addBindValue(conv.updatedAt.toMSecsSinceEpoch());
    q.addBindValue(conv.convId);
    return m_db.exec(q);
}

bool ChatStore::deleteConversation(const QString& convId)
{
    m_db.transaction();
    for (const QString& table : { u"events"_s, u"messages"_s, u"generations"_s }) {
        QSqlQuery q(m_db.connection());
        q.prepare(u"DELETE FROM %1 WHERE conv_id = ?"_s.arg(table));
        q.addBindValue(convId);
        if (!m_db.exec(q)) {
            m_db.rollback();
            return false;
        }
    }
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    q.addBindValue(convId);
    if (!m_db.exec(q)) {
        m_db.rollback();
        return false;
    }
    return m_db.commit();
}

EventPage ChatStore::history(const QString& convId, std::optional<qint64> beforeSeq, int limit)
{
    return m_events.history(convId, beforeSeq, limit);
}

EventPage ChatStore::eventsAfter(const QString& convId, qint64 afterSeq, int limit)
{
    return m_events.after(convId, afterSeq, limit);
}

std::optional<ClientMessageRef> ChatStore::findClientMessage(
    const QString& userId, const QString& clientMsgId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT conv_id, id, seq FROM messages WHERE user_id = ? AND client_msg_id = ?"_s);
    q.addBindValue(userId);
    q.addBindValue(clientMsgId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return ClientMessageRef { q.value(0).toString(), q.value(1).toString(),
        q.value(2).toLongLong() };
}

std::optional<MessageEvent> ChatStore::addUserMessage(
    const QString& convId, const Author& author, const QString& clientMsgId, const QString& text)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_db.transaction();
    MessageEvent event;
    event.convId = convId;
    event.seq = m_events.reserveSeq(convId, now.toMSecsSinceEpoch());
    event.message.msgId = newId();
    event.message.clientMsgId = clientMsgId;
    event.message.author = author;
    event.message.text = text;
    event.message.status = MessageStatus::Complete;
    event.message.createdAt = now;
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO messages (id, conv_id, seq, user_id, client_msg_id, author_kind, "
              "author_id, author_name, text, status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"_s);
    q.addBindValue(event.message.msgId);
    q.addBindValue(convId);
    q.addBindValue(event.seq);
    q.addBindValue(author.id);
    q.addBindValue(clientMsgId);
    q.addBindValue(wireName(author.kind));
    q.addBindValue(author.id);
    q.addBindValue(nonNull(author.name));
    q.addBindValue(nonNull(text));
    q.addBindValue(wireName(MessageStatus::Complete));
    q.addBindValue(now.toMSecsSinceEpoch());
    if (event.seq == 0 || !m_db.exec(q) || !m_events.append(convId, event) || !m_db.commit()) {
        m_db.rollback();
        return std::nullopt;
    }
    return event;
}

std::optional<GenerationStart> ChatStore::startGeneration(
    const QString& convId, const Author& assistant, const QString& model)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_db.transaction();
    GenerationStart event;
    event.convId = convId;
    event.seq = m_events.reserveSeq(convId, now.toMSecsSinceEpoch());
    event.genId = newId();
    event.msgId = newId();
    event.model = model;
    QSqlQuery message(m_db.connection());
    message.prepare(u"INSERT INTO messages (id, conv_id, seq, author_kind, author_id, author_name, "
                    "text, status, created_at, gen_id) VALUES (?,?,?,?,?,?,'',?,?,?)"_s);
    message.addBindValue(event.msgId);
    message.addBindValue(convId);
    message.addBindValue(event.seq);
    message.addBindValue(wireName(assistant.kind));
    message.addBindValue(nonNull(assistant.id));
    message.addBindValue(nonNull(assistant.name));
    message.addBindValue(wireName(MessageStatus::Streaming));
    message.addBindValue(now.toMSecsSinceEpoch());
    message.addBindValue(event.genId);
    QSqlQuery generation(m_db.connection());
    generation.prepare(u"INSERT INTO generations (id, conv_id, msg_id, model, status, text, "
                       "delta_seq, started_at, end_seq) VALUES (?,?,?,?,?,'',0,?,0)"_s);
    generation.addBindValue(event.genId);
    generation.addBindValue(convId);
    generation.addBindValue(event.msgId);
    generation.addBindValue(nonNull(model));
    generation.addBindValue(wireName(MessageStatus::Streaming));
    generation.addBindValue(now.toMSecsSinceEpoch());
    if (event.seq == 0 || !m_db.exec(message) || !m_db.exec(generation)
        || !m_events.append(convId, event) || !m_db.commit()) {
        m_db.rollback();
        return std::nullopt;
    }
    return event;
}

bool ChatStore::savePartial(const QString& genId, const QString& text, qint64 deltaSeq)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE generations SET text = ?, delta_seq = ? WHERE id = ?"_s);
    q.addBindValue(nonNull(text));
    q.addBindValue(deltaSeq);
    q.addBindValue(genId);
    return m_db.exec(q);
}

std::optional<GenerationEnd> ChatStore::endGeneration(const QString& genId, FinishReason finish,
    const QString& text, qint64 deltaSeq, const std::optional<Usage>& usage,
    const std::optional<ErrorInfo>& error)
{
    const std::optional<GenerationRecord> record = generation(genId);
    if (!record || record->endSeq != 0)
        return std::nullopt;
    QSqlQuery read(m_db.connection());
    read.prepare(u"SELECT author_id, author_name, created_at FROM messages WHERE id = ?"_s);
    read.addBindValue(record->msgId);
    if (!m_db.exec(read) || !read.next())
        return std::nullopt;

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const MessageStatus status = statusForFinish(finish);
    GenerationEnd event;
    event.convId = record->convId;
    event.genId = genId;
    event.msgId = record->msgId;
    event.finish = finish;
    event.usage = usage;
    event.error = error;
    event.message.msgId = record->msgId;
    event.message.author
        = Author { AuthorKind::Assistant, read.value(0).toString(), read.value(1).toString() };
    event.message.text = text;
    event.message.status = status;
    event.message.createdAt = fromMs(read.value(2).toLongLong());
    event.message.genId = genId;

    m_db.transaction();
    event.seq = m_events.reserveSeq(record->convId, now.toMSecsSinceEpoch());
    QSqlQuery message(m_db.connection());
    message.prepare(u"UPDATE messages SET text = ?, status = ? WHERE id = ?"_s);
    message.addBindValue(nonNull(text));
    message.addBindValue(wireName(status));
    message.addBindValue(record->msgId);
    QSqlQuery gen(m_db.connection());
    gen.prepare(u"UPDATE generations SET status = ?, text = ?, delta_seq = ?, input_tokens = ?, "
                "output_tokens = ?, error_code = ?, error_message = ?, ended_at = ?, end_seq = ? "
                "WHERE id = ?"_s);
    gen.addBindValue(wireName(status));
    gen.addBindValue(nonNull(text));
    gen.addBindValue(deltaSeq);
    gen.addBindValue(
        usage ? QVariant(usage->inputTokens) : QVariant(QMetaType::fromType<qint64>()));
    gen.addBindValue(
        usage ? QVariant(usage->outputTokens) : QVariant(QMetaType::fromType<qint64>()));
    gen.addBindValue(nullable(error ? errorCodeName(error->code) : QString()));
    gen.addBindValue(nullable(error ? error->message : QString()));
    gen.addBindValue(now.toMSecsSinceEpoch());
    gen.addBindValue(event.seq);
    gen.addBindValue(genId);
    if (event.seq == 0 || !m_db.exec(message) || !m_db.exec(gen)
        || !m_events.append(record->convId, event) || !m_db.commit()) {
        m_db.rollback();
        return std::nullopt;
    }
    return event;
}

std::optional<GenerationRecord> ChatStore::generation(const QString& genId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + generationColumns + u" WHERE g.id = ?"_s);
    q.addBindValue(genId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    return generationFrom(q);
}

std::optional<GenerationEnd> ChatStore::endEvent(const GenerationRecord& record)
{
    const std::optional<Event> event = m_events.at(record.convId, record.endSeq);
    if (!event || !std::holds_alternative<GenerationEnd>(*event))
        return std::nullopt;
    return std::get<GenerationEnd>(*event);
}

QList<GenerationRecord> ChatStore::unfinishedGenerations()
{
    QList<GenerationRecord> result;
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + generationColumns + u" WHERE g.end_seq = 0"_s);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.append(generationFrom(q));
    return result;
}

QList<ChatMessage> ChatStore::promptMessages(const QString& convId)
{
    QList<ChatMessage> result;
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT id, author_kind, text, status FROM messages WHERE conv_id = ? AND status != ? "
        "ORDER BY seq ASC"_s);
    q.addBindValue(convId);
    q.addBindValue(wireName(MessageStatus::Streaming));
    if (!m_db.exec(q))
        return result;
    while (q.next()) {
        ChatMessage m;
        m.msgId = q.value(0).toString();
        m.author.kind = fromWireName<AuthorKind>(q.value(1).toString()).value_or(AuthorKind::User);
        m.text = q.value(2).toString();
        m.status
            = fromWireName<MessageStatus>(q.value(3).toString()).value_or(MessageStatus::Error);
        result.append(m);
    }
    return result;
}

} // namespace palaver::server
