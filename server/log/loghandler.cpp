#include "log/loghandler.h"

#include "log/logevent.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutex>

#include <cstdio>

namespace palaver::server {

namespace {

LogFormat gFormat = LogFormat::Plain;
QMutex gWriteMutex;

void writeLogLine(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    LogRecord record;
    record.level = type;
    record.category = QString::fromLatin1(context.category ? context.category : "default");
    record.message = message;
    record.time = QDateTime::currentDateTimeUtc();
    if (const LogFields* fields = LogEvent::currentFields())
        record.fields = *fields;
    const QByteArray line = formatLogLine(record, gFormat);
    // One write per line under a lock: lines of several threads never interleave.
    QMutexLocker lock(&gWriteMutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogHandler(LogFormat format, const QString& rules)
{
    gFormat = format;
    qInstallMessageHandler(writeLogLine);
    if (!rules.trimmed().isEmpty()) {
        QString lines = rules;
        QLoggingCategory::setFilterRules(lines.replace(u';', u'\n'));
    }
}

} // namespace palaver::server
