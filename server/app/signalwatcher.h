#pragma once

#include <QObject>

class QSocketNotifier;

namespace palaver::server {

/// Turns SIGTERM and SIGINT into a Qt signal delivered by the event loop (self-pipe), so the
/// server can shut down cleanly instead of being killed mid-write; and SIGHUP (`systemctl
/// reload`) into a request to reload the TLS certificate. A no-op off Unix.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);
    void reloadRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace palaver::server
