package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@link KnownError} of an array answer, and explains it. The retry policy, the engine and the
 * surfaces (CLI failure output, the Jenkins build log) all ask here, so that each code is judged in one place
 * and every surface prints the same explanation.
 *
 * <p>An SSB pair is the most specific code (a KART30000-E job error with SSB 2E11/2205 is a lock), then the CCI
 * return code, then the message id.
 */
public final class ErrorCatalogue {

    private ErrorCatalogue() {
    }

    /** The entry for these codes (any may be {@code null}), or empty when none is known. */
    public static Optional<KnownError> find(String messageId, String ssb1, String ssb2, String cciCode) {
        String m = norm(messageId);
        String s1 = norm(ssb1);
        String s2 = norm(ssb2);
        String cci = norm(cciCode);
        KnownError byMessage = null;
        KnownError byCci = null;
        for (KnownError k : KnownError.values()) {
            KnownError.Code c = k.code();
            if (c.ssb1() != null && c.ssb1().equals(s1) && c.ssb2().equals(s2)) {
                return Optional.of(k);
            }
            if (c.cci() != null && c.cci().equals(cci)) {
                byCci = k;
            }
            if (c.messageId() != null && c.messageId().equals(m)) {
                byMessage = k;
            }
        }
        return Optional.ofNullable(byCci != null ? byCci : byMessage);
    }

    /** The entry of an error object ({@code null} gives empty). */
    public static Optional<KnownError> find(ApiError e) {
        return e == null ? Optional.empty() : find(e.messageId(), e.ssb1(), e.ssb2(), e.cciErrorCode());
    }

    /** The entry of an array error ({@code null} gives empty). */
    public static Optional<KnownError> find(VspApiException e) {
        return e == null ? Optional.empty() : find(e.messageId(), e.ssb1(), e.ssb2(), e.cciErrorCode());
    }

    /** The array said the object does not exist: HTTP 404 or a not-found code. */
    public static boolean isNotFound(VspApiException e) {
        return e.httpStatus() == 404 || find(e).map(KnownError::isNotFound).orElse(false);
    }

    /** A read of a copy group finds none: not found, or a group the array cannot operate (KART40041-E). */
    public static boolean isGroupAbsent(VspApiException e) {
        return e.httpStatus() == 404 || find(e).map(KnownError::isGroupAbsent).orElse(false);
    }

    /** Locked or busy: the array did not execute the request; it is worth sending again later. */
    public static boolean isTransient(VspApiException e) {
        return find(e).map(KnownError::isTransient).orElse(false);
    }

    /**
     * What the codes mean and what to do, for printing under the array's own message; with SSB codes that are
     * not themselves the key of the entry, a line asking to quote them to support. {@code null} when no entry
     * is known.
     */
    public static String explain(String messageId, String ssb1, String ssb2) {
        return explain(find(messageId, ssb1, ssb2, null).orElse(null), ssb1, ssb2);
    }

    /** {@link #explain(String, String, String)} for an array error (its CCI code included); {@code null} when unknown. */
    public static String explain(VspApiException e) {
        return e == null ? null : explain(find(e).orElse(null), e.ssb1(), e.ssb2());
    }

    private static String explain(KnownError k, String ssb1, String ssb2) {
        if (k == null) {
            return null;
        }
        String s1 = norm(ssb1);
        String s2 = norm(ssb2);
        boolean keyedBySsb = k.code().ssb1() != null;
        String text = (keyedBySsb || k.code().cci() != null ? k.id() + ": " : "") + k.meaning() + " " + k.whatToDo();
        if (!keyedBySsb && s1 != null) {
            text += " Quote SSB1=" + s1 + " SSB2=" + (s2 == null ? "" : s2) + " (the array's sense codes) to Hitachi support.";
        }
        return text;
    }

    private static String norm(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t.toUpperCase(Locale.ROOT);
    }
}
