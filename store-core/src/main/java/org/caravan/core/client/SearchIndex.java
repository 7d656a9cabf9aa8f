package org.caravan.core.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Full-text search over app names and summaries, with a category filter: a Lucene index in
 * {@code HOME/index}, derived from the database (rebuilt from it when missing) and updated with each
 * imported generation. Words match whole or as a prefix ("pai" finds Paint); every word must match.
 */
final class SearchIndex implements AutoCloseable {
    /** A hit: which app of which store. */
    record Hit(String storeKey, String appId) {}

    private static final String STORE = "store";
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String SUMMARY = "summary";
    private static final String CATEGORY = "category";

    private final Analyzer analyzer = new StandardAnalyzer();
    private final Directory dir;
    private final IndexWriter writer;
    private DirectoryReader reader;

    SearchIndex(Path path) throws IOException {
        this.dir = FSDirectory.open(path);
        this.writer = new IndexWriter(dir, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        writer.commit();
        this.reader = DirectoryReader.open(writer);
    }

    boolean isEmpty() {
        return reader.numDocs() == 0;
    }

    /** Replaces one store's apps in the index. */
    synchronized void replaceStore(String storeKey, List<ClientDatabase.StoredApp> apps) throws IOException {
        writer.deleteDocuments(new Term(STORE, storeKey));
        addAndCommit(storeKey, apps);
    }

    /** Rewrites only the given apps of one store (a delta): {@code changed} are re-added, {@code removed} dropped. */
    synchronized void updateStore(String storeKey, List<ClientDatabase.StoredApp> changed, List<String> removed)
            throws IOException {
        List<String> ids = new ArrayList<>(removed);
        changed.forEach(a -> ids.add(a.appId()));
        for (String id : ids) {
            writer.deleteDocuments(new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(STORE, storeKey)), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(ID, id)), BooleanClause.Occur.FILTER)
                    .build());
        }
        addAndCommit(storeKey, changed);
    }

    private void addAndCommit(String storeKey, List<ClientDatabase.StoredApp> apps) throws IOException {
        for (ClientDatabase.StoredApp a : apps) {
            Document d = new Document();
            d.add(new StringField(STORE, storeKey, Field.Store.YES));
            d.add(new StringField(ID, a.appId(), Field.Store.YES));
            // The id split at its dots too: "chess" finds org.demo.chess (the analyzer keeps dotted words whole).
            d.add(new TextField(NAME, a.name() + " " + a.appId() + " " + a.appId().replace('.', ' '), Field.Store.NO));
            d.add(new TextField(SUMMARY, a.summary(), Field.Store.NO));
            d.add(new StringField(CATEGORY, a.category().toLowerCase(Locale.ROOT), Field.Store.NO));
            writer.addDocument(d);
        }
        writer.commit();
        DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
        if (fresh != null) {
            reader.close();
            reader = fresh;
        }
    }

    /** Best matches first; a blank query lists the category (or everything). */
    synchronized List<Hit> search(String text, String category, int limit) throws IOException {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        List<String> words = words(text == null ? "" : text);
        if (words.isEmpty()) {
            q.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        }
        for (String w : words) {
            Query any = new BooleanQuery.Builder()
                    .add(new BoostQuery(new TermQuery(new Term(NAME, w)), 4f), BooleanClause.Occur.SHOULD)
                    .add(new BoostQuery(new PrefixQuery(new Term(NAME, w)), 2f), BooleanClause.Occur.SHOULD)
                    .add(new TermQuery(new Term(SUMMARY, w)), BooleanClause.Occur.SHOULD)
                    .add(new PrefixQuery(new Term(SUMMARY, w)), BooleanClause.Occur.SHOULD)
                    .build();
            q.add(any, BooleanClause.Occur.MUST);
        }
        if (category != null && !category.isBlank()) {
            q.add(new TermQuery(new Term(CATEGORY, category.trim().toLowerCase(Locale.ROOT))), BooleanClause.Occur.FILTER);
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        List<Hit> hits = new ArrayList<>();
        for (ScoreDoc sd : searcher.search(q.build(), Math.max(1, limit)).scoreDocs) {
            Document d = searcher.storedFields().document(sd.doc);
            hits.add(new Hit(d.get(STORE), d.get(ID)));
        }
        return hits;
    }

    private List<String> words(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(NAME, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        reader.close();
        writer.close();
        dir.close();
        analyzer.close();
    }
}
