#pragma once

#include "limits/serverlimits.h"

#include <QString>

class QSettings;

namespace palaver::server::limitsconfigreader {

/// Reads the `[limits]` section of `file` over the defaults in `limits`. Every key is optional;
/// on a value that is not a number in range (or a bad subnet), false and `error` names the key.
bool read(QSettings& file, ServerLimits* limits, QString* error);

/// Parses "10.0.0.0/8, 127.0.0.1, ::1/128" into subnets; false on a bad entry.
bool parseSubnets(const QString& text, QList<QPair<QHostAddress, int>>* subnets);

} // namespace palaver::server::limitsconfigreader
