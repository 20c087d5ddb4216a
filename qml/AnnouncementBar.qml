import QtQuick
import QtQuick.Layouts
import Palaver.UI

/// The operator's announcements at the top of the window, one banner each (warnings first, as
/// the model orders them), until dismissed or expired.
ColumnLayout {
    id: bar

    required property AnnouncementListModel announcements

    objectName: "announcementBar"
    visible: repeater.count > 0
    spacing: 6

    Repeater {
        id: repeater
        model: bar.announcements

        delegate: NoticeBanner {
            id: notice

            required property string announcementId
            required property bool isWarning
            // `text` (a role) fills NoticeBanner's own required property.

            objectName: "announcement-" + notice.announcementId
            Layout.fillWidth: true
            warning: notice.isWarning
            dismissible: true
            dismissName: qsTr("Dismiss this announcement")
            // The bar's id is in scope here; Qt 6.4's linter flags it as unqualified all the same.
            // qmllint disable unqualified
            onDismissed: bar.announcements.dismiss(notice.announcementId)
            // qmllint enable unqualified
        }
    }
}
