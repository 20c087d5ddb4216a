#include "chat/outbox.h"

#include "net/connection.h"
#include "store/localstore.h"

#include <QUuid>

#include <algorithm>

namespace palaver::client {

using State = OutboxEntry::State;

namespace {
/// How long a rate-limited message waits at most, whatever the server says; and when it says
/// nothing.
constexpr qint64 kMaxRetryMs = 60'000;
constexpr qint64 kDefaultRetryMs = 1'000;
} // namespace

Outbox::Outbox(Connection* connection, QObject* parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_resume.setSingleShot(true);
    m_resume.setTimerType(Qt::PreciseTimer); // a coarse one may add 5 %: over the 60 s bound
    connect(&m_resume, &QTimer::timeout, this, &Outbox::flush);
}

void Outbox::setStore(LocalStore* store)
{
    m_store = store;
    m_requests.clear();
    // Another account: the previous server's wait is not this one's.
    m_resume.stop();
    m_oneAtATime = false;
    m_entries = store ? store->outbox() : QList<OutboxEntry>();
}

QList<OutboxEntry> Outbox::entries(const QString& convId) const
{
    QList<OutboxEntry> result;
    for (const auto& e : m_entries) {
        if (e.convId == convId)
            result.append(e);
    }
    return result;
}

std::optional<OutboxEntry> Outbox::entry(const QString& clientMsgId) const
{
    const int i = indexOf(clientMsgId);
    return i < 0 ? std::nullopt : std::optional(m_entries.at(i));
}

int Outbox::indexOf(const QString& clientMsgId) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).clientMsgId == clientMsgId)
            return i;
    }
    return -1;
}

OutboxEntry Outbox::add(const QString& convId, const QString& text, bool assistant)
{
    OutboxEntry e;
    e.clientMsgId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.convId = convId;
    e.text = text;
    e.assistant = assistant;
    e.state = isStreaming(convId) ? State::Queued : State::Pending;
    e.createdAt = QDateTime::currentDateTimeUtc();
    e.order = m_entries.isEmpty() ? 1 : m_entries.constLast().order + 1;
    // Written before it is sent: a crash after the send must not lose the clientMsgId.
    if (m_store && !m_store->addOutbox(e))
        Q_EMIT errorOccurred(
            tr("The message is not saved on this computer: %1").arg(m_store->errorText()));
    m_entries.append(e);
    Q_EMIT entryChanged(e);
    flush();
    return entry(e.clientMsgId).value_or(e);
}

bool Outbox::edit(const QString& clientMsgId, const QString& text)
{
    const int i = indexOf(clientMsgId);
    if (i < 0 || m_entries.at(i).state == State::Sending || text.trimmed().isEmpty())
        return false;
    m_entries[i].text = text;
    persist(m_entries.at(i));
    Q_EMIT entryChanged(m_entries.at(i));
    return true;
}

bool Outbox::remove(const QString& clientMsgId)
{
    const int i = indexOf(clientMsgId);
    if (i < 0 || m_entries.at(i).state == State::Sending)
        return false;
    if (m_store && !m_store->removeOutbox(clientMsgId))
        Q_EMIT errorOccurred(tr("Could not remove the message: %1").arg(m_store->errorText()));
    m_entries.removeAt(i);
    Q_EMIT entryRemoved(clientMsgId);
    return true;
}

bool Outbox::retry(const QString& clientMsgId)
{
    const int i = indexOf(clientMsgId);
    if (i < 0 || m_entries.at(i).state != State::Failed)
        return false;
    update(i, State::Pending);
    flush();
    return true;
}

bool Outbox::sendNow(const QString& clientMsgId)
{
    const int i = indexOf(clientMsgId);
    if (i < 0)
        return false;
    const State state = m_entries.at(i).state;
    if (state == State::Sending)
        return true; // already gone
    if (state != State::Queued && state != State::Pending)
        return false;
    update(i, State::Pending);
    flush();
    return true;
}

void Outbox::setStreaming(const QString& convId, const QString& genId, bool streaming)
{
    if (streaming) {
        m_streaming[convId].insert(genId);
        return;
    }
    auto it = m_streaming.find(convId);
    if (it == m_streaming.end() || !it->remove(genId) || !it->isEmpty())
        return;
    m_streaming.erase(it);
    release(convId);
}

