#include "log/logformat.h"

#include <QJsonDocument>
#include <QJsonObject>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

QString levelName(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg:
        return u"debug"_s;
    case QtInfoMsg:
        return u"info"_s;
    case QtWarningMsg:
        return u"warning"_s;
    case QtCriticalMsg:
        return u"error"_s;
    case QtFatalMsg:
        return u"fatal"_s;
    }
    return u"info"_s;
}

/// syslog priorities, as journald reads them from a "<N>" prefix.
int journalPriority(QtMsgType level)
{
    switch (level) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 6;
}

/// Control characters as \n, \t or \xNN: one event stays one line.
QString escapeControls(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0');
        else
            out += c;
    }
    return out;
}

} // namespace

QByteArray formatLogLine(const LogRecord& record, LogFormat format)
{
    switch (format) {
    case LogFormat::Json: {
        QJsonObject object;
        object.insert("time"_L1, record.time.toUTC().toString(Qt::ISODateWithMs));
        object.insert("level"_L1, levelName(record.level));
        object.insert("category"_L1, record.category);
        object.insert("message"_L1, record.message);
        for (const auto& [name, value] : record.fields) {
            // A field never overwrites the envelope.
            if (!object.contains(name))
                object.insert(name, value);
        }
        // Compact JSON escapes control characters itself.
        return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    }
    case LogFormat::Journald:
        return (u"<%1>%2: %3\n"_s.arg(journalPriority(record.level))
                    .arg(record.category, escapeControls(record.message)))
            .toUtf8();
    case LogFormat::Plain:
        break;
    }
    return (u"%1 %2 %3: %4\n"_s.arg(record.time.toUTC().toString(Qt::ISODateWithMs),
                levelName(record.level).leftJustified(7), record.category,
                escapeControls(record.message)))
        .toUtf8();
}

std::optional<LogFormat> logFormatFromName(const QString& name, bool underJournal)
{
    if (name.isEmpty() || name == "auto"_L1)
        return underJournal ? LogFormat::Journald : LogFormat::Plain;
    if (name == "plain"_L1)
        return LogFormat::Plain;
    if (name == "journald"_L1)
        return LogFormat::Journald;
    if (name == "json"_L1)
        return LogFormat::Json;
    return std::nullopt;
}

bool stderrIsJournal()
{
#ifndef Q_OS_UNIX
    return false;
#else
    // systemd sets JOURNAL_STREAM=DEVICE:INODE for the stream it connected; a child whose
    // stderr was redirected elsewhere inherits the variable, so compare.
    const QByteArray stream = qgetenv("JOURNAL_STREAM");
    const qsizetype colon = stream.indexOf(':');
    if (colon <= 0)
        return false;
    struct stat info
    {
    };
    if (fstat(2, &info) != 0)
        return false;
    bool deviceOk = false;
    bool inodeOk = false;
    const qulonglong device = stream.left(colon).toULongLong(&deviceOk);
    const qulonglong inode = stream.mid(colon + 1).toULongLong(&inodeOk);
    return deviceOk && inodeOk && device == qulonglong(info.st_dev)
        && inode == qulonglong(info.st_ino);
#endif
}

} // namespace palaver::server
