import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// A round, filled icon button (Send, Stop).
RoundButton {
    id: control

    property color fill: Theme.accent
    property color pressedFill: Theme.accentPressed
    property color textColor: Theme.textOnAccent
    property bool bordered: false
    property string tip

    implicitWidth: 36
    implicitHeight: 36
    font.pixelSize: 17
    font.weight: Font.Bold

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.textColor
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: width / 2
        color: control.down ? control.pressedFill : control.fill
        opacity: control.enabled ? 1 : 0.35
        border.width: control.bordered ? 1 : 0
        border.color: Theme.border
    }

    Accessible.name: tip
    ToolTip.visible: hovered && tip.length > 0
    ToolTip.delay: 600
    ToolTip.text: tip
}
