package io.jenkins.plugins.shadowimage.core.report;

import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the array said when it refused an operation: the identifiers Hitachi support and the troubleshooting
 * guide work with. Plain fields, so a surface can persist it by reflection (XStream in {@code build.xml});
 * holds nothing secret (no request body, no token).
 */
public final class ArrayErrorRecord {

    private final String messageId;
    private final String ssb1;
    private final String ssb2;
    private final String solutionType;
    private final String detailCode;
    private final String errorSource;

    public ArrayErrorRecord(String messageId, String ssb1, String ssb2, String solutionType, String detailCode,
            String errorSource) {
        this.messageId = messageId;
        this.ssb1 = ssb1;
        this.ssb2 = ssb2;
        this.solutionType = solutionType;
        this.detailCode = detailCode;
        this.errorSource = errorSource;
    }

    /** The array's error of {@code e}, or {@code null} when the array sent none (a connection failure, say). */
    public static ArrayErrorRecord of(VspApiException e) {
        if (e == null || (!e.hasArrayError() && e.solutionType() == null && e.detailCode() == null)) {
            return null;
        }
        return new ArrayErrorRecord(e.messageId(), e.ssb1(), e.ssb2(), e.solutionType(), e.detailCode(), e.errorSource());
    }

    /** The KART message id, e.g. {@code KART30000-E}. */
    public String getMessageId() {
        return messageId;
    }

    public String getSsb1() {
        return ssb1;
    }

    public String getSsb2() {
        return ssb2;
    }

    /** e.g. {@code RETRY} or {@code SEE_ERROR_DETAIL}. */
    public String getSolutionType() {
        return solutionType;
    }

    /** e.g. {@code 30000E-2-2E31-9A01}. */
    public String getDetailCode() {
        return detailCode;
    }

    /** The request (or job) the array blamed. */
    public String getErrorSource() {
        return errorSource;
    }

    /** One line, e.g. "KART30000-E, SSB 2E31/9A01, solutionType RETRY, detailCode ...". */
    public String getSummary() {
        StringBuilder sb = new StringBuilder();
        append(sb, "", messageId);
        if (ssb1 != null || ssb2 != null) {
            append(sb, "SSB ", (ssb1 == null ? "-" : ssb1) + "/" + (ssb2 == null ? "-" : ssb2));
        }
        append(sb, "solutionType ", solutionType);
        append(sb, "detailCode ", detailCode);
        append(sb, "errorSource ", errorSource);
        return sb.toString();
    }

    /** The facts as plain values, for a surface's machine-readable export. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detailCode", detailCode);
        m.put("errorSource", errorSource);
        m.put("messageId", messageId);
        m.put("solutionType", solutionType);
        m.put("ssb1", ssb1);
        m.put("ssb2", ssb2);
        return m;
    }

    private static void append(StringBuilder sb, String label, String value) {
        if (value != null && !value.isBlank()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(label).append(value);
        }
    }
}
