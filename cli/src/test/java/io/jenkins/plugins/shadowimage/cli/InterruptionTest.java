package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.cli.run.OperationExecution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the Ctrl-C hook does when the command is inside an engine step. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InterruptionTest {

    @Test
    void aStepThatEndsInTimeIsWaitedForAndNotInterrupted() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch inStep = new CountDownLatch(1);
        AtomicBoolean interruptedInStep = new AtomicBoolean();
        Interruption[] holder = new Interruption[1];
        Thread worker = new Thread(() -> {
            Interruption i = holder[0];
            try {
                i.clean(() -> {
                    inStep.countDown();
                    while (!i.requested()) {
                        Thread.onSpinWait();
                    }
                    interruptedInStep.set(Thread.currentThread().isInterrupted());
                    return null;
                });
            } finally {
                i.finished();
            }
        });
        holder[0] = Interruption.of(worker, new PrintStream(err, true, StandardCharsets.UTF_8));
        worker.start();
        assertThat(inStep.await(60, TimeUnit.SECONDS)).isTrue();

        holder[0].onShutdown(Duration.ofSeconds(60), Duration.ofSeconds(60));

        worker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(worker.isAlive()).isFalse();
        assertThat(interruptedInStep).as("a step is never interrupted").isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aStepThatOutlastsTheGraceIsReportedNotLeftSilently() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Interruption[] holder = new Interruption[1];
        Thread worker = new Thread(() -> {
            Interruption i = holder[0];
            try {
                i.clean(() -> {
                    inStep.countDown();
                    // A REST request the array does not answer.
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } finally {
                i.finished();
            }
        });
        holder[0] = Interruption.of(worker, new PrintStream(err, true, StandardCharsets.UTF_8));
        worker.start();
        assertThat(inStep.await(60, TimeUnit.SECONDS)).isTrue();

        holder[0].onShutdown(Duration.ofMillis(50), Duration.ofMillis(50));

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("REST request that was still in progress", "stays open on the array", "shadowimage resume");
        release.countDown();
        worker.join(TimeUnit.SECONDS.toMillis(60));
    }

    @Test
    void anOperationStepRetriesInPlaceFarShorterThanTheCtrlCGrace() {
        // A step may make a few requests (read the pair, submit, discard the session), each retried in place.
        Duration inCall = OperationExecution.operationClientOptions(null).retryPolicy().maxInCallWait();
        assertThat(inCall.multipliedBy(3)).isLessThan(Interruption.GRACE);
    }
}
