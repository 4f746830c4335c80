package io.jenkins.plugins.shadowimage.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured output (no terminal, so progress comes as plain lines). */
final class CliRunner {
    final Map<String, String> env = new HashMap<>();
    Interruption interruption = Interruption.none();

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    CliRunner password(String pw) {
        env.put("SHADOWIMAGE_PASSWORD", pw);
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env,
                () -> null, Clock.systemUTC(), interruption);
        int code = ShadowImageCli.execute(ctx, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
