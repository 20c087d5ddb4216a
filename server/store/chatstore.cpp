#include "store/chatstore.h"

#include "store/database.h"
#include "store/sqlvalues.h"

#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;
using namespace palaver::server::sqlvalues;

namespace {

const QString generationColumns = u"id, conv_id, msg_id, model, status, text, delta_seq, end_seq "
                                  "FROM generations"_s;

GenerationRecord generationFrom(const QSqlQuery& q)
{
    GenerationRecord g;
    g.genId = q.value(0).toString();
    g.convId = q.value(1).toString();
    g.msgId = q.value(2).toString();
    g.model = q.value(3).toString();
    g.status = fromWireName<MessageStatus>(q.value(4).toString()).value_or(MessageStatus::Error);
    g.text = q.value(5).toString();
    g.deltaSeq = q.value(6).toLongLong();
    g.endSeq = q.value(7).toLongLong();
    return g;
}

QVariant nullable(const QString& s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : s;
}

} // namespace

ChatStore::ChatStore(Database& database)
    : m_db(database)
    , m_events(database)
    , m_members(database)
    , m_leaveBlocks(database)
    , m_conversations(database, m_members, m_leaveBlocks)
{ }

QList<Conversation> ChatStore::conversations(const QString& userId)
{
    QList<Conversation> all;
    ConversationPage page;
    do {
        page = m_conversations.page(
            userId, all.isEmpty() ? QString() : all.constLast().convId, field::maxConversationPage);
        all.append(page.items);
    } while (page.hasMore);
    return all;
}

QString ChatStore::errorString() const
{
    return m_db.errorString();
}

std::optional<Conversation> ChatStore::createConversation(
    const QString& ownerId, const QString& title, const QString& model, const QString& systemPrompt)
{
    return m_conversations.create(NewConversation {
        ConversationKind::Ai, ownerId, MemberRole::Owner, {}, title, model, systemPrompt });
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
    const PreparedQuery q = m_db.prepared(
        u"SELECT conv_id, id, seq FROM messages WHERE user_id = ? AND client_msg_id = ?"_s);
    q->addBindValue(userId);
    q->addBindValue(clientMsgId);
    if (!m_db.exec(*q) || !q->next())
        return std::nullopt;
    return ClientMessageRef { q->value(0).toString(), q->value(1).toString(),
        q->value(2).toLongLong() };
}

std::optional<MessageEvent> ChatStore::addUserMessage(
    const QString& convId, const Author& author, const QString& clientMsgId, const QString& text)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_db.transaction())
        return std::nullopt;
    MessageEvent event;
    event.convId = convId;
    event.seq = m_events.reserveSeq(convId, now.toMSecsSinceEpoch());
    event.message.msgId = newId();
    event.message.clientMsgId = clientMsgId;
    event.message.author = author;
    event.message.text = text;
    event.message.status = MessageStatus::Complete;
    event.message.createdAt = now;
    const PreparedQuery q = m_db.prepared(
        u"INSERT INTO messages (id, conv_id, seq, user_id, client_msg_id, author_kind, "
        "author_id, author_name, text, status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"_s);
    q->addBindValue(event.message.msgId);
    q->addBindValue(convId);
    q->addBindValue(event.seq);
    q->addBindValue(author.id);
    q->addBindValue(clientMsgId);
    q->addBindValue(wireName(author.kind));
    q->addBindValue(author.id);
    q->addBindValue(nonNull(author.name));
    q->addBindValue(nonNull(text));
    q->addBindValue(wireName(MessageStatus::Complete));
    q->addBindValue(now.toMSecsSinceEpoch());
    if (event.seq == 0 || !m_db.exec(*q) || !m_events.append(convId, event) || !m_db.commit()) {
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
    q.prepare(u"SELECT "_s + generationColumns + u" WHERE id = ?"_s);
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
    q.prepare(u"SELECT "_s + generationColumns + u" WHERE end_seq = 0"_s);
    if (!m_db.exec(q))
        return result;
    while (q.next())
        result.append(generationFrom(q));
    return result;
}

QList<ChatMessage> ChatStore::promptMessages(
    const QString& convId, int limit, const QString& throughMsgId)
{
    QList<ChatMessage> result;
    if (limit <= 0)
        return result;
    QSqlQuery q(m_db.connection());
    // Newest first through the (conv_id, seq) index, so only `limit` rows are ever read.
    QString sql = u"SELECT id, author_kind, text, status, author_id, author_name FROM messages "
                  "WHERE conv_id = ? AND status != ?"_s;
    if (!throughMsgId.isEmpty())
        sql += u" AND seq <= (SELECT seq FROM messages WHERE id = ? AND conv_id = ?)"_s;
    sql += u" ORDER BY seq DESC LIMIT ?"_s;
    q.prepare(sql);
    q.addBindValue(convId);
    q.addBindValue(wireName(MessageStatus::Streaming));
    if (!throughMsgId.isEmpty()) {
        q.addBindValue(throughMsgId);
        q.addBindValue(convId);
    }
    q.addBindValue(limit);
    if (!m_db.exec(q))
        return result;
    while (q.next()) {
        ChatMessage m;
        m.msgId = q.value(0).toString();
        m.author.kind = fromWireName<AuthorKind>(q.value(1).toString()).value_or(AuthorKind::User);
        m.text = q.value(2).toString();
        m.status
            = fromWireName<MessageStatus>(q.value(3).toString()).value_or(MessageStatus::Error);
        m.author.id = q.value(4).toString();
        m.author.name = q.value(5).toString();
        result.append(m);
    }
    std::reverse(result.begin(), result.end());
    return result;
}

} // namespace palaver::server
