package io.creditstream.portal;

/**
 * The secrets behind {@code application-test.properties} (which holds only their hashes): API keys,
 * the auditor's password, the link secret.
 */
public final class TestSettings {

  public static final String LINK_SECRET = "test-link-secret-0123456789-abcdefghijkl";
  public static final String BRANCH_KEY = "fo-key-branch-0123456789abcdef";
  public static final String WEB_KEY = "fo-key-web-0123456789abcdef01";
  public static final String AUDITOR = "alice";
  public static final String AUDITOR_PASSWORD = "auditor-password-1";

  private TestSettings() {}
}
