#pragma once

#include <QObject>
#include <QtGlobal>

class QSocketNotifier;
class QTimer;

namespace palaver::server {

/// Keeps a closed WebSocket's TCP connection open a little longer, reading and discarding what
/// the peer still sends, so the close frame reaches it. Without it, a connection closed while
/// input is unread (a frame over the size limit, half received) is reset by the kernel, and a
/// reset makes the peer drop the close frame it had not read yet: the client sees 1006 instead of
/// the documented 1009. Works on a duplicate of the descriptor taken before Qt closes its own.
class CloseLinger : public QObject
{
    Q_OBJECT
public:
    static constexpr int lingerMs = 2000;
    /// Connections lingering at once; past it a duplicate is closed at once (the old behaviour).
    static constexpr int maxLingering = 512;

    /// A duplicate of `descriptor` (-1 on failure or when too many linger already).
    static qintptr duplicate(qintptr descriptor);
    /// Takes over `duplicate`: sends FIN once Qt's socket is closed, discards input until the
    /// peer closes too or `lingerMs` passes, then closes it. Lives in the calling thread.
    static void start(qintptr duplicate, QObject* parent);
    /// Closes a duplicate that is not needed (the connection was dropped on purpose).
    static void discard(qintptr duplicate);
    static int lingering();

private:
    CloseLinger(qintptr descriptor, QObject* parent);
    ~CloseLinger() override;
    void drain();
    void finish();

    qintptr m_descriptor;
    QSocketNotifier* m_notifier = nullptr;
    QTimer* m_timer = nullptr;
    bool m_finished = false;
};

} // namespace palaver::server
