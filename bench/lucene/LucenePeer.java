// The Lucene peer of byline_bench (bench/engine_lucene.cpp), on Debian's
// liblucene8-java with Lucene's defaults: EnglishAnalyzer (Porter stemmer)
// without stop words, as byline and plain Xapian index every word; BM25;
// title and body as fields of their own, searched together; source and month
// as SortedSetDocValues facets; the UnifiedHighlighter for snippets.
//
//   java -cp CLASSPATH LucenePeer index CORPUS.jsonl DIR [--no-stemming]
//   java -cp CLASSPATH LucenePeer compact DIR OUT
//   java -cp CLASSPATH LucenePeer serve DIR
//
// index prints the number of articles indexed. serve reads one request a
// line, "ANY<TAB>LIMIT<TAB>EXTRA<TAB>QUERY" (ANY 0 or 1; EXTRA none, facets
// or snippets), and answers "HITS<TAB>WALL_NS<TAB>CPU_NS": it times each
// query itself, so that the pipe and the other process are not counted.
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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
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
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;

public final class LucenePeer {
  // Kept in the index's commit data, so that queries analyse as indexing did.
  private static final String STEMMING_KEY = "byline_bench.stemming";
  private static final String[] SEARCHED_FIELDS = {"title", "body"};
  // The fields a hit shows, as the other engines fetch them.
  private static final Set<String> HIT_FIELDS = Set.of("id", "title", "source", "date");

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

  private static Analyzer analyzer(boolean stemming) {
    return stemming ? new EnglishAnalyzer(CharArraySet.EMPTY_SET)
                    : new StandardAnalyzer(CharArraySet.EMPTY_SET);
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
        doc.add(new StoredField("source", source));
        doc.add(new StoredField("date", date));
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
      for (String line; (line = in.readLine()) != null;) {
        final String[] request = line.split("\t", 4);
        if (request.length != 4) {
          out.println("error\tmalformed request: " + line);
          out.flush();
          continue;
        }
        final long wall = System.nanoTime();
        final long cpu = threads.getCurrentThreadCpuTime();
        int hits;
        try {
          hits = run(request, analyzer, searcher, facetState, highlighter);
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

  // The query, its top hits with their shown fields, and what EXTRA asks for.
  private static int run(String[] request, Analyzer analyzer, IndexSearcher searcher,
                         SortedSetDocValuesReaderState facetState, UnifiedHighlighter highlighter)
      throws Exception {
    final boolean any = request[0].equals("1");
    final int limit = Integer.parseInt(request[1]);
    final String extra = request[2];
    final MultiFieldQueryParser parser = new MultiFieldQueryParser(SEARCHED_FIELDS, analyzer);
    parser.setDefaultOperator(any ? QueryParser.Operator.OR : QueryParser.Operator.AND);
    final Query query = parser.parse(request[3]);
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
