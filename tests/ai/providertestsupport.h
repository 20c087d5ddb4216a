#pragma once

// Shared by the provider tests: a config pointing at a FakeUpstream, a prompt, and a recorder of
// everything a completion emits.

#include "ai/openaicompatibleprovider.h"
#include "ai/providerfactory.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

namespace providertest {

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::ErrorInfo;
using palaver::protocol::FinishReason;
using palaver::protocol::Usage;
using palaver::server::Completion;
using palaver::server::CompletionRequest;
using palaver::server::LlmConfig;
using palaver::server::OpenAiCompatibleProvider;
using palaver::server::PromptTurn;
using palaver::server::Provider;

inline const QString fixtureDir = QStringLiteral(PALAVER_TEST_FIXTURES "/llm/");
inline const QString streamFixture = fixtureDir + u"openai-chat-stream-1.sse"_s;

inline QString expectedContent(const QString& fixture)
{
    QFile file(fixtureDir + u"expected.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read expected.json");
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(u"./"_s + fixture)
        .toObject()
        .value("content"_L1)
        .toString();
}

inline LlmConfig configFor(const QUrl& baseUrl)
{
    LlmConfig config;
    config.kind = LlmConfig::Kind::OpenAi;
    config.baseUrl = baseUrl;
    config.model = u"gpt-test"_s;
    config.apiKey = u"sk-test-123"_s;
    config.connectTimeoutMs = 10000;
    config.idleTimeoutMs = 10000;
    return config;
}

inline CompletionRequest request()
{
    CompletionRequest request;
    request.model = u"demo"_s; // stale: stored while the demo model was configured
    request.turns = { { PromptTurn::Role::System, u"Be brief."_s },
        { PromptTurn::Role::User, u"Weather in Paris? ☀"_s } };
    return request;
}

/// Everything one completion emitted.
struct Outcome
{
    QString text;
    QString reasoning;
    QList<Usage> usages;
    int finishedCount = 0;
    FinishReason finish = FinishReason::Stop;
    std::optional<ErrorInfo> error;
};

/// Starts a completion and records what it emits until it finishes (or `timeoutMs`).
class Recorder
{
public:
    Recorder(Provider& provider)
        : m_completion(provider.start(request(), &m_parent))
    {
        QObject::connect(m_completion, &Completion::delta,
            [this](const QString& text, const QString& reasoning) {
                m_outcome.text += text;
                m_outcome.reasoning += reasoning;
                ++m_deltas;
            });
        QObject::connect(m_completion, &Completion::usageReported,
            [this](const Usage& usage) { m_outcome.usages.append(usage); });
        QObject::connect(m_completion, &Completion::finished,
            [this](FinishReason finish, const std::optional<ErrorInfo>& error) {
                ++m_outcome.finishedCount;
                m_outcome.finish = finish;
                m_outcome.error = error;
            });
    }

    // A real event loop (QSignalSpy::wait), not QTest::qWaitFor: that one sleeps 10 ms between
    // rounds, which makes a 1-byte-per-write stream take many seconds. The default is generous:
    // on a loaded two-core CI machine a 1-byte-per-write replay has taken over 5 s.
    bool waitFinished(int timeoutMs = 20000)
    {
        if (m_outcome.finishedCount > 0)
            return true;
        QSignalSpy finished(m_completion, &Completion::finished);
        return finished.wait(timeoutMs);
    }

    Completion* completion() const { return m_completion; }
    const Outcome& outcome() const { return m_outcome; }
    int deltas() const { return m_deltas; }

private:
    QObject m_parent;
    Completion* m_completion;
    Outcome m_outcome;
    int m_deltas = 0;
};

} // namespace providertest
