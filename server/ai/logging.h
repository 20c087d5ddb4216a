#pragma once

#include <QLoggingCategory>

/// Log category of the LLM providers ("palaver.ai").
Q_DECLARE_LOGGING_CATEGORY(lcPalaverAi)
