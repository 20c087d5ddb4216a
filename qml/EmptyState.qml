import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// What an empty conversation shows in the middle: the icon and how to begin.
Column {
    id: state

    /// A room or DM: the assistant answers only when asked, and the hint says how.
    property bool multiUser: false

    spacing: 10

    Image {
        anchors.horizontalCenter: parent.horizontalCenter
        source: "icons/palaver-256.png"
        sourceSize.width: 56
        sourceSize.height: 56
        opacity: 0.9
    }
    Label {
        objectName: "emptyState"
        anchors.horizontalCenter: parent.horizontalCenter
        text: state.multiUser ? qsTr("Say hello") : qsTr("Start a conversation")
        color: Theme.text
        font.pixelSize: 20
        font.weight: Font.DemiBold
    }
    Label {
        anchors.horizontalCenter: parent.horizontalCenter
        text: state.multiUser
              ? qsTr("Mention @assistant, or turn on “Ask the assistant”, for a reply from the model.")
              : qsTr("Ask anything. Replies appear as they are written.")
        color: Theme.textMuted
        font.pixelSize: 14
    }
}
