package io.parley.accounts;

/** A group of people who answer together (Support, Sales, PR, ...). */
public record Team(long id, long workspaceId, String name) {}
