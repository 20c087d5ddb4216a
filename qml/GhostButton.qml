import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// A quiet text button: no frame until hovered (Sign out, Reconnect, Cancel, row menus).
Button {
    id: control

    property color textColor: Theme.textMuted

    flat: true
    font.pixelSize: 13
    padding: 6
    leftPadding: 10
    rightPadding: 10

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.hovered ? Theme.text : control.textColor
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        implicitHeight: 30
        radius: 8
        color: control.down ? Theme.border : Theme.rowHover
        visible: control.hovered || control.down || control.visualFocus
    }
}
