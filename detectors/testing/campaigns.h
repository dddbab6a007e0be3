#pragma once
// Builders for the campaign, content and suppression detector tests: campaign declarations of
// tenant "acme" and do-not-contact entries of the test subject.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/events.h"
#include "detectors/testing/events.h"

namespace consentry::testing {

inline constexpr char kCampaign[] = "spring-sale";

// A declaration of kCampaign for tenant "acme", valid over [from, to) (nullopt: open).
inline CampaignDeclaration Declaration(std::vector<std::string> purposes,
                                       std::optional<Timestamp> from = std::nullopt,
                                       std::optional<Timestamp> to = std::nullopt) {
  CampaignDeclaration d;
  d.campaign_id = CampaignId(kCampaign);
  d.tenant = TenantId(kTenant);
  d.declared_purposes = std::move(purposes);
  d.valid_from = from;
  d.valid_to = to;
  d.owner = "growth-team";
  return d;
}

inline CampaignDeclaration WithChannels(CampaignDeclaration d, std::vector<Channel> channels) {
  d.channels = ChannelSet{.all = false, .channels = std::move(channels)};
  return d;
}

// A message of kCampaign.
inline OutboundEvent CampaignMessage(Channel channel, std::string purpose,
                                     std::string jurisdiction, Timestamp sent_at) {
  OutboundEvent m = Message(channel, std::move(purpose), std::move(jurisdiction), sent_at);
  m.campaign_id = CampaignId(kCampaign);
  return m;
}

// An entry of the test subject on `list`, for tenant "acme" (tenant "" = every tenant), on every
// channel unless `channels` is given.
inline SuppressionEvent Entry(SuppressionList list, Timestamp added_at,
                              std::optional<Timestamp> removed_at = std::nullopt,
                              std::string tenant = kTenant,
                              std::optional<std::vector<Channel>> channels = std::nullopt) {
  SuppressionEvent e;
  e.subject = SubjectId(kSubject);
  e.list = list;
  e.added_at = added_at;
  e.removed_at = removed_at;
  e.tenant = TenantId(std::move(tenant));
  if (channels) e.channels = ChannelSet{.all = false, .channels = std::move(*channels)};
  return e;
}

}  // namespace consentry::testing
