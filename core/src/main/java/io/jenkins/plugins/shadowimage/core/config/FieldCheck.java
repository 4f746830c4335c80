package io.jenkins.plugins.shadowimage.core.config;

/**
 * The verdict on one setting as a form shows it: fine (with an optional note), a warning that still lets it
 * be saved, or an error. Never quotes a secret.
 */
public record FieldCheck(Kind kind, String message) {

    public enum Kind { OK, WARNING, ERROR }

    public static FieldCheck ok() {
        return new FieldCheck(Kind.OK, null);
    }

    public static FieldCheck ok(String note) {
        return new FieldCheck(Kind.OK, note);
    }

    public static FieldCheck warning(String message) {
        return new FieldCheck(Kind.WARNING, message);
    }

    public static FieldCheck error(String message) {
        return new FieldCheck(Kind.ERROR, message);
    }

    public boolean isError() {
        return kind == Kind.ERROR;
    }
}
