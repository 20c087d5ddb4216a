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
    /// False: the confirming button is greyed out (something is missing).
    property bool confirmEnabled: true
    /// False: confirming emits confirmed() and the dialog stays open until told otherwise (it
    /// waits for the server's answer and shows a refusal in place).
    property bool closesOnConfirm: true

    /// The confirming button (or Enter in a field) when `closesOnConfirm` is false.
    signal confirmed

    /// What the confirming button does; fields call it on Enter.
    function confirm() {
        if (!dialog.confirmEnabled)
            return;
        if (dialog.closesOnConfirm)
            dialog.accept();
        else
            dialog.confirmed();
    }

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
                enabled: dialog.confirmEnabled
                onClicked: dialog.confirm()
            }
        }
    }
}
