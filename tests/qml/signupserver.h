#pragma once

#include <QObject>
#include <QTcpServer>
#include <QWebSocketServer>
#include <QtQml/qqmlregistration.h>

class QTcpSocket;

namespace palaver::ui::test {

/// A stand-in Palaver server for the sign-in page: answers `GET /v1/info` (saying whether
/// registration is open) and takes the WebSocket to record whether the client sent `register`
/// or `login`. It answers neither; the page only has to ask the right one.
class SignUpServer : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    /// What /v1/info says.
    Q_PROPERTY(bool registrationOpen MEMBER m_registrationOpen NOTIFY registrationOpenChanged)
    /// The address to type into the Server field (ws://127.0.0.1:PORT/v1/ws).
    Q_PROPERTY(QString url READ url CONSTANT)
    /// How many times /v1/info was asked.
    Q_PROPERTY(int infoRequests READ infoRequests NOTIFY infoRequestsChanged)
    /// The type of the first frame of the latest WebSocket ("register" or "login"); "" before.
    Q_PROPERTY(QString firstFrameType READ firstFrameType NOTIFY firstFrameTypeChanged)
    /// That frame's username.
    Q_PROPERTY(QString firstFrameUser READ firstFrameUser NOTIFY firstFrameTypeChanged)

public:
    explicit SignUpServer(QObject* parent = nullptr);

    QString url() const;
    int infoRequests() const { return m_infoRequests; }
    QString firstFrameType() const { return m_firstFrameType; }
    QString firstFrameUser() const { return m_firstFrameUser; }

    Q_INVOKABLE void reset();

Q_SIGNALS:
    void registrationOpenChanged();
    void infoRequestsChanged();
    void firstFrameTypeChanged();

private:
    void onReadyRead(QTcpSocket* socket);
    void onFrame(const QString& frame);

    QTcpServer m_tcp;
    QWebSocketServer m_ws;
    bool m_registrationOpen = false;
    int m_infoRequests = 0;
    QString m_firstFrameType;
    QString m_firstFrameUser;
};

} // namespace palaver::ui::test
