#include "limits/connectionadmission.h"

#include "limits/addresskey.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

ConnectionAdmission::ConnectionAdmission(const ConnectionLimits& limits)
    : m_limits(limits)
{ }

ConnectionAdmission::Verdict ConnectionAdmission::acceptSocket(const QHostAddress& address)
{
    QMutexLocker lock(&m_mutex);
    if (m_sockets >= m_limits.maxConnections)
        return Verdict::ServerFull;
    if (!address.isNull()) {
        int& pending = m_pendingHeads[addressKey(address)];
        if (pending >= m_limits.maxPreAuthPerIp) {
            if (pending == 0)
                m_pendingHeads.remove(addressKey(address));
            return Verdict::TooManyUnauthenticated;
        }
        ++pending;
    }
    ++m_sockets;
    return Verdict::Admitted;
}

void ConnectionAdmission::headDone(const QHostAddress& address)
{
    if (address.isNull())
        return;
    QMutexLocker lock(&m_mutex);
    const auto it = m_pendingHeads.find(addressKey(address));
    if (it != m_pendingHeads.end() && --*it <= 0)
        m_pendingHeads.erase(it);
}

void ConnectionAdmission::socketClosed()
{
    QMutexLocker lock(&m_mutex);
    m_sockets = qMax(0, m_sockets - 1);
}

ConnectionAdmission::Verdict ConnectionAdmission::admitSession(const QHostAddress& address)
{
    QMutexLocker lock(&m_mutex);
    PerAddress& entry = m_addresses[addressKey(address)];
    if (entry.open >= m_limits.maxConnectionsPerIp
        || entry.unauthenticated >= m_limits.maxPreAuthPerIp) {
        const Verdict verdict = entry.open >= m_limits.maxConnectionsPerIp
            ? Verdict::AddressFull
            : Verdict::TooManyUnauthenticated;
        if (entry.open == 0)
            m_addresses.remove(addressKey(address));
        return verdict;
    }
    ++entry.open;
    ++entry.unauthenticated;
    return Verdict::Admitted;
}

ConnectionAdmission::Verdict ConnectionAdmission::signIn(
    const QHostAddress& address, const QString& userId)
{
    QMutexLocker lock(&m_mutex);
    int& sessions = m_users[userId];
    if (sessions >= m_limits.maxSessionsPerUser) {
        if (sessions == 0)
            m_users.remove(userId);
        return Verdict::UserFull;
    }
    ++sessions;
    auto it = m_addresses.find(addressKey(address));
    if (it != m_addresses.end())
        it->unauthenticated = qMax(0, it->unauthenticated - 1);
    return Verdict::Admitted;
}

void ConnectionAdmission::signOut(const QHostAddress& address, const QString& userId)
{
    QMutexLocker lock(&m_mutex);
    auto user = m_users.find(userId);
    if (user != m_users.end() && --*user <= 0)
        m_users.erase(user);
    auto it = m_addresses.find(addressKey(address));
    if (it != m_addresses.end())
        ++it->unauthenticated;
}

void ConnectionAdmission::sessionClosed(const QHostAddress& address, const QString& userId)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_addresses.find(addressKey(address));
    if (it != m_addresses.end()) {
        --it->open;
        if (userId.isEmpty())
            it->unauthenticated = qMax(0, it->unauthenticated - 1);
        if (it->open <= 0)
            m_addresses.erase(it);
    }
    if (!userId.isEmpty()) {
        auto user = m_users.find(userId);
        if (user != m_users.end() && --*user <= 0)
            m_users.erase(user);
    }
}

int ConnectionAdmission::connections() const
{
    QMutexLocker lock(&m_mutex);
    return m_sockets;
}

int ConnectionAdmission::connectionsFrom(const QHostAddress& address) const
{
    QMutexLocker lock(&m_mutex);
    return m_addresses.value(addressKey(address)).open;
}

int ConnectionAdmission::sessionsOf(const QString& userId) const
{
    QMutexLocker lock(&m_mutex);
    return m_users.value(userId);
}

QString describe(ConnectionAdmission::Verdict verdict)
{
    switch (verdict) {
    case ConnectionAdmission::Verdict::Admitted:
        return u"admitted"_s;
    case ConnectionAdmission::Verdict::ServerFull:
        return u"the server holds as many connections as it allows"_s;
    case ConnectionAdmission::Verdict::AddressFull:
        return u"too many connections from this address"_s;
    case ConnectionAdmission::Verdict::TooManyUnauthenticated:
        return u"too many connections from this address that have not signed in"_s;
    case ConnectionAdmission::Verdict::UserFull:
        return u"too many connections of this account"_s;
    }
    return {};
}

} // namespace palaver::server
