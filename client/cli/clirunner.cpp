#include "cli/clirunner.h"

#include "session/serverurl.h"

#include <QUuid>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

CliRunner::CliRunner(CliOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(TimedOut,
            tr("no answer within %1 s (raise it with --timeout)").arg(m_options.timeoutSeconds));
    });
    connect(&m_connection, &Connection::welcomed, this, [this] {
        protocol::ConversationCreate create;
        if (!m_options.title.isEmpty())
            create.title = m_options.title;
        m_createId = m_connection.send(create);
    });
    connect(&m_connection, &Connection::authenticationFailed, this,
        [this](const protocol::Error& error) {
            fail(SignInFailed, tr("sign-in failed: %1").arg(error.message));
        });
    connect(&m_connection, &Connection::sessionInvalid, this,
        [this] { fail(SignInFailed, tr("the server ended the session")); });
    connect(&m_connection, &Connection::connectionError, this, &CliRunner::onConnectionError);
    connect(&m_connection, &Connection::socketOpened, this, &CliRunner::onSocketOpened);
    connect(&m_connection, &Connection::closed, this, [this](int code, const QString& reason) {
        fail(Unreachable,
            reason.isEmpty()
                ? tr("the server closed the connection (code %1)").arg(code)
                : tr("the server closed the connection: %1 (code %2)").arg(reason).arg(code));
    });
    connect(&m_connection, &Connection::messageReceived, this, &CliRunner::onMessage);
}

void CliRunner::start()
{
    if (!m_options.caFile.isEmpty()) {
        const QString error = m_trust.addCaFile(m_options.caFile);
        if (!error.isEmpty()) {
            fail(Usage, error);
            return;
        }
    }
    if (!m_options.trustFingerprint.isEmpty()) {
        for (const QUrl& url : std::as_const(m_options.servers)) {
            if (url.scheme() == u"wss"_s)
                m_trust.pin(TlsTrust::endpointOf(url), m_options.trustFingerprint);
        }
    }
    m_connection.setTlsTrust(&m_trust);
    if (m_options.timeoutSeconds > 0)
        m_timeout.start(m_options.timeoutSeconds * 1000);
    m_connection.open(m_options.servers, { m_options.username, m_options.password, {} });
}

void CliRunner::onSocketOpened(const QUrl& url, bool fellBack)
{
    const QString warning = unencryptedWarning(url);
    if (warning.isEmpty())
        return;
    if (fellBack)
        std::fprintf(stderr, "palaver-cli: %s offers no TLS: using %s\n",
            url.host().toUtf8().constData(), url.toDisplayString().toUtf8().constData());
    std::fprintf(stderr, "palaver-cli: warning: %s\n", warning.toUtf8().constData());
}

void CliRunner::onConnectionError(const QString& text)
{
    const CertificateProblem& problem = m_connection.certificateProblem();
    if (problem.isNull()) {
        fail(Unreachable, text);
        return;
    }
    const QString hint
        = tr("If you know this is the server's certificate (ask its operator for "
             "the fingerprint), run again with --trust-fingerprint %1")
              .arg(QString::fromLatin1(TlsTrust::fingerprint(problem.certificate).toHex()));
    fail(Untrusted, problem.describe() + u'\n' + hint);
}

void CliRunner::printAnnouncement(const protocol::Announcement& announcement) const
{
    const bool warning = announcement.level == protocol::AnnouncementLevel::Warning;
    QString text;
    if (announcement.expiresAt.isValid()
        && announcement.expiresAt <= QDateTime::currentDateTimeUtc())
        text = tr("announcement %1 withdrawn").arg(announcement.announcementId);
    else if (announcement.expiresAt.isValid())
        text = tr("%1 (until %2): %3")
                   .arg(warning ? tr("WARNING") : tr("announcement"),
                       announcement.expiresAt.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s),
                       announcement.text);
    else
        text = tr("%1: %2").arg(warning ? tr("WARNING") : tr("announcement"), announcement.text);
    std::fprintf(stderr, "palaver-cli: %s\n", text.toUtf8().constData());
}

