#pragma once

#include "ai/llmconfig.h"
#include "ai/modelspec.h"
#include "limits/serverlimits.h"
#include "net/tlsconfig.h"
#include "protocol/limits.h"

#include <QHostAddress>
#include <QString>

namespace palaver::server {

/// `[log]`: how log lines are written (docs/operations.md, "Logs").
struct LogConfig
{
    QString format = QStringLiteral("auto"); ///< auto, plain, journald or json
    QString rules; ///< QLoggingCategory rules, ';'-separated
};

/// `[metrics]`: who may read `GET /metrics` (docs/operations.md, "Metrics").
struct MetricsConfig
{
    bool enabled = true;
    /// A separate address for /metrics only; null: served on the main port (to loopback peers
    /// unless a token is set).
    QHostAddress address;
    quint16 port = 0;
    QString token; ///< required as `Authorization: Bearer` when set
};

/// Everything a running server is configured with (command line over config file over defaults).
struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8765; ///< 0 picks a free port (tests)
    /// Certificate and key ([tls]): the port then speaks only TLS (https, wss).
    TlsFiles tls;
    QString dataDir;
    int workers = 0; ///< 0: one per core
    QString serverName = QStringLiteral("palaver-server");
    protocol::Limits limits;
    /// The abuse limits: connections, sign-in, request rates, replies, rooms ([limits]).
    ServerLimits serverLimits;
    /// Idle connections are pinged this often and dropped after two silent intervals.
    int pingIntervalMs = 30000;
    /// On SIGTERM/SIGINT, how long running replies may go on before they end as interrupted
    /// (0: at once).
    int shutdownGraceMs = 10000;
    /// Whether people may create their own account (`register`); off by default.
    bool openRegistration = false;
    qint64 tokenLifetimeSeconds = 30 * 24 * 3600;
    /// How often live sessions' tokens are re-checked (revocation by the CLI closes them with
    /// 4401 within this time); 0: never.
    int tokenCheckIntervalMs = 5000;
    /// Tests only: the cheapest Argon2id for accounts made by `register`.
    bool fastPasswordHashing = false;
    /// The single-LLM settings ([llm], --llm-*); models holds the model they describe.
    LlmConfig llm;
    /// The models offered, from [model.ID] sections or the single-LLM settings. Empty when
    /// nothing is configured: then detectModels says whether to look for local LLM servers and
    /// API keys at start-up (LocalModelDetector).
    QList<ModelSpec> models;
    bool detectModels = false;
    LogConfig log;
    MetricsConfig metrics;
};

} // namespace palaver::server
