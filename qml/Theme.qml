pragma Singleton

import QtQuick

/// The Palaver look in one place: a neutral palette with one indigo accent, sizes and radii.
QtObject {
    readonly property color background: "#ffffff"
    readonly property color surface: "#f6f6f8"
    readonly property color border: "#e4e4e7"
    readonly property color rowHover: "#ececf1"
    readonly property color rowSelected: "#e3e5fb"
    readonly property color text: "#18181b"
    readonly property color textMuted: "#71717a"
    readonly property color accent: "#4f46e5"
    readonly property color accentPressed: "#4338ca"
    readonly property color accentSoft: "#eef0ff"
    readonly property color textOnAccent: "#ffffff"
    readonly property color assistantBubble: "#f3f4f6"
    /// Behind code in an assistant's reply (on assistantBubble).
    readonly property color codeBackground: "#e4e4e9"
    /// Other people's messages in a room or DM: told apart from the assistant's grey.
    readonly property color othersBubble: "#eaf1fb"
    readonly property color danger: "#dc2626"
    readonly property color warning: "#d97706"
    /// Banners: an amber one for warnings (not encrypted, maintenance), an indigo one for news.
    readonly property color warningSoft: "#fffbeb"
    readonly property color warningBorder: "#fcd34d"
    readonly property color warningText: "#92400e"
    readonly property color infoBorder: "#c7d2fe"
    readonly property color infoText: "#3730a3"
    readonly property color success: "#16a34a"
    readonly property color idle: "#a1a1aa"

    readonly property int fontSize: 15
    readonly property int smallFontSize: 12
    readonly property int titleFontSize: 17
    readonly property int radius: 16
    readonly property int smallRadius: 10
    readonly property int spacing: 12
    readonly property int pageMargin: 24
}
