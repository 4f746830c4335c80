package io.jenkins.plugins.shadowimage.core.engine;

/** Bad input, found before any REST call. The message names the parameter and the allowed values. */
public class ValidationException extends ShadowImageException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(Category.VALIDATION, message);
    }
}
