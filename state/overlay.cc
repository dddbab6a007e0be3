#include "state/overlay.h"

#include <string>
#include <utility>

#include "state/campaign_codec.h"
#include "state/keys.h"

namespace consentry {

void BatchOverlay::WantSubject(const SubjectId& subject) {
  auto [it, inserted] = subjects_.try_emplace(subject);
  // Pointers to unordered_map keys stay valid across rehashing.
  if (inserted) wanted_subjects_.push_back(&it->first);
}

void BatchOverlay::WantCampaign(const CampaignId& campaign) {
  auto [it, inserted] = campaigns_.try_emplace(campaign);
  if (inserted) wanted_campaigns_.push_back(&it->first);
}

Status BatchOverlay::Load(Store& store) {
  CONSENTRY_RETURN_IF_ERROR(LoadSubjects(store));
  return LoadCampaigns(store);
}

Status BatchOverlay::LoadSubjects(Store& store) {
  if (wanted_subjects_.empty()) return Status::Ok();
  std::vector<std::string> keys;
  keys.reserve(wanted_subjects_.size());
  for (const SubjectId* s : wanted_subjects_) keys.push_back(ConsentKey(*s));
  std::vector<std::optional<std::string>> values;
  CONSENTRY_RETURN_IF_ERROR(store.MultiGet(Family::kConsent, keys, &values));

  // Decode everything before changing anything, so a failure leaves the overlay as it was.
  std::vector<ConsentLedger> ledgers(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    auto decoded = ConsentLedger::Decode(*values[i]);
    if (!decoded.ok()) return decoded.status().WithContext("family consent");
    ledgers[i] = std::move(decoded).value();
  }
  for (size_t i = 0; i < wanted_subjects_.size(); ++i) {
    SubjectEntry& e = subjects_.at(*wanted_subjects_[i]);
    // A subject wanted again after Clear() is a new entry; an entry is only ever loaded once.
    e.ledger = std::move(ledgers[i]);
    e.loaded = true;
  }
  loaded_subjects_ += wanted_subjects_.size();
  wanted_subjects_.clear();
  return Status::Ok();
}

Status BatchOverlay::LoadCampaigns(Store& store) {
  // PutCampaign may have filled a wanted entry already; the newer in-memory value wins.
  std::vector<const CampaignId*> pending;
  pending.reserve(wanted_campaigns_.size());
  for (const CampaignId* c : wanted_campaigns_) {
    if (!campaigns_.at(*c).loaded) pending.push_back(c);
  }
  if (pending.empty()) {
    wanted_campaigns_.clear();
    return Status::Ok();
  }
  std::vector<std::string> keys;
  keys.reserve(pending.size());
  for (const CampaignId* c : pending) keys.push_back(CampaignKey(*c));
  std::vector<std::optional<std::string>> values;
  CONSENTRY_RETURN_IF_ERROR(store.MultiGet(Family::kCampaigns, keys, &values));

  std::vector<std::optional<CampaignDeclaration>> decoded(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    auto d = DecodeCampaign(*values[i]);
    if (!d.ok()) return d.status().WithContext("family campaigns");
    decoded[i] = std::move(d).value();
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    CampaignEntry& e = campaigns_.at(*pending[i]);
    e.declaration = std::move(decoded[i]);
    e.loaded = true;
  }
  loaded_campaigns_ += pending.size();
  wanted_campaigns_.clear();
  return Status::Ok();
}

const ConsentLedger& BatchOverlay::Ledger(const SubjectId& subject) const {
  static const ConsentLedger* const kEmpty = new ConsentLedger();
  auto it = subjects_.find(subject);
  if (it == subjects_.end() || !it->second.loaded) {
    ++ledger_misses_;
    return *kEmpty;
  }
  return it->second.ledger;
}

const CampaignDeclaration* BatchOverlay::Campaign(const CampaignId& campaign) const {
  auto it = campaigns_.find(campaign);
  if (it == campaigns_.end() || !it->second.declaration) return nullptr;
  return &*it->second.declaration;
}

ConsentLedger& BatchOverlay::MutableLedger(const SubjectId& subject) {
  auto it = subjects_.find(subject);
  CONSENTRY_CHECK(it != subjects_.end() && it->second.loaded);
  if (!it->second.dirty) {
    it->second.dirty = true;
    dirty_subjects_.push_back(&it->first);
  }
  return it->second.ledger;
}

void BatchOverlay::PutCampaign(CampaignDeclaration campaign) {
  auto [it, inserted] = campaigns_.try_emplace(campaign.campaign_id);
  CampaignEntry& e = it->second;
  if (!e.loaded) ++loaded_campaigns_;
  e.declaration = std::move(campaign);
  e.loaded = true;
  if (!e.dirty) {
    e.dirty = true;
    dirty_campaigns_.push_back(&it->first);
  }
}

void BatchOverlay::Flush(StoreBatch& batch) {
  for (const SubjectId* subject : dirty_subjects_) {
    SubjectEntry& e = subjects_.at(*subject);
    if (e.ledger.empty()) {
      batch.Delete(Family::kConsent, ConsentKey(*subject));
    } else {
      batch.Put(Family::kConsent, ConsentKey(*subject), e.ledger.Encode());
    }
    e.dirty = false;
  }
  dirty_subjects_.clear();
  for (const CampaignId* campaign : dirty_campaigns_) {
    CampaignEntry& e = campaigns_.at(*campaign);
    CONSENTRY_CHECK(e.declaration.has_value());
    batch.Put(Family::kCampaigns, CampaignKey(*campaign), EncodeCampaign(*e.declaration));
    e.dirty = false;
  }
  dirty_campaigns_.clear();
}

void BatchOverlay::Clear() {
  subjects_.clear();
  campaigns_.clear();
  wanted_subjects_.clear();
  wanted_campaigns_.clear();
  dirty_subjects_.clear();
  dirty_campaigns_.clear();
  loaded_subjects_ = 0;
  loaded_campaigns_ = 0;
  ledger_misses_ = 0;
}

}  // namespace consentry
