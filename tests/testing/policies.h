#pragma once
// Configs for the tests of shadow runs: a policy set of its own to append to a config.

#include <string>

namespace consentry::testing {

// A policy set of its own (it replaces the built-in one): `default`, and `EU` with the given
// honouring window.
inline std::string EuPolicies(const std::string& eu_window) {
  return "policies:\n"
         "  default:\n"
         "    withdrawal_window: 0s\n"
         "    withdrawal_clause: {rule: \"honour a withdrawal at once\", source: \"consentry "
         "policy\", kind: consentry_policy}\n"
         "    consent_clause: {rule: \"marketing needs prior consent\", source: \"consentry "
         "policy\", kind: consentry_policy}\n"
         "  EU:\n"
         "    withdrawal_window: " +
         eu_window +
         "\n"
         "    withdrawal_clause: {rule: \"honour a withdrawal without undue delay\", source: "
         "\"GDPR art. 7(3)\"}\n"
         "    consent_clause: {rule: \"marketing by electronic mail needs prior consent\", "
         "source: \"ePrivacy Directive 2002/58/EC art. 13(1)\"}\n"
         "regions:\n"
         "  EU: [AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR, HU, IE, IT, LV, LT, LU, MT, NL,\n"
         "       PL, PT, RO, SK, SI, ES, SE, IS, LI, NO]\n";
}

}  // namespace consentry::testing
