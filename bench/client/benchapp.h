#pragma once

#include <QQmlApplicationEngine>
#include <QString>

#include <functional>

class QQuickWindow;

namespace palaver::client {
class ClientSession;
}

namespace clientbench {

/// The real client as the palaver executable builds it: Palaver.UI's Main.qml in an offscreen
/// window with its ClientSession, signed in as the fake server's user "ada".
class BenchApp
{
public:
    /// Before the QGuiApplication exists: the offscreen platform and software Qt Quick (unless
    /// the caller chose others), and settings and cache under `home` so that a run starts as a
    /// first run and leaves nothing in the user's own.
    static void prepareEnvironment(const QString& home);
    /// Loads Main.qml; false (and why) when it did not give a window and a session.
    bool load(QString* error);
    QQuickWindow* window() const { return m_window; }
    palaver::client::ClientSession* session() const { return m_session; }
    /// Signs in at `address` and waits until the list shows `conversations` rows and one of them
    /// is open; false on timeout.
    bool signIn(const QString& address, int conversations, int timeoutMs);

private:
    QQmlApplicationEngine m_engine;
    QQuickWindow* m_window = nullptr;
    palaver::client::ClientSession* m_session = nullptr;
};

/// Runs the event loop until `done()` or `timeoutMs` passed; whether `done()` came true. Sleeps
/// between events (no polling loop of its own to inflate the CPU figures).
bool waitFor(const std::function<bool()>& done, int timeoutMs);

} // namespace clientbench
