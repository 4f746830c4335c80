package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;

/**
 * With --fail-fast, another process held the pair, S-VOL or copy group, so the command did not wait: nothing was sent
 * to the array (exit code {@link io.jenkins.plugins.shadowimage.cli.ExitCodes#BUSY}). Its category is the one of a wait
 * for a lock that ran out, here at once.
 */
public final class PairBusyException extends ShadowImageException {
    private static final long serialVersionUID = 1L;

    PairBusyException(String message) {
        super(Category.TIMEOUT, message);
    }
}
