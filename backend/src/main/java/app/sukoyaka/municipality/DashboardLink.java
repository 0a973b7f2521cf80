package app.sukoyaka.municipality;

import app.sukoyaka.profiles.LocalizedText;

/**
 * A page of another feature in the dashboard's navigation (an upload page of the bulk import, the
 * transfers' desk …): every bean of this type is collected by injection and shown as a link to
 * logged-in staff. The page itself is that feature's controller under {@code /dashboard/…}, where
 * the staff session's cookie authenticates the request (its forms post the session's CSRF token,
 * {@code app.sukoyaka.municipality.dashboard.DashboardRequests#requireCsrf}).
 *
 * @param path the page's path, starting with {@code /dashboard/}
 * @param order where it goes among the links (lower first)
 */
public record DashboardLink(String id, LocalizedText label, String path, int order) {
  public DashboardLink {
    if (!path.startsWith("/dashboard/")) {
      throw new IllegalArgumentException("a dashboard link stays under /dashboard/: " + path);
    }
  }
}
