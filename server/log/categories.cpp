#include "log/categories.h"

Q_LOGGING_CATEGORY(lcServer, "palaver.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNet, "palaver.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "palaver.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChat, "palaver.chat", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "palaver.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLimits, "palaver.limits", QtInfoMsg)
