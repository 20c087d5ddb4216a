#include "scriptedclient.h"

#include "faultproxy.h"

using namespace palaver::client;
using namespace Qt::Literals::StringLiterals;

namespace {
// Short intervals, so faults are noticed and repaired within the suite's minute.
constexpr int kBackoffInitialMs = 100;
constexpr int kBackoffCapMs = 1000;
constexpr int kWatchdogIdleMs = 600;
constexpr int kWatchdogAnswerMs = 600;
// How long a device stays offline while its last messages are typed.
constexpr int kOutageMs = 1500;
constexpr qsizetype kOfflineMessages = 2;
} // namespace

ScriptedClient::ScriptedClient(const QString& name, const QString& user, const QString& password,
    FaultProxy* proxy, const QStringList& script, QObject* parent)
    : QObject(parent)
    , m_name(name)
    , m_user(user)
    , m_password(password)
    , m_proxy(proxy)
    , m_script(script)
    , m_session(std::make_unique<ClientSession>(m_dir.filePath(u"palaver.ini"_s)))
{
    Connection& connection = *m_session->connection();
    connection.backoff().setInitialMs(kBackoffInitialMs);
    connection.backoff().setCapMs(kBackoffCapMs);
    connection.watchdog().setIntervals(kWatchdogIdleMs, kWatchdogAnswerMs);
    m_outage.setSingleShot(true);
    m_outage.setInterval(kOutageMs);
    connect(&m_outage, &QTimer::timeout, this, [this] {
        m_proxy->setOffline(false);
        m_outageRunning = false;
    });
}

ScriptedClient::~ScriptedClient() = default;

void ScriptedClient::signIn()
{
    m_session->signIn(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_proxy->port()), m_user, m_password);
}

bool ScriptedClient::isOnline() const
{
    return m_session->connectionState() == ClientSession::Online;
}

void ScriptedClient::open(const QString& convId)
{
    m_session->chat()->setCurrentConvId(convId);
}

int ScriptedClient::unacknowledged() const
{
    return int(m_session->chat()->outbox()->entries().size());
}

bool ScriptedClient::acknowledged(const QString& clientMsgId) const
{
    return !m_session->chat()->outbox()->entry(clientMsgId).has_value();
}

bool ScriptedClient::replyShownAfter(const QString& clientMsgId) const
{
    MessageListModel& model = *m_session->chat()->messages();
    const int row = model.rowOfClientMsgId(clientMsgId);
    if (row < 0)
        return false;
    for (int r = row + 1; r < model.rowCount(); ++r) {
        if (model.index(r).data(MessageListModel::IsAssistantRole).toBool())
            return true;
    }
    return false;
}

void ScriptedClient::type(const QString& text)
{
    m_session->chat()->send(text);
    // The outbox stores the entry before anything goes out: that is where its clientMsgId is.
    const auto entries = m_session->chat()->outbox()->entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->text == text) {
            m_typed.append({ it->clientMsgId, text });
            break;
        }
    }
    if (m_typed.isEmpty() || m_typed.constLast().text != text)
        qWarning("%s: typed \"%s\" but the outbox has no entry for it", qPrintable(m_name),
            qPrintable(text));
    ++m_next;
}

void ScriptedClient::step()
{
    if (m_next >= m_script.size())
        return;
    const QString text = m_script.at(m_next);
    if (m_next == 0) {
        if (isOnline())
            type(text);
    } else if (m_next == 1) {
        // While the first reply streams: the prompt queue holds it until the reply ends.
        if (replyShownAfter(m_typed.constFirst().clientMsgId))
            type(text);
    } else if (m_next < m_script.size() - kOfflineMessages) {
        // A conversation: the next message once the last one is in and no reply streams.
        // (Its reply must have started: between the ack and generation.start nothing streams.)
        if (acknowledged(m_typed.constLast().clientMsgId)
            && replyShownAfter(m_typed.constLast().clientMsgId) && !m_session->chat()->streaming())
            type(text);
    } else if (!m_outageStarted) {
        // The last ones are typed offline, once what was sent online has gone.
        if (acknowledged(m_typed.constLast().clientMsgId)) {
            m_outageStarted = true;
            m_outageRunning = true;
            m_proxy->setOffline(true);
        }
    } else if (!isOnline()) {
        type(text);
        if (m_next >= m_script.size())
            m_outage.start();
    }
}
