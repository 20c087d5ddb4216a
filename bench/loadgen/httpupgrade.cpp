#include "httpupgrade.h"

#include <random>

namespace loadgen {

namespace {

/// A random 16-byte Sec-WebSocket-Key in base64 (its value does not matter to the servers;
/// RFC 6455 only wants it to vary).
std::string randomKey()
{
    static constexpr char alphabet[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static std::mt19937 random { std::random_device {}() };
    std::string key;
    for (int i = 0; i < 21; ++i)
        key += alphabet[random() % 64];
    key += alphabet[(random() % 4) * 16]; // the last of 22 characters carries 2 bits
    return key + "==";
}

} // namespace

std::string upgradeRequest(
    std::string_view host, std::string_view path, std::string_view subprotocol)
{
    std::string request = "GET ";
    request.append(path);
    request += " HTTP/1.1\r\nHost: ";
    request.append(host);
    request += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: ";
    request += randomKey();
    request += "\r\n";
    if (!subprotocol.empty()) {
        request += "Sec-WebSocket-Protocol: ";
        request.append(subprotocol);
        request += "\r\n";
    }
    request += "\r\n";
    return request;
}

UpgradeResponse parseUpgradeResponse(std::string_view data)
{
    UpgradeResponse response;
    const std::size_t end = data.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (data.size() > 16384) {
            response.state = UpgradeResponse::State::Refused;
            response.statusLine = "upgrade answer head over 16 KiB";
        }
        return response;
    }
    response.headerBytes = end + 4;
    const std::string_view statusLine = data.substr(0, data.find("\r\n"));
    // "HTTP/1.1 101 Switching Protocols": the status code is all that decides.
    const std::size_t space = statusLine.find(' ');
    const bool switched
        = space != std::string_view::npos && statusLine.substr(space + 1, 3) == "101";
    response.state = switched ? UpgradeResponse::State::Accepted : UpgradeResponse::State::Refused;
    if (!switched)
        response.statusLine.assign(statusLine.substr(0, 200));
    return response;
}

} // namespace loadgen
