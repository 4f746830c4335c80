package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.DurationConverter;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shadowimage wait}: follows a pair that something else changes; it only reads. */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Wait until a pair (or every pair of a copy group) reaches a status. Only reads: it never changes a pair.",
            "--until PAIR (synchronized), SPLIT (PSUS/SSUS; PSUS and SSUS are accepted too), COPY (a copy or restore "
                    + "is running) or GONE (deleted or SMPL). Without --copy-pair-name, every pair of the copy group.",
            "A pair that is already there succeeds at once; a PSUE pair, or a missing pair waited for other than "
                    + "GONE, fails (exit 3).",
        })
public final class WaitCommand extends OperationCommand {
    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Option(names = "--until", paramLabel = "STATUS", required = true,
            description = "PAIR, SPLIT (or PSUS, SSUS), COPY, or GONE (or SMPL).")
    String until;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up (exit code 4) when the status is not reached within DURATION, e.g. 30m, 2h, "
                    + "PT45M. Default: 2h.")
    Duration timeout;

    @Override
    OperationType type() {
        return pair.copyPairName == null ? OperationType.GROUP_WAIT : OperationType.WAIT;
    }

    @Override
    PairRequest.Builder request() {
        return PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId).timeout(timeout);
    }

    @Override
    OperationState start(PairRequest request, Instant now) throws ValidationException {
        return OperationState.startWait(request, WaitTarget.parse(until), now);
    }
}
