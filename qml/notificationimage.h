#pragma once

#include <QByteArray>
#include <QDBusArgument>
#include <QImage>
#include <QMetaType>

namespace palaver::ui {

/// A picture as the freedesktop notification spec's "image-data" hint carries it (D-Bus
/// signature `(iiibiiay)`: width, height, row stride, has alpha, bits per sample, channels,
/// pixels in RGBA byte order). It lets a notification show the app's icon even when the icon
/// is not installed in the icon theme.
struct NotificationImage
{
    int width = 0;
    int height = 0;
    int rowStride = 0;
    bool hasAlpha = true;
    int bitsPerSample = 8;
    int channels = 4;
    QByteArray data;

    /// `image` as 8-bit RGBA; a null image gives a 0×0 one.
    static NotificationImage fromImage(const QImage& image);
    /// Makes the type known to Qt D-Bus (call once before sending or reading one).
    static void registerMetaType();
};

QDBusArgument& operator<<(QDBusArgument& argument, const NotificationImage& image);
const QDBusArgument& operator>>(const QDBusArgument& argument, NotificationImage& image);

} // namespace palaver::ui

Q_DECLARE_METATYPE(palaver::ui::NotificationImage)
