#include "core/events.h"

#include <gtest/gtest.h>

#include "core/digest.h"

namespace consentry {
namespace {

TEST(EventsTest, EnumNamesRoundTrip) {
  for (auto c : {Channel::kEmail, Channel::kSms, Channel::kInApp, Channel::kWhatsapp}) {
    EXPECT_EQ(ParseChannel(Name(c)), c);
  }
  EXPECT_EQ(ParseConsentAction("withdraw"), ConsentAction::kWithdraw);
  EXPECT_EQ(ParseLegalBasis("soft_opt_in"), LegalBasis::kSoftOptIn);
  EXPECT_FALSE(ParseChannel("fax").has_value());
  EXPECT_FALSE(ParseChannel("EMAIL").has_value());
}

TEST(EventsTest, ChannelSetWildcardCoversEverything) {
  ChannelSet all{.all = true};
  EXPECT_TRUE(all.Contains(Channel::kVoice));
  ChannelSet some{.channels = {Channel::kSms}};
  EXPECT_TRUE(some.Contains(Channel::kSms));
  EXPECT_FALSE(some.Contains(Channel::kEmail));
}

TEST(EventsTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace consentry
