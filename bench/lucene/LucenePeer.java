// The Lucene peer of byline_bench (bench/engine_lucene.cpp), on Debian's
// liblucene8-java (8.8.1) with Lucene's defaults: EnglishAnalyzer (Porter
// stemmer) without stop words, as byline and plain Xapian index every word;
// BM25; title and body as fields of their own, searched together; source
// and month as SortedSetDocValues facets; the day as an IntPoint for date
// ranges; the UnifiedHighlighter for snippets.
//
// Fuzzy words ask byline's question (query/vocabulary.hpp): the words as
// written within an edit distance that grows with the word's length (0 edits
// up to 3 characters, 1 up to 5, 2 beyond; a swap of two letters is one
// edit), the closest and most used 50 of them, and then every article with
// any form of those words, through their stems. Lucene's own `word~` (two
// edits whatever the length, on the stemmed field: `assignments~` finds
// nothing, as no stem is within two edits of it) asks another. So the
// words as written are indexed too, without positions, in a field of their
// own ("words", StandardAnalyzer: as byline keeps exact forms beside its
// stems), which Lucene's FuzzyTermsEnum walks; the words it finds are
// stemmed and searched in title and body as one SynonymQuery per field.
//
//   java -cp CLASSPATH LucenePeer index CORPUS.jsonl DIR [--no-stemming]
//   java -cp CLASSPATH LucenePeer compact DIR OUT
//   java -cp CLASSPATH LucenePeer serve DIR
//
// index prints the number of articles indexed. serve reads one request a
// line, "COMMAND<TAB>ANY<TAB>LIMIT<TAB>EXTRA<TAB>FROM<TAB>TO<TAB>QUERY"
// (COMMAND search or count; ANY 0 or 1; EXTRA none, facets or snippets; FROM
// and TO the dates, YYYY-MM-DD, both included, or "-"). search answers
// "HITS<TAB>WALL_NS<TAB>CPU_NS": it times each query itself, so that the
// pipe and the other process are not counted. count answers the exact
// number of matching articles (IndexSearcher.count), untimed.
// Errors: "error<TAB>MESSAGE" (serve) or a message and exit status 1.

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyTermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

public final class LucenePeer {
  // Kept in the index's commit data, so that queries analyse as indexing did.
  private static final String STEMMING_KEY = "byline_bench.stemming";
  private static final String[] SEARCHED_FIELDS = {"title", "body"};
  // The fields a hit shows, as the other engines fetch them.
  private static final Set<String> HIT_FIELDS = Set.of("id", "title", "source", "date");
  // Title and body words as written, for fuzzy words; no positions, norms
  // or stored text: a vocabulary to walk and the articles of each word.
  private static final String WORDS_FIELD = "words";
  private static final FieldType WORDS_TYPE = new FieldType();
  static {
    WORDS_TYPE.setIndexOptions(IndexOptions.DOCS);
    WORDS_TYPE.setTokenized(true);
    WORDS_TYPE.setOmitNorms(true);
    WORDS_TYPE.freeze();
  }
  // The day, YYYYMMDD, for date ranges.
  private static final String DAY_FIELD = "day";

