#pragma once
// The review web page of `consentry serve` (app/review_page/: static HTML, CSS and one small
// script, embedded in the binary at build time by app/review_page/embed.cmake).

#include <string_view>
#include <vector>

namespace consentry {

struct PageAsset {
  std::string_view path;  // "/index.html", "/review.css", "/review.js"
  std::string_view content_type;  // without its charset: every asset is UTF-8
  std::string_view content;
};

const std::vector<PageAsset>& ReviewPageAssets();

}  // namespace consentry
