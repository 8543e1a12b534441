package io.parley.conversations;

public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  URGENT
}
