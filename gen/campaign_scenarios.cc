// Campaign declarations (campaign.v1, a global table) and the scenarios judged against them:
//   - purpose.mismatch: the message's purpose is not the declared one or under it, or its
//     channel is not among the declared channels (a transactional message under a marketing
//     campaign included);
//   - purpose.undeclared: no declaration of the message's tenant in force at sent_at
//     (valid_from inclusive, valid_to exclusive; never declared; another tenant's campaign);
//   - a new version with a later valid_from applies from that instant (latest valid_from wins);
//   - data_source.unconsented: a targeting source the declaration does not allow; a
//     declaration without allowed_data_sources allows only first_party.
// Every subject consents to all marketing on every channel here, so no consent rule fires.

#include "gen/kit.h"

namespace consentry::gen_internal {
namespace {

const std::vector<std::string> kCatalogueTenants = {"acme", "globex"};
const Timestamp kCatalogueFrom = Utc(2025, 1, 1);
// season-<tenant> version 2 applies from here (email before, SMS after).
const Timestamp kSeasonSwitch = Utc(2026, 3, 9);

void GrantAllMarketing(Kit& k) {
  k.Decide({.channels = {"*"}, .purposes = {"marketing"}, .at = k.history()});
}

void ParentDeclaration(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.campaign = "brand-" + k.tenant()}, k.first_send(), {});
}

void PurposeOutside(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.channel = "email", .purpose = "marketing.advertising",
             .campaign = "news-" + k.tenant()},
            k.first_send(), {kPurposeMismatch});
}

void ChannelOutside(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.channel = "sms", .purpose = "marketing.communications.sms",
             .campaign = "news-" + k.tenant()},
            k.first_send(), {kPurposeMismatch});
}

void TransactionalUnderMarketing(Kit& k) {
  k.SendRun({.purpose = "essential.service.transactional"}, k.first_send(), {kPurposeMismatch});
}

void NeverDeclared(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.campaign = "ghost-" + k.subject()}, k.first_send(), {kPurposeUndeclared});
}

void NotYetValid(Kit& k) {
  GrantAllMarketing(k);
  const std::string id = "launch-" + k.subject();
  const Timestamp from = k.first_send() + hours(1);
  k.Declare({.campaign_id = id, .tenant = k.tenant(), .purposes = {k.Marketing()},
             .channels = {k.channel()}, .valid_from = from});
  k.Send({.at = from - seconds(1), .campaign = id}, {kPurposeUndeclared});
  k.Send({.at = from, .campaign = id}, {});
  k.Send({.at = from + hours(2), .campaign = id}, {});
}

void Expired(Kit& k) {
  GrantAllMarketing(k);
  const std::string id = "sale-" + k.subject();
  const Timestamp to = k.first_send() + hours(1);
  k.Declare({.campaign_id = id, .tenant = k.tenant(), .purposes = {k.Marketing()},
             .channels = {k.channel()}, .valid_from = kCatalogueFrom, .valid_to = to});
  k.Send({.at = to - hours(1), .campaign = id}, {});
  k.Send({.at = to - seconds(1), .campaign = id}, {});
  k.Send({.at = to, .campaign = id}, {kPurposeUndeclared});
}

void OtherTenantsCampaign(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.campaign = "camp-" + k.other_tenant() + "-" + k.channel()}, k.first_send(),
            {kPurposeUndeclared});
}

// season-<tenant>: version 1 (email) since 2025, version 2 (SMS) from kSeasonSwitch.
void UpdatedMidStream(Kit& k) {
  GrantAllMarketing(k);
  const std::string id = "season-" + k.tenant();
  const Timestamp before = kSeasonSwitch - hours(1);
  k.Send({.channel = "email", .at = before, .campaign = id}, {});
  k.Send({.channel = "sms", .at = before + minutes(5), .campaign = id}, {kPurposeMismatch});
  k.Send({.channel = "email", .at = kSeasonSwitch, .campaign = id}, {kPurposeMismatch});
  k.Send({.channel = "sms", .at = kSeasonSwitch + minutes(5), .campaign = id}, {});
  k.Send({.channel = "sms", .at = kSeasonSwitch + kDay, .campaign = id}, {});
}

