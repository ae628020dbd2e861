// Page chrome out of plain-text scrapes: what a user would notice in results
// and snippets when it is not removed.
#include "indexer/text_chrome.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/decode.hpp"
#include "indexer/metadata.hpp"
#include "test_support.hpp"

using byline::detail::classify_scrape_lines;
using byline::detail::is_chrome_line;
using byline::detail::remove_chrome_lines;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto decoded = byline::detail::decode_text(bytes);
  REQUIRE(decoded.ok());
  return decoded.text;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

bool has_line(std::string_view text, std::string_view line) {
  const auto lines = lines_of(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The body ingest indexes for a seed: its text without the title line (as the
// manifest gives it) and without chrome.
std::string seed_body(const std::string& file) {
  std::ifstream manifest(byline::test::corpus_dir() / "manifest.jsonl");
  for (std::string line; std::getline(manifest, line);) {
    const auto entry = nlohmann::json::parse(line);
    if (entry.at("file") == file) {
      const std::string text = read_text(byline::test::corpus_dir() / file);
      return remove_chrome_lines(
          byline::detail::body_without_title(text, entry.at("title").get<std::string>()));
    }
  }
  FAIL("no manifest entry for " << file);
  return {};
}

}  // namespace

TEST_CASE("chrome: a long sentence that mentions Facebook is article text") {
  const std::string text =
      "Like Us on Facebook\n\n"
      "Regulators fined the company on Tuesday after it emerged that Facebook had shared the "
      "data of millions of users with advertisers without asking them.\n\n"
      "Share\nTweet\n\n"
      "The company said it would appeal against the decision in the European courts.\n";
  const std::string body = remove_chrome_lines(text);
  CHECK(body ==
        "Regulators fined the company on Tuesday after it emerged that Facebook had shared the "
        "data of millions of users with advertisers without asking them.\n\n"
        "The company said it would appeal against the decision in the European courts.");
}

TEST_CASE("chrome: short lines between paragraphs are subheadings and stay") {
  const std::string text =
      "The ministers met in Paris on Monday to agree on a plan against the militant group.\n\n"
      "'Doing their share'\n\n"
      "Several Arab countries have offered to take part in air strikes, officials said.\n\n"
      "Real Time Analytics\n";
  const std::string body = remove_chrome_lines(text);
  CHECK(has_line(body, "'Doing their share'"));
  CHECK_FALSE(has_line(body, "Real Time Analytics"));  // the same kind of line, at the edge
}

TEST_CASE("chrome: paragraph breaks survive as blank lines and lines stay trimmed") {
  const std::string text =
      "Menu\n\n  The first paragraph of the story says what happened and where it happened.  \r\n"
      "A second line of the same paragraph, which continues the thought at some length.\n"
      "Image caption,\nA caption that is not article text\n"
      "The next paragraph comes after the dropped caption and is kept on its own here.\n";
  CHECK(remove_chrome_lines(text) ==
        "The first paragraph of the story says what happened and where it happened.\n"
        "A second line of the same paragraph, which continues the thought at some length.\n\n"
        "The next paragraph comes after the dropped caption and is kept on its own here.");
}

TEST_CASE("chrome: repeated and glued interface lines go wherever they are") {
  const std::string text =
      "Send in e-mailSend in e-mail\n"
      "The foreign ministers of close to 30 countries agreed in Paris to support Iraq.\n"
      "Advertisement\n"
      "Around 40 countries have agreed to play some part in a campaign against the group.\n"
      "Advertisement\n"
      "Two journalists have been executed by the group in recent weeks, officials said.\n";
  const auto lines = classify_scrape_lines(text);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].reason == "repeated");
  CHECK(lines[2].reason == "repeated");
  CHECK(lines[4].reason == "repeated");
  CHECK(lines[1].keep);
  CHECK(lines[3].keep);
  CHECK(lines[5].keep);
}

