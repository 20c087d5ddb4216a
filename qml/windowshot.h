#pragma once

#include <QImage>
#include <QString>

class QQuickWindow;

namespace palaver::ui {

/// Renders `window` into an image (works offscreen with the software backend).
QImage grabWindowImage(QQuickWindow& window);

/// Grabs `window` and saves it as a PNG at `path`. Returns an error text, empty on success.
QString saveWindowImage(QQuickWindow& window, const QString& path);

} // namespace palaver::ui
