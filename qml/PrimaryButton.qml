import QtQuick
import QtQuick.Controls.Basic

/// A filled accent button, the one main action of a page or a pane.
Button {
    id: control

    property color fill: Theme.accent
    property color pressedFill: Theme.accentPressed

    font.pixelSize: Theme.fontSize
    font.weight: Font.DemiBold
    padding: 10
    leftPadding: 18
    rightPadding: 18

    contentItem: Text {
        text: control.text
        font: control.font
        color: Theme.textOnAccent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        implicitHeight: 40
        radius: Theme.smallRadius
        color: control.down ? control.pressedFill : control.fill
        opacity: control.enabled ? 1 : 0.45
    }
}
