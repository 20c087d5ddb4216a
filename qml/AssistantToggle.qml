import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// "Ask the assistant": a pill the user switches on so that the next message in a room or DM is
/// answered by the assistant (mentioning @assistant does the same).
Button {
    id: control

    checkable: true
    text: qsTr("Ask the assistant")
    font.pixelSize: Theme.smallFontSize
    font.weight: Font.DemiBold
    padding: 4
    leftPadding: 10
    rightPadding: 12

    ToolTip.visible: hovered
    ToolTip.delay: 600
    ToolTip.text: qsTr("The assistant answers your next message")

    contentItem: Row {
        spacing: 6

        Image {
            anchors.verticalCenter: parent.verticalCenter
            source: "icons/palaver-256.png"
            sourceSize.width: 14
            sourceSize.height: 14
            opacity: control.checked ? 1 : 0.55
        }
        Text {
            anchors.verticalCenter: parent.verticalCenter
            text: control.text
            font: control.font
            color: control.checked ? Theme.accent : Theme.textMuted
        }
    }
    background: Rectangle {
        implicitHeight: 26
        radius: height / 2
        color: control.checked ? Theme.accentSoft : control.hovered ? Theme.rowHover : "transparent"
        border.width: 1
        border.color: control.checked ? Theme.accent : Theme.border
    }
}