TEST_CASE("chrome: captions and credits in the forms outlets write them") {
  CHECK(is_chrome_line("Image source, Reuters"));
  CHECK(is_chrome_line("Image caption,"));
  CHECK(is_chrome_line("Photo: AP"));
  CHECK(is_chrome_line("Residents wade through floodwater. Photograph: Christopher Furlong/Getty"));
  CHECK(is_chrome_line("Fighters during a parade in Raqqa, Syria. (Raqqa media centre, AP)"));
  CHECK(is_chrome_line("The minister speaks in Paris, September 15, 2014.Credit: AFP"));
  CHECK(is_chrome_line("(Photo : French Foreign Ministry) Foreign ministers meet in Paris"));
  CHECK(is_chrome_line("Abgeordnete im Bundestag. Foto: Michael Kappeler / dpa"));
  CHECK(is_chrome_line("Protesters gather outside parliament (Getty Images)"));
  // An agency named in the text is not a credit.
  CHECK_FALSE(is_chrome_line(
      "The agency said the figures, first reported by Reuters, would be revised next month."));
}

TEST_CASE("chrome: interface lines in several languages") {
  for (const char* line : {"Share",
                           "Tweet",
                           "Facebook Twitter Email",
                           "Make CT Your Homepage",
                           "Like Us on Facebook",
                           "Read more: What to know about the Santa Ana winds",
                           "Comments have been closed.",
                           "Read our comments policy for guidelines on contributions.",
                           "Skip to main content",
                           "Sign up to our free daily newsletter",
                           "We use cookies to improve your experience on our "
                           "site. By continuing to browse you agree to our use of cookies.",
                           "Artikel teilen",
                           "Kommentare",
                           "Anzeige",
                           "Mehr zum Thema",
                           "Partager sur Facebook",
                           "Lire aussi | Recyclage : la France en retard",
                           "Abonnez-vous",
                           "Compartir en Twitter",
                           "Te puede interesar",
                           "Publicidad",
                           "Live Box 201461213304888167",
                           "Multimedia · User Galleries · News in Pictures"}) {
    CAPTURE(line);
    CHECK(is_chrome_line(line));
  }
}

TEST_CASE("chrome: bylines and datelines repeated from the metadata go") {
  for (const char* line : {"By Tetsushi Kajimoto", "Von Anna Becker und Jonas Krüger",
                           "Par Virginie Malingre (Bruxelles, bureau européen)",
                           "Reporting by Tetsushi Kajimoto; Editing by Sam Holmes",
                           "2014-09-15 17:34", "Updated 6:15 AM EST, Wed January 8, 2025",
                           "Publié le 14 novembre 2023 à 11h02", "01/22/2025 06:34:37 am",
                           "\xE2\x80\xA2 Published", "2 minute read", "Source: Al Jazeera"}) {
    CAPTURE(line);
    CHECK(is_chrome_line(line));
  }
  // Sentences that begin like a byline are text.
  CHECK_FALSE(is_chrome_line("By the end of the week, the coalition had grown to 40 countries."));
}

TEST_CASE("chrome: clean article text passes through unchanged") {
  const std::string text =
      "The council approved the budget on Monday after a debate that lasted six hours.\n\n"
      "Opposition members said the cuts would hurt the poorest districts most.\n\n"
      "Why it matters\n\n"
      "The city has run a deficit for three years in a row, auditors found last month.\n\n"
      "The vote was 31 to 20.";
  CHECK(remove_chrome_lines(text) == text);
}

TEST_CASE("chrome: without any paragraph only certain chrome goes") {
  CHECK(remove_chrome_lines("") == "");
  CHECK(remove_chrome_lines("\n \n") == "");
  CHECK(remove_chrome_lines("Share\nBrief note\nStocks rose.") == "Brief note\nStocks rose.");
}

