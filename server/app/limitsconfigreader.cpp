#include "app/limitsconfigreader.h"

#include <QSettings>
#include <variant>

namespace palaver::server::limitsconfigreader {

using namespace Qt::Literals::StringLiterals;

namespace {

/// One numeric key of [limits] and the field it sets; `minimum` is the least sensible value
/// (0 where 0 switches the limit off).
struct NumberKey
{
    const char* key;
    std::variant<int*, qint64*> field;
    qint64 minimum;
};

QList<NumberKey> numberKeys(ServerLimits& l)
{
    ConnectionLimits& c = l.connections;
    SignInLimits& s = l.signIn;
    RequestLimits& r = l.requests;
    GenerationLimits& g = l.generations;
    RoomLimits& m = l.rooms;
    return {
        { "max-connections", &c.maxConnections, 1 },
        { "max-connections-per-ip", &c.maxConnectionsPerIp, 1 },
        { "max-pre-auth-per-ip", &c.maxPreAuthPerIp, 1 },
        { "max-sessions-per-user", &c.maxSessionsPerUser, 1 },
        { "pre-auth-timeout-ms", &c.preAuthTimeoutMs, 100 },
        { "pre-auth-max-frame-bytes", &c.preAuthMaxFrameBytes, 1024 },
        { "fragmented-message-timeout-ms", &c.fragmentedMessageTimeoutMs, 100 },
        { "max-queued-bytes", &c.maxQueuedBytes, 1024 },
        { "send-budget-bytes", &c.sendBudgetBytes, 1024 },
        { "stalled-reader-bytes", &c.stalledReaderBytes, 1024 },

        { "max-pending-sign-ins", &s.maxPendingHashes, 1 },
        { "free-failed-sign-ins-per-ip", &s.freeFailuresPerIp, 0 },
        { "free-failed-sign-ins-per-account", &s.freeFailuresPerAccount, 0 },
        { "sign-in-backoff-ms", &s.backoffBaseMs, 1 },
        { "sign-in-max-backoff-ms", &s.maxBackoffMs, 1 },
        { "sign-in-failure-memory-ms", &s.failureMemoryMs, 1000 },
        { "registrations-per-minute", &s.registrations.perMinute, 0 },
        { "registrations-burst", &s.registrations.burst, 1 },

        { "connection-requests-per-minute", &r.perConnection.perMinute, 0 },
        { "connection-requests-burst", &r.perConnection.burst, 1 },
        { "user-requests-per-minute", &r.perUser.perMinute, 0 },
        { "user-requests-burst", &r.perUser.burst, 1 },
        { "messages-per-minute", &r.messages.perMinute, 0 },
        { "messages-burst", &r.messages.burst, 1 },
        { "typing-per-minute", &r.typing.perMinute, 0 },
        { "typing-burst", &r.typing.burst, 1 },
        { "presence-per-minute", &r.presence.perMinute, 0 },
        { "presence-burst", &r.presence.burst, 1 },
        { "rooms-created-per-minute", &r.roomCreation.perMinute, 0 },
        { "rooms-created-burst", &r.roomCreation.burst, 1 },
        { "invites-per-minute", &r.invites.perMinute, 0 },
        { "invites-burst", &r.invites.burst, 1 },
        { "close-after-refusals", &r.closeAfterRefusals, 1 },
        { "max-queued-requests-per-user", &r.maxQueuedPerUser, 1 },

        { "max-running-replies-per-user", &g.maxRunningPerUser, 1 },
        { "max-running-replies", &g.maxRunningPerServer, 1 },
        { "max-waiting-replies-per-user", &g.maxQueuedPerUser, 0 },
        { "max-waiting-replies", &g.maxQueuedPerServer, 0 },
        { "max-prompt-messages", &g.maxPromptMessages, 1 },
        { "default-context-tokens", &g.defaultContextTokens, 0 },
        { "max-reply-bytes", &g.maxReplyBytes, 1024 },
        { "max-upstream-line-bytes", &g.maxUpstreamLineBytes, 1024 },
        { "max-reply-duration-ms", &g.maxReplyDurationMs, 1000 },

        { "max-owned-rooms", &m.maxOwnedRooms, 0 },
        { "max-room-members", &m.maxMembersPerRoom, 2 },
        { "max-rooms-per-user", &m.maxRoomsPerUser, 1 },
        { "max-ai-chats-per-user", &m.maxAiChatsPerUser, 1 },
        { "leave-block-hours", &m.leaveBlockHours, 0 },
    };
}

/// A comma-separated list; QSettings already splits unquoted commas into a QStringList.
QStringList listValue(const QVariant& value)
{
    QStringList items = value.userType() == QMetaType::QStringList ? value.toStringList()
                                                                   : value.toString().split(u',');
    QStringList result;
    for (const QString& item : std::as_const(items)) {
        if (const QString trimmed = item.trimmed(); !trimmed.isEmpty())
            result.append(trimmed);
    }
    return result;
}

} // namespace

bool parseSubnets(const QString& text, QList<QPair<QHostAddress, int>>* subnets)
{
    for (const QString& entry : listValue(text)) {
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
        if (subnet.first.isNull()) {
            // A bare address is a subnet of one.
            const QHostAddress address(entry);
            if (address.isNull())
                return false;
            subnet = { address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32 };
        }
        subnets->append(subnet);
    }
    return true;
}

bool read(QSettings& file, ServerLimits* limits, QString* error)
{
    file.beginGroup(u"limits"_s);
    const auto done = [&file](bool ok) {
        file.endGroup();
        return ok;
    };
    for (const NumberKey& entry : numberKeys(*limits)) {
        const QString key = QString::fromLatin1(entry.key);
        if (!file.contains(key))
            continue;
        bool ok = false;
        const qint64 value = file.value(key).toString().trimmed().toLongLong(&ok);
        const qint64 maximum = std::holds_alternative<int*>(entry.field)
            ? qint64(std::numeric_limits<int>::max())
            : std::numeric_limits<qint64>::max();
        if (!ok || value < entry.minimum || value > maximum) {
            *error = u"[limits] %1 must be a whole number of at least %2"_s.arg(key).arg(
                entry.minimum);
            return done(false);
        }
        if (int* const* field = std::get_if<int*>(&entry.field))
            **field = int(value);
        else
            *std::get<qint64*>(entry.field) = value;
    }
    if (file.contains(u"trusted-proxies"_s)) {
        QList<QPair<QHostAddress, int>> subnets;
        const QStringList entries = listValue(file.value(u"trusted-proxies"_s));
        if (!parseSubnets(entries.join(u','), &subnets)) {
            *error = u"[limits] trusted-proxies must be addresses or subnets, e.g. "
                     "127.0.0.1, 10.0.0.0/8"_s;
            return done(false);
        }
        limits->connections.trustedProxies = subnets;
    }
    if (file.contains(u"allowed-origins"_s)) {
        limits->connections.allowedOrigins.clear();
        for (const QString& origin : listValue(file.value(u"allowed-origins"_s))) {
            // Browsers send "scheme://host[:port]" without a trailing slash.
            QString normalised = origin.toLower();
            while (normalised.endsWith(u'/'))
                normalised.chop(1);
            limits->connections.allowedOrigins.append(normalised);
        }
    }
    return done(true);
}

} // namespace palaver::server::limitsconfigreader