void Outbox::resetStreaming(const QString& convId, const QSet<QString>& genIds)
{
    const bool wasHeld = m_held.remove(convId);
    if (!genIds.isEmpty()) {
        m_streaming.insert(convId, genIds);
        if (!wasHeld)
            return;
        // Typed while we could not know a reply streams: they wait for it like any other.
        for (int i = 0; i < m_entries.size(); ++i) {
            if (m_entries.at(i).convId == convId && m_entries.at(i).state == State::Pending)
                update(i, State::Queued);
        }
        return;
    }
    m_streaming.remove(convId);
    release(convId);
    if (wasHeld)
        flush(); // what was typed while away goes now
}

void Outbox::release(const QString& convId)
{
    bool released = false;
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).convId == convId && m_entries.at(i).state == State::Queued) {
            update(i, State::Pending);
            released = true;
        }
    }
    if (released)
        flush();
}

QStringList Outbox::holdForSync()
{
    m_held.clear();
    QStringList held;
    for (const auto& e : std::as_const(m_entries)) {
        if ((e.state == State::Pending || e.state == State::Queued) && !held.contains(e.convId))
            held.append(e.convId);
    }
    m_held = QSet<QString>(held.cbegin(), held.cend());
    return held;
}

void Outbox::unhold(const QString& convId)
{
    if (m_held.remove(convId))
        flush();
}

void Outbox::flush()
{
    if (!m_connection || !m_connection->isOnline() || m_resume.isActive())
        return;
    if (m_oneAtATime) {
        const bool busy = std::any_of(m_entries.cbegin(), m_entries.cend(),
            [](const OutboxEntry& e) { return e.state == State::Sending; });
        const bool waiting = std::any_of(m_entries.cbegin(), m_entries.cend(),
            [](const OutboxEntry& e) { return e.state == State::Pending; });
        if (!busy && !waiting)
            m_oneAtATime = false; // the burst is through: back to sending all at once
        else if (busy)
            return; // the next one goes after this one's ack
    }
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).state != State::Pending || m_held.contains(m_entries.at(i).convId))
            continue;
        const OutboxEntry& e = m_entries.at(i);
        const QString id = m_connection->send(
            protocol::MessageSend { {}, e.convId, e.clientMsgId, e.text, e.assistant });
        if (id.isEmpty())
            return; // the socket went away: the next connection sends the rest, in order
        m_requests.insert(id, e.clientMsgId);
        update(i, State::Sending);
        if (m_oneAtATime)
            return;
    }
}

void Outbox::connectionLost()
{
    m_requests.clear();
    m_held.clear(); // the next connection holds them again
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).state == State::Sending)
            update(i, State::Pending);
    }
}

bool Outbox::handleAck(const protocol::Ack& ack)
{
    m_requests.remove(ack.id);
    const int i = indexOf(ack.clientMsgId);
    if (i < 0)
        return false; // a repeated ack: the message left already
    if (m_store && !m_store->removeOutbox(ack.clientMsgId))
        Q_EMIT errorOccurred(m_store->errorText());
    m_entries.removeAt(i);
    Q_EMIT acknowledged(ack.clientMsgId, ack.msgId, ack.seq);
    if (m_oneAtATime)
        flush(); // the next one
    return true;
}

bool Outbox::handleError(const protocol::Error& error)
{
    const QString clientMsgId = m_requests.take(error.id);
    const int i = clientMsgId.isEmpty() ? -1 : indexOf(clientMsgId);
    if (i < 0)
        return false;
    if (error.code == protocol::ErrorCode::RateLimited) {
        // Not a failure: it goes again, unchanged, once the server's wait has passed; the ones
        // after it wait behind it.
        const qint64 wait
            = std::clamp(error.retryAfterMs.value_or(kDefaultRetryMs), qint64(0), kMaxRetryMs);
        m_oneAtATime = true;
        if (!m_resume.isActive() || m_resume.remainingTime() < wait)
            m_resume.start(int(wait));
        update(i, State::Pending);
        return true;
    }
    update(i, State::Failed, error.message);
    if (m_oneAtATime)
        flush(); // the next one does not wait for this one any more
    return true;
}

void Outbox::update(int index, State state, const QString& error)
{
    OutboxEntry& e = m_entries[index];
    e.state = state;
    e.error = error;
    persist(e);
    Q_EMIT entryChanged(e);
}

void Outbox::persist(const OutboxEntry& entry)
{
    if (m_store && !m_store->updateOutbox(entry))
        Q_EMIT errorOccurred(
            tr("The message is not saved on this computer: %1").arg(m_store->errorText()));
}

} // namespace palaver::client
