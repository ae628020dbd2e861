// The index layout: every term prefix, value slot and metadata key byline
// uses, in one place. Nothing outside this header spells them out.
//
// Term layout, chosen for indexing speed (see docs/internals.md, "Index layout"):
//   Z<stem>     title and body, with positions: free text, phrases, proximity.
//               Title words get kTitleWdfBoost extra wdf so title matches rank
//               higher without a second query term. Body positions start
//               kBodyPositionGap after the title's, so no phrase spans both.
//   S<stem>     title only, with positions: the title: field.
//   <term>      exact (unstemmed) form, title and body: exact word queries
//               and phrases. Positions where it differs from the stem, or
//               where other words of the article share its stem; elsewhere
//               the stem's positions are all its own. wdf counts the word's
//               occurrences, a compound's joined form none.
//   Q<id>       the article id, unique: re-indexing replaces.
//   XS<key>     source, normalized key ("BBC News" -> "bbcnews"): filters, facets.
//   XSW<word>   each word of the source ("bbc", "news"): source:bbc.
//   XA<key>     each author's name, normalized as a source is ("Jane Doe" ->
//               "janedoe"): author: filters.
//   XAW<word>   each word of each author's name, unstemmed, with positions
//               (kAuthorNameGap apart from one name to the next) and no
//               wdf, so that author:"jane doe" is a phrase within one name
//               and the body's length, hence its ranking, is unchanged.
//   D<yyyymmdd> M<yyyymm> Y<yyyy>   publication day, month, year.
//   L<lang>     language code, as stored (ISO 639-1: "en", "fr"); an
//               article without one was stemmed in the index's language.
//   XST<n>      the article's story (decimal id, as slot kStory holds it):
//               story: filters. A term, not a value range, which scans the
//               slot of every article (measured: a story filter cost 5 times
//               the word it filtered at 100k).
//   XDC         on a near-duplicate copy: an article whose group (slot
//               kDuplicateGroup) is another's. A collapsed search none of
//               whose matches is a copy need not collapse, nor visit every
//               match to count the groups (query/searcher.cpp).
// Stored document data: the article as JSON (see document_codec.hpp).
//
// Aliases live in Xapian's synonym table: each member's key (its analyzed
// words joined by spaces, see alias_key()) lists the other members' keys;
// and, for readers the synonym table does not reach (remote shards), in
// metadata kAliases (engine/alias_table.hpp).
#pragma once

#include <xapian.h>

#include <string_view>