TEST_CASE("chrome: the seed scrapes lose what users saw in results and snippets") {
  SUBCASE("BBC: Reuters only in photo credits") {
    const std::string body = seed_body("004_b46668153307b5f2.txt");
    CHECK(body.find("Reuters") == std::string::npos);
    CHECK(body.find("Image source") == std::string::npos);
    CHECK(body.find("Image caption") == std::string::npos);
    CHECK(body.find("Media caption") == std::string::npos);
    CHECK(body.find("Kurdish Peshmerga fighters") == std::string::npos);  // a caption
    CHECK(body.starts_with("Thirty countries have pledged"));
    CHECK(has_line(body, "'Bigger threat'"));
    CHECK(has_line(body, "'Doing their share'"));
    CHECK(body.ends_with("(Islamic State in Iraq and the Levant)."));
  }
  SUBCASE("Haaretz: the snippet no longer starts with Send in e-mail") {
    const std::string body = seed_body("002_366fa68734369454.txt");
    CHECK(body.find("Send in e-mail") == std::string::npos);
    CHECK(body.find("Credit: AFP") == std::string::npos);
    CHECK(body.starts_with("The foreign ministers of close to 30 countries"));
    CHECK(has_line(body, "Kerry: U.S. won't rule out working with Iran against Islamic State"));
    CHECK(body.ends_with("as well as the government in Iraq."));
  }
  SUBCASE("News24: the comment section and profile forms go") {
    const std::string body = seed_body("001_94e9bdd229995ac4.txt");
    for (const char* chrome :
         {"comments policy", "Comments Policy", "Facebook", "homepage", "username",
          "2014-09-15 17:34", "Raqqa media centre", "Multimedia"}) {
      CAPTURE(chrome);
      CHECK(body.find(chrome) == std::string::npos);
    }
    CHECK(body.starts_with("Paris - The world's top diplomats"));
    CHECK(has_line(body, "All bases covered"));
    CHECK(body.ends_with("another British captive, Alan Henning."));
  }
  SUBCASE("China Topix: masthead, stamp and widgets go, the quoted BBC stays") {
    const std::string body = seed_body("003_51153d1eecd2bcae.txt");
    for (const char* chrome : {"CHINA TOPIX", "01/22/2025", "Homepage", "Like Us on Facebook",
                               "(Photo :", "Real Time Analytics"}) {
      CAPTURE(chrome);
      CHECK(body.find(chrome) == std::string::npos);
    }
    CHECK(body.find("The BBC says") != std::string::npos);
    CHECK(body.starts_with("Twenty-six countries and international groups"));
  }
  SUBCASE("Al Jazeera: the live box and the source line go") {
    const std::string body = seed_body("000_948900f74b3c9d2b.txt");
    CHECK(body.find("Live Box") == std::string::npos);
    CHECK(body.find("Source: Al Jazeera") == std::string::npos);
    CHECK(body.find("Al Jazeera\xE2\x80\x99s Nadim Baba") != std::string::npos);
    CHECK(body.starts_with("Coalition of 30 countries to help Iraq fight"));
  }
  SUBCASE("no seed body matches the chrome the issue lists") {
    for (const char* file :
         {"000_948900f74b3c9d2b.txt", "001_94e9bdd229995ac4.txt", "002_366fa68734369454.txt",
          "003_51153d1eecd2bcae.txt", "004_b46668153307b5f2.txt"}) {
      const std::string body = seed_body(file);
      CAPTURE(file);
      for (const char* chrome : {"comments policy", "Facebook", "homepage", "image caption",
                                 "Image caption", "live box", "Live Box", "Send in e-mail"}) {
        CAPTURE(chrome);
        CHECK(body.find(chrome) == std::string::npos);
      }
    }
  }
}

// Scrapes in other outlets' styles (tests/fixtures/scrapes/*.txt), each with
// a companion .expected file: "+ line" must stay in the body, "- line" must
// go ("title:", "date:", "source:" lines are checked in metadata_test.cpp).
TEST_CASE("chrome: scrapes in the styles of other outlets") {
  const auto folder = std::filesystem::path(BYLINE_SOURCE_DIR) / "tests/fixtures/scrapes";
  std::size_t scrapes = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".txt")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    const std::string text = read_text(file);
    const auto metadata = byline::detail::extract_metadata(text);
    const std::string body =
        remove_chrome_lines(byline::detail::body_without_title(text, metadata.title));
    auto expected_path = file;
    expected_path.replace_extension(".expected");
    std::size_t kept = 0;
    std::size_t dropped = 0;
    for (const auto& line : lines_of(read_text(expected_path))) {
      if (line.starts_with("+ ")) {
        CAPTURE(line);
        CHECK(has_line(body, line.substr(2)));
        ++kept;
      } else if (line.starts_with("- ")) {
        CAPTURE(line);
        CHECK_FALSE(has_line(body, line.substr(2)));
        ++dropped;
      }
    }
    CHECK(kept >= 4);
    CHECK(dropped >= 8);
    ++scrapes;
  }
  CHECK(scrapes >= 6);
}
