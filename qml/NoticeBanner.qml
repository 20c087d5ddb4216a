import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// A one-message banner: amber for a warning, indigo for information, with a close button when
/// it can be dismissed. The text is plain (it may come from the server).
Rectangle {
    id: banner

    required property string text
    property bool warning: false
    property bool dismissible: false
    /// What the close button says to a screen reader.
    property string dismissName: qsTr("Dismiss")

    signal dismissed

    implicitHeight: row.implicitHeight + 16
    radius: Theme.smallRadius
    color: banner.warning ? Theme.warningSoft : Theme.accentSoft
    border.color: banner.warning ? Theme.warningBorder : Theme.infoBorder

    Accessible.role: Accessible.AlertMessage
    Accessible.name: banner.text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 6
        spacing: 10

        Label {
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 8
            text: banner.warning ? "⚠" : "ℹ"
            color: banner.warning ? Theme.warning : Theme.accent
            font.pixelSize: 15
        }
        Label {
            objectName: "noticeText"
            Layout.fillWidth: true
            Layout.topMargin: 8
            Layout.bottomMargin: 8
            textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
            text: banner.text
            wrapMode: Text.Wrap
            color: banner.warning ? Theme.warningText : Theme.infoText
            font.pixelSize: 13
        }
        GhostButton {
            objectName: "dismissButton"
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 2
            visible: banner.dismissible
            text: "✕"
            textColor: banner.warning ? Theme.warningText : Theme.infoText
            Accessible.name: banner.dismissName
            onClicked: banner.dismissed()
        }
    }
}
