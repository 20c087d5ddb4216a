import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The top of the chat: the title, the model picker, the conversation settings, the People button
/// of a room or DM, and items given as children at the right (the connection indicator).
Item {
    id: header

    property string title
    /// Shown while `title` is empty ("New chat").
    property string fallbackTitle: qsTr("New chat")
    /// Under the title (shown when there is no model picker).
    property string subtitle
    /// The server's models; the picker shows when there are some.
    property ModelListModel models
    /// The model id of the open conversation.
    property string currentModel
    /// The user may change the model and the settings (an AI chat, or a room they own); the
    /// others see the model without a way to change it.
    property bool canEdit: true
    /// A room or DM: the People button shows.
    property bool multiUser: false
    /// The member panel is open (the People button looks pressed).
    property bool membersShown: false
    /// Items shown at the right.
    default property alias items: row.data

    signal modelRequested(string modelId)
    signal settingsRequested
    signal membersToggleRequested

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
                textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                text: header.title.length > 0 ? header.title : header.fallbackTitle
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: Theme.titleFontSize
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                visible: header.subtitle.length > 0 && !picker.visible
                textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                text: header.subtitle
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
            }
        }
        ModelPicker {
            id: picker
            visible: header.models !== null && header.models.count > 0
            enabled: header.canEdit
            models: header.models
            currentModel: header.currentModel
            onModelRequested: id => header.modelRequested(id)
        }
        GhostButton {
            objectName: "settingsButton"
            visible: header.canEdit
            text: qsTr("Settings")
            onClicked: header.settingsRequested()
        }
        GhostButton {
            objectName: "membersToggle"
            visible: header.multiUser
            text: qsTr("People")
            textColor: header.membersShown ? Theme.accent : Theme.textMuted
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: header.membersShown ? qsTr("Hide the people") : qsTr("Show the people")
            onClicked: header.membersToggleRequested()
        }
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.border
    }
}
