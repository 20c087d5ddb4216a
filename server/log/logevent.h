#pragma once

#include "log/logformat.h"

#include <QLoggingCategory>

namespace palaver::server {

/// One log event with named fields, written when it goes out of scope:
///
///     LogEvent(lcAuth(), QtWarningMsg, u"failed sign-in from %1 as \"%2\""_s.arg(...))
///         .field("peer", address).field("name", name);
///
/// The text is what a person reads (plain and journald lines); JSON lines carry the fields as
/// well, so a log pipeline need not parse the text. Costs nothing when the category is off.
class LogEvent
{
public:
    LogEvent(const QLoggingCategory& category, QtMsgType level, QString text);
    ~LogEvent();
    LogEvent(const LogEvent&) = delete;
    LogEvent& operator=(const LogEvent&) = delete;

    LogEvent& field(const char* name, const QString& value);
    LogEvent& field(const char* name, qint64 value);

    /// The fields of the event being written on this thread, for the log handler (null
    /// outside a LogEvent).
    static const LogFields* currentFields();

private:
    const QLoggingCategory& m_category;
    QtMsgType m_level;
    bool m_enabled;
    QString m_text;
    LogFields m_fields;
};

} // namespace palaver::server
