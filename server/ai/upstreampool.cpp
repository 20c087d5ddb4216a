#include "upstreampool.h"

#include "protocol/qtcompat.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>

#if PALAVER_QT_HAS_HTTP1_CONFIGURATION
#include <QHttp1Configuration>
#endif

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace palaver::server {

namespace {

constexpr int maxManagers = 4;
constexpr int maxQtConnectionsPerHost = 255; // QHttp1Configuration's range

/// What Qt tells connections to a host apart by (but the peer verify name).
[[maybe_unused]] QString hostKey(const QUrl& url)
{
    return url.scheme() + u"://"_s + url.host() + u':' + QString::number(url.port(80));
}

} // namespace

int UpstreamPool::defaultManagerCount()
{
    return std::clamp(QThread::idealThreadCount(), 1, maxManagers);
}

UpstreamPool& UpstreamPool::forCurrentThread()
{
    thread_local QPointer<UpstreamPool> pool;
    if (pool)
        return *pool;
    auto* made = new UpstreamPool(defaultManagerCount());
    QThread* thread = QThread::currentThread();
    if (QCoreApplication* app = QCoreApplication::instance(); app && app->thread() == thread) {
        made->setParent(app);
    } else {
        // Emitted in the finishing thread itself, where the managers live.
        connect(
            thread, &QThread::finished, made, [made] { delete made; }, Qt::DirectConnection);
    }
    pool = made;
    return *made;
}

UpstreamPool::UpstreamPool(int managers, QObject* parent)
    : QObject(parent)
{
    m_managers.resize(std::size_t(std::max(1, managers)));
    for (Manager& manager : m_managers)
        manager.network = std::make_unique<QNetworkAccessManager>();
}

UpstreamPool::~UpstreamPool()
{
    // Deleting a manager deletes its replies, whose ends are not counted any more.
    m_closing = true;
    for (Manager& manager : m_managers)
        manager.network.reset();
}

void UpstreamPool::setMaxReplies(int maxReplies)
{
    const int perManager = (std::max(1, maxReplies) + managerCount() - 1) / managerCount();
    m_connectionsPerHost = std::clamp(perManager, qtConnectionsPerHost, maxQtConnectionsPerHost);
}

int UpstreamPool::running() const
{
    int sum = 0;
    for (const Manager& manager : m_managers)
        sum += manager.running;
    return sum;
}

int UpstreamPool::takeLane(Manager& manager, const QUrl& url)
{
#if PALAVER_QT_HAS_HTTP1_CONFIGURATION
    Q_UNUSED(manager)
    Q_UNUSED(url)
    return -1;
#else
    if (url.scheme() != "http"_L1)
        return -1;
    QList<int>& lanes = manager.lanes[hostKey(url)];
    // The first lane with a free connection; the lanes of ended replies are used again.
    auto free = std::find_if(
        lanes.begin(), lanes.end(), [](int load) { return load < qtConnectionsPerHost; });
    if (free == lanes.end()) {
        lanes.append(0);
        free = lanes.end() - 1;
    }
    ++*free;
    return int(free - lanes.begin());
#endif
}

QNetworkReply* UpstreamPool::post(QNetworkRequest request, const QByteArray& body)
{
    const auto least = std::min_element(m_managers.begin(), m_managers.end(),
        [](const Manager& a, const Manager& b) { return a.running < b.running; });
    const std::size_t index = std::size_t(least - m_managers.begin());
    Manager& manager = *least;
    const QUrl url = request.url();
    const int lane = takeLane(manager, url);
    // Lane 0 keeps Qt's own key, so an idle connection made before is used again.
    if (lane > 0)
        request.setPeerVerifyName(u"palaver-lane-%1"_s.arg(lane));
#if PALAVER_QT_HAS_HTTP1_CONFIGURATION
    QHttp1Configuration http1;
    http1.setNumberOfConnectionsPerHost(m_connectionsPerHost);
    request.setHttp1Configuration(http1);
#endif
    ++manager.running;
    QNetworkReply* reply = manager.network->post(request, body);
    // Counted once, at whichever comes first: abort() emits finished, a reply deleted while it
    // runs may not.
    auto counted = std::make_shared<bool>(false);
    const QString key = lane >= 0 ? hostKey(url) : QString();
    const auto done = [this, index, key, lane, counted] {
        if (*counted || m_closing)
            return;
        *counted = true;
        release(index, key, lane);
    };
    connect(reply, &QNetworkReply::finished, this, done);
    connect(reply, &QObject::destroyed, this, done);
    return reply;
}

void UpstreamPool::release(std::size_t index, const QString& hostKey, int lane)
{
    Manager& manager = m_managers[index];
    --manager.running;
    if (lane < 0)
        return;
    const auto lanes = manager.lanes.find(hostKey);
    if (lanes == manager.lanes.end() || lane >= lanes->size())
        return;
    --(*lanes)[lane];
    // Empty lanes at the end go; one in the middle stays for the next reply.
    while (!lanes->isEmpty() && lanes->constLast() == 0)
        lanes->removeLast();
    if (lanes->isEmpty())
        manager.lanes.erase(lanes);
}

} // namespace palaver::server
