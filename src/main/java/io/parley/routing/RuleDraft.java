package io.parley.routing;

/** A rule as a person writes it, before it is saved (or to test it, see {@link Routing#test}). */
public record RuleDraft(String name, RuleConditions conditions, RuleActions actions) {

  public RuleDraft {
    name = name == null ? "" : name.trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A rule needs a name");
    }
    if (name.length() > 200) {
      throw new IllegalArgumentException("A rule name is at most 200 characters");
    }
    if (conditions == null) {
      conditions = RuleConditions.ANY;
    }
    if (actions == null || actions.isEmpty()) {
      throw new IllegalArgumentException("A rule needs at least one action");
    }
  }
}
