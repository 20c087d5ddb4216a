#pragma once

// The one header that knows the C++ differences between Qt 6.4 (Debian bookworm) and newer Qt 6.
// See ../shared/design/qt64.md; the CMake side lives in cmake/QtVersionGuards.cmake.

#include <QtGlobal>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#define PALAVER_QT_HAS_WEBSOCKET_ERROR_OCCURRED 1
#define PALAVER_QT_HAS_LOAD_FROM_MODULE 1
// QNetworkRequest::setHttp1Configuration (QHttp1Configuration, connections per host).
#define PALAVER_QT_HAS_HTTP1_CONFIGURATION 1
#else
#define PALAVER_QT_HAS_WEBSOCKET_ERROR_OCCURRED 0
#define PALAVER_QT_HAS_LOAD_FROM_MODULE 0
#define PALAVER_QT_HAS_HTTP1_CONFIGURATION 0
#endif

// Connects a QWebSocket's error signal under the name the running Qt uses
// (errorOccurred since 6.5, error before; error is deprecated from 6.5).
#if PALAVER_QT_HAS_WEBSOCKET_ERROR_OCCURRED
#define PALAVER_WEBSOCKET_ERROR_SIGNAL &QWebSocket::errorOccurred
#else
#define PALAVER_WEBSOCKET_ERROR_SIGNAL qOverload<QAbstractSocket::SocketError>(&QWebSocket::error)
#endif
