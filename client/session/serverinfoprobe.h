#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace palaver::client {

/// Asks a server what it is before anyone signs in (`GET /v1/info`): its name, version and
/// whether open registration is on, so the sign-in page can offer "Create an account". A newer
/// check cancels the one running; any failure reads as "no registration".
class ServerInfoProbe : public QObject
{
    Q_OBJECT

public:
    explicit ServerInfoProbe(QObject* parent = nullptr);

    /// The `/v1/info` URL for what a person typed as the server (`host:port`, `ws://…/v1/ws`,
    /// `https://…`): ws → http, wss → https, the WebSocket path's last part → info.
    static std::optional<QUrl> infoUrl(const QString& serverUrl);

    /// Starts a check of `serverUrl` (an unusable address fails at once).
    void check(const QString& serverUrl);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

Q_SIGNALS:
    /// The answer to the latest check: `answered` false when the server could not be asked or
    /// did not answer like a Palaver server (then `registrationOpen` is false too).
    void finished(bool answered, bool registrationOpen);

private:
    void onFinished(QNetworkReply* reply);

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    int m_timeoutMs = 5000;
};

} // namespace palaver::client
