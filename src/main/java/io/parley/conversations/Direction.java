package io.parley.conversations;

/** IN: from the customer (or anyone not the brand). OUT: written by the brand. */
public enum Direction {
  IN,
  OUT
}
