#pragma once

#include "app/serverconfig.h"

class QSettings;

namespace palaver::server::operatorconfigreader {

/// Reads the `[log]` and `[metrics]` sections (what an operator sets to watch the server);
/// keys that are absent keep their defaults. False with `error` set on a bad value.
bool read(QSettings& file, LogConfig* log, MetricsConfig* metrics, QString* error);

} // namespace palaver::server::operatorconfigreader
