package io.parley.conversations;

import java.util.List;
import java.util.Set;

/**
 * Which conversations of a workspace a person may see: all of them (admins, managers), or those of
 * the channel accounts granted to their teams plus those handed over to their teams.
 *
 * @param channelAccountIds ignored when {@code wholeWorkspace}
 * @param teamIds ignored when {@code wholeWorkspace}
 */
public record InboxScope(boolean wholeWorkspace, Set<Long> channelAccountIds, Set<Long> teamIds) {

  public static final InboxScope WHOLE_WORKSPACE = new InboxScope(true, Set.of(), Set.of());

  public InboxScope {
    channelAccountIds = Set.copyOf(channelAccountIds);
    teamIds = Set.copyOf(teamIds);
  }

  public static InboxScope limitedTo(Set<Long> channelAccountIds, Set<Long> teamIds) {
    return new InboxScope(false, channelAccountIds, teamIds);
  }

  public boolean allows(Conversation c) {
    return wholeWorkspace
        || channelAccountIds.contains(c.channelAccountId())
        || (c.teamId() != null && teamIds.contains(c.teamId()));
  }

  /** A condition on {@code alias}'s columns, with its parameters appended to {@code params}. */
  String sql(String alias, List<Object> params) {
    if (wholeWorkspace) {
      return "";
    }
    if (channelAccountIds.isEmpty() && teamIds.isEmpty()) {
      return " and 1 = 0";
    }
    var sb = new StringBuilder(" and (");
    boolean first = true;
    if (!channelAccountIds.isEmpty()) {
      sb.append(alias).append(".channel_account_id in (").append(marks(channelAccountIds.size()));
      sb.append(')');
      params.addAll(channelAccountIds.stream().sorted().toList());
      first = false;
    }
    if (!teamIds.isEmpty()) {
      sb.append(first ? "" : " or ").append(alias).append(".team_id in (");
      sb.append(marks(teamIds.size())).append(')');
      params.addAll(teamIds.stream().sorted().toList());
    }
    return sb.append(')').toString();
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
