#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace palaver::client {

/// What a person typed as a server address, understood.
struct ServerAddress
{
    /// The WebSocket URL to try first: the scheme given (`http` → `ws`, `https` → `wss`), or for
    /// an address without one `wss` (`ws` for a loopback host: the traffic never leaves the
    /// machine, and a server there is usually plain). A missing path becomes `/v1/ws`.
    QUrl url;
    /// The person wrote a scheme: use it as given, never another.
    bool schemeGiven = false;
};

/// Understands `host`, `host:port`, `http(s)://host:port`, `ws(s)://host:port/v1/ws`; nothing
/// when the text is not a server address.
std::optional<ServerAddress> parseServerAddress(const QString& input);

/// The URL to try first for what a person typed (parseServerAddress().url).
std::optional<QUrl> normaliseServerUrl(const QString& input);

/// localhost (and names under .localhost), 127.0.0.0/8, ::1 and ::ffff:127.x.
bool isLoopbackHost(const QString& host);

/// `url` is plain `ws://` to a host that is not loopback: what is said there can be read and
/// changed on the way.
bool isUnencryptedRemote(const QUrl& url);

/// "Not encrypted: chat.example.com:8765 does not use TLS, …" for a URL isUnencryptedRemote();
/// empty for any other. What the sign-in page and palaver-cli say.
QString unencryptedWarning(const QUrl& url);

/// The server as an account (its cache, its dismissed announcements) names it: the same server
/// reached over wss or ws (a fallback, or TLS turned on later) is one, under the name older
/// versions gave it (ws://…).
QString accountServerName(const QString& serverUrl);

/// The key under which the scheme that worked for an address is remembered: host and the port
/// as typed (empty when none), for example `chat.example.com:8765` or `chat.example.com:`.
QString addressKey(const QUrl& url);

/// The URLs to try in turn for `address`. A given scheme: that one only. Without one: `wss`
/// then `ws` (the fallback is for a server that speaks plain, see Connection); a loopback host
/// `ws` only; and once `wss` worked for the address (`rememberedScheme`) `wss` only, so a
/// server seen with TLS is never quietly downgraded.
QList<QUrl> connectCandidates(const ServerAddress& address, const QString& rememberedScheme = {});

} // namespace palaver::client
