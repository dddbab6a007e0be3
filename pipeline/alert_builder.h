#pragma once
// Turns a detector's finding about one message into the alert.v1 record consentry publishes.

#include "alerts/alert.h"
#include "core/events.h"
#include "core/time.h"
#include "detectors/detector.h"

namespace consentry {

// The alert for `finding` on `message`, detected at `now`. Its id hashes the detector, rule
// version, tenant and event id (alerts/alert.h), so a replay gives the same id.
Alert BuildAlert(Finding finding, const OutboundEvent& message, Timestamp now);

}  // namespace consentry
