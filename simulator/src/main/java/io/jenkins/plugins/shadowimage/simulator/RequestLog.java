package io.jenkins.plugins.shadowimage.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/** The last N requests and per-endpoint counters (counters are not bounded by N). */
final class RequestLog {
    private final int capacity;
    private final ArrayDeque<RequestRecord> records = new ArrayDeque<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private long sequence;

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    void add(java.time.Instant time, String method, String path, String query, String endpoint, int status,
            String userId) {
        RequestRecord r;
        synchronized (this) {
            r = new RequestRecord(++sequence, time, method, path, query, endpoint, status, userId);
            records.addLast(r);
            while (records.size() > capacity) {
                records.removeFirst();
            }
        }
        counters.computeIfAbsent(r.endpoint(), k -> new LongAdder()).increment();
    }

    synchronized List<RequestRecord> all() {
        return new ArrayList<>(records);
    }

    synchronized long count(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        long n = 0;
        for (RequestRecord r : records) {
            if ((method == null || method.equals("*") || method.equalsIgnoreCase(r.method())) && p.matcher(r.path()).find()) {
                n++;
            }
        }
        return n;
    }

    Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    synchronized void clear() {
        records.clear();
        counters.clear();
    }
}
