#include "query/collapsed_count.hpp"

#include <set>
#include <string>
#include <vector>

#include "engine/schema.hpp"

namespace byline::detail {

namespace {

// Every match, unweighted, counted exactly: `wanted` of them listed.
Xapian::MSet all_matches(const Xapian::Database& db, const Xapian::Query& query,
                         Xapian::doccount wanted) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, wanted, db.get_doccount());
}

}  // namespace

CollapsedCount collapsed_count(const Xapian::Database& db, const Xapian::Query& query,
                               Xapian::doccount matches, const Interrupt& interrupt) {
  const Xapian::Query copy{std::string(schema::prefix::kCopy)};
  // The matching copies and their groups (each group's key is the id of
  // its first article). Not through Xapian's collapse, whose uncollapsed
  // count was found short (2 of 3 copies in one group).
  const Xapian::MSet copies =
      all_matches(db, Xapian::Query(Xapian::Query::OP_FILTER, query, copy), db.get_doccount());
  interrupt.check();
  if (copies.empty())
    return {matches, false};
  std::set<std::string> groups;
  for (auto it = copies.begin(); it != copies.end(); ++it)
    groups.insert(it.get_document().get_value(schema::slot::kDuplicateGroup));
  interrupt.check();
  std::vector<Xapian::Query> firsts;
  for (const std::string& group : groups)
    firsts.emplace_back(std::string(schema::prefix::kId) + group);
  // Of those groups, the ones whose first article matches too (and is
  // still no copy: one replaced since may have joined another group).
  const Xapian::Query matching_firsts(
      Xapian::Query::OP_FILTER, query,
      Xapian::Query(Xapian::Query::OP_AND_NOT,
                    Xapian::Query(Xapian::Query::OP_OR, firsts.begin(), firsts.end()), copy));
  const Xapian::doccount counted = all_matches(db, matching_firsts, 0).get_matches_estimated();
  interrupt.check();
  return {matches - copies.size() + static_cast<Xapian::doccount>(groups.size()) - counted, true};
}

}  // namespace byline::detail
