#pragma once

#include <QObject>
#include <QString>

class QThread;

namespace palaver::server {

/// Copies the write-ahead log back into the database on a thread of its own, with a connection
/// of its own, so that the hub's thread never does. SQLite's automatic checkpoint runs inside
/// the COMMIT that crosses the WAL's threshold: a few milliseconds of writing and two fsyncs that
/// held up every message behind it (the send → receive p99 of the fan-out rows). A PASSIVE
/// checkpoint here every `intervalMs` takes no lock the hub waits for; the hub's own connection
/// keeps an automatic checkpoint only as a backstop, at `Database::backstopCheckpointPages`, in
/// case this one falls behind.
class WalCheckpointer : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultIntervalMs = 250;

    explicit WalCheckpointer(QString databasePath, int intervalMs = defaultIntervalMs);
    ~WalCheckpointer() override;
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    /// Starts the thread; its connection opens there.
    void start();
    /// Stops the timer, closes the connection and joins the thread (also on destruction).
    void stop();
    /// Checkpoints that ran, for tests; read after stop() or through a queued call.
    int completed() const { return m_completed.loadRelaxed(); }

signals:
    /// A checkpoint ran (from the checkpointer's thread).
    void checkpointed();

private:
    QString m_path;
    int m_intervalMs;
    QThread* m_thread = nullptr;
    QAtomicInt m_completed;
};

} // namespace palaver::server
