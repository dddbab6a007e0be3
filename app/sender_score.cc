#include "app/sender_score.h"

#include <bit>
#include <cstdint>
#include <map>

namespace consentry {
namespace {

constexpr std::string_view kContent = "content:";
constexpr int kMaxContentDistance = 3;

std::optional<uint64_t> ContentFingerprint(std::string_view entity) {
  if (!entity.starts_with(kContent)) return std::nullopt;
  const std::string_view hex = entity.substr(kContent.size());
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (const char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    v = v << 4 | static_cast<uint64_t>(digit);
  }
  return v;
}

}  // namespace

bool EntitiesMatch(std::string_view label_entity, std::string_view alert_entity) {
  const auto a = ContentFingerprint(label_entity), b = ContentFingerprint(alert_entity);
  if (a && b) return std::popcount(*a ^ *b) <= kMaxContentDistance;
  return label_entity == alert_entity;
}

bool Matches(const SenderLabelRow& label, const SenderAlert& alert) {
  if (label.detector != alert.detector || label.tenant != alert.tenant) return false;
  if (!alert.window_start || !alert.window_end) return false;
  return *alert.window_start < label.to && label.from < *alert.window_end &&
         EntitiesMatch(label.entity, alert.entity);
}

std::vector<SenderScore> ScoreSenders(const std::vector<SenderLabelRow>& labels,
                                      const std::vector<SenderAlert>& alerts) {
  std::map<std::string, SenderScore> by_detector;
  for (const SenderLabelRow& l : labels) {
    SenderScore& s = by_detector[l.detector];
    if (!l.positive) continue;
    ++s.positives;
    for (const SenderAlert& a : alerts) {
      if (Matches(l, a)) {
        ++s.found;
        break;
      }
    }
  }
  for (const SenderAlert& a : alerts) {
    SenderScore& s = by_detector[a.detector];
    ++s.alerts;
    bool positive = false, negative = false;
    for (const SenderLabelRow& l : labels) {
      if (!Matches(l, a)) continue;
      (l.positive ? positive : negative) = true;
    }
    s.on_positive += positive;
    s.on_negative += negative;
  }
  std::vector<SenderScore> out;
  for (auto& [detector, s] : by_detector) {
    s.detector = detector;
    out.push_back(s);
  }
  return out;
}

}  // namespace consentry
