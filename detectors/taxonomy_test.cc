#include "detectors/taxonomy.h"

#include <gtest/gtest.h>

namespace consentry {
namespace {

using Chain = std::vector<std::string>;

TEST(TaxonomyTest, CoversEqualAndDescendantsOnly) {
  EXPECT_TRUE(Taxonomy::Covers("marketing", "marketing"));
  EXPECT_TRUE(Taxonomy::Covers("marketing", "marketing.communications.sms"));
  EXPECT_TRUE(Taxonomy::Covers("marketing.communications", "marketing.communications.sms"));
  EXPECT_FALSE(Taxonomy::Covers("marketing", "marketingx"));
  EXPECT_FALSE(Taxonomy::Covers("marketing", "marketingx.sms"));
  EXPECT_FALSE(Taxonomy::Covers("marketing.communications.sms", "marketing.communications"));
  EXPECT_FALSE(Taxonomy::Covers("marketing.communications.sms", "marketing.communications.email"));
  EXPECT_FALSE(Taxonomy::Covers("", "marketing"));
}

TEST(TaxonomyTest, AddCreatesParentsImplicitly) {
  Taxonomy t;
  ASSERT_TRUE(t.Add("a.b.c", {}).ok());
  EXPECT_TRUE(t.Known("a"));
  EXPECT_TRUE(t.Known("a.b"));
  EXPECT_TRUE(t.Known("a.b.c"));
  EXPECT_FALSE(t.Known("a.b.c.d"));
  EXPECT_FALSE(t.Known("b"));
  // An implicit parent may be given rules later; an explicit node may not be redefined.
  EXPECT_TRUE(t.Add("a.b", {{{"default", false}}}).ok());
  EXPECT_EQ(t.Add("a.b", {}).code(), StatusCode::kInvalidArgument);
}

TEST(TaxonomyTest, AddRejectsBadPaths) {
  Taxonomy t;
  for (const char* bad : {"", ".a", "a.", "a..b", "Marketing", "a-b", "a b", "a.b!"}) {
    EXPECT_EQ(t.Add(bad, {}).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(t.Add("ai_2.training_x", {}).ok());
}

TEST(TaxonomyTest, NeedsConsentInheritsFromNearestAncestorThatSetsIt) {
  Taxonomy t;
  ASSERT_TRUE(t.Add("m", {{{"default", true}, {"US", false}}}).ok());
  ASSERT_TRUE(t.Add("m.c.sms", {{{"US", true}}}).ok());
  ASSERT_TRUE(t.Add("m.c.email", {}).ok());
  EXPECT_TRUE(t.NeedsConsent("m.c.sms", {"US-FL", "US", "default"}));
  EXPECT_FALSE(t.NeedsConsent("m.c.email", {"US-FL", "US", "default"}));
  EXPECT_TRUE(t.NeedsConsent("m.c.email", {"DK", "EU", "default"}));
  EXPECT_FALSE(t.NeedsConsent("m.c", {"US", "default"}));
}

TEST(TaxonomyTest, NeedsConsentDepthBeatsJurisdictionSpecificity) {
  Taxonomy t;
  ASSERT_TRUE(t.Add("m", {{{"US-FL", false}}}).ok());
  ASSERT_TRUE(t.Add("m.x", {{{"default", true}}}).ok());
  // The leaf's "default" is found before the parent's "US-FL".
  EXPECT_TRUE(t.NeedsConsent("m.x", {"US-FL", "US", "default"}));
  EXPECT_FALSE(t.NeedsConsent("m", {"US-FL", "US", "default"}));
}

TEST(TaxonomyTest, NeedsConsentFirstKeyOfChainWinsAtOneNode) {
  Taxonomy t;
  ASSERT_TRUE(t.Add("m", {{{"default", true}, {"US", false}, {"US-FL", true}}}).ok());
  EXPECT_TRUE(t.NeedsConsent("m", {"US-FL", "US", "default"}));
  EXPECT_FALSE(t.NeedsConsent("m", {"US-CA", "US", "default"}));
  EXPECT_TRUE(t.NeedsConsent("m", {"default"}));
}

TEST(TaxonomyTest, UnknownPurposeWithNoKnownAncestorOrNoRuleNeedsConsent) {
  Taxonomy t;
  ASSERT_TRUE(t.Add("essential", {{{"default", false}}}).ok());
  ASSERT_TRUE(t.Add("silent", {}).ok());
  EXPECT_TRUE(t.NeedsConsent("nothing", {"default"}));
  EXPECT_TRUE(t.NeedsConsent("nothing.below", {"default"}));
  EXPECT_TRUE(t.NeedsConsent("silent.unknown_child", {"default"}));
  EXPECT_TRUE(t.NeedsConsent("silent", {"US", "default"}));
  EXPECT_FALSE(t.NeedsConsent("essential", {"US", "default"}));
}

TEST(TaxonomyTest, UnknownPurposeFollowsItsNearestKnownAncestor) {
  const Taxonomy t = Taxonomy::Default();
  const std::vector<std::string> dk{"DK", "EU", "default"};
  EXPECT_FALSE(t.Known("essential.service.delivery"));
  EXPECT_FALSE(t.NeedsConsent("essential.service.delivery", dk));
  EXPECT_FALSE(t.NeedsConsent("essential.service.transactional.refund", dk));
  EXPECT_TRUE(t.NeedsConsent("marketing.typo", dk));
  EXPECT_TRUE(t.NeedsConsent("markting.email", dk));  // no known ancestor: strict
}

TEST(TaxonomyTest, IsMarketing) {
  EXPECT_TRUE(Taxonomy::IsMarketing("marketing"));
  EXPECT_TRUE(Taxonomy::IsMarketing("marketing.profiling"));
  EXPECT_FALSE(Taxonomy::IsMarketing("marketingx"));
  EXPECT_FALSE(Taxonomy::IsMarketing("essential.service.transactional"));
}

TEST(TaxonomyTest, DefaultTaxonomyHasTheDesignPurposesAndRules) {
  const Taxonomy t = Taxonomy::Default();
  for (const char* p :
       {"marketing.communications.email", "marketing.communications.sms",
        "marketing.communications.push", "marketing.communications.voice",
        "marketing.communications.whatsapp", "marketing.advertising", "marketing.profiling",
        "essential.service.transactional", "essential.service.account", "research.surveys",
        "ai.training"}) {
    EXPECT_TRUE(t.Known(p)) << p;
  }
  const Chain us{"US-FL", "US", "default"};
  const Chain dk{"DK", "EU", "default"};
  // US email needs no prior consent by the US policy's email-channel rule, not by the purpose:
  // a text or call labelled with the email purpose still needs consent.
  EXPECT_TRUE(t.NeedsConsent("marketing.communications.email", us));
  EXPECT_TRUE(t.NeedsConsent("marketing.communications.sms", us));
  EXPECT_TRUE(t.NeedsConsent("marketing.communications.voice", us));
  EXPECT_TRUE(t.NeedsConsent("marketing.communications.email", dk));
  EXPECT_TRUE(t.NeedsConsent("marketing.advertising", {"default"}));
  EXPECT_FALSE(t.NeedsConsent("essential.service.transactional", us));
  EXPECT_FALSE(t.NeedsConsent("essential.service.account", dk));
  EXPECT_TRUE(t.NeedsConsent("research.surveys", dk));
  EXPECT_TRUE(t.NeedsConsent("ai.training", us));
}

}  // namespace
}  // namespace consentry
