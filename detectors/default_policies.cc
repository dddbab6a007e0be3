#include "detectors/default_policies.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Sources: design.md section 2 as corrected by the legal fact-check in
// ../shared/notes/legal-sources.md. Every clause says what it is: law, regulator guidance,
// a provider's policy, or consentry's own policy where no law sets the rule.

namespace consentry {
namespace {

using Kind = Policy::ClauseKind;
using Cited = Policy::CitedClause;
using ChannelConsent = Policy::ChannelConsent;

// The channels that carry "electronic mail" in the sense of ePrivacy art. 13 and CASL's
// commercial electronic messages (voice here means automated calls and voicemail).
constexpr Channel kElectronicMail[] = {Channel::kEmail, Channel::kSms,      Channel::kMms,
                                       Channel::kVoice, Channel::kWhatsapp, Channel::kInApp};

// Every legal basis but consent and soft opt-in (ePrivacy art. 13(1)-(2) knows only these two).
const std::vector<LegalBasis> kNotConsentOrSoftOptIn = {
    LegalBasis::kExistingRelationship, LegalBasis::kLegitimateInterest, LegalBasis::kContract,
    LegalBasis::kLegalObligation};
// Every legal basis but consent (TCPA: prior express (written) consent only).
const std::vector<LegalBasis> kNotConsent = {
    LegalBasis::kSoftOptIn, LegalBasis::kExistingRelationship, LegalBasis::kLegitimateInterest,
    LegalBasis::kContract, LegalBasis::kLegalObligation};
// CASL s. 10 knows express consent and the implied consent of s. 10(9) (an existing business or
// non-business relationship, which consentry records as existing_relationship or soft_opt_in,
// and contracts); a legitimate interest or a legal obligation is neither.
const std::vector<LegalBasis> kNotCaslConsent = {LegalBasis::kLegitimateInterest,
                                                 LegalBasis::kLegalObligation};

}  // namespace

Policy BuiltinDefaultPolicy() {
  return Policy{
      .name = "default",
      .withdrawal_window = HonouringWindow::Immediate(),
      .withdrawal_clause = {{"honour a withdrawal at once (no jurisdiction-specific rule applies)",
                             "consentry policy (default)"},
                            Kind::kConsentryPolicy},
      .consent_clause = {{"marketing messages need prior consent (no jurisdiction-specific rule "
                          "applies)",
                          "consentry policy (default)"},
                         Kind::kConsentryPolicy},
  };
}

Policy BuiltinEuPolicy() {
  const Cited eprivacy{{"marketing by electronic mail (email, SMS, MMS, automated calls and "
                        "voicemail, in-app and social direct messages; WhatsApp treated the same) "
                        "needs prior consent, or soft opt-in for the sender's own similar products",
                        "ePrivacy Directive 2002/58/EC art. 13(1)-(2)"},
                       Kind::kLaw};
  Policy eu{
      .name = "EU",
      // Calendar time, not business days: GDPR asks for "without undue delay" and has no notion
      // of business days, and a member-state holiday calendar would only lengthen the grace.
      .withdrawal_window = HonouringWindow::CalendarTime(std::chrono::hours(48)),
      .withdrawal_clause = {{"honour a withdrawal of consent or an objection to direct marketing "
                             "without undue delay; the 2-day grace for messages already queued is "
                             "consentry's product choice, not a statutory period (art. 12(3)'s "
                             "month is for answering requests)",
                             "GDPR art. 7(3), 21(2)-(3)"},
                            Kind::kLaw},
      .consent_clause = eprivacy,
  };
  const Cited eprivacy_basis{{"only consent, or soft opt-in for the sender's own similar "
                              "products, allows marketing by electronic mail; no other legal "
                              "basis (legitimate interest, contract, existing relationship, legal "
                              "obligation) does",
                              "ePrivacy Directive 2002/58/EC art. 13(1)-(2)"},
                             Kind::kLaw};
  for (Channel c : kElectronicMail) {
    eu.consent_by_channel[c] = {.required = true,
                                .clause = eprivacy,
                                .not_a_consent_basis = kNotConsentOrSoftOptIn,
                                .not_a_consent_basis_clause = eprivacy_basis};
  }
  // No regulator has said whether push notifications are electronic mail: treat them as such.
  eu.consent_by_channel[Channel::kPush] = {
      .required = true,
      .clause = {{"marketing push notifications need prior consent: consentry treats them as "
                  "electronic mail (a conservative reading no regulator has confirmed)",
                  "consentry policy, after ePrivacy Directive 2002/58/EC art. 13(1)"},
                 Kind::kConsentryPolicy},
      .not_a_consent_basis = kNotConsentOrSoftOptIn,
      .not_a_consent_basis_clause = {{eprivacy_basis.clause.rule + " (consentry treats push "
                                      "notifications as electronic mail)",
                                      "consentry policy, after ePrivacy Directive 2002/58/EC "
                                      "art. 13(1)-(2)"},
                                     Kind::kConsentryPolicy}};
  eu.consent_by_channel[Channel::kLetter] = {
      .required = false,
      .clause = {{"marketing letters need no prior consent (outside ePrivacy art. 13), but an "
                  "objection stops them",
                  "ePrivacy Directive 2002/58/EC art. 13; GDPR art. 21(2)-(3)"},
                 Kind::kLaw}};
  eu.third_party = {
      .must_name_sender = true,
      .clause = {{"consent collected by a third party must name this sender (or a sufficiently "
                  "defined class of senders)",
                  "UK ICO guidance on PECR reg. 22 (indirect consent)"},
                 Kind::kGuidance}};
  return eu;
}

Policy BuiltinUsPolicy() {
  const Cited fcc{{"honour a revocation of consent to calls and texts, made by any reasonable "
                   "means (STOP, quit, end, revoke, opt out, cancel, unsubscribe), within 10 "
                   "business days",
                   "47 CFR 64.1200(a)(10), (d)(3) (FCC 24-24, in force 2025-04-11)"},
                  Kind::kLaw};
  const ChannelConsent tcpa{
      .required = true,
      .clause = {{"autodialed, prerecorded or artificial-voice marketing calls and texts need "
                  "prior express written consent",
                  "47 CFR 64.1200(a)(2)-(3) (TCPA)"},
                 Kind::kLaw},
      .not_a_consent_basis = kNotConsent,
      .not_a_consent_basis_clause = {{"only the person's prior express (written, for "
                                      "telemarketing) consent allows autodialed, prerecorded or "
                                      "artificial-voice calls and texts; no other legal basis "
                                      "does",
                                      "47 CFR 64.1200(a)(2)-(3) (TCPA)"},
                                     Kind::kLaw},
      .not_a_consent_basis_clause_by_basis = {
          {LegalBasis::kExistingRelationship,
           {{"an existing business relationship is never consent for marketing texts or "
             "autodialed calls; it only lets live voice calls through do-not-call suppression",
             "47 CFR 64.1200(f)(5)"},
            Kind::kLaw}}}};
  Policy us{
      .name = "US",
      .withdrawal_window = HonouringWindow::BusinessDays(10),
      .withdrawal_clause = {{"honour an opt-out within 10 business days (consentry product "
                             "policy: no US statute sets a deadline for this channel)",
                             "consentry policy"},
                            Kind::kConsentryPolicy},
      .withdrawal_clause_by_channel = {{Channel::kSms, fcc},
                                       {Channel::kMms, fcc},
                                       {Channel::kVoice, fcc},
                                       {Channel::kEmail,
                                        {{"honour an email opt-out within 10 business days",
                                          "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)"},
                                         Kind::kLaw}}},
      .consent_clause = tcpa.clause,
      .consent_by_channel =
          {{Channel::kSms, tcpa},
           {Channel::kMms, tcpa},
           {Channel::kVoice, tcpa},
           {Channel::kEmail,
            {.required = false,
             .clause = {{"marketing email needs no prior consent (an opt-out regime, B2B "
                         "included); an opt-out must be honoured",
                         "CAN-SPAM 15 U.S.C. 7704(a)(4)(A)"},
                        Kind::kLaw}}},
           {Channel::kPush,
            {.required = true,
             .clause = {{"marketing push notifications need the person's explicit opt-in",
                         "Apple App Store Review Guidelines 4.5.4 (provider policy, not law)"},
                        Kind::kProviderPolicy}}},
           {Channel::kWhatsapp,
            {.required = true,
             .clause = {{"business-initiated WhatsApp messages need the person's opt-in",
                         "WhatsApp Business Messaging Policy (Meta; provider policy, not law)"},
                        Kind::kProviderPolicy}}},
           {Channel::kInApp,
            {.required = false,
             .clause = {{"in-app marketing messages need no prior consent in the US",
                         "consentry policy (no US statute requires it)"},
                        Kind::kConsentryPolicy}}},
           {Channel::kLetter,
            {.required = false,
             .clause = {{"marketing letters need no prior consent in the US",
                         "consentry policy (no US statute requires it)"},
                        Kind::kConsentryPolicy}}}},
      // The earliest-closing zone of the contiguous US: stricter than any recipient's zone.
      .calendar = "US",
      .time_zone = "America/New_York",
  };
  // DA 26-12 delayed revoke-all to 2027-01-31: midnight in New York (EST, no DST in January).
  const auto from = ParseRfc3339("2027-01-31T00:00:00-05:00");
  CONSENTRY_CHECK(from.ok());
  us.revoke_all = {
      .from = *from,
      .channels = {Channel::kVoice, Channel::kSms, Channel::kMms},
      .clause = {{"a revocation of consent to any call or text covers all of the caller's "
                  "robocalls and robotexts, on any subject (revoke-all)",
                  "47 CFR 64.1200(a)(10) (FCC 24-24; compliance date 2027-01-31, DA 26-12)"},
                 Kind::kLaw}};
  // ---- Quiet hours: the TCPA's calling hours, 08:00-21:00 in the called party's local time.
  us.quiet_hours = {
      {.channels = {Channel::kVoice},
       .from_minute = 8 * 60,
       .to_minute = 21 * 60,
       .clause = {{"no telephone solicitation before 8 a.m. or after 9 p.m. in the called "
                   "party's local time",
                   "47 CFR 64.1200(c)(1) (TCPA)"},
                  Kind::kLaw}},
      {.channels = {Channel::kSms, Channel::kMms},
       .from_minute = 8 * 60,
       .to_minute = 21 * 60,
       .clause = {{"no marketing text before 8 a.m. or after 9 p.m. in the recipient's local time "
                   "(whether the calling-hours rule reaches texts is being litigated; consentry "
                   "applies it to texts too)",
                   "47 CFR 64.1200(c)(1) (TCPA)"},
                  Kind::kLaw}},
  };
  // ---- end of quiet hours
  return us;
}

Policy BuiltinCaPolicy() {
  const Cited casl{{"commercial electronic messages need express or implied consent",
                    "CASL s. 6(1)"},
                   Kind::kLaw};
  Policy ca{
      .name = "CA",
      .withdrawal_window = HonouringWindow::BusinessDays(10),
      .withdrawal_clause = {{"honour an unsubscribe without delay, at most within 10 business "
                             "days",
                             "CASL s. 11(3)"},
                            Kind::kLaw},
      .consent_clause = casl,
      .calendar = "CA",
      .time_zone = "America/Toronto",
  };
  const Cited casl_basis{{"a legitimate interest or a legal obligation is neither express nor "
                          "implied consent to commercial electronic messages",
                          "CASL s. 6(1), s. 10"},
                         Kind::kLaw};
  for (Channel c : kElectronicMail) {
    ca.consent_by_channel[c] = {.required = true,
                                .clause = casl,
                                .not_a_consent_basis = kNotCaslConsent,
                                .not_a_consent_basis_clause = casl_basis};
  }
  ca.consent_by_channel[Channel::kPush] = {
      .required = true,
      .clause = {{"marketing push notifications need express or implied consent: consentry "
                  "treats them as commercial electronic messages (a conservative reading)",
                  "consentry policy, after CASL s. 6(1)"},
                 Kind::kConsentryPolicy},
      .not_a_consent_basis = kNotCaslConsent,
      .not_a_consent_basis_clause = {{casl_basis.clause.rule + " (consentry treats push "
                                      "notifications as commercial electronic messages)",
                                      "consentry policy, after CASL s. 6(1), s. 10"},
                                     Kind::kConsentryPolicy}};
  ca.consent_by_channel[Channel::kVoice] = {
      .required = true,
      .clause = {{"automated marketing calls need prior consent (CASL s. 6(8) excludes voice "
                  "calls; consentry keeps requiring consent)",
                  "consentry policy (the CRTC Unsolicited Telecommunications Rules govern "
                  "automated calls)"},
                 Kind::kConsentryPolicy},
      .not_a_consent_basis = kNotCaslConsent,
      .not_a_consent_basis_clause = {{"a legitimate interest or a legal obligation is not "
                                      "consent to automated marketing calls",
                                      "consentry policy, after CASL s. 6(1), s. 10 (CASL s. 6(8) "
                                      "excludes voice calls)"},
                                     Kind::kConsentryPolicy}};
  // CASL s. 11(3) is about unsubscribing from commercial electronic messages; voice calls
  // (s. 6(8)), letters and push notifications (not confirmed as electronic messages) fall
  // outside it, so their 10-business-day window is consentry's policy.
  ca.withdrawal_clause_by_channel = {
      {Channel::kVoice,
       {{"honour a request to stop marketing calls within 10 business days (consentry policy: "
         "CASL s. 6(8) excludes voice calls)",
         "consentry policy (the CRTC Unsolicited Telecommunications Rules govern telemarketing "
         "and automated calls, including do-not-call requests; their deadline was not checked "
         "against this window)"},
        Kind::kConsentryPolicy}},
      {Channel::kLetter,
       {{"honour a request to stop marketing letters within 10 business days (no Canadian "
         "statute sets a deadline for letters)",
         "consentry policy"},
        Kind::kConsentryPolicy}},
      {Channel::kPush,
       {{"honour an opt-out of push notifications within 10 business days (consentry treats "
         "them as commercial electronic messages, a reading no regulator has confirmed)",
         "consentry policy, after CASL s. 11(3)"},
        Kind::kConsentryPolicy}}};
  ca.consent_by_channel[Channel::kLetter] = {
      .required = false,
      .clause = {{"marketing letters need no prior consent (not electronic messages)",
                  "CASL s. 6(1) (electronic messages only)"},
                 Kind::kLaw}};
  ca.implied_consent_expiry = {
      .enabled = true,
      .clause = {{"implied consent from a purchase or contract lasts 2 years, from an inquiry 6 "
                  "months; express consent does not expire",
                  "CASL s. 10(9)(a), 10(10)"},
                 Kind::kLaw}};
  return ca;
}

// ---- Quiet hours: US states with calling hours stricter than the TCPA's.
std::vector<Policy> BuiltinUsStatePolicies(const Policy& us) {
  // A state's window for calls, and for texts with a note on how sure the reach to texts is.
  const auto state = [&us](std::string name, std::string source, std::string texts_note,
                           std::optional<Timestamp> in_force_from) {
    Policy p = us;
    p.name = std::move(name);
    const std::string hours = "before 8 a.m. or after 8 p.m. in the recipient's local time";
    p.quiet_hours = {
        {.channels = {Channel::kVoice},
         .from_minute = 8 * 60,
         .to_minute = 20 * 60,
         .in_force_from = in_force_from,
         .clause = {{"no telephone solicitation call " + hours, source}, Kind::kLaw}},
        {.channels = {Channel::kSms, Channel::kMms},
         .from_minute = 8 * 60,
         .to_minute = 20 * 60,
         .in_force_from = in_force_from,
         .clause = {{"no marketing text " + hours + " (" + texts_note + ")", source},
                    Kind::kLaw}},
    };
    return p;
  };
  // In-force dates are local midnight: Maryland in New York's zone (EST), Oklahoma in
  // Chicago's (CDT until 2022-11-06).
  const auto md_from = ParseRfc3339("2024-01-01T00:00:00-05:00");
  const auto ok_from = ParseRfc3339("2022-11-01T00:00:00-05:00");
  CONSENTRY_CHECK(md_from.ok() && ok_from.ok());
  std::vector<Policy> states;
  // The Florida Telemarketing Act (SB 1120, 2021), not the FTSA (§501.059).
  states.push_back(state("US-FL", "Fla. Stat. §501.616(6)(a)",
                         "whether §501.616 reaches texts is unconfirmed; consentry applies it to "
                         "texts too",
                         std::nullopt));
  states.push_back(state("US-MD",
                         "Md. Com. Law §14-4501 ff. (Stop the Spam Calls Act of 2023, in force "
                         "2024-01-01)",
                         "the Act covers calls and texts", *md_from));
  states.push_back(state("US-OK",
                         "15 O.S. §775C.1 ff. (Oklahoma Telephone Solicitation Act, in force "
                         "2022-11-01)",
                         "the Act covers texts", *ok_from));
  return states;
}
// ---- end of quiet hours

// ---- frequency.cap
std::map<std::string, std::vector<FrequencyCap>> BuiltinFrequencyCaps() {
  // Each statute caps telephone solicitations "on the same subject matter" per person in 24 h,
  // whatever number they come from: per tenant and recipient, per subject matter, voice, SMS and
  // MMS together.
  const auto cap = [](std::string name, std::string source, std::string texts_note,
                      std::optional<Timestamp> in_force_from) {
    return FrequencyCap{
        .name = std::move(name),
        .max = 3,
        .window = std::chrono::hours(24),
        .channels = {Channel::kVoice, Channel::kSms, Channel::kMms},
        .purposes = {"marketing"},
        .per_purpose = true,
        .in_force_from = in_force_from,
        .clause = {{"no more than 3 telephone solicitation calls or texts to one person in 24 "
                    "hours on the same subject matter, whatever number they come from (" +
                        texts_note + ")",
                    std::move(source)},
                   Kind::kLaw}};
  };
  // In-force dates at local midnight, as the quiet hours of these states (New York's zone for
  // Maryland, Chicago's, on CDT, for Oklahoma).
  const auto md_from = ParseRfc3339("2024-01-01T00:00:00-05:00");
  const auto ok_from = ParseRfc3339("2022-11-01T00:00:00-05:00");
  CONSENTRY_CHECK(md_from.ok() && ok_from.ok());
  std::map<std::string, std::vector<FrequencyCap>> caps;
  // The Florida Telemarketing Act (SB 1120, 2021), not the FTSA (§501.059).
  caps["US-FL"] = {cap("US-FL 3 per 24 h", "Fla. Stat. §501.616(6)(b)",
                       "whether §501.616 reaches texts is unconfirmed; consentry counts texts too",
                       std::nullopt)};
  caps["US-MD"] = {cap("US-MD 3 per 24 h",
                       "Md. Com. Law §14-4501 ff. (Stop the Spam Calls Act of 2023, in force "
                       "2024-01-01)",
                       "the Act covers calls and texts", *md_from)};
  caps["US-OK"] = {cap("US-OK 3 per 24 h",
                       "15 O.S. §775C.1 ff. (Oklahoma Telephone Solicitation Act, in force "
                       "2022-11-01)",
                       "the Act covers texts", *ok_from)};
  return caps;
}
// ---- end of frequency.cap

}  // namespace consentry
