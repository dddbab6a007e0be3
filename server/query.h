#pragma once
// The query string of a request target ("/api/incidents?state=open&limit=20") as a map, its
// names and values percent-decoded ("+" is a space). A name given twice keeps its last value.

#include <map>
#include <string>
#include <string_view>

namespace consentry {

std::map<std::string, std::string> ParseQuery(std::string_view target);

}  // namespace consentry
