#pragma once

#include "net/connection.h"
#include "net/tlstrust.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>

namespace palaver::client {

/// What palaver-cli was asked to do.
struct CliOptions
{
    /// The URLs to try in turn (connectCandidates(): wss then ws for an address without scheme).
    QList<QUrl> servers;
    QString username;
    QString password;
    QString title;
    QStringList messages;
    bool printFinal = false;
    int timeoutSeconds = 120;
    /// Extra CA certificates (PEM), for a server with a private CA.
    QString caFile;
    /// Accept the server certificate with this SHA-256 (empty: none but the CAs').
    QByteArray trustFingerprint;
};

/// palaver-cli's conversation: signs in, creates a conversation, sends each message in turn and
/// prints each reply as it streams. Emits finished() with the process exit code.
class CliRunner : public QObject
{
    Q_OBJECT

public:
    enum ExitCode {
        Success = 0,
        Usage = 1,
        Unreachable = 2,
        SignInFailed = 3,
        Refused = 4,
        ReplyFailed = 5,
        TimedOut = 6,
        /// The server's certificate is not trusted (its details are on stderr).
        Untrusted = 7,
    };

    explicit CliRunner(CliOptions options, QObject* parent = nullptr);

    /// The TLS trust the connection uses (the CA file and the fingerprint are added by start()).
    TlsTrust& trust() { return m_trust; }

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onMessage(const protocol::ServerMessage& message);
    void onSocketOpened(const QUrl& url, bool fellBack);
    void onConnectionError(const QString& text);
    void printAnnouncement(const protocol::Announcement& announcement) const;
    void onGenerationEnd(const protocol::GenerationEnd& end);
    void sendNext();
    void fail(ExitCode code, const QString& text);
    void succeed();
    void out(const QString& text);

    CliOptions m_options;
    TlsTrust m_trust;
    Connection m_connection;
    QTimer m_timeout;
    QString m_createId;
    QString m_convId;
    QString m_sendId;
    QString m_genId;
    qint64 m_lastDeltaSeq = 0;
    int m_next = 0;
    bool m_awaitingReply = false;
    bool m_done = false;
    /// Nothing printed yet, or the last thing printed ended a line.
    bool m_atLineStart = true;
};

} // namespace palaver::client