void DataSourceUndeclared(Kit& k) {
  GrantAllMarketing(k);
  k.SendRun({.data_sources = {"first_party", "third_party:acme-data"}}, k.first_send(),
            {kDataSourceUnconsented});
}

// partner-<tenant> allows first_party and third_party:lists-r-us.
void DataSourcePartner(Kit& k) {
  GrantAllMarketing(k);
  const std::string id = "partner-" + k.tenant();
  k.Send({.channel = "email", .at = k.first_send(), .campaign = id,
          .data_sources = {"third_party:lists-r-us"}},
         {});
  k.Send({.channel = "email", .at = k.first_send() + hours(2), .campaign = id,
          .data_sources = {"first_party", "third_party:shady-leads"}},
         {kDataSourceUnconsented});
}

}  // namespace

void DeclareCatalogue(Stream& stream) {
  for (const std::string& t : kCatalogueTenants) {
    auto add = [&](Declaration d, Timestamp arrival = kFirst) {
      d.tenant = t;
      if (!d.valid_from) d.valid_from = kCatalogueFrom;
      stream.Add(arrival, ToJson(d));
    };
    for (const char* c : {"email", "sms", "push", "voice"}) {
      add({.campaign_id = "camp-" + t + "-" + c,
           .purposes = {std::string("marketing.communications.") + c},
           .channels = {c}});
    }
    add({.campaign_id = "ops-" + t, .purposes = {"essential"}});
    add({.campaign_id = "brand-" + t, .purposes = {"marketing"}});
    add({.campaign_id = "news-" + t, .purposes = {"marketing.communications"},
         .channels = {"email"}});
    add({.campaign_id = "ads-" + t, .purposes = {"marketing.advertising"}, .channels = {"email"}});
    add({.campaign_id = "partner-" + t, .purposes = {"marketing.communications.email"},
         .channels = {"email"}, .allowed_data_sources = {"first_party", "third_party:lists-r-us"}});
    add({.campaign_id = "season-" + t, .purposes = {"marketing.communications.email"},
         .channels = {"email"}});
    // Version 2 arrives mid-stream, three days before it applies.
    add({.campaign_id = "season-" + t, .purposes = {"marketing.communications.sms"},
         .channels = {"sms"}, .valid_from = kSeasonSwitch},
        kSeasonSwitch - 3 * kDay);
  }
}

void AddCampaignScenarios(std::vector<Scenario>& out) {
  out.insert(out.end(), {
      {"campaign_declares_parent_purpose", kPurposeMismatch, 12, ParentDeclaration},
      {"purpose_outside_declaration", kPurposeMismatch, 15, PurposeOutside},
      {"channel_outside_declaration", kPurposeMismatch, 15, ChannelOutside},
      {"transactional_under_marketing_campaign", kPurposeMismatch, 8, TransactionalUnderMarketing},
      {"campaign_never_declared", kPurposeUndeclared, 15, NeverDeclared},
      {"campaign_not_yet_valid", kPurposeUndeclared, 12, NotYetValid},
      {"campaign_declaration_expired", kPurposeUndeclared, 12, Expired},
      {"campaign_of_other_tenant", kPurposeUndeclared, 10, OtherTenantsCampaign},
      {"campaign_updated_mid_stream", kPurposeMismatch, 15, UpdatedMidStream},
      {"data_source_undeclared", kDataSourceUnconsented, 20, DataSourceUndeclared},
      {"data_source_declared_partner", kDataSourceUnconsented, 12, DataSourcePartner},
  });
}

}  // namespace consentry::gen_internal
