#include "auth/livetokens.h"

#include "store/revocationlog.h"
#include "store/userstore.h"

#include <QSet>

namespace palaver::server {

namespace {
/// Entries stay in the log this long, for other readers of the store (a second server).
constexpr qint64 logKeepMs = 10 * 60 * 1000;
} // namespace

LiveTokens::LiveTokens(UserStore& users, RevocationLog& log)
    : m_users(users)
    , m_log(log)
{
    // What is in the log already was revoked before any of this server's sessions signed in.
    m_cursor = m_log.latest();
}

void LiveTokens::add(
    quint64 sessionId, const QString& userId, const QString& tokenHash, qint64 expiresAtMs)
{
    forget(sessionId); // a session that signs in again stands on its new token
    Live& live = m_live[sessionId];
    live.userId = userId;
    live.tokenHash = tokenHash;
    m_byUser.insert(userId, sessionId);
    setExpiry(sessionId, live, expiresAtMs);
}

void LiveTokens::setExpiry(quint64 sessionId, Live& live, qint64 expiresAtMs)
{
    m_expiries.erase({ live.expiresAtMs, sessionId });
    live.expiresAtMs = expiresAtMs;
    m_expiries.insert({ expiresAtMs, sessionId });
}

void LiveTokens::forget(quint64 sessionId)
{
    const auto it = m_live.constFind(sessionId);
    if (it == m_live.constEnd())
        return;
    m_expiries.erase({ it->expiresAtMs, sessionId });
    m_byUser.remove(it->userId, sessionId);
    m_live.erase(it);
}

bool LiveTokens::recheck(const QList<quint64>& sessionIds, QList<quint64>* invalid)
{
    for (const quint64 sessionId : sessionIds) {
        const auto it = m_live.find(sessionId);
        if (it == m_live.end())
            continue;
        bool storeFailed = false;
        qint64 expiresAtMs = 0;
        if (m_users.userForTokenHash(it->tokenHash, &storeFailed, &expiresAtMs)) {
            if (expiresAtMs != it->expiresAtMs)
                setExpiry(sessionId, *it, expiresAtMs);
            continue;
        }
        if (storeFailed)
            return false;
        invalid->append(sessionId);
    }
    return true;
}

QList<quint64> LiveTokens::check(qint64 nowMs)
{
    QList<quint64> invalid;
    if (!m_cursor) { // the store failed when it was first asked: check everyone once
        m_cursor = m_log.latest();
        if (m_cursor && !recheck(m_live.keys(), &invalid))
            m_cursor.reset();
    } else if (const std::optional<RevocationLog::Entries> entries = m_log.since(*m_cursor)) {
        if (entries->latest != *m_cursor) {
            QList<quint64> affected;
            if (entries->truncated) {
                affected = m_live.keys();
            } else {
                const QSet<QString> users(entries->userIds.cbegin(), entries->userIds.cend());
                for (const QString& userId : users)
                    affected += m_byUser.values(userId);
            }
            // The cursor moves only once every named session was answered for.
            if (recheck(affected, &invalid)) {
                m_cursor = entries->latest;
                m_log.prune(logKeepMs);
            }
        }
    }
    // Expired by the clock: no query needed (an expiry changed in the store is in the log).
    while (!m_expiries.empty() && m_expiries.begin()->first <= nowMs) {
        const quint64 sessionId = m_expiries.begin()->second;
        m_expiries.erase(m_expiries.begin());
        if (!invalid.contains(sessionId))
            invalid.append(sessionId);
    }
    for (const quint64 sessionId : std::as_const(invalid))
        forget(sessionId);
    return invalid;
}

} // namespace palaver::server
