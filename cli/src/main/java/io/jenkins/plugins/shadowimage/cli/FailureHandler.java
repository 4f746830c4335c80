package io.jenkins.plugins.shadowimage.cli;

import io.jenkins.plugins.shadowimage.cli.password.PasswordUnavailableException;
import io.jenkins.plugins.shadowimage.cli.state.InvalidStateFileException;
import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspTransportException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that escaped a command into a message and a documented exit code. Messages come
 * from our own exceptions, which never carry a secret; stack traces only with SHADOWIMAGE_DEBUG=1.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    private final CliContext context;

    FailureHandler(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintStream err = context.err();
        int code = exitCode(ex);
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + describe(ex));
        String explanation = ex instanceof VspApiException a ? ErrorCatalogue.explain(a) : null;
        if (explanation != null) {
            err.println(explanation);
        }
        if ("1".equals(context.env().get("SHADOWIMAGE_DEBUG"))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof Interruption.StopRequestedException) {
            return ExitCodes.INTERRUPTED;
        }
        if (ex instanceof PasswordUnavailableException || ex instanceof InvalidStateFileException) {
            return ExitCodes.USAGE;
        }
        if (ex instanceof ShadowImageException s) {
            return s.category().exitCode();
        }
        if (ex instanceof VspApiException) {
            return ExitCodes.REJECTED;
        }
        if (ex instanceof VspTransportException) {
            return ExitCodes.CONNECTION;
        }
        return ExitCodes.INTERNAL;
    }

    static String describe(Throwable ex) {
        if (ex instanceof CliException || ex instanceof Interruption.StopRequestedException
                || ex instanceof PasswordUnavailableException
                || ex instanceof InvalidStateFileException || ex instanceof ShadowImageException
                || ex instanceof VspApiException || ex instanceof VspTransportException
                || ex instanceof UncheckedIOException) {
            return ex.getMessage();
        }
        return "internal error: " + ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                + " (run with SHADOWIMAGE_DEBUG=1 for the stack trace)";
    }
}
