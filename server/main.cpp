// palaver-server: the headless Palaver chat server. All logic lives in palaver_server_core.

#include "app/entrypoint.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    // The GLib dispatcher roughly halves fan-out throughput (../shared/design/qt64.md).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("palaver-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PALAVER_SERVER_VERSION));
    return palaver::server::runPalaverServer(QCoreApplication::arguments());
}
