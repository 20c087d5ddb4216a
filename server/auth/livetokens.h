#pragma once

#include <QHash>
#include <QList>
#include <QMultiHash>
#include <QString>
#include <optional>
#include <set>
#include <utility>

namespace palaver::server {

class RevocationLog;
class UserStore;

/// The tokens live sessions stand on, and which of them stopped being valid. Nothing here is
/// per-session work while nothing changes: a token's expiry is a deadline kept in order (the
/// earliest is compared with the clock), and a revocation, a disabled or a removed account — by
/// this server or by the admin CLI in another process — is found by one small query on the
/// store's revocation log, after which only the sessions of the accounts it names are checked
/// again. Lives in the hub's thread.
class LiveTokens
{
public:
    LiveTokens(UserStore& users, RevocationLog& log);

    /// A session signed in with the token whose stored hash is `tokenHash`, valid until
    /// `expiresAtMs` (ms since the epoch).
    void add(
        quint64 sessionId, const QString& userId, const QString& tokenHash, qint64 expiresAtMs);
    void forget(quint64 sessionId);
    /// The sessions whose token is no longer valid at `nowMs` (ms since the epoch), forgotten
    /// here. A store that fails says nothing about the tokens: what it could not tell is asked
    /// again at the next check.
    QList<quint64> check(qint64 nowMs);

    int size() const { return int(m_live.size()); }

private:
    struct Live
    {
        QString userId;
        QString tokenHash;
        qint64 expiresAtMs = 0;
    };
    /// Asks the store about each session again; false when the store failed.
    bool recheck(const QList<quint64>& sessionIds, QList<quint64>* invalid);
    void setExpiry(quint64 sessionId, Live& live, qint64 expiresAtMs);

    UserStore& m_users;
    RevocationLog& m_log;
    std::optional<qint64> m_cursor; ///< the log's entries up to here are dealt with
    QHash<quint64, Live> m_live;
    QMultiHash<QString, quint64> m_byUser;
    std::set<std::pair<qint64, quint64>> m_expiries; ///< (expiresAtMs, sessionId), earliest first
};

} // namespace palaver::server
