#include "store/conversationstore.h"

#include "store/database.h"
#include "store/sqlvalues.h"

#include <QSqlQuery>
#include <QVariant>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;
using namespace palaver::server::sqlvalues;

namespace {

const QString conversationColumns
    = u"c.id, c.title, c.kind, c.model, c.system_prompt, c.last_seq, c.updated_at"_s;
// The same, as one member sees it (their role and read marker).
const QString memberViewColumns = conversationColumns
    + u", me.role, me.last_read_seq FROM conversations c JOIN members me ON me.conv_id = c.id"_s;

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

Conversation memberViewFrom(const QSqlQuery& q)
{
    Conversation c = conversationFrom(q);
    c.role = fromWireName<MemberRole>(q.value(7).toString()).value_or(MemberRole::Member);
    c.lastReadSeq = q.value(8).toLongLong();
    return c;
}

} // namespace

ConversationStore::ConversationStore(
    Database& database, MemberStore& members, LeaveBlocks& leaveBlocks)
    : m_db(database)
    , m_members(members)
    , m_leaveBlocks(leaveBlocks)
{ }

ConversationPage ConversationStore::page(
    const QString& userId, const QString& afterConvId, int limit)
{
    ConversationPage page;
    limit = qMax(1, limit);
    QSqlQuery q(m_db.connection());
    // Keyset paging along the members_user_conv index; one row more says whether more follow.
    q.prepare(u"SELECT "_s + memberViewColumns
        + u" WHERE me.user_id = ? AND me.conv_id > ? ORDER BY me.conv_id LIMIT ?"_s);
    q.addBindValue(userId);
    q.addBindValue(nonNull(afterConvId));
    q.addBindValue(limit + 1);
    if (!m_db.exec(q))
        return page;
    while (q.next()) {
        if (page.items.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.items.append(memberViewFrom(q));
    }
    // Two queries for the whole page rather than two per conversation.
    QStringList convIds;
    convIds.reserve(page.items.size());
    for (const Conversation& c : page.items)
        convIds.append(c.convId);
    const QHash<QString, qint64> unread = m_members.unreadCounts(userId, convIds);
    const QHash<QString, QList<Member>> rosters = m_members.rostersOf(userId, convIds);
    for (Conversation& c : page.items) {
        c.unread = unread.value(c.convId);
        c.members = rosters.value(c.convId);
    }
    return page;
}

std::optional<Conversation> ConversationStore::conversation(
    const QString& convId, const QString& userId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + memberViewColumns + u" WHERE c.id = ? AND me.user_id = ?"_s);
    q.addBindValue(convId);
    q.addBindValue(userId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    Conversation c = memberViewFrom(q);
    fillFor(c, userId);
    return c;
}

void ConversationStore::fillFor(Conversation& conv, const QString& userId)
{
    conv.unread = m_members.unread(conv.convId, userId, conv.lastReadSeq);
    if (conv.kind == ConversationKind::Ai)
        return;
    if (const std::optional<Roster> roster = m_members.roster(conv.convId))
        conv.members = roster->members;
}

std::optional<Conversation> ConversationStore::conversationById(const QString& convId)
{
    static const QString sql
        = u"SELECT "_s + conversationColumns + u" FROM conversations c WHERE c.id = ?"_s;
    const PreparedQuery q = m_db.prepared(sql);
    q->addBindValue(convId);
    if (!m_db.exec(*q) || !q->next())
        return std::nullopt;
    return conversationFrom(*q);
}

std::optional<Conversation> ConversationStore::create(const NewConversation& spec)
{
    m_db.transaction();
    std::optional<Conversation> c = insertRows(spec);
    if (!c || !m_db.commit()) {
        m_db.rollback();
        return std::nullopt;
    }
    if (c->kind != ConversationKind::Ai) {
        if (const std::optional<Roster> roster = m_members.roster(c->convId))
            c->members = roster->members;
    }
    return c;
}

std::optional<Conversation> ConversationStore::insertRows(const NewConversation& spec)
{
    Conversation c;
    c.convId = newId();
    c.title = spec.title;
    c.kind = spec.kind;
    c.model = spec.model;
    c.systemPrompt = spec.systemPrompt;
    c.lastSeq = 0;
    c.updatedAt = QDateTime::currentDateTimeUtc();
    c.role = spec.creatorRole;
    QSqlQuery q(m_db.connection());
    // owner_id: who created it (rooms and DMs keep their roles in `members`).
    q.prepare(u"INSERT INTO conversations (id, owner_id, title, kind, model, system_prompt, "
              "last_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"_s);
    q.addBindValue(c.convId);
    q.addBindValue(spec.creatorId);
    q.addBindValue(nonNull(c.title));
    q.addBindValue(wireName(c.kind));
    q.addBindValue(nonNull(c.model));
    q.addBindValue(nonNull(c.systemPrompt));
    q.addBindValue(c.updatedAt.toMSecsSinceEpoch());
    bool ok = m_db.exec(q) && m_members.add(c.convId, spec.creatorId, spec.creatorRole, 0);
    for (const QString& memberId : spec.memberIds)
        ok = ok && m_members.add(c.convId, memberId, MemberRole::Member, 0, spec.creatorId);
    if (!ok)
        return std::nullopt;
    return c;
}

bool ConversationStore::update(Conversation& conv)
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

bool ConversationStore::deleteRows(const QString& convId)
{
    for (const QString& table : { u"events"_s, u"messages"_s, u"generations"_s, u"members"_s }) {
        QSqlQuery q(m_db.connection());
        q.prepare(u"DELETE FROM %1 WHERE conv_id = ?"_s.arg(table));
        q.addBindValue(convId);
        if (!m_db.exec(q))
            return false;
    }
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    q.addBindValue(convId);
    return m_db.exec(q);
}

bool ConversationStore::remove(const QString& convId)
{
    m_db.transaction();
    if (!deleteRows(convId) || !m_db.commit()) {
        m_db.rollback();
        return false;
    }
    return true;
}

std::optional<LeaveOutcome> ConversationStore::leave(
    const QString& convId, const QString& userId, const LeaveBlockTimes& block)
{
    m_db.transaction();
    const QString inviter = m_members.inviter(convId, userId);
    const std::optional<LeaveOutcome> outcome = m_members.leave(convId, userId);
    // The block outlives the conversation when the last one out deletes it: it is against the
    // inviter as much as against the room.
    const bool blocked = block.untilMs == 0
        || m_leaveBlocks.record(userId, convId, inviter, block.untilMs, block.nowMs);
    if (!outcome || !blocked || (outcome->remaining == 0 && !deleteRows(convId))
        || !m_db.commit()) {
        m_db.rollback();
        return std::nullopt;
    }
    return outcome;
}

} // namespace palaver::server
