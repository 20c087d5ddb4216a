import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// A coloured dot and the session's connection text; offers Reconnect while offline.
RowLayout {
    id: indicator

    required property ClientSession session
    readonly property bool offline: session.connectionState === ClientSession.Offline
    readonly property bool online: session.connectionState === ClientSession.Online

    spacing: 8

    // The reason for being offline, on hover.
    ToolTip.visible: hover.hovered && indicator.session.errorText.length > 0
    ToolTip.text: indicator.session.errorText
    ToolTip.delay: 400

    HoverHandler {
        id: hover
    }

    Rectangle {
        Layout.alignment: Qt.AlignVCenter
        implicitWidth: 9
        implicitHeight: 9
        radius: 4.5
        color: indicator.online ? Theme.success
             : !indicator.offline ? Theme.warning
             : indicator.session.errorText.length > 0 ? Theme.danger : Theme.idle
    }
    Label {
        objectName: "connectionText"
        text: indicator.session.connectionText
        color: Theme.textMuted
        font.pixelSize: 13
    }
    GhostButton {
        objectName: "reconnectButton"
        visible: indicator.offline
        text: qsTr("Reconnect")
        textColor: Theme.accent
        onClicked: indicator.session.reconnect()
    }
}
