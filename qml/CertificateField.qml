import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// One line of CertificatePanel's details: a muted label and a value that can be selected and
/// copied (a fingerprint is read out to an administrator).
RowLayout {
    id: field

    required property string label
    required property string value
    property bool monospace: false

    spacing: 10

    Label {
        id: caption
        Layout.preferredWidth: 70
        Layout.alignment: Qt.AlignTop
        text: field.label
        color: Theme.textMuted
        font.pixelSize: 12
    }
    TextEdit {
        objectName: "value"
        Layout.fillWidth: true
        readOnly: true
        selectByMouse: true
        textFormat: TextEdit.PlainText
        text: field.value
        wrapMode: field.monospace ? TextEdit.WrapAnywhere : TextEdit.Wrap
        color: Theme.text
        font.pixelSize: 12
        font.family: field.monospace ? "monospace" : caption.font.family
    }
}
