#include "demomodel.h"

#include "continuation.h"

#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::FinishReason;

namespace palaver::server {

namespace {

constexpr qsizetype quoteChars = 80;
// Above this rate a timer interval would round to 0 ms anyway: stream as fast as possible.
constexpr int maxPacedTokensPerSecond = 1000;

// A rough token estimate (about four characters per token), good enough for a demo's usage line.
qint64 roughTokens(const QString& text)
{
    return text.isEmpty() ? 0 : (text.size() + 3) / 4;
}

QString quoteOf(const CompletionRequest& request)
{
    for (auto it = request.turns.crbegin(); it != request.turns.crend(); ++it) {
        if (it->role != PromptTurn::Role::User)
            continue;
        QString line = it->text.simplified();
        if (line.isEmpty())
            break;
        if (line.size() > quoteChars) {
            qsizetype cut = quoteChars;
            // Never end the quote on half of a surrogate pair.
            if (line.at(cut - 1).isHighSurrogate())
                --cut;
            line = line.left(cut) + u'…';
        }
        return line;
    }
    return u"(an empty message)"_s;
}

/// Streams the demo reply, one word per timer tick.
class DemoCompletion : public Completion
{
    Q_OBJECT
public:
    DemoCompletion(QStringList deltas, qint64 inputTokens, int intervalMs, QObject* parent)
        : Completion(parent)
        , m_deltas(std::move(deltas))
        , m_inputTokens(inputTokens)
    {
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &DemoCompletion::emitNext);
        // The first delta also waits for a tick, so start() never emits before the caller has
        // connected its slots.
        m_timer.start();
    }

    void abort() override
    {
        m_aborted = true;
        m_timer.stop();
    }

    void setPaused(bool paused) override
    {
        // The demo's "upstream" is its clock: paused, it stops ticking.
        if (m_aborted)
            return;
        if (paused)
            m_timer.stop();
        else if (!m_timer.isActive())
            m_timer.start();
    }

private:
    void emitNext()
    {
        if (m_aborted)
            return;
        if (m_next < m_deltas.size()) {
            Q_EMIT delta(m_deltas.at(m_next++), QString());
            // A slot may have aborted us; otherwise the end waits for the next tick.
            return;
        }
        m_timer.stop();
        Q_EMIT usageReported({ m_inputTokens, m_deltas.size() });
        if (!m_aborted)
            Q_EMIT finished(FinishReason::Stop, std::nullopt);
    }

    QTimer m_timer;
    QStringList m_deltas;
    qint64 m_inputTokens;
    qsizetype m_next = 0;
    bool m_aborted = false;
};

} // namespace

DemoModel::DemoModel(const LlmConfig& config)
    : m_tokensPerSecond(config.demoTokensPerSecond)
{ }

palaver::protocol::ModelInfo DemoModel::model() const
{
    return { u"demo"_s, u"Demo (offline)"_s, true };
}

Completion* DemoModel::start(const CompletionRequest& request, QObject* parent)
{
    qint64 inputTokens = 0;
    for (const PromptTurn& turn : request.turns)
        inputTokens += roughTokens(turn.text);
    const bool unpaced = m_tokensPerSecond <= 0 || m_tokensPerSecond >= maxPacedTokensPerSecond;
    const int intervalMs = unpaced ? 0 : 1000 / m_tokensPerSecond;
    return new DemoCompletion(splitIntoDeltas(replyFor(request)), inputTokens, intervalMs, parent);
}

QString DemoModel::replyFor(const CompletionRequest& request)
{
    // A continuation (`generation.continue`): the prompt ends with the partial reply, possibly
    // followed by the instruction to go on. When that partial text is how this model's reply to
    // the earlier turns begins, the answer is the rest of it, so partial + continuation is the
    // whole reply, as with a real model that continues well.
    QList<PromptTurn> turns = request.turns;
    if (!turns.isEmpty() && continuation::isInstruction(turns.last()))
        turns.removeLast();
    if (!turns.isEmpty() && turns.last().role == PromptTurn::Role::Assistant) {
        const QString partial = turns.takeLast().text;
        CompletionRequest earlier = request;
        earlier.turns = turns;
        const QString whole = fullReply(earlier);
        if (whole.startsWith(partial))
            return whole.mid(partial.size());
        return whole;
    }
    CompletionRequest plain = request;
    plain.turns = turns;
    return fullReply(plain);
}

QString DemoModel::fullReply(const CompletionRequest& request)
{
    return uR"(**Hello from Palaver's built-in demo model.**

This is an offline demo, not a real LLM: it answers every message the same way. You wrote:

> %1

To chat with a real model, start the server with one:

- **OpenAI:** put your key in `PALAVER_LLM_API_KEY` and run the command below.
- **A local model:** point `--llm-url` at the `/v1` URL of llama.cpp's `llama-server` (`http://127.0.0.1:8080/v1`) or Ollama (`http://127.0.0.1:11434/v1`) and name the model with `--llm-model`; no key is needed.
- **Any other OpenAI-compatible server** works the same way.

```sh
export PALAVER_LLM_API_KEY=sk-...
palaver-server --llm-kind openai --llm-url https://api.openai.com/v1 --llm-model gpt-4o-mini
```
)"_s.arg(quoteOf(request));
}

QStringList DemoModel::splitIntoDeltas(const QString& text)
{
    QStringList deltas;
    qsizetype start = 0;
    const qsizetype n = text.size();
    while (start < n) {
        qsizetype i = start;
        while (i < n && text.at(i).isSpace())
            ++i;
        while (i < n && !text.at(i).isSpace())
            ++i;
        while (i < n && text.at(i).isSpace())
            ++i;
        deltas.append(text.mid(start, i - start));
        start = i;
    }
    return deltas;
}

} // namespace palaver::server

#include "demomodel.moc"
