#include "probe.h"

#include "abusecheck.h"
#include "protocol/codec.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <chrono>

namespace palaver::abuse {

using namespace Qt::Literals::StringLiterals;
using namespace palaver::protocol;

/// The probe's connection, living in the probe's thread.
class ProbeWorker : public QObject
{
public:
    ProbeWorker(QUrl url, QString name, QString password)
        : m_url(std::move(url))
        , m_name(std::move(name))
        , m_password(std::move(password))
    { }

    void begin()
    {
        m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        m_next = new QTimer(this);
        m_next->setSingleShot(true);
        connect(m_next, &QTimer::timeout, this, &ProbeWorker::sendNext);
        connect(m_socket, &QWebSocket::connected, this, [this] {
            m_socket->sendTextMessage(
                QString::fromUtf8(encode(ClientMessage(Login { u"login"_s, m_name, m_password }))));
        });
        connect(m_socket, &QWebSocket::textMessageReceived, this, &ProbeWorker::onText);
        connect(m_socket, &QWebSocket::disconnected, this, [this] {
            QMutexLocker lock(&mutex);
            stats.connected = false;
        });
        QNetworkRequest request(m_url);
        request.setRawHeader("Sec-WebSocket-Protocol", "palaver.v1");
        m_socket->open(request);
    }

    void onText(const QString& text)
    {
        const Decoded<ServerMessage> decoded = decodeServerMessage(text.toUtf8());
        if (!decoded.ok())
            return;
        const ServerMessage& message = *decoded.message;
        if (const auto* welcome = std::get_if<Welcome>(&message);
            welcome && welcome->id == "login"_L1) {
            QMutexLocker lock(&mutex);
            stats.connected = true;
            signedIn = true;
            lock.unlock();
            sendNext();
            return;
        }
        const bool pong = std::holds_alternative<Pong>(message);
        const bool list = std::holds_alternative<ConversationsReply>(message);
        const auto* error = std::get_if<Error>(&message);
        if (!(pong || list || error) || m_inFlight.isEmpty())
            return;
        QMutexLocker lock(&mutex);
        const qint64 took = m_clock.elapsed();
        if (m_inFlightIsPing)
            stats.slowestPingMs = qMax(stats.slowestPingMs, took);
        else
            stats.slowestListMs = qMax(stats.slowestListMs, took);
        ++stats.answered;
        m_inFlight.clear();
        inFlightSince.store(-1);
        lock.unlock();
        m_next->start(50);
    }

    void sendNext()
    {
        m_inFlightIsPing = !m_inFlightIsPing;
        m_inFlight = u"probe-%1"_s.arg(++m_count);
        const ClientMessage request = m_inFlightIsPing
            ? ClientMessage(Ping { m_inFlight })
            : ClientMessage(ConversationsList { m_inFlight });
        m_clock.start();
        inFlightSince.store(QDateTime::currentMSecsSinceEpoch());
        m_socket->sendTextMessage(QString::fromUtf8(encode(request)));
    }

    void finish()
    {
        if (m_next)
            m_next->stop();
        if (m_socket)
            m_socket->abort();
    }

    mutable QMutex mutex;
    Probe::Stats stats;
    bool signedIn = false;
    std::atomic<qint64> inFlightSince { -1 };

private:
    QUrl m_url;
    QString m_name;
    QString m_password;
    QWebSocket* m_socket = nullptr;
    QTimer* m_next = nullptr;
    QString m_inFlight;
    bool m_inFlightIsPing = false;
    QElapsedTimer m_clock;
    int m_count = 0;
};

Probe::Probe(QUrl url, QString name, QString password)
    : m_worker(new ProbeWorker(std::move(url), std::move(name), std::move(password)))
{
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

Probe::~Probe()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->finish(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool Probe::start(int timeoutMs)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->begin(); });
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        {
            QMutexLocker lock(&m_worker->mutex);
            if (m_worker->signedIn)
                return true;
        }
        QTest::qWait(10);
    }
    return false;
}

void Probe::reset()
{
    QMutexLocker lock(&m_worker->mutex);
    const bool connected = m_worker->stats.connected;
    m_worker->stats = Stats {};
    m_worker->stats.connected = connected;
}

Probe::Stats Probe::stats() const
{
    QMutexLocker lock(&m_worker->mutex);
    Stats result = m_worker->stats;
    // A request that is still waiting counts: a server that never answers is the worst case.
    if (const qint64 since = m_worker->inFlightSince.load(); since >= 0) {
        const qint64 age = QDateTime::currentMSecsSinceEpoch() - since;
        result.slowestListMs = qMax(result.slowestListMs, age);
    }
    return result;
}

qint64 Probe::slowestMs() const
{
    const Stats s = stats();
    return qMax(s.slowestPingMs, s.slowestListMs);
}

PeakResident::PeakResident(qint64 pid)
    : m_pid(pid)
    , m_baseline(residentKiB(pid))
    , m_peak(m_baseline)
{
    m_thread = std::thread([this] {
        while (!m_stop.load()) {
            const qint64 now = residentKiB(m_pid);
            qint64 peak = m_peak.load();
            while (now > peak && !m_peak.compare_exchange_weak(peak, now)) { }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
}

PeakResident::~PeakResident()
{
    m_stop.store(true);
    m_thread.join();
}

} // namespace palaver::abuse
