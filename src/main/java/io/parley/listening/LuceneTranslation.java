package io.parley.listening;

import io.parley.listening.QueryNode.And;
import io.parley.listening.QueryNode.AnySpan;
import io.parley.listening.QueryNode.From;
import io.parley.listening.QueryNode.HasLink;
import io.parley.listening.QueryNode.HasQuestion;
import io.parley.listening.QueryNode.Intent;
import io.parley.listening.QueryNode.Lang;
import io.parley.listening.QueryNode.MinFollowers;
import io.parley.listening.QueryNode.Near;
import io.parley.listening.QueryNode.Not;
import io.parley.listening.QueryNode.OnNetwork;
import io.parley.listening.QueryNode.Or;
import io.parley.listening.QueryNode.Phrase;
import io.parley.listening.QueryNode.Prefix;
import io.parley.listening.QueryNode.Span;
import io.parley.listening.QueryNode.Word;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanOrQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Translates listening queries and posts into Lucene queries and documents, for the Lucene Monitor
 * baseline of {@code parley bench listening}. Posts are analyzed with the same {@link Tokenizer}
 * (hashtags and mentions also indexed under their bare word at the same position), so both sides
 * see the same terms.
 */
final class LuceneTranslation {

  static final String TEXT = "text";

  private LuceneTranslation() {}

  static Analyzer analyzer() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new TermStream());
      }
    };
  }

  /** Feeds the {@link Tokenizer}'s terms to Lucene. */
  private static final class TermStream extends org.apache.lucene.analysis.Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute increment =
        addAttribute(PositionIncrementAttribute.class);
    private final List<String> terms = new ArrayList<>();
    private final List<Integer> increments = new ArrayList<>();
    private int next;

    @Override
    public void reset() throws IOException {
      super.reset();
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[1024];
      for (int n; (n = input.read(buffer)) > 0; ) {
        text.append(buffer, 0, n);
      }
      terms.clear();
      increments.clear();
      for (Token token : Tokenizer.tokenize(text.toString()).tokens()) {
        terms.add(token.term());
        increments.add(1);
        if (token.bare() != null) {
          terms.add(token.bare());
          increments.add(0);
        }
      }
      next = 0;
    }

    @Override
    public boolean incrementToken() {
      if (next >= terms.size()) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(terms.get(next));
      increment.setPositionIncrement(increments.get(next));
      next++;
      return true;
    }
  }

  static Document document(Post post) {
    Document doc = new Document();
    doc.add(new TextField(TEXT, post.text(), Field.Store.NO));
    TokenizedText text = Tokenizer.tokenize(post.text());
    if (post.lang() != null) {
      doc.add(new StringField("lang", post.lang(), Field.Store.NO));
    }
    if (post.authorHandle() != null) {
      doc.add(new StringField("from", post.authorHandle(), Field.Store.NO));
    }
    if (post.network() != null) {
      doc.add(new StringField("network", network(post.network()), Field.Store.NO));
    }
    if (text.hasLink()) {
      doc.add(new StringField("has", "link", Field.Store.NO));
    }
    if (text.hasQuestion()) {
      doc.add(new StringField("has", "question", Field.Store.NO));
    }
    for (String intent : post.intents()) {
      doc.add(new StringField("intent", intent, Field.Store.NO));
    }
    doc.add(new LongPoint("followers", post.followers()));
    return doc;
  }

  private static String network(io.parley.shared.Network network) {
    return network.name().toLowerCase(Locale.ROOT);
  }

  static Query query(QueryNode node) {
    return switch (node) {
      case Word w -> new TermQuery(new Term(TEXT, w.term()));
      case Prefix p -> new PrefixQuery(new Term(TEXT, p.prefix()));
      case Phrase ph -> {
        if (ph.parts().stream().allMatch(part -> part instanceof Word)) {
          PhraseQuery.Builder b = new PhraseQuery.Builder();
          ph.parts().forEach(part -> b.add(new Term(TEXT, ((Word) part).term())));
          yield b.build();
        }
        yield span(ph);
      }
      case AnySpan any -> or(new ArrayList<>(any.alternatives()));
      case Or or -> or(or.children());
      case And and -> {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        for (QueryNode child : and.children()) {
          if (child instanceof Not not) {
            b.add(query(not.child()), Occur.MUST_NOT);
          } else {
            b.add(query(child), Occur.MUST);
            positive = true;
          }
        }
        if (!positive) {
          b.add(new MatchAllDocsQuery(), Occur.MUST);
        }
        yield b.build();
      }
      case Not not ->
          new BooleanQuery.Builder()
              .add(new MatchAllDocsQuery(), Occur.MUST)
              .add(query(not.child()), Occur.MUST_NOT)
              .build();
      case Near near ->
          new SpanNearQuery(
              new SpanQuery[] {span(near.left()), span(near.right())},
              near.distance(),
              near.ordered());
      case Lang lang -> new TermQuery(new Term("lang", lang.code()));
      case From from -> new TermQuery(new Term("from", from.handle()));
      case OnNetwork on -> new TermQuery(new Term("network", network(on.network())));
      case HasLink h -> new TermQuery(new Term("has", "link"));
      case HasQuestion h -> new TermQuery(new Term("has", "question"));
      case MinFollowers min -> LongPoint.newRangeQuery("followers", min.count(), Long.MAX_VALUE);
      case Intent intent -> new TermQuery(new Term("intent", intent.name()));
    };
  }

  private static Query or(List<? extends QueryNode> children) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (QueryNode child : children) {
      b.add(query(child), Occur.SHOULD);
    }
    return b.build();
  }

  private static SpanQuery span(Span span) {
    return switch (span) {
      case Word w -> new SpanTermQuery(new Term(TEXT, w.term()));
      case Prefix p -> new SpanMultiTermQueryWrapper<>(new PrefixQuery(new Term(TEXT, p.prefix())));
      case Phrase ph ->
          new SpanNearQuery(
              ph.parts().stream().map(LuceneTranslation::span).toArray(SpanQuery[]::new), 0, true);
      case AnySpan any ->
          new SpanOrQuery(
              any.alternatives().stream().map(LuceneTranslation::span).toArray(SpanQuery[]::new));
    };
  }
}
