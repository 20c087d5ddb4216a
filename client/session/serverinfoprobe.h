#pragma once

#include "net/certificateproblem.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace palaver::client {

class TlsTrust;

/// Asks a server what it is before anyone signs in (`GET /v1/info`): its name, version and
/// whether open registration is on, so the sign-in page can offer "Create an account". A newer
/// check cancels the one running; any failure reads as "no registration". Like Connection it
/// tries `https` before `http` for an address without a scheme (only when the server speaks
/// plain), trusts what TlsTrust trusts and reports a refused certificate.
class ServerInfoProbe : public QObject
{
    Q_OBJECT

public:
    explicit ServerInfoProbe(QObject* parent = nullptr);

    /// The `/v1/info` URL for what a person typed as the server (`host:port`, `ws://…/v1/ws`,
    /// `https://…`): ws → http, wss → https, the WebSocket path's last part → info.
    static std::optional<QUrl> infoUrl(const QString& serverUrl);
    /// The same for a WebSocket URL.
    static QUrl infoUrl(QUrl webSocketUrl);

    /// Starts a check of `serverUrl` (an unusable address fails at once).
    void check(const QString& serverUrl);
    /// Starts a check of the server at these WebSocket URLs, tried in turn (connectCandidates()).
    void check(const QList<QUrl>& candidates);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// Which certificates to accept (not owned; null: the system's CAs only).
    void setTlsTrust(const TlsTrust* trust) { m_trust = trust; }

Q_SIGNALS:
    /// The answer to the latest check: `answered` false when the server could not be asked or
    /// did not answer like a Palaver server (then `registrationOpen` is false too).
    void finished(bool answered, bool registrationOpen);
    /// A Palaver server answered at this WebSocket URL's scheme and address (before finished()).
    void reached(const QUrl& webSocketUrl);
    /// The server's certificate is not trusted (then finished(false, false)).
    void certificateRejected(const palaver::client::CertificateProblem& problem);

private:
    void ask();
    void onFinished(QNetworkReply* reply);
    void cancel();

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    QList<QUrl> m_candidates;
    qsizetype m_candidate = 0;
    CertificateProblem m_certificateProblem;
    const TlsTrust* m_trust = nullptr;
    int m_timeoutMs = 5000;
};

} // namespace palaver::client
