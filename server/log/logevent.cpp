#include "log/logevent.h"

namespace palaver::server {

namespace {
thread_local const LogFields* tCurrentFields = nullptr;
} // namespace

LogEvent::LogEvent(const QLoggingCategory& category, QtMsgType level, QString text)
    : m_category(category)
    , m_level(level)
    , m_enabled(category.isEnabled(level))
    , m_text(std::move(text))
{ }

LogEvent& LogEvent::field(const char* name, const QString& value)
{
    if (m_enabled)
        m_fields.append({ QString::fromLatin1(name), value });
    return *this;
}

LogEvent& LogEvent::field(const char* name, qint64 value)
{
    return field(name, QString::number(value));
}

const LogFields* LogEvent::currentFields()
{
    return tCurrentFields;
}

LogEvent::~LogEvent()
{
    if (!m_enabled)
        return;
    tCurrentFields = &m_fields;
    const QMessageLogger logger(nullptr, 0, nullptr, m_category.categoryName());
    const QByteArray text = m_text.toUtf8();
    switch (m_level) {
    case QtDebugMsg:
        logger.debug("%s", text.constData());
        break;
    case QtInfoMsg:
        logger.info("%s", text.constData());
        break;
    case QtWarningMsg:
        logger.warning("%s", text.constData());
        break;
    case QtCriticalMsg:
    case QtFatalMsg: // an event never aborts the server
        logger.critical("%s", text.constData());
        break;
    }
    tCurrentFields = nullptr;
}

} // namespace palaver::server
