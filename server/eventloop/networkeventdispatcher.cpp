#include "eventloop/networkeventdispatcher.h"

#ifdef PALAVER_HAS_EPOLL_DISPATCHER
#include "eventloop/epolleventdispatcher.h"
#endif

#include <QAbstractEventDispatcher>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

QAbstractEventDispatcher* NetworkEventDispatcher::create(QString* chosen)
{
    const QString asked = qEnvironmentVariable(environmentVariable).trimmed().toLower();
    QString name = u"qt"_s;
    QAbstractEventDispatcher* dispatcher = nullptr;
    if (!asked.isEmpty() && asked != "epoll"_L1 && asked != "qt"_L1) {
        qWarning("%s=%s is neither epoll nor qt; using the default", environmentVariable,
            qPrintable(asked));
    }
#ifdef PALAVER_HAS_EPOLL_DISPATCHER
    if (asked != "qt"_L1) {
        auto* epoll = new EpollEventDispatcher;
        if (epoll->isValid()) {
            dispatcher = epoll;
            name = u"epoll"_s;
        } else {
            delete epoll;
        }
    }
#endif
    if (chosen)
        *chosen = name;
    return dispatcher;
}

} // namespace palaver::server
