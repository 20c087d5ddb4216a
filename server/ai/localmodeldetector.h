#pragma once

#include "modelspec.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace palaver::server {

/// What the server offers when nothing is configured: asks a local Ollama (/api/tags) and a
/// local llama.cpp llama-server (/v1/models) which models they serve, looks for OPENAI_API_KEY
/// and ANTHROPIC_API_KEY, and always adds the demo model, which is the default only when nothing
/// else was found. The probe addresses are options so tests can point them at fake servers.
class LocalModelDetector : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl ollamaUrl = QUrl(QStringLiteral("http://127.0.0.1:11434"));
        QUrl llamaCppUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
        int timeoutMs = 1000; ///< per probe; both run at the same time
        QStringList environment; ///< NAME=value entries (the process environment in main)
        int demoTokensPerSecond = 30;
    };

    /// Upstream models used for the API keys found in the environment (change them in a config).
    static constexpr auto openAiModel = "gpt-4o-mini";
    static constexpr auto anthropicModel = "claude-sonnet-4-5";
    /// Prompt budget for local servers, whose default context window is often only 4096 tokens.
    static constexpr int localContextTokens = 3072;

    explicit LocalModelDetector(Options options, QObject* parent = nullptr);

    /// Starts both probes; finished() follows (never synchronously).
    void start();
    bool isFinished() const { return m_pending == 0 && m_started; }

    /// The models found, the default marked; the demo model is always last.
    QList<ModelSpec> models() const;
    /// One line per thing looked for, saying what was found, for the log.
    QStringList report() const { return m_report; }

    /// Runs a detection to the end in a local event loop (start-up, before serving).
    static LocalModelDetector* detectBlocking(Options options, QObject* parent = nullptr);

Q_SIGNALS:
    void finished();

private:
    void probe(const QUrl& url, void (LocalModelDetector::*handler)(QNetworkReply*));
    void onOllama(QNetworkReply* reply);
    void onLlamaCpp(QNetworkReply* reply);
    void done();
    void addKeyModels();

    Options m_options;
    QNetworkAccessManager* m_network;
    QList<ModelSpec> m_ollama;
    QList<ModelSpec> m_llamaCpp;
    QList<ModelSpec> m_keyModels;
    QStringList m_report;
    QString m_ollamaReport;
    QString m_llamaCppReport;
    int m_pending = 0;
    bool m_started = false;
};

} // namespace palaver::server
