package io.jenkins.plugins.shadowimage.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A bad command line: the error, a hint where to find help, exit code 2. No wall of usage text. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (triesToPassAPassword(args)) {
            // picocli would echo the unmatched arguments, i.e. the password, into the terminal or CI log.
            err.println("shadowimage: there is no --password option: a password on the command line is visible to "
                    + "every user through the process list. Use --password-file FILE (or - for standard input), "
                    + "the SHADOWIMAGE_PASSWORD environment variable, or type it at the prompt.");
        } else {
            err.println("shadowimage: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        }
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Also misspellings ({@code --pasword}, {@code --pwd}): the value after any of them is never echoed. */
    static boolean triesToPassAPassword(String[] args) {
        for (String a : args) {
            String name = (a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toLowerCase(java.util.Locale.ROOT);
            if (!name.startsWith("-") || name.equals("--password-file")) {
                continue;
            }
            if (name.equals("-p") || name.startsWith("--pas") || name.startsWith("--pw") || name.contains("passw")
                    || name.contains("secret")) {
                return true;
            }
        }
        return false;
    }
}
