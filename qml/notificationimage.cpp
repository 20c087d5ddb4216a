#include "notificationimage.h"

#include <QDBusMetaType>

namespace palaver::ui {

NotificationImage NotificationImage::fromImage(const QImage& image)
{
    NotificationImage result;
    if (image.isNull())
        return result;
    // RGBA8888 is byte-ordered R, G, B, A on every platform: what the spec asks for.
    const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
    result.width = rgba.width();
    result.height = rgba.height();
    result.rowStride = int(rgba.bytesPerLine());
    result.data = QByteArray(reinterpret_cast<const char*>(rgba.constBits()), rgba.sizeInBytes());
    return result;
}

void NotificationImage::registerMetaType()
{
    qDBusRegisterMetaType<NotificationImage>();
}

QDBusArgument& operator<<(QDBusArgument& argument, const NotificationImage& image)
{
    argument.beginStructure();
    argument << image.width << image.height << image.rowStride << image.hasAlpha
             << image.bitsPerSample << image.channels << image.data;
    argument.endStructure();
    return argument;
}

const QDBusArgument& operator>>(const QDBusArgument& argument, NotificationImage& image)
{
    argument.beginStructure();
    argument >> image.width >> image.height >> image.rowStride >> image.hasAlpha
        >> image.bitsPerSample >> image.channels >> image.data;
    argument.endStructure();
    return argument;
}

} // namespace palaver::ui
