import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// A person's round initial (or the app's icon for the assistant), with their presence dot on
/// the corner when `presence` is given.
Rectangle {
    id: avatar

    /// Whose: the first letter shows.
    property string name
    /// "online" | "away" | "offline"; "" shows no dot.
    property string presence
    /// The assistant: the app's icon instead of an initial.
    property bool assistant: false
    property int size: 30

    implicitWidth: avatar.size
    implicitHeight: avatar.size
    radius: avatar.size / 2
    color: avatar.assistant ? "transparent" : Theme.accentSoft

    Label {
        anchors.centerIn: parent
        visible: !avatar.assistant
        text: avatar.name.length > 0 ? avatar.name.charAt(0).toUpperCase() : "?"
        color: Theme.accent
        font.pixelSize: Math.round(avatar.size * 0.45)
        font.weight: Font.DemiBold
    }
    Image {
        anchors.fill: parent
        visible: avatar.assistant
        source: "icons/palaver-256.png"
        sourceSize.width: avatar.size
        sourceSize.height: avatar.size
    }
    PresenceDot {
        objectName: "presenceDot"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.rightMargin: -2
        anchors.bottomMargin: -2
        visible: avatar.presence.length > 0
        presence: avatar.presence
    }
}
