#include "windowshot.h"

#include <QDir>
#include <QFileInfo>
#include <QQuickWindow>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui {

QImage grabWindowImage(QQuickWindow& window)
{
    return window.grabWindow();
}

QString saveWindowImage(QQuickWindow& window, const QString& path)
{
    const QImage image = grabWindowImage(window);
    if (image.isNull())
        return u"Could not grab the window (is it shown?)"_s;
    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath()))
        return u"Could not create the folder %1"_s.arg(target.absolutePath());
    if (!image.save(target.absoluteFilePath(), "PNG"))
        return u"Could not write %1"_s.arg(target.absoluteFilePath());
    return {};
}

} // namespace palaver::ui
