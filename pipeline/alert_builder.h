#pragma once
// Turns a detector's finding about one message into the alert.v1 record consentry publishes.

#include "alerts/alert.h"
#include "core/events.h"
#include "core/time.h"
#include "detectors/detector.h"
#include "detectors/sender/sender_detector.h"

namespace consentry {

// The alert for `finding` on `message`, detected at `now`. Its id hashes the detector, rule
// version, tenant and event id (alerts/alert.h), so a replay gives the same id.
Alert BuildAlert(Finding finding, const OutboundEvent& message, Timestamp now);

// The alert for a sender-level window, detected at `now`. Its id hashes the detector, rule
// version, tenant, entity and window start; its event time is the window's end.
Alert BuildWindowAlert(SenderFinding finding, Timestamp now);

}  // namespace consentry
