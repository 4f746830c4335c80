package io.jenkins.plugins.shadowimage.core.client;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Whether a certificate is within its validity window. The JDK's path validation does not check a trust
 * anchor's own dates, so an explicitly trusted self-signed certificate (the usual array certificate) or CA
 * would otherwise be accepted long after it expired; this class closes that gap.
 */
final class CertificateValidity {
    private CertificateValidity() {
    }

    /** Why {@code c} is not valid at {@code now}, naming its subject and window, or {@code null}. */
    static String problem(X509Certificate c, Instant now) {
        Instant from = c.getNotBefore().toInstant();
        Instant to = c.getNotAfter().toInstant();
        String state = now.isAfter(to) ? "expired" : now.isBefore(from) ? "not yet valid" : null;
        if (state == null) {
            return null;
        }
        return "the certificate " + c.getSubjectX500Principal().getName() + " is " + state + ": valid from " + from
                + " to " + to + ", now is " + now;
    }

    /** The first problem of {@code certs} at {@code now}, or {@code null}. */
    static String problem(List<X509Certificate> certs, Instant now) {
        for (X509Certificate c : certs) {
            String p = problem(c, now);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** Throws when a certificate is out of its window. */
    static void check(List<X509Certificate> certs, Instant now) throws CertificateException {
        String p = problem(certs, now);
        if (p != null) {
            throw new CertificateException(p + "; renew the array's certificate (or fix the clock), then trust the new one");
        }
    }
}
