import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Templates as T
import Palaver.UI

/// A centred, rounded modal dialog with Cancel and one confirming button.
Dialog {
    id: dialog

    property string confirmText: qsTr("OK")
    property color confirmFill: Theme.accent
    property color confirmPressedFill: Theme.accentPressed

    modal: true
    anchors.centerIn: T.Overlay.overlay
    width: 400
    padding: 24
    topPadding: 12
    bottomPadding: 4

    T.Overlay.modal: Rectangle {
        color: Qt.rgba(0.09, 0.09, 0.11, 0.45)
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.background
        border.color: Theme.border
    }

    header: Label {
        text: dialog.title
        leftPadding: 24
        rightPadding: 24
        topPadding: 22
        color: Theme.text
        font.pixelSize: Theme.titleFontSize
        font.weight: Font.DemiBold
        elide: Text.ElideRight
    }

    footer: Item {
        implicitHeight: 72

        Row {
            anchors.right: parent.right
            anchors.rightMargin: 20
            anchors.verticalCenter: parent.verticalCenter
            spacing: 8

            GhostButton {
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Cancel")
                font.pixelSize: 14
                onClicked: dialog.reject()
            }
            PrimaryButton {
                objectName: "confirmButton"
                text: dialog.confirmText
                fill: dialog.confirmFill
                pressedFill: dialog.confirmPressedFill
                onClicked: dialog.accept()
            }
        }
    }
}
