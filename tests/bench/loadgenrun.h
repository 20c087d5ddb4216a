#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace palaver::testing {

// Running the benchmark suite's programs from a test: each reports a failure through QtTest, so
// a caller checks QTest::currentTestFailed() after it.

/// Starts a program that prints `listening PORT` (a peer, palaver-fakeupstream) and returns the
/// port; 0 (and a failed test saying what it printed) when it did not within 10 s.
quint16 startListening(QProcess& process, const QString& program, const QStringList& arguments);

/// Runs palaver-loadgen with `arguments` and reads its one row into `row` (`described`: the
/// command and everything it wrote, for a failure message). The event loop runs meanwhile: it
/// drains the servers' output, and serves a FaultyRawServer.
void runLoadgen(const QStringList& arguments, QJsonObject* row, QString* described);

/// Runs palaver-loadgen and checks that its row is valid and measured something.
void expectValid(const QStringList& arguments);

} // namespace palaver::testing
