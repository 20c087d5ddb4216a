#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace palaver::server {

/// How the server writes its log lines to standard error.
enum class LogFormat {
    /// `2026-12-05T09:00:00.123Z info  palaver.auth: text` — for a terminal or a file.
    Plain,
    /// `<6>palaver.auth: text` — systemd's journal adds the time and reads the priority prefix.
    Journald,
    /// One JSON object per line with time, level, category, message and the event's fields.
    Json,
};

/// A named value of a log event (an address, a user name, a close code).
using LogFields = QList<QPair<QString, QString>>;

/// One event as the log handler received it.
struct LogRecord
{
    QtMsgType level = QtInfoMsg;
    QString category;
    QString message;
    QDateTime time;
    LogFields fields;
};

/// The record as one line (ending in '\n'): line breaks and other control characters in the
/// message are escaped, so no text from a client can forge a second line.
QByteArray formatLogLine(const LogRecord& record, LogFormat format);

/// "auto" (or empty), "plain", "journald" or "json"; nothing for anything else. "auto" is
/// journald when `underJournal`, plain otherwise.
std::optional<LogFormat> logFormatFromName(const QString& name, bool underJournal);

/// True when standard error is connected to systemd's journal (JOURNAL_STREAM names its
/// device and inode), so "auto" writes priority prefixes instead of times.
bool stderrIsJournal();

} // namespace palaver::server
