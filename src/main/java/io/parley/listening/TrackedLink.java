package io.parley.listening;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds UTM parameters to a link shared in outreach, so the shop's own analytics attribute visits
 * and orders to the listening query and the opportunity: {@code utm_source} the network, {@code
 * utm_medium=social}, {@code utm_campaign} the query's name as a slug, {@code utm_content} {@code
 * opportunity-<id>}. Other parameters and the fragment stay; UTM parameters already on the link are
 * replaced.
 */
public final class TrackedLink {

  public static final int MAX_LENGTH = 2000;

  private TrackedLink() {}

  /**
   * The link with UTM parameters.
   *
   * @throws IllegalArgumentException for anything but an absolute http(s) link without user info
   */
  public static String of(String link, String network, String campaign, long opportunityId) {
    String raw = link == null ? "" : link.strip();
    if (raw.isEmpty() || raw.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Give a web address of at most " + MAX_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a web address: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("Only http:// and https:// links can be tracked.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("A link with a user name or password is not shared.");
    }
    List<String> params = new ArrayList<>();
    if (uri.getRawQuery() != null) {
      for (String p : uri.getRawQuery().split("&")) {
        String name = URLDecoder.decode(p.split("=", 2)[0], StandardCharsets.UTF_8);
        if (!p.isEmpty() && !name.toLowerCase(Locale.ROOT).startsWith("utm_")) {
          params.add(p);
        }
      }
    }
    params.add("utm_source=" + encode(slug(network)));
    params.add("utm_medium=social");
    params.add("utm_campaign=" + encode(slug(campaign)));
    params.add("utm_content=opportunity-" + opportunityId);
    StringBuilder out = new StringBuilder();
    out.append(scheme).append("://").append(uri.getRawAuthority());
    out.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    out.append('?').append(String.join("&", params));
    if (uri.getRawFragment() != null) {
      out.append('#').append(uri.getRawFragment());
    }
    return out.toString();
  }

  /** "Party outfits (EN)" → "party-outfits-en": readable in analytics reports. */
  static String slug(String s) {
    String ascii =
        Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (ascii.length() > 60) {
      ascii = ascii.substring(0, 60).replaceAll("-+$", "");
    }
    return ascii.isEmpty() ? "listening" : ascii;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
