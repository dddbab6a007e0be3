#pragma once
// How each input that is not an outbound message changes state: consent decisions go into the
// subject's ledger, STOP replies and unsubscribe clicks become withdrawals in it, suppression
// entries into the subject's do-not-contact history, campaign declarations into the campaign's
// versions. Complaints and bounces change no consent state (the sender-level rates use them).
//
// Two steps, so a batch loads everything with one MultiGet per family: WantKeys() for every
// update, one BatchOverlay::Load(), then Apply() in arrival order.

#include <optional>
#include <string>

#include "core/events.h"
#include "state/campaign_history.h"
#include "state/overlay.h"

namespace consentry {

// Records the keys Apply(event) will read or change.
void WantKeys(const Event& event, BatchOverlay& overlay);

enum class ApplyResult {
  kApplied,    // state changed
  kUnchanged,  // a redelivery, or an input that changes no state
  kConflict,   // the (tenant, event id) is known with other content: dead-letter it
};

// Applies one non-outbound event to loaded state. Outbound messages are not state updates and
// are our bug here (checked).
ApplyResult Apply(Event event, BatchOverlay& overlay);

// The withdrawal a STOP reply or unsubscribe click stands for: marketing on that channel for
// that tenant, narrowed to the campaign's marketing purposes when the record names a campaign
// whose declaration in force at `at` declares some. nullopt for complaints and bounces.
std::optional<ConsentEvent> WithdrawalFor(const FeedbackEvent& feedback,
                                          const CampaignHistory* campaign);

}  // namespace consentry
