#pragma once
// Reads an alert.v1 record back (what `serve` consumes from `consentry.alerts`): the inverse of
// ToJson (alerts/alert.h), so DecodeAlert(ToJson(a)) gives `a` again. Strict, as the input
// decoders are: a wrong schema, a missing required field, a wrong type, an unknown kind or a bad
// time is an InvalidArgument naming the field (never the field's value: alerts carry subject
// ids). Unknown fields are ignored, so a newer producer's additions do not stop an older reader.
// Never crashes on any input (fuzz/alert_fuzz.cc).

#include <string_view>

#include "alerts/alert.h"
#include "core/status.h"

namespace consentry {

// Records larger than this are refused (an alert is ~1.5 KB; its evidence is bounded).
inline constexpr size_t kMaxAlertBytes = 1 << 20;

StatusOr<Alert> DecodeAlert(std::string_view json);

}  // namespace consentry
