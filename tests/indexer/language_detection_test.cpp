// The language of a text, from CLD2.
#include "indexer/language_detection.hpp"

#include <doctest/doctest.h>

#include <string>

using byline::detail::detect_language;

TEST_CASE("detect_language names the language of ordinary news text") {
  CHECK(detect_language("The government announced on Monday that taxes would be cut for "
                        "families on low incomes, a move welcomed by charities.") == "en");
  CHECK(detect_language("Die Bundesregierung hat am Montag beschlossen, die Steuern für "
                        "Familien mit geringem Einkommen zu senken.") == "de");
  CHECK(detect_language("Le gouvernement a annoncé lundi une baisse des impôts pour les "
                        "ménages modestes, une mesure saluée par les associations.") == "fr");
  CHECK(detect_language("El gobierno anunció el lunes una rebaja de impuestos para las "
                        "familias con menos ingresos.") == "es");
  CHECK(detect_language("Правительство объявило в понедельник о снижении налогов для "
                        "семей с низкими доходами.") == "ru");
  CHECK(detect_language("東京都は15日、新型コロナウイルスの感染者が新たに確認されたと発表した。") ==
        "ja");
  CHECK(detect_language("정부는 월요일 저소득 가정에 대한 세금을 인하한다고 발표했다.") == "ko");
}

TEST_CASE("detect_language gives zh for both Chinese scripts and he for Hebrew") {
  CHECK(
      detect_language(
          "中华人民共和国国务院总理今天在北京会见了来访的外国代表团，双方就经贸合作交换了意见。") ==
      "zh");
  CHECK(detect_language(
            "中華民國總統今天在臺北會見了來訪的外國代表團，雙方就經貿合作交換了意見。") == "zh");
  CHECK(detect_language("ראש הממשלה הודיע היום על תוכנית כלכלית חדשה למשק הישראלי") == "he");
}

TEST_CASE("detect_language is empty when it cannot tell") {
  CHECK(detect_language("").empty());
  CHECK(detect_language("Bonjour").empty());
  CHECK(detect_language("2014-09-15 10:33").empty());
  CHECK(detect_language("asdkj qwe zxcmn qwpeoi").empty());
}

TEST_CASE("detect_language reads the valid part of broken UTF-8 and long texts") {
  std::string text =
      "The government announced on Monday that taxes would be cut for families on low incomes.";
  CHECK(detect_language(text + "\xFF\xFE") == "en");
  std::string long_text;
  while (long_text.size() < 200000)
    long_text += text + " ";
  CHECK(detect_language(long_text) == "en");
}
