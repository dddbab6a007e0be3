#pragma once
// The answer to "which of this subject's consent decisions did its alerts rest on" (POST
// /api/subject, docs/api.md): the subject's alerts as serve received them, and each consent
// decision their evidence quotes (alerts/quoted_decisions.h), once, oldest first, with the
// alerts that quote it. The full timeline, decisions no alert quoted included, is `consentry
// explain` on the `run` instance that owns the subject.

#include <string>

#include "app/serve_core.h"
#include "core/ids.h"

namespace consentry {

std::string SubjectViewJson(const SubjectId& subject, const TenantId& tenant,
                            const SubjectAlerts& found);

}  // namespace consentry
