import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// How many messages wait unread: a pill in the accent colour, "99+" past 99, hidden at 0.
Rectangle {
    id: badge

    required property int count

    visible: badge.count > 0
    implicitWidth: Math.max(implicitHeight, countLabel.implicitWidth + 12)
    implicitHeight: 20
    radius: implicitHeight / 2
    color: Theme.accent

    Label {
        id: countLabel
        objectName: "unreadText"
        anchors.centerIn: parent
        text: badge.count > 99 ? "99+" : String(badge.count)
        color: Theme.textOnAccent
        font.pixelSize: 11
        font.weight: Font.Bold
    }
}
