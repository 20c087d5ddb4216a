#pragma once

// Shared by the reply cap and bound tests: a server whose one model streams from a FakeUpstream,
// the upstream's scripted answers, and small helpers over WsTestClient.

#include "ai/modelregistry.h"
#include "fakeupstream.h"
#include "testserver.h"
#include "wstestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace replytest {

using namespace palaver;
using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

inline QByteArray textEvent(const QByteArray& text)
{
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
}

inline const QByteArray streamEnd
    = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";

/// "Hello world" in three events, one write each, `intervalMs` apart.
inline FakeUpstream::Response hello(int intervalMs = 0)
{
    FakeUpstream::Response response;
    response.body = textEvent("Hello") + textEvent(" world") + streamEnd;
    response.writeSize = FakeUpstream::PerSseEvent;
    response.writeIntervalMs = intervalMs;
    return response;
}

/// "Hi", then silence on an open connection: a reply that runs until it is stopped.
inline FakeUpstream::Response stalled()
{
    FakeUpstream::Response response;
    response.body = textEvent("Hi") + streamEnd;
    response.writeSize = FakeUpstream::PerSseEvent;
    response.stallAfter = textEvent("Hi").size();
    return response;
}

/// A TestServer whose one model ("fake", the default) streams from `up`.
inline std::unique_ptr<TestServer> startServer(const FakeUpstream& up,
    const server::GenerationLimits& limits, const QStringList& users = { u"alice"_s, u"bob"_s })
{
    TestServer::Options options;
    options.serverLimits.generations = limits;
    // These tests count replies, not requests: the request rate limits (tst_requestlimits) are off.
    options.serverLimits.requests.messages = {};
    options.serverLimits.requests.perConnection = {};
    options.serverLimits.requests.perUser = {};
    const QUrl baseUrl = up.baseUrl();
    options.models = [baseUrl] {
        server::ModelSpec spec;
        spec.id = u"fake"_s;
        spec.name = u"Fake"_s;
        spec.llm.kind = server::LlmConfig::Kind::OpenAi;
        spec.llm.baseUrl = baseUrl;
        spec.llm.model = u"fake-upstream"_s;
        spec.llm.connectTimeoutMs = 30000;
        spec.llm.idleTimeoutMs = 30000; // a stalled reply runs until the test stops it
        spec.isDefault = true;
        return server::ModelRegistry::fromSpecs({ spec });
    };
    auto server = std::make_unique<TestServer>(options);
    if (!server->start())
        return nullptr;
    for (const QString& user : users) {
        if (!server->addUser(user, user.left(1)))
            return nullptr;
    }
    return server;
}

inline std::unique_ptr<WsTestClient> signIn(TestServer& server, const QString& user)
{
    return signedIn(server.url(), user, user.left(1));
}

inline QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

/// Sends a message and waits for its ack; false when none came.
inline bool say(WsTestClient& client, const QString& convId, const QString& text)
{
    const QString id = client.nextId(u"m"_s);
    client.send(MessageSend { id, convId, newUuid(), text });
    const auto answer = client.waitForAnswer(id);
    return answer && std::holds_alternative<Ack>(*answer);
}

/// How many messages of type T are queued (arrived and not taken).
template<class T> int queued(WsTestClient& client)
{
    int count = 0;
    for (const ServerMessage& message : client.queue())
        count += std::holds_alternative<T>(message) ? 1 : 0;
    return count;
}

/// The upstream request's chat messages as (role, content).
inline QList<QPair<QString, QString>> turnsOf(const FakeUpstream::Request& request)
{
    QList<QPair<QString, QString>> turns;
    const QJsonArray messages
        = QJsonDocument::fromJson(request.body).object().value("messages"_L1).toArray();
    for (const QJsonValue& message : messages) {
        turns.append({ message.toObject().value("role"_L1).toString(),
            message.toObject().value("content"_L1).toString() });
    }
    return turns;
}

/// The content of the last user turn of an upstream request.
inline QString lastUserTurn(const FakeUpstream::Request& request)
{
    const auto turns = turnsOf(request);
    for (auto it = turns.crbegin(); it != turns.crend(); ++it) {
        if (it->first == "user"_L1)
            return it->second;
    }
    return {};
}

} // namespace replytest
