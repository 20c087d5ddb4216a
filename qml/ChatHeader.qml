import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The top of the chat: the title, the model picker, the conversation settings, and items given
/// as children at the right (the connection indicator).
Item {
    id: header

    property string title
    /// Under the title (shown when there is no model picker).
    property string subtitle
    /// The server's models; the picker shows when there are some.
    property ModelListModel models
    /// The model id of the open conversation.
    property string currentModel
    /// Items shown at the right.
    default property alias items: row.data

    signal modelRequested(string modelId)
    signal settingsRequested

    implicitHeight: 60

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.pageMargin
        anchors.rightMargin: Theme.pageMargin
        spacing: 12

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0

            Label {
                objectName: "chatTitle"
                Layout.fillWidth: true
                text: header.title.length > 0 ? header.title : qsTr("New chat")
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.titleFontSize
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                visible: header.subtitle.length > 0 && !picker.visible
                text: header.subtitle
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
        }
        ModelPicker {
            id: picker
            visible: header.models !== null && header.models.count > 0
            models: header.models
            currentModel: header.currentModel
            onModelRequested: id => header.modelRequested(id)
        }
        GhostButton {
            objectName: "settingsButton"
            text: qsTr("Settings")
            onClicked: header.settingsRequested()
        }
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.border
    }
}
