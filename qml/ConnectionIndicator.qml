import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// A coloured dot and the connection text ("Reconnecting in 4 s (attempt 3)"); offers
/// "Retry now" while waiting to reconnect and "Reconnect" while offline.
RowLayout {
    id: indicator

    /// ClientSession.ConnectionState.
    required property int connectionState
    /// What the session says about the connection.
    required property string connectionText
    /// Why it is offline; shown on hover.
    property string errorText

    /// Connect now (session.reconnect()).
    signal reconnectRequested

    readonly property bool offline: indicator.connectionState === ClientSession.Offline
    readonly property bool online: indicator.connectionState === ClientSession.Online
    readonly property bool waiting: indicator.connectionState === ClientSession.WaitingToRetry

    spacing: 8

    // The reason for being offline, on hover.
    ToolTip.visible: hover.hovered && indicator.errorText.length > 0
    ToolTip.text: indicator.errorText
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
             : indicator.errorText.length > 0 ? Theme.danger : Theme.idle
    }
    Label {
        objectName: "connectionText"
        textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
        text: indicator.connectionText
        color: Theme.textMuted
        font.pixelSize: 13
    }
    GhostButton {
        objectName: "reconnectButton"
        visible: indicator.offline || indicator.waiting
        text: indicator.waiting ? qsTr("Retry now") : qsTr("Reconnect")
        textColor: Theme.accent
        onClicked: indicator.reconnectRequested()
    }
}
