#include "app/operatorconfigreader.h"

#include "app/commandline.h"
#include "log/logformat.h"

#include <QSettings>

namespace palaver::server::operatorconfigreader {

using namespace Qt::Literals::StringLiterals;

bool read(QSettings& file, LogConfig* log, MetricsConfig* metrics, QString* error)
{
    file.beginGroup(u"log"_s);
    log->format = file.value(u"format"_s, log->format).toString();
    // A list value (rules with commas) comes back as a QStringList.
    const QVariant rules = file.value(u"rules"_s);
    if (rules.isValid()) {
        log->rules = rules.typeId() == QMetaType::QStringList ? rules.toStringList().join(u',')
                                                              : rules.toString();
    }
    file.endGroup();
    if (!logFormatFromName(log->format, false)) {
        *error = u"[log] format must be auto, plain, journald or json"_s;
        return false;
    }
    file.beginGroup(u"metrics"_s);
    metrics->enabled = file.value(u"enabled"_s, metrics->enabled).toBool();
    metrics->token = file.value(u"token"_s, metrics->token).toString();
    const QString listen = file.value(u"listen"_s).toString();
    file.endGroup();
    if (!listen.isEmpty() && !parseHostPort(listen, &metrics->address, &metrics->port)) {
        *error = u"[metrics] listen must be host:port, e.g. 127.0.0.1:9465"_s;
        return false;
    }
    return true;
}

} // namespace palaver::server::operatorconfigreader
