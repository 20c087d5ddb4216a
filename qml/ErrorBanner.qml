import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The last thing that went wrong in the chat, in red above the composer; hidden when empty.
Rectangle {
    id: banner

    required property string text

    objectName: "chatError"
    visible: banner.text.length > 0
    implicitHeight: errorLabel.implicitHeight + 16
    radius: Theme.smallRadius
    color: "#fef2f2"
    border.color: "#fecaca"

    Label {
        id: errorLabel
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        verticalAlignment: Text.AlignVCenter
        textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
        text: banner.text
        wrapMode: Text.Wrap
        color: Theme.danger
        font.pixelSize: 13
    }
}
