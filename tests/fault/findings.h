#pragma once

#include <QList>
#include <QStringList>

class ScriptedClient;
struct ServerTruth;

/// What the end checks found; the suite fails unless `problems` is empty.
struct Findings
{
    int duplicates = 0;
    int losses = 0;
    int complete = 0;
    int interrupted = 0;
    int unanswered = 0;
    QStringList problems;
};

/// The server's side: each message typed stored once, with its text, in typed order; each reply
/// ended, complete ones exactly the demo text, interrupted ones a prefix of it.
void checkServer(const ServerTruth& truth, const QList<ScriptedClient*>& devices, Findings& f);
/// One device's view: the same rows as the server, once each, in the same order, with the same
/// text and status.
void checkDevice(const ServerTruth& truth, ScriptedClient* device, Findings& f);