void CliRunner::onMessage(const protocol::ServerMessage& message)
{
    if (const auto* announcement = std::get_if<protocol::Announcement>(&message)) {
        printAnnouncement(*announcement);
    } else if (const auto* reply = std::get_if<protocol::ConversationReply>(&message)) {
        if (reply->id == m_createId && m_convId.isEmpty()) {
            m_convId = reply->conversation.convId;
            sendNext();
        }
    } else if (const auto* error = std::get_if<protocol::Error>(&message)) {
        if (error->id == m_createId)
            fail(Refused, tr("could not create a conversation: %1").arg(error->message));
        else if (error->id == m_sendId)
            fail(Refused, tr("the message was refused: %1").arg(error->message));
    } else if (const auto* start = std::get_if<protocol::GenerationStart>(&message)) {
        if (start->convId == m_convId && m_awaitingReply && m_genId.isEmpty()) {
            m_genId = start->genId;
            m_lastDeltaSeq = 0;
        }
    } else if (const auto* delta = std::get_if<protocol::GenerationDelta>(&message)) {
        if (delta->genId == m_genId && delta->deltaSeq > m_lastDeltaSeq) {
            m_lastDeltaSeq = delta->deltaSeq;
            if (!m_options.printFinal)
                out(delta->text);
        }
    } else if (const auto* status = std::get_if<protocol::GenerationStatus>(&message)) {
        if (status->genId == m_genId && status->state == protocol::GenerationState::Retrying) {
            const QString note
                = tr("(the model is busy; retrying in %1 s)")
                      .arg(double(status->retryInMs.value_or(0)) / 1000.0, 0, 'f', 1);
            std::fprintf(stderr, "%s\n", note.toUtf8().constData());
        }
    } else if (const auto* end = std::get_if<protocol::GenerationEnd>(&message)) {
        if (end->genId == m_genId)
            onGenerationEnd(*end);
    }
}

void CliRunner::onGenerationEnd(const protocol::GenerationEnd& end)
{
    m_awaitingReply = false;
    m_genId.clear();
    if (!m_options.printFinal && !m_atLineStart)
        out(u"\n"_s);
    const bool good = end.finish == protocol::FinishReason::Stop
        || end.finish == protocol::FinishReason::Length;
    if (!good) {
        const QString why = end.error ? end.error->message : protocol::wireName(end.finish);
        fail(ReplyFailed,
            tr("the reply did not finish (%1): %2").arg(protocol::wireName(end.finish), why));
        return;
    }
    if (m_next < m_options.messages.size()) {
        sendNext();
        return;
    }
    if (m_options.printFinal) {
        out(end.message.text);
        if (!m_atLineStart)
            out(u"\n"_s);
    }
    succeed();
}

void CliRunner::sendNext()
{
    const QString text = m_options.messages.at(m_next++);
    if (!m_options.printFinal)
        out((m_next > 1 ? u"\nyou> "_s : u"you> "_s) + text
            + u"\n"_s); // a blank line between turns
    m_awaitingReply = true;
    m_sendId = m_connection.send(protocol::MessageSend {
        {}, m_convId, QUuid::createUuid().toString(QUuid::WithoutBraces), text });
    if (m_sendId.isEmpty())
        fail(Unreachable, tr("the connection dropped before the message was sent"));
}

void CliRunner::out(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    if (bytes.isEmpty())
        return;
    m_atLineStart = bytes.endsWith('\n');
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void CliRunner::fail(ExitCode code, const QString& text)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    if (!m_atLineStart)
        out(u"\n"_s); // end the half-streamed reply's line
    std::fprintf(stderr, "palaver-cli: %s\n", text.toUtf8().constData());
    m_connection.close();
    Q_EMIT finished(code);
}

void CliRunner::succeed()
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_connection.close();
    Q_EMIT finished(Success);
}

} // namespace palaver::client
