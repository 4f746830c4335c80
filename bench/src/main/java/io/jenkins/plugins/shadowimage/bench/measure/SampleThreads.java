package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** How the sample's users run it: every operation on a thread of its own, all started together. */
final class SampleThreads {

    private SampleThreads() {}

    /** Runs {@code run} for each operation on its own thread named {@code name}-i; the results in operation order. */
    @SuppressWarnings("unchecked")
    static <T> List<T> runEach(List<Operation> operations, String name, Function<Operation, T> run)
            throws InterruptedException {
        Object[] ended = new Object[operations.size()];
        List<Thread> threads = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            int index = i;
            Operation op = operations.get(i);
            threads.add(new Thread(() -> ended[index] = run.apply(op), name + "-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        return (List<T>) Arrays.asList(ended);
    }
}
