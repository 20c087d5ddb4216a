#include "logging.h"

Q_LOGGING_CATEGORY(lcPalaverAi, "palaver.ai")
