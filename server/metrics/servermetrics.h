#pragma once

#include "metrics/metric.h"

namespace palaver::server {

/// What the server counts for `GET /metrics`, written by the parts that do the work (sessions,
/// workers, the hub, sign-in, replies, the store) and read by the scrape. Every member is
/// thread-safe. Values the server already keeps elsewhere (the send budget, limit hits, the
/// hub's queue) are read from there at scrape time instead.
struct ServerMetrics
{
    // Connections.
    Gauge preAuthConnections; ///< WebSocket sessions not signed in yet
    Gauge signedInConnections;
    Family<Gauge> workerSessions; ///< by worker index
    Family<Counter> connectionsClosed; ///< by close code ("dropped": no close frame)
    Counter heartbeatTimeouts; ///< dropped: answered no ping
    Family<Counter> slowReaderDrops; ///< by limit (max-queued-bytes, send-budget-bytes)
    // Sign-in.
    Family<Counter> signIns; ///< by result: ok, failed
    // Traffic.
    Counter framesReceived;
    Counter framesSent;
    Counter bytesReceived;
    Counter bytesSent;
    Counter fanoutDeliveries; ///< frames handed to a connection by a fan-out to a user or room
    // The hub.
    Counter messagesStored; ///< user messages stored (not replies)
    Histogram hubRequestSeconds { Histogram::latencyBounds() };
    Histogram databaseSeconds { Histogram::latencyBounds() };
    // Replies.
    Gauge generationsRunning;
    Counter generationsStarted;
    Family<Counter> generationsFinished; ///< by finish reason
    Family<Histogram> timeToFirstToken { Histogram::latencyBounds() }; ///< by model
    Family<Histogram> tokensPerSecond { tokenRateBounds() }; ///< by model
    Family<Counter> upstreamErrors; ///< by kind

    static QList<double> tokenRateBounds() { return { 1, 5, 10, 20, 40, 80, 160, 320, 640 }; }
};

} // namespace palaver::server
