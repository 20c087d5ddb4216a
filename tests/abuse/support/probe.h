#pragma once

#include <QMutex>
#include <QString>
#include <QThread>
#include <QUrl>
#include <atomic>
#include <thread>

namespace palaver::abuse {

class ProbeWorker;

/// A second, well-behaved user while an attack runs: in a thread of its own (so the attack's
/// own work in the test's thread does not skew it) it keeps one request in flight, alternating
/// `ping` (answered by the connection) and `conversations.list` (answered by the hub), a little
/// apart, and records the slowest round trip of each.
class Probe
{
public:
    struct Stats
    {
        int answered = 0;
        qint64 slowestPingMs = 0;
        qint64 slowestListMs = 0;
        bool connected = false;
    };

    Probe(QUrl url, QString name, QString password);
    ~Probe();

    /// Connects and signs in; false when that did not happen within `timeoutMs`.
    bool start(int timeoutMs = 20000);
    /// Forgets the round trips so far (call when the attack starts).
    void reset();
    /// The round trips since reset(); a request still unanswered counts with its age.
    Stats stats() const;
    /// The slowest round trip of either kind since reset().
    qint64 slowestMs() const;

private:
    QThread m_thread;
    ProbeWorker* m_worker = nullptr;
};

/// The highest resident set of a process, sampled every 20 ms from a thread of its own (the
/// server's VmHWM would include its start and every password hash).
class PeakResident
{
public:
    explicit PeakResident(qint64 pid);
    ~PeakResident();
    /// The resident set when sampling started, in KiB.
    qint64 baselineKiB() const { return m_baseline; }
    /// The highest resident set seen so far, in KiB.
    qint64 peakKiB() const { return m_peak.load(); }
    /// peakKiB() - baselineKiB() in MiB (rounded up).
    qint64 growthMiB() const { return (peakKiB() - baselineKiB() + 1023) / 1024; }

private:
    qint64 m_pid;
    qint64 m_baseline;
    std::atomic<qint64> m_peak;
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
};

} // namespace palaver::abuse
