// Dates written out in text, in many languages.
#include "indexer/localized_dates.hpp"

#include <doctest/doctest.h>

#include <string>

using byline::detail::find_localized_date;
using byline::detail::find_localized_dates;

TEST_CASE("localized dates: day month year in European languages") {
  CHECK(find_localized_date("Veröffentlicht am 15. September 2014, 10:33 Uhr") == "2014-09-15");
  CHECK(find_localized_date("Publié le 15 septembre 2014 à 10h33") == "2014-09-15");
  CHECK(find_localized_date("Publicado el 15 de septiembre de 2014") == "2014-09-15");
  CHECK(find_localized_date("15 de setembro de 2014") == "2014-09-15");
  CHECK(find_localized_date("15 settembre 2014") == "2014-09-15");
  CHECK(find_localized_date("15 september 2014") == "2014-09-15");
  CHECK(find_localized_date("15 сентября 2014 г.") == "2014-09-15");
  CHECK(find_localized_date("15 вересня 2014") == "2014-09-15");
  CHECK(find_localized_date("15 września 2014") == "2014-09-15");
  CHECK(find_localized_date("15 Eylül 2014") == "2014-09-15");
  CHECK(find_localized_date("15 Σεπτεμβρίου 2014") == "2014-09-15");
  CHECK(find_localized_date("15. září 2014") == "2014-09-15");
  CHECK(find_localized_date("15. syyskuuta 2014") == "2014-09-15");
  CHECK(find_localized_date("15 septembrie 2014") == "2014-09-15");
  CHECK(find_localized_date("1er septembre 2014") == "2014-09-01");
  CHECK(find_localized_date("15 d’abril de 2014") == "2014-04-15");
  CHECK(find_localized_date("15 listopada 2014") == "2014-11-15");
  CHECK(find_localized_date("15. listopadu 2014") == "2014-11-15");
  CHECK(find_localized_date("3 mars 2014") == "2014-03-03");
  CHECK(find_localized_date("15th Sept. 2014") == "2014-09-15");
}

TEST_CASE("localized dates: month first and year first") {
  CHECK(find_localized_date("Updated September 15, 2014 at 5pm") == "2014-09-15");
  CHECK(find_localized_date("Sept. 15th 2014") == "2014-09-15");
  CHECK(find_localized_date("2014. szeptember 15. 10:30") == "2014-09-15");
}

TEST_CASE("localized dates: Chinese Japanese and Korean forms") {
  CHECK(find_localized_date("2014年9月15日 10:33") == "2014-09-15");
  CHECK(find_localized_date("新华社北京2014年9月15日电") == "2014-09-15");
  CHECK(find_localized_date("입력 2014년 9월 15일 오전 10:33") == "2014-09-15");
  CHECK(find_localized_date("２０１４年９月１５日") == "2014-09-15");
}

TEST_CASE("localized dates: right-to-left scripts and other digits") {
  CHECK(find_localized_date("15 سبتمبر 2014") == "2014-09-15");
  CHECK(find_localized_date("١٥ سبتمبر ٢٠١٤") == "2014-09-15");
  CHECK(find_localized_date("15 בספטמבר 2014") == "2014-09-15");
}

TEST_CASE("localized dates: unambiguous numeric forms") {
  CHECK(find_localized_date("Stand: 15.09.2014 10:33") == "2014-09-15");
  CHECK(find_localized_date("posted 2014-09-15T10:33:00Z") == "2014-09-15");
  CHECK(find_localized_date("2014/09/15") == "2014-09-15");
  // Slashes with the day or month first cannot be told apart.
  CHECK_FALSE(find_localized_date("03/04/2014").has_value());
  CHECK_FALSE(find_localized_date("version 1.15.09.2014.3").has_value());
}

TEST_CASE("localized dates: impossible dates and years are refused") {
  CHECK_FALSE(find_localized_date("31 September 2014").has_value());
  CHECK_FALSE(find_localized_date("29 February 2014").has_value());
  CHECK(find_localized_date("29 February 2016") == "2016-02-29");
  CHECK_FALSE(find_localized_date("15 September 1790").has_value());
  CHECK_FALSE(find_localized_date("15 September 2200").has_value());
  CHECK_FALSE(find_localized_date("115 September 2014").has_value());
  CHECK_FALSE(find_localized_date("no date here at all").has_value());
  CHECK_FALSE(find_localized_date("").has_value());
}

TEST_CASE("localized dates: all dates in order with their offsets") {
  const std::string text = "Published 15 September 2014, updated 16.09.2014";
  const auto found = find_localized_dates(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].date == "2014-09-15");
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "15 September 2014");
  CHECK(found[1].date == "2014-09-16");
  CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "16.09.2014");
}

TEST_CASE("localized dates: a long hostile text is read in linear time") {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "15 Sept 99 ";
  CHECK(find_localized_dates(text).empty());
  text += "15 September 2014";
  CHECK(find_localized_date(text) == "2014-09-15");
}
