#pragma once

#include <QObject>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

namespace palaver::ui {

/// Opens a link from a message in the user's browser, and only a web link: http(s) with a host.
/// `javascript:`, `file:`, `data:`, relative and custom-scheme links are refused, whatever made
/// them links. Called only from a click (TextEdit.linkActivated), never on hover or load.
class ExternalLinks : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit ExternalLinks(QObject* parent = nullptr);

    /// `link` is an absolute http or https URL with a host.
    Q_INVOKABLE static bool isAllowed(const QString& link);
    static bool isAllowed(const QUrl& url);
    /// Hands an allowed `link` to the desktop (QDesktopServices::openUrl); false when refused
    /// or when the desktop could not open it.
    Q_INVOKABLE static bool open(const QString& link);
};

} // namespace palaver::ui