  public static void main(String[] args) throws Exception {
    try {
      if (args.length >= 3 && args[0].equals("index")) {
        final boolean stemming = !(args.length > 3 && args[3].equals("--no-stemming"));
        System.out.println(index(Paths.get(args[1]), Paths.get(args[2]), stemming));
      } else if (args.length == 3 && args[0].equals("compact")) {
        compact(Paths.get(args[1]), Paths.get(args[2]));
      } else if (args.length == 2 && args[0].equals("serve")) {
        serve(Paths.get(args[1]));
      } else {
        System.err.println("usage: LucenePeer index CORPUS DIR [--no-stemming] | compact DIR OUT"
                           + " | serve DIR");
        System.exit(2);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("LucenePeer: " + e);
      System.exit(1);
    }
  }

  // Title and body stemmed (or not); the words field never.
  private static Analyzer analyzer(boolean stemming) {
    final Analyzer text = stemming ? new EnglishAnalyzer(CharArraySet.EMPTY_SET)
                                   : new StandardAnalyzer(CharArraySet.EMPTY_SET);
    return new PerFieldAnalyzerWrapper(
        text, Map.of(WORDS_FIELD, new StandardAnalyzer(CharArraySet.EMPTY_SET)));
  }

  // "2005-01-31" as 20050131; -1 when it is not a date.
  private static int day(String date) {
    final String digits = date.replace("-", "");
    if (digits.length() != 8 || !digits.chars().allMatch(Character::isDigit))
      return -1;
    return Integer.parseInt(digits);
  }

  private static long index(Path corpus, Path dir, boolean stemming) throws IOException {
    final FacetsConfig facets = new FacetsConfig();
    long count = 0;
    try (FSDirectory directory = FSDirectory.open(dir);
         IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer(stemming)));
         BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      long line = 0;
      for (String text; (text = in.readLine()) != null;) {
        ++line;
        if (text.isBlank())
          continue;
        final Map<String, String> a;
        try {
          a = FlatJson.parse(text);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(corpus + ":" + line + ": " + e.getMessage());
        }
        final String id = a.getOrDefault("id", "");
        final String source = a.getOrDefault("source", "");
        final String date = a.getOrDefault("date", "");
        final Document doc = new Document();
        doc.add(new StringField("id", id, Field.Store.YES));
        doc.add(new TextField("title", a.getOrDefault("title", ""), Field.Store.YES));
        doc.add(new TextField("body", a.getOrDefault("body", ""), Field.Store.YES));
        doc.add(new Field(WORDS_FIELD, a.getOrDefault("title", ""), WORDS_TYPE));
        doc.add(new Field(WORDS_FIELD, a.getOrDefault("body", ""), WORDS_TYPE));
        doc.add(new StoredField("source", source));
        doc.add(new StoredField("date", date));
        if (day(date) >= 0)
          doc.add(new IntPoint(DAY_FIELD, day(date)));
        // Facet values may not be empty.
        doc.add(new SortedSetDocValuesFacetField("source", source.isEmpty() ? "-" : source));
        doc.add(new SortedSetDocValuesFacetField(
            "month", date.length() >= 7 ? date.substring(0, 7) : "-"));
        // As plain Xapian replaces by its id term: indexing again replaces.
        writer.updateDocument(new Term("id", id), facets.build(doc));
        ++count;
      }
      writer.setLiveCommitData(Map.of(STEMMING_KEY, Boolean.toString(stemming)).entrySet());
      writer.commit();
    }
    return count;
  }

  // A copy of the index merged into one segment: Lucene's counterpart of
  // xapian-compact.
  private static void compact(Path dir, Path out) throws IOException {
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME))
          Files.copy(f, out.resolve(f.getFileName()));
      }
    }
    try (FSDirectory directory = FSDirectory.open(out)) {
      final boolean stemming = stemmingOf(directory);
      final IndexWriterConfig config =
          new IndexWriterConfig(analyzer(stemming)).setOpenMode(IndexWriterConfig.OpenMode.APPEND);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        writer.forceMerge(1);
        writer.setLiveCommitData(Map.of(STEMMING_KEY, Boolean.toString(stemming)).entrySet());
        writer.commit();
      }
    }
  }

  private static boolean stemmingOf(FSDirectory directory) throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      return !"false".equals(reader.getIndexCommit().getUserData().get(STEMMING_KEY));
    }
  }

  private static void serve(Path dir) throws Exception {
    final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    final BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (FSDirectory directory = FSDirectory.open(dir);
         DirectoryReader reader = DirectoryReader.open(directory)) {
      final Analyzer analyzer = analyzer(stemmingOf(directory));
      final IndexSearcher searcher = new IndexSearcher(reader);
      final SortedSetDocValuesReaderState facetState =
          new DefaultSortedSetDocValuesReaderState(reader);
      final UnifiedHighlighter highlighter = new UnifiedHighlighter(searcher, analyzer);
      // Passages of about 200 characters around the match, as the other
      // engines cut.
      highlighter.setBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
          BreakIterator.getSentenceInstance(Locale.ROOT), 200, 0.5f));
      highlighter.setFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "…", false));
      final Terms words = MultiTerms.getTerms(reader, WORDS_FIELD);
      for (String line; (line = in.readLine()) != null;) {
        final String[] request = line.split("\t", 7);
        if (request.length != 7 || !(request[0].equals("search") || request[0].equals("count"))) {
          out.println("error\tmalformed request: " + line);
          out.flush();
          continue;
        }
        if (request[0].equals("count")) {
          try {
            out.println(searcher.count(query(request, analyzer, words)));
          } catch (Exception e) {
            out.println("error\t" + e.toString().replace('\n', ' '));
          }
          out.flush();
          continue;
        }
        final long wall = System.nanoTime();
        final long cpu = threads.getCurrentThreadCpuTime();
        int hits;
        try {
          hits = run(request, query(request, analyzer, words), searcher, facetState, highlighter);
        } catch (Exception e) {
          out.println("error\t" + e.toString().replace('\n', ' '));
          out.flush();
          continue;
        }
        out.println(hits + "\t" + (System.nanoTime() - wall) + "\t"
                    + (threads.getCurrentThreadCpuTime() - cpu));
        out.flush();
      }
    }
  }

  // The request's query, with its date range as a filter.
  private static Query query(String[] request, Analyzer analyzer, Terms words)
      throws ParseException {
    final boolean any = request[1].equals("1");
    final BylineFuzzyParser parser = new BylineFuzzyParser(analyzer, words);
    parser.setDefaultOperator(any ? QueryParser.Operator.OR : QueryParser.Operator.AND);
    final Query query = parser.parse(request[6]);
    final String from = request[4], to = request[5];
    if (from.equals("-") && to.equals("-"))
      return query;
    final Query days = IntPoint.newRangeQuery(DAY_FIELD, from.equals("-") ? 0 : day(from),
                                              to.equals("-") ? Integer.MAX_VALUE : day(to));
    return new BooleanQuery.Builder()
        .add(query, BooleanClause.Occur.MUST)
        .add(days, BooleanClause.Occur.FILTER)
        .build();
  }

  // The query, its top hits with their shown fields, and what EXTRA asks for.
  private static int run(String[] request, Query query, IndexSearcher searcher,
                         SortedSetDocValuesReaderState facetState, UnifiedHighlighter highlighter)
      throws Exception {
    final int limit = Integer.parseInt(request[2]);
    final String extra = request[3];
    final TopDocs top;
    if (extra.equals("facets")) {
      // Exact counts over every match, per source and per month.
      final FacetsCollector collector = new FacetsCollector();
      top = FacetsCollector.search(searcher, query, limit, collector);
      final Facets counts = new SortedSetDocValuesFacetCounts(facetState, collector);
      for (String dim : new String[] {"source", "month"}) {
        final var range = facetState.getOrdRange(dim);
        if (range != null)
          counts.getTopChildren(range.end - range.start + 1, dim);
      }
    } else {
      top = searcher.search(query, limit);
    }
    int fetched = 0;
    for (ScoreDoc hit : top.scoreDocs) {
      if (searcher.doc(hit.doc, HIT_FIELDS).get("id") != null)
        ++fetched;
    }
    if (extra.equals("snippets"))
      highlighter.highlight("body", query, top, 1);
    return fetched;
  }

  // The classic MultiFieldQueryParser over title and body, whose bare
  // `word~` asks byline's fuzzy question (see the top of this file); `word~N`
  // gives the distance.
  static final class BylineFuzzyParser extends MultiFieldQueryParser {
    // The fuzzy "similarity" a bare `~` passes: byline's distance by length.
    private static final float AUTOMATIC = 0.5f;
    // byline's limits::kMaxFuzzyTerms.
    private static final int MAX_WORDS = 50;

    private final Terms words;
    // The stems of a word's expansion, found once for both fields.
    private final Map<String, List<String>> stems = new HashMap<>();

    BylineFuzzyParser(Analyzer analyzer, Terms words) {
      super(SEARCHED_FIELDS, analyzer);
      this.words = words;
      setFuzzyMinSim(AUTOMATIC);
    }

    // MultiFieldQueryParser calls this once per field (title, body), or
    // once for a `title:word~`.
    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity)
        throws ParseException {
      if (field == null)
        return super.getFuzzyQuery(field, termStr, minSimilarity);
      final String word = getAnalyzer().normalize(WORDS_FIELD, termStr).utf8ToString();
      final int distance = minSimilarity == AUTOMATIC
          ? automaticDistance(word.codePointCount(0, word.length()))
          : (int) minSimilarity;
      final List<String> found;
      try {
        found = stems.computeIfAbsent(word + "~" + distance, k -> {
          try {
            return stemsOf(closeWords(word, distance), field);
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        });
      } catch (RuntimeException e) {
        throw new ParseException("fuzzy " + termStr + ": " + e);
      }
      if (found.isEmpty())
        return new MatchNoDocsQuery();
      final SynonymQuery.Builder synonyms = new SynonymQuery.Builder(field);
      for (String stem : found)
        synonyms.addTerm(new Term(field, stem));
      return synonyms.build();
    }

    // byline's automatic_fuzzy_distance.
    static int automaticDistance(int codePoints) {
      return codePoints <= 3 ? 0 : codePoints <= 5 ? 1 : 2;
    }

    // The indexed words within `distance` edits (swaps count one), the
    // closest and most used first, at most MAX_WORDS, as byline picks them.
    private List<String> closeWords(String word, int distance) throws IOException {
      final List<String> out = new ArrayList<>();
      if (words == null)
        return out;
      record Match(String word, int distance, int articles) {}
      final List<Match> matches = new ArrayList<>();
      final FuzzyTermsEnum e =
          new FuzzyTermsEnum(words, new Term(WORDS_FIELD, word), distance, 0, true);
      for (BytesRef term; (term = e.next()) != null;) {
        final String w = term.utf8ToString();
        matches.add(new Match(w, editDistance(word, w), e.docFreq()));
      }
      matches.sort(Comparator.comparingInt(Match::distance)
                       .thenComparing(Comparator.comparingInt(Match::articles).reversed())
                       .thenComparing(Match::word));
      for (int i = 0; i < matches.size() && i < MAX_WORDS; ++i)
        out.add(matches.get(i).word());
      return out;
    }

    // The distinct stems of `words` as `field` analyses them.
    private List<String> stemsOf(List<String> words, String field) throws IOException {
      final Set<String> out = new LinkedHashSet<>();
      for (String w : words) {
        try (TokenStream tokens = getAnalyzer().tokenStream(field, w)) {
          final CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
          tokens.reset();
          while (tokens.incrementToken())
            out.add(term.toString());
          tokens.end();
        }
      }
      return new ArrayList<>(out);
    }

    // The optimal string alignment distance over code points, as byline's
    // edit_distance and Lucene's automata with transpositions count.
    static int editDistance(String a, String b) {
      final int[] x = a.codePoints().toArray(), y = b.codePoints().toArray();
      final int[][] d = new int[x.length + 1][y.length + 1];
      for (int i = 0; i <= x.length; ++i)
        d[i][0] = i;
      for (int j = 0; j <= y.length; ++j)
        d[0][j] = j;
      for (int i = 1; i <= x.length; ++i) {
        for (int j = 1; j <= y.length; ++j) {
          final int cost = x[i - 1] == y[j - 1] ? 0 : 1;
          d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
      return d[x.length][y.length];
    }
  }

  // One line of JSON Lines: a flat object whose values are strings (others
  // are skipped), as the benchmark's corpora are written.
  static final class FlatJson {
    private final String s;
    private int at = 0;

    private FlatJson(String s) {
      this.s = s;
    }

    static Map<String, String> parse(String line) {
      final FlatJson p = new FlatJson(line);
      final Map<String, String> out = new HashMap<>();
      p.expect('{');
      if (p.peek() == '}') {
        p.at++;
        return out;
      }
      do {
        final String key = p.string();
        p.expect(':');
        if (p.peek() == '"')
          out.put(key, p.string());
        else
          p.skipScalar();
      } while (p.take(','));
      p.expect('}');
      return out;
    }

    private char peek() {
      while (at < s.length() && Character.isWhitespace(s.charAt(at)))
        at++;
      if (at >= s.length())
        throw new IllegalArgumentException("JSON cut short");
      return s.charAt(at);
    }

    private boolean take(char c) {
      if (peek() != c)
        return false;
      at++;
      return true;
    }

    private void expect(char c) {
      if (!take(c))
        throw new IllegalArgumentException("expected '" + c + "' at column " + (at + 1));
    }

    private void skipScalar() {
      peek();
      while (at < s.length() && ",}".indexOf(s.charAt(at)) < 0)
        at++;
    }

    private String string() {
      expect('"');
      final StringBuilder b = new StringBuilder();
      while (true) {
        if (at >= s.length())
          throw new IllegalArgumentException("unterminated string");
        final char c = s.charAt(at++);
        if (c == '"')
          return b.toString();
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (at >= s.length())
          throw new IllegalArgumentException("unterminated escape");
        final char e = s.charAt(at++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u':
            if (at + 4 > s.length())
              throw new IllegalArgumentException("short \\u escape");
            // Surrogate pairs arrive as two escapes and join in the builder.
            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            at += 4;
            break;
          default: b.append(e);  // \" \\ \/
        }
      }
    }
  }
}
