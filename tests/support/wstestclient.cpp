#include "wstestclient.h"

#include "protocol/qtcompat.h"

#include <QNetworkRequest>
#include <QSignalSpy>
#include <QWebSocketHandshakeOptions>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

WsTestClient::WsTestClient(QObject* parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
        const QByteArray frame = text.toUtf8();
        auto decoded = protocol::decodeServerMessage(frame);
        if (decoded.ok())
            m_queue.append(*decoded.message);
        else
            m_undecodable.append(frame);
    });
}

bool WsTestClient::open(const QUrl& url, const QStringList& subprotocols, int timeoutMs)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    m_socket.open(QNetworkRequest(url), options);
    return connected.wait(timeoutMs) || connected.size() > 0;
}

void WsTestClient::close()
{
    m_socket.close();
}

void WsTestClient::send(const protocol::ClientMessage& message)
{
    m_socket.sendTextMessage(QString::fromUtf8(protocol::encode(message)));
}

void WsTestClient::sendText(const QString& text)
{
    m_socket.sendTextMessage(text);
}

void WsTestClient::sendBinary(const QByteArray& data)
{
    m_socket.sendBinaryMessage(data);
}

std::optional<protocol::Conversation> WsTestClient::createConversation(const QString& title)
{
    protocol::ConversationCreate create;
    create.id = nextId(u"create"_s);
    create.title = title;
    const auto answer = request(create);
    const auto* created = answer ? std::get_if<protocol::ConversationReply>(&*answer) : nullptr;
    if (!created)
        return std::nullopt;
    return created->conversation;
}

std::optional<protocol::Conversation> WsTestClient::createRoom(
    const QString& title, const QStringList& members, const QString& model)
{
    protocol::ConversationCreate create;
    create.id = nextId(u"room"_s);
    create.kind = protocol::ConversationKind::Room;
    create.members = members;
    if (!title.isNull())
        create.title = title;
    if (!model.isEmpty())
        create.model = model;
    const auto answer = request(create);
    const auto* created = answer ? std::get_if<protocol::ConversationReply>(&*answer) : nullptr;
    if (!created)
        return std::nullopt;
    return created->conversation;
}

std::optional<protocol::Conversation> WsTestClient::createDm(const QString& username)
{
    protocol::ConversationCreate create;
    create.id = nextId(u"dm"_s);
    create.kind = protocol::ConversationKind::Dm;
    create.members = QStringList { username };
    const auto answer = request(create);
    const auto* created = answer ? std::get_if<protocol::ConversationReply>(&*answer) : nullptr;
    if (!created)
        return std::nullopt;
    return created->conversation;
}

std::optional<protocol::ServerMessage> WsTestClient::waitForAnswer(const QString& id, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            if (answerId(m_queue.at(i)) == id) {
                protocol::ServerMessage result = m_queue.at(i);
                m_queue.removeAt(i);
                return result;
            }
        }
        if (deadline.hasExpired())
            return std::nullopt;
        QTest::qWait(qMin<qint64>(10, qMax<qint64>(1, deadline.remainingTime())));
    }
}

std::optional<protocol::ServerMessage> WsTestClient::request(
    const protocol::ClientMessage& request, int timeoutMs)
{
    const QString id = protocol::requestId(request);
    Q_ASSERT(!id.isEmpty());
    send(request);
    return waitForAnswer(id, timeoutMs);
}

std::optional<protocol::Error> WsTestClient::expectError(
    const protocol::ClientMessage& request, protocol::ErrorCode code)
{
    const auto answer = this->request(request);
    if (answer) {
        const auto* error = std::get_if<protocol::Error>(&*answer);
        if (error && error->code == code)
            return *error;
    }
    warnUnexpected(request, answer);
    return std::nullopt;
}

void WsTestClient::warnUnexpected(
    const protocol::ClientMessage& request, const std::optional<protocol::ServerMessage>& got)
{
    qWarning("%s %s was answered with %s", qPrintable(protocol::typeName(request)),
        qPrintable(protocol::requestId(request)),
        got ? qPrintable(describe(*got)) : "nothing (timed out)");
}

QString WsTestClient::nextId(const QString& prefix)
{
    return u"%1-%2"_s.arg(prefix).arg(++m_nextId);
}

std::optional<protocol::ConversationsReply> WsTestClient::roundTrip()
{
    const auto answer = request(protocol::ConversationsList { nextId(u"list"_s) });
    const auto* list = answer ? std::get_if<protocol::ConversationsReply>(&*answer) : nullptr;
    if (!list)
        return std::nullopt;
    return *list;
}

std::optional<protocol::Conversation> WsTestClient::listed(const QString& convId)
{
    const auto list = roundTrip();
    if (!list)
        return std::nullopt;
    for (const protocol::Conversation& conversation : list->items) {
        if (conversation.convId == convId)
            return conversation;
    }
    return std::nullopt;
}

std::optional<protocol::Welcome> WsTestClient::login(
    const QString& username, const QString& password)
{
    const QString id = u"login-%1"_s.arg(++m_nextId);
    send(protocol::Login { id, username, password });
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (auto welcome = waitFor<protocol::Welcome>(10))
            return welcome;
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            const auto* error = std::get_if<protocol::Error>(&m_queue.at(i));
            if (error && error->id == id) {
                m_queue.removeAt(i);
                return std::nullopt;
            }
        }
    }
    return std::nullopt;
}

bool WsTestClient::waitForDisconnected(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QSignalSpy disconnected(&m_socket, &QWebSocket::disconnected);
    return disconnected.wait(timeoutMs) || disconnected.size() > 0;
}

std::unique_ptr<WsTestClient> signedIn(
    const QUrl& url, const QString& username, const QString& password, protocol::Welcome* welcome)
{
    auto client = std::make_unique<WsTestClient>();
    if (!client->open(url))
        return nullptr;
    const auto answer = client->login(username, password);
    if (!answer)
        return nullptr;
    if (welcome)
        *welcome = *answer;
    return client;
}

QString describe(const protocol::ServerMessage& message)
{
    if (const auto* error = std::get_if<protocol::Error>(&message))
        return u"error %1: %2"_s.arg(protocol::errorCodeName(error->code), error->message);
    return protocol::typeName(message);
}

QString describe(const QList<protocol::ServerMessage>& messages)
{
    QStringList described;
    for (const protocol::ServerMessage& message : messages)
        described.append(describe(message));
    return described.join(u", "_s);
}

QString WsTestClient::describeQueue() const
{
    return describe(m_queue);
}

QString answerId(const protocol::ServerMessage& message)
{
    return std::visit(
        [](const auto& m) -> QString {
            if constexpr (requires { m.id; })
                return m.id;
            else
                return QString();
        },
        message);
}

} // namespace palaver::testing