namespace byline::schema {

// Bump when anything below or the stored form of an article
// (engine/document_codec.hpp) changes meaning; indexes older than
// kOldestReadableFormat are then refused, newer ones too. 2: articles
// stored compressed. 3: an article's fields, its body's resume points and
// sentences (no longer in slot kBodyResume) and its body compressed apart,
// which a reader of format 2 would call damaged. An older index is read as
// it is, and marked with this version at a writer's first commit to it, as
// the articles added then are stored this version's way.
//
// Not bumped for the author field (XA, XAW, slot kAuthor, "author" in the
// stored fields): it only adds. An index made before it reads as articles
// without an author; a byline made before it reads a newer index too, since
// the stored fields reader skips keys it does not know and no term or slot
// it reads changed meaning.
//
// Not bumped for the language slot (kLang) either: it only adds. Articles
// indexed before it carry their language in their L term alone, and the
// lang facet reads it from there (query/facet_columns.cpp); a byline made
// before it never reads the slot. Nor for the fields slot (kFields), for
// the same reasons: the data still holds the fields.
//
// 4: each article stemmed in its own language (metadata kArticleLanguages,
// "1" in an index made with format 4 on); an index of format 3 or older
// opens with every article stemmed in the index's language, as it was made,
// and stays so when written to. A byline made before it would stem queries
// in one language only, and miss the articles of the others: it must refuse.
//
// 5: an exact form has positions where its stem's cannot stand for it
// (above), and a compound's joined form adds no occurrence to its exact
// form's wdf; an
// index made with format 5 on says so (metadata kExactPositions), and its
// exact phrases are matched on positions. An older index keeps checking
// them against the stored text. A byline made before it would write
// articles whose exact forms lack those positions into an index that
// claims them: it must refuse.
inline constexpr int kFormatVersion = 5;
inline constexpr int kOldestReadableFormat = 1;

namespace prefix {
inline constexpr std::string_view kStem = "Z";
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kExact = "";
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kSource = "XS";
inline constexpr std::string_view kSourceWord = "XSW";
inline constexpr std::string_view kAuthor = "XA";
inline constexpr std::string_view kAuthorWord = "XAW";
inline constexpr std::string_view kDay = "D";
inline constexpr std::string_view kMonth = "M";
inline constexpr std::string_view kYear = "Y";
inline constexpr std::string_view kLang = "L";
inline constexpr std::string_view kStory = "XST";
inline constexpr std::string_view kCopy = "XDC";
}  // namespace prefix

namespace slot {
inline constexpr Xapian::valueno kDate = 0;    // "YYYYMMDD": ranges, sorting, date facets
inline constexpr Xapian::valueno kSource = 1;  // the source as written: facets
// Slots 2 and 3 held the month and the year for facets, which now add days
// up instead; no longer written, they may remain in indexes made before.
// Free them at the next format version.
inline constexpr Xapian::valueno kBodyStart = 4;  // first body position, decimal: body: queries
// Written by index format 2 only: the body's first position again, then
// where its analysis may resume midway (engine/resume_points.hpp). Format 3
// stores the same, with the body's sentences, beside the article
// (engine/document_codec.hpp), which a hit reads anyway. Read when present.
inline constexpr Xapian::valueno kBodyResume = 5;
// The author field as written ("Jane Doe, John Roe"): the author facet.
inline constexpr Xapian::valueno kAuthor = 6;
// The language code as the article's L term holds it ("en"): the lang
// facet. Absent from articles indexed before it (see kFormatVersion).
inline constexpr Xapian::valueno kLang = 7;
// The article's fields as the data begins with them, uncompressed
// (engine/document_codec.hpp, encode_fields): a hit shown without snippets
// reads them here, without fetching and decompressing the data, which was
// two fifths of a term query's CPU. Absent from articles indexed before it
// (see kFormatVersion), whose hits read the data.
inline constexpr Xapian::valueno kFields = 8;
// Stories (docs/stories.md). Not a format bump either: they only add. An
// article indexed without them has no fingerprint, no group of its own and
// no story until `byline stories --rebuild` gives it one.
//
// The body's MinHash fingerprint (indexer/near_duplicates.hpp, encoded).
// Its bands are no terms: 32 an article cost a fifth of indexing; a Writer
// reads the slot's stream once instead (indexer/story_assignment.hpp).
inline constexpr Xapian::valueno kFingerprint = 9;
// What story grouping compares (indexer/story_features.hpp, encoded): the
// names and words of the title and lead.
inline constexpr Xapian::valueno kStoryFeatures = 10;
// The near-duplicate group: the id of the first article indexed of those
// whose texts are nearly the same, the article's own id when it is alone.
// The collapse key of SearchOptions::collapse.
inline constexpr Xapian::valueno kDuplicateGroup = 11;
// The article's story id (decimal, as its XST term): hits, the story facet.
// Group and story are given before an article is first written
// (indexer/story_assignment.hpp): changing them later rewrites the whole
// document (indexer/story_regroup.hpp).
inline constexpr Xapian::valueno kStory = 12;
}  // namespace slot

namespace metadata {
inline constexpr std::string_view kFormatVersion = "byline.format_version";
inline constexpr std::string_view kLanguage = "byline.language";
inline constexpr std::string_view kFoldDiacritics = "byline.fold_diacritics";
// "1": each article is stemmed in its own language (its L term); absent or
// "0": in kLanguage, like every article of an index made before format 4.
inline constexpr std::string_view kArticleLanguages = "byline.article_languages";
// "1": diacritics folded by script (engine/script_folding.hpp); absent (an
// index made before format 4): every combining mark stripped.
inline constexpr std::string_view kScriptFolding = "byline.script_folding";
// "1": every article has the exact-form positions of format 5 (see
// kFormatVersion); absent: exact phrases are checked in the stored text.
inline constexpr std::string_view kExactPositions = "byline.exact_positions";
// The alias table's groups (engine/alias_table.hpp), and its fingerprint;
// absent in an index whose aliases were set before byline stored them so.
inline constexpr std::string_view kAliases = "byline.aliases";
inline constexpr std::string_view kAliasesDigest = "byline.aliases.digest";
// The next story id to give (decimal); absent: 1.
inline constexpr std::string_view kNextStory = "byline.stories.next";
inline constexpr std::string_view kCreatedBy = "byline.created_by";
// The vocabulary store (engine/vocabulary_store.hpp): the exact-form terms
// as of the last rewrite of the main blob, and those added since with the
// stamp of the database state they describe. Absent in an index made before
// it, which fuzzy matching then walks as it did.
inline constexpr std::string_view kVocabularyMain = "byline.vocabulary.main";
inline constexpr std::string_view kVocabularyDelta = "byline.vocabulary.delta";
}  // namespace metadata

inline constexpr Xapian::termcount kTitleWdfBoost = 3;
inline constexpr Xapian::termpos kBodyPositionGap = 100;
// Between the XAW positions of one author's name and the next: no phrase
// spans two names.
inline constexpr Xapian::termpos kAuthorNameGap = 10;
// Ids become Q terms; Xapian refuses terms over 245 bytes.
inline constexpr std::size_t kMaxIdBytes = 200;

}  // namespace byline::schema
