package io.parley.triage;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * Sentence embeddings from the quantized all-MiniLM-L6-v2 model bundled in the jar (384 dimensions,
 * runs in-process through ONNX Runtime, no download). Texts are cut to {@link #MAX_CHARS}
 * characters first: the model reads at most 256 word pieces anyway, and the cut keeps the cost of
 * one message bounded.
 */
public final class SentenceEmbeddings {

  /** Dimensions of one embedding. */
  public static final int DIMENSIONS = 384;

  /** Longest text embedded; the rest is ignored. */
  public static final int MAX_CHARS = 600;

  private static volatile SentenceEmbeddings shared;

  private final EmbeddingModel model;

  private SentenceEmbeddings() {
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }

  /** The process-wide instance (the ONNX session is loaded once, ≈ 1 s). */
  public static SentenceEmbeddings shared() {
    SentenceEmbeddings s = shared;
    if (s == null) {
      synchronized (SentenceEmbeddings.class) {
        s = shared;
        if (s == null) {
          s = new SentenceEmbeddings();
          shared = s;
        }
      }
    }
    return s;
  }

  /** The embedding of one (cleaned) text. */
  public float[] embed(String text) {
    String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    if (t.isBlank()) {
      t = ".";
    }
    return model.embed(t).content().vector();
  }
}
